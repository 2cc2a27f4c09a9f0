import { ConditionRunner } from 'survey-core';
import { describe, expect, it } from 'vitest';
import { xlsx } from '../analysis/io/xlsx.ts';
import { deriveCodebook } from './codebook.ts';
import { loadQuestionnaire } from './questionnaire.ts';
import { importXlsForm, XlsFormError } from './xlsform.ts';
import {
	mediaSurveySheets,
	mediaSurveyXlsForm,
	sheetRows,
	xlsFormWorkbook
} from './xlsform-fixture.ts';

const yesNo = [
	{ value: 1, text: { default: 'Yes', ka: 'კი' } },
	{ value: 2, text: { default: 'No', ka: 'არა' } }
];

const expectedElements = [
	{
		type: 'panel',
		name: 'about',
		title: { default: 'About you', ka: 'თქვენ შესახებ' },
		elements: [
			{
				type: 'text',
				name: 'age',
				title: { default: 'How old are you?', ka: 'რამდენი წლის ხართ?' },
				description: { default: 'In full years', ka: 'სრული წლები' },
				isRequired: true,
				inputType: 'number',
				validators: [
					{ type: 'regex', regex: '^-?\\d+$' },
					{
						type: 'expression',
						expression: '{age} empty or ({age} >= 18 and {age} <= 100)',
						text: { default: 'Enter an age from 18 to 100.', ka: 'მიუთითეთ ასაკი 18-დან 100-მდე.' }
					}
				]
			},
			{
				type: 'radiogroup',
				name: 'resident',
				title: { default: 'Do you live in Georgia?', ka: 'საქართველოში ცხოვრობთ?' },
				isRequired: true,
				choices: yesNo
			}
		]
	},
	{
		type: 'checkbox',
		name: 'sources',
		title: { default: 'Where do you get news?', ka: 'საიდან იღებთ ახალ ამბებს?' },
		visibleIf: '{resident} = 1',
		isRequired: true,
		choices: [
			{ value: 1, text: { default: 'Television', ka: 'ტელევიზია' } },
			{ value: 2, text: 'Internet' },
			{ value: 3, text: { default: 'None of these', ka: 'არცერთი' } },
			{ value: 98, text: { default: "Don't know", ka: 'არ ვიცი' } }
		],
		validators: [
			{
				type: 'expression',
				expression: '{sources} empty or (!({sources} contains 3 and {sources.length} > 1))',
				text: '"None of these" goes alone.'
			}
		]
	},
	{
		type: 'dropdown',
		name: 'trust_tv',
		title: { default: 'How much do you trust television?', ka: 'რამდენად ენდობით ტელევიზიას?' },
		visibleIf: '{sources} contains 1 or ({age} >= 30 and {resident} != 2)',
		choices: [
			{ value: 1, text: 'Not at all' },
			{ value: 2, text: 'Somewhat' },
			{ value: 3, text: 'Fully' },
			{ value: 98, text: "Don't know" }
		]
	},
	{
		type: 'html',
		name: 'thanks',
		html: { default: 'Thank you! You are {age}.', ka: 'გმადლობთ!' }
	},
	{ type: 'comment', name: 'other_comments', title: 'Anything else?' },
	{ type: 'text', name: 'income', title: 'Monthly income (GEL)', inputType: 'number' },
	{ type: 'text', name: 'visit', title: 'Date of the visit', inputType: 'date' },
	{
		type: 'radiogroup',
		name: 'consent',
		title: 'May we contact you again?',
		visibleIf: '{trust_tv} = 98 or {senior} = 1',
		choices: yesNo,
		showOtherItem: true
	}
];

const expectedWarnings = [
	'Column "media::image" of the survey sheet is not converted; its values were ignored.',
	'Choice list "sources" has names that are not whole numbers, so its choices were given codes: tv=1, web=2, none=3, dont_know=98.',
	'Row 9: "other-comments" is not a valid variable name, so it was renamed "other_comments".',
	'Row 11: repeat "household" and the 2 questions inside it were skipped; repeats are not converted.',
	'Row 15: "location" has type "geopoint", which has no SurveyJS counterpart here; it was skipped.',
	'Row 16: the relevant of "income" (${member} != \'\') was dropped because ${member} has no value in the converted questionnaire.',
	'Row 17: the relevant of "visit" (string-length(${other-comments}) > 0) was dropped because string-length() has no SurveyJS equivalent here.'
];

function formError(bytes: Uint8Array): string {
	try {
		importXlsForm(bytes);
	} catch (error) {
		expect(error).toBeInstanceOf(XlsFormError);
		return (error as Error).message;
	}
	throw new Error('importXlsForm accepted the file');
}

describe('importXlsForm', () => {
	const { json, warnings } = importXlsForm(mediaSurveyXlsForm());

	it('converts questions, groups, choices, codes, labels and logic', () => {
		expect(json).toEqual({
			title: 'Media use',
			pages: [{ name: 'page1', elements: expectedElements }],
			calculatedValues: [
				{ name: 'senior', expression: 'iif({age} >= 65, 1, 0)', includeIntoResult: true }
			]
		});
	});

	it('reports what it renamed, recoded, skipped or dropped, by row', () => {
		expect(warnings).toEqual(expectedWarnings);
	});

	it('gives a questionnaire Barometer loads, with both languages in the codebook', () => {
		const loaded = loadQuestionnaire(json);
		expect(loaded.ok).toBe(true);
		if (!loaded.ok) return;
		expect(loaded.warnings).toEqual([]);
		const codebook = deriveCodebook(loaded.model);
		expect(codebook.languages).toEqual(['en', 'ka']);
		expect(codebook.variables.map((variable) => variable.name)).toEqual([
			'age',
			'resident',
			'sources_1',
			'sources_2',
			'sources_3',
			'sources_98',
			'trust_tv',
			'other_comments',
			'income',
			'visit',
			'consent',
			'senior'
		]);
	});

	it('produces logic that behaves like the XPath it came from', () => {
		const holds = (expression: string, values: Record<string, unknown>) =>
			new ConditionRunner(expression).runValues(values);
		const [, sources, trust] = expectedElements as { visibleIf?: string; validators?: never }[];
		const constraint = (sources!.validators as unknown as { expression: string }[])[0]!.expression;
		expect(holds(constraint, {})).toBe(true);
		expect(holds(constraint, { sources: [3] })).toBe(true);
		expect(holds(constraint, { sources: [1, 2] })).toBe(true);
		expect(holds(constraint, { sources: [1, 3] })).toBe(false);
		expect(holds(trust!.visibleIf!, { sources: [2], age: 20, resident: 1 })).toBe(false);
		expect(holds(trust!.visibleIf!, { sources: [2, 1], age: 20, resident: 1 })).toBe(true);
		expect(holds(trust!.visibleIf!, { sources: [2], age: 30, resident: 1 })).toBe(true);
		expect(holds(trust!.visibleIf!, { sources: [2], age: 30, resident: 2 })).toBe(false);
	});

	it('takes the default language from the settings and plain label columns as that language', () => {
		const { json } = importXlsForm(
			xlsFormWorkbook({
				survey: sheetRows(
					['type', 'name', 'label', 'label::English (en)'],
					[
						{
							type: 'text',
							name: 'city',
							label: 'რომელ ქალაქში?',
							'label::English (en)': 'Which city?'
						}
					]
				),
				settings: sheetRows(['default_language'], [{ default_language: 'Georgian (ka)' }])
			})
		);
		expect(json.locale).toBe('ka');
		expect(json.pages).toEqual([
			{
				name: 'page1',
				elements: [
					{ type: 'text', name: 'city', title: { default: 'რომელ ქალაქში?', en: 'Which city?' } }
				]
			}
		]);
	});

	it('accepts spelling variants and reports duplicates, unknown languages and open groups', () => {
		const { json, warnings } = importXlsForm(
			xlsFormWorkbook({
				Survey: sheetRows(
					['type', 'name', 'label', 'label::Klingon', 'required', 'required_message'],
					[
						{ type: 'begin_group', name: 'g', label: 'Group' },
						{ type: 'integer', name: 'n', label: 'How many?', 'label::Klingon': 'Hoch?' },
						{
							type: 'text',
							name: 'n',
							label: 'Which ones?',
							required: '${n} > 0',
							required_message: 'Please list them.'
						}
					]
				)
			})
		);
		expect(json.pages).toEqual([
			{
				name: 'page1',
				elements: [
					{
						type: 'panel',
						name: 'g',
						title: 'Group',
						elements: [
							{
								type: 'text',
								name: 'n',
								title: 'How many?',
								inputType: 'number',
								validators: [{ type: 'regex', regex: '^-?\\d+$' }]
							},
							{
								type: 'text',
								name: 'n_2',
								title: 'Which ones?',
								requiredIf: '{n} > 0',
								requiredErrorText: 'Please list them.'
							}
						]
					}
				]
			}
		]);
		expect(warnings).toEqual([
			'The language "Klingon" has no code; write it like "label::Klingon (xx)". Its columns were ignored.',
			'Row 4: the name "n" is taken, so this one was renamed "n_2".',
			'Row 2: group "g" is never closed; it ends with the form.'
		]);
	});

	it('refuses files that are not XLSForms with a plain sentence', () => {
		expect(formError(new TextEncoder().encode('type,name\n'))).toBe(
			'The file is not an XLSX workbook.'
		);
		expect(formError(xlsx([{ name: 'Data', rows: [['type', 'name']] }]))).toBe(
			'The workbook has no "survey" sheet, so it is not an XLSForm.'
		);
		const sheets = mediaSurveySheets();
		expect(
			formError(
				xlsFormWorkbook({ ...sheets, survey: sheets.survey!.map((row) => row.slice(0, 1)) })
			)
		).toBe('The survey sheet has no "name" column, so it is not an XLSForm.');
		expect(
			formError(
				xlsFormWorkbook({
					survey: sheetRows(['type', 'name'], [{ type: 'geopoint', name: 'where' }])
				})
			)
		).toBe('The form has no questions that can be converted.');
	});
});
