/**
 * XLSForm workbooks for tests: sheets written from records keyed by column name, and a
 * representative bilingual form (English and Georgian) that uses most of what the importer
 * converts and some of what it has to report.
 */
import { xlsx } from '../analysis/io/xlsx.ts';

export type FixtureRecord = Record<string, string | number>;

/** A sheet's rows: the header, then each record's cells in header order (absent cells empty). */
export function sheetRows(
	headers: string[],
	records: FixtureRecord[]
): (string | number | null)[][] {
	return [headers, ...records.map((record) => headers.map((header) => record[header] ?? null))];
}

export function xlsFormWorkbook(sheets: Record<string, (string | number | null)[][]>): Uint8Array {
	return xlsx(Object.entries(sheets).map(([name, rows]) => ({ name, rows })));
}

const surveyHeaders = [
	'type',
	'name',
	'label::English (en)',
	'label::Georgian (ka)',
	'hint::English (en)',
	'hint::ka',
	'required',
	'relevant',
	'constraint',
	'constraint_message::English (en)',
	'constraint_message::Georgian (ka)',
	'appearance',
	'calculation',
	'media::image'
];

/** Spreadsheet rows 2 to 19 of the survey sheet (row 1 is the header). */
export const mediaSurveyRecords: FixtureRecord[] = [
	{
		type: 'begin group',
		name: 'about',
		'label::English (en)': 'About you',
		'label::Georgian (ka)': 'თქვენ შესახებ'
	},
	{
		type: 'integer',
		name: 'age',
		'label::English (en)': 'How old are you?',
		'label::Georgian (ka)': 'რამდენი წლის ხართ?',
		'hint::English (en)': 'In full years',
		'hint::ka': 'სრული წლები',
		required: 'yes',
		constraint: '. >= 18 and . <= 100',
		'constraint_message::English (en)': 'Enter an age from 18 to 100.',
		'constraint_message::Georgian (ka)': 'მიუთითეთ ასაკი 18-დან 100-მდე.'
	},
	{
		type: 'select_one yesno',
		name: 'resident',
		'label::English (en)': 'Do you live in Georgia?',
		'label::Georgian (ka)': 'საქართველოში ცხოვრობთ?',
		required: 'TRUE'
	},
	{ type: 'end group' },
	{
		type: 'select_multiple sources',
		name: 'sources',
		'label::English (en)': 'Where do you get news?',
		'label::Georgian (ka)': 'საიდან იღებთ ახალ ამბებს?',
		required: 1,
		relevant: '${resident} = 1',
		constraint: "not(selected(., 'none') and count-selected(.) > 1)",
		'constraint_message::English (en)': '"None of these" goes alone.'
	},
	{
		type: 'select_one trust',
		name: 'trust_tv',
		'label::English (en)': 'How much do you trust television?',
		'label::Georgian (ka)': 'რამდენად ენდობით ტელევიზიას?',
		relevant: "selected(${sources}, 'tv') or (${age} >= 30 and ${resident} != '2')",
		appearance: 'minimal'
	},
	{
		type: 'note',
		name: 'thanks',
		'label::English (en)': 'Thank you! You are ${age}.',
		'label::Georgian (ka)': 'გმადლობთ!',
		'media::image': 'thanks.png'
	},
	{
		type: 'text',
		name: 'other-comments',
		'label::English (en)': 'Anything else?',
		appearance: 'multiline'
	},
	{ type: 'calculate', name: 'senior', calculation: 'if(${age} >= 65, 1, 0)' },
	{ type: 'begin repeat', name: 'household', 'label::English (en)': 'Household members' },
	{ type: 'text', name: 'member', 'label::English (en)': 'Name' },
	{ type: 'integer', name: 'member_age', 'label::English (en)': 'Age' },
	{ type: 'end repeat' },
	{ type: 'geopoint', name: 'location', 'label::English (en)': 'Where are you?' },
	{
		type: 'decimal',
		name: 'income',
		'label::English (en)': 'Monthly income (GEL)',
		relevant: "${member} != ''"
	},
	{
		type: 'date',
		name: 'visit',
		'label::English (en)': 'Date of the visit',
		relevant: 'string-length(${other-comments}) > 0'
	},
	{
		type: 'select_one yesno or_other',
		name: 'consent',
		'label::English (en)': 'May we contact you again?',
		relevant: "${trust_tv} = '98' or ${senior} = 1"
	}
];

const choiceHeaders = ['list_name', 'name', 'label::English (en)', 'label::Georgian (ka)'];

export const mediaChoiceRecords: FixtureRecord[] = [
	{ list_name: 'yesno', name: 1, 'label::English (en)': 'Yes', 'label::Georgian (ka)': 'კი' },
	{ list_name: 'yesno', name: 2, 'label::English (en)': 'No', 'label::Georgian (ka)': 'არა' },
	{
		list_name: 'sources',
		name: 'tv',
		'label::English (en)': 'Television',
		'label::Georgian (ka)': 'ტელევიზია'
	},
	{ list_name: 'sources', name: 'web', 'label::English (en)': 'Internet' },
	{
		list_name: 'sources',
		name: 'none',
		'label::English (en)': 'None of these',
		'label::Georgian (ka)': 'არცერთი'
	},
	{
		list_name: 'sources',
		name: 'dont_know',
		'label::English (en)': "Don't know",
		'label::Georgian (ka)': 'არ ვიცი'
	},
	{ list_name: 'trust', name: 1, 'label::English (en)': 'Not at all' },
	{ list_name: 'trust', name: 2, 'label::English (en)': 'Somewhat' },
	{ list_name: 'trust', name: 3, 'label::English (en)': 'Fully' },
	{ list_name: 'trust', name: 98, 'label::English (en)': "Don't know" }
];

export function mediaSurveySheets(): Record<string, (string | number | null)[][]> {
	return {
		survey: sheetRows(surveyHeaders, mediaSurveyRecords),
		choices: sheetRows(choiceHeaders, mediaChoiceRecords),
		settings: sheetRows(
			['form_title', 'form_id', 'default_language'],
			[{ form_title: 'Media use', form_id: 'media_2025', default_language: 'English (en)' }]
		)
	};
}

export function mediaSurveyXlsForm(): Uint8Array {
	return xlsFormWorkbook(mediaSurveySheets());
}
