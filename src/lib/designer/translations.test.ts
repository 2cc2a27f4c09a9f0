import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xlsx } from '../analysis/io/xlsx.ts';
import type { QuestionnaireJson } from '../survey/questionnaire.ts';
import {
	applyTranslations,
	missingTranslations,
	questionnaireLanguages,
	TranslationFileError,
	translationRows,
	translationsFromCsv,
	translationsToCsv,
	type TranslationRow
} from './translations.ts';
import { translationsFromXlsx, translationsToXlsx } from './translations-xlsx.ts';

const awareness = JSON.parse(
	fs.readFileSync('surveys/awareness-tracker.json', 'utf8')
) as QuestionnaireJson;

/** The questionnaire with every translation removed, leaving the default texts. */
function withoutTranslations(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutTranslations);
	if (typeof value !== 'object' || value === null) return value;
	if ('default' in value) return { default: (value as { default: string }).default };
	return Object.fromEntries(
		Object.entries(value).map(([key, item]) => [key, withoutTranslations(item)])
	);
}

/** Every localised object in the JSON, found without any knowledge of SurveyJS properties. */
function countLocalised(value: unknown): number {
	if (Array.isArray(value))
		return value.reduce((sum: number, item) => sum + countLocalised(item), 0);
	if (typeof value !== 'object' || value === null) return 0;
	if ('default' in value) return 1;
	return Object.values(value).reduce((sum: number, item) => sum + countLocalised(item), 0);
}

const tricky: QuestionnaireJson = {
	title: 'Comma, "quotes" and\na new line',
	pages: [
		{
			elements: [
				{
					type: 'radiogroup',
					name: 'q1',
					title: {
						default: '=SUM(A1) is not a formula',
						ka: 'ქართული, "ციტატა"',
						ru: 'Русский;\r\nтекст'
					},
					choices: [{ value: 1, text: { default: '+1', ru: '-1' } }, '2|@two', 3]
				}
			]
		}
	]
};

describe('translation rows', () => {
	const languages = questionnaireLanguages(awareness);
	const rows = translationRows(awareness, languages);

	it('lists the default language first, then the translations', () => {
		expect(languages).toEqual(['en', 'ka', 'ru']);
		expect(questionnaireLanguages({ locale: 'ka', title: { default: 'x', en: 'y' } })).toEqual([
			'ka',
			'en'
		]);
		expect(questionnaireLanguages({ title: 'Plain' })).toEqual(['en']);
	});

	it('has one row for every localised string, under stable keys', () => {
		expect(rows).toHaveLength(countLocalised(awareness));
		expect(new Set(rows.map((row) => row.key)).size).toBe(rows.length);
		const keys = rows.map((row) => row.key);
		for (const key of [
			'survey/title',
			'survey/description',
			'survey/completedHtml',
			'survey/completedHtmlOnCondition:1/html',
			'page:screener/title',
			'q:age/title',
			'q:aware_programmes/description',
			'q:aware_programmes/noneText',
			'q:aware_programmes/choice:6',
			'q:attitudes/row:eu_membership',
			'q:attitudes/column:98'
		])
			expect(keys).toContain(key);
		expect(rows.find((row) => row.key === 'q:resident/choice:2')).toEqual({
			key: 'q:resident/choice:2',
			element: 'resident',
			property: 'choice:2',
			texts: { en: 'No', ka: 'არა', ru: 'Нет' }
		});
	});

	it('has rows for the questionnaire’s own over-quota and screened-out texts', () => {
		const json: QuestionnaireJson = {
			overQuotaText: { default: 'Our group is full.', ka: 'ჯგუფი შევსებულია.' },
			screenedOutText: 'Not for you.',
			pages: []
		};
		const own = translationRows(json, ['en', 'ka']);
		expect(own).toEqual([
			{
				key: 'survey/overQuotaText',
				element: 'survey',
				property: 'overQuotaText',
				texts: { en: 'Our group is full.', ka: 'ჯგუფი შევსებულია.' }
			},
			{
				key: 'survey/screenedOutText',
				element: 'survey',
				property: 'screenedOutText',
				texts: { en: 'Not for you.', ka: '' }
			}
		]);
	});

	it('names panels, validators, bare choices and unnamed pages', () => {
		const json: QuestionnaireJson = {
			pages: [
				{
					elements: [
						{
							type: 'panel',
							name: 'box',
							title: 'Box',
							elements: [
								{
									type: 'text',
									name: 'n',
									validators: [{ type: 'expression', expression: '{n} > 1', text: 'Too small' }]
								},
								{ type: 'rating', name: 'r', rateValues: [{ value: 1, text: 'Low' }] }
							]
						}
					]
				}
			]
		};
		expect(translationRows(json, ['en'])).toEqual([
			{ key: 'panel:box/title', element: 'box', property: 'title', texts: { en: 'Box' } },
			{
				key: 'q:n/validator:1/text',
				element: 'n',
				property: 'validator:1/text',
				texts: { en: 'Too small' }
			},
			{ key: 'q:r/rate:1', element: 'r', property: 'rate:1', texts: { en: 'Low' } }
		]);
		expect(translationRows(tricky, ['en']).map((row) => [row.key, row.texts.en])).toEqual([
			['survey/title', 'Comma, "quotes" and\na new line'],
			['q:q1/title', '=SUM(A1) is not a formula'],
			['q:q1/choice:1', '+1'],
			['q:q1/choice:2', '@two'],
			['q:q1/choice:3', '3']
		]);
	});

	it('counts the missing translations of each language', () => {
		const partial = structuredClone(awareness) as { title: Record<string, string> };
		delete partial.title.ru;
		const table = translationRows(partial, ['en', 'ka', 'ru', 'uk']);
		expect(missingTranslations(table, ['en', 'ka', 'ru', 'uk'])).toEqual({
			en: 0,
			ka: 0,
			ru: 1,
			uk: table.length
		});
	});
});

describe('applyTranslations', () => {
	const row = (key: string, texts: Record<string, string>): TranslationRow => ({
		key,
		element: '',
		property: '',
		texts
	});

	it('adds, replaces and removes translations, keeps the default, reports unknown keys', () => {
		const json: QuestionnaireJson = {
			title: 'Plain',
			description: { default: 'Described', ka: 'აღწერილი', ru: 'Описано' },
			pages: [{ name: 'p', elements: [{ type: 'radiogroup', name: 'q', choices: ['1|Yes', 2] }] }]
		};
		const before = structuredClone(json);
		const { json: applied, unknownKeys } = applyTranslations(
			json,
			[
				row('survey/title', { en: '', ka: 'უბრალო' }),
				row('survey/description', { en: 'Described anew', ka: '', ru: 'Описано' }),
				row('q:q/choice:1', { en: '', ka: 'დიახ' }),
				row('q:q/choice:2', { en: '', ka: '' }),
				row('q:gone/title', { ka: 'x' })
			],
			['en', 'ka', 'ru']
		);
		expect(applied).toEqual({
			title: { default: 'Plain', ka: 'უბრალო' },
			description: { default: 'Described anew', ru: 'Описано' },
			pages: [
				{
					name: 'p',
					elements: [
						{
							type: 'radiogroup',
							name: 'q',
							choices: [{ value: '1', text: { default: 'Yes', ka: 'დიახ' } }, 2]
						}
					]
				}
			]
		});
		expect(unknownKeys).toEqual(['q:gone/title']);
		expect(json).toEqual(before);
	});

	it('leaves languages outside the given list untouched', () => {
		const { json } = applyTranslations(
			{ title: { default: 'T', ka: 'ტ', ru: 'Т' } },
			[row('survey/title', { en: 'T', ka: '' })],
			['ka']
		);
		expect(json.title).toEqual({ default: 'T', ru: 'Т' });
	});

	it('writes the default text where the JSON keeps it under the language code', () => {
		const { json } = applyTranslations(
			{ locale: 'ka', title: { ka: 'ძველი', en: 'Old' } },
			[row('survey/title', { ka: 'ახალი', en: 'New' })],
			['ka', 'en']
		);
		expect(json.title).toEqual({ ka: 'ახალი', en: 'New' });
	});
});

describe('translation files', () => {
	const languages = questionnaireLanguages(awareness);
	const rows = translationRows(awareness, languages);
	const stripped = withoutTranslations(awareness) as QuestionnaireJson;

	it('restores the awareness tracker from CSV', () => {
		const csv = translationsToCsv(rows, languages);
		expect(csv.startsWith('\uFEFFkey,element,property,en,ka,ru\r\n')).toBe(true);
		const table = translationsFromCsv(csv);
		expect(table.languages).toEqual(languages);
		expect(table.rows).toEqual(rows);
		expect(stripped).not.toEqual(awareness);
		expect(applyTranslations(stripped, table.rows, table.languages)).toEqual({
			json: awareness,
			unknownKeys: []
		});
	});

	it('restores the awareness tracker from XLSX', () => {
		const table = translationsFromXlsx(translationsToXlsx(rows, languages));
		expect(table.languages).toEqual(languages);
		expect(table.rows).toEqual(rows);
		expect(applyTranslations(stripped, table.rows, table.languages)).toEqual({
			json: awareness,
			unknownKeys: []
		});
	});

	it('keeps commas, quotes, line breaks, Georgian, Cyrillic and leading = + - @', () => {
		const trickyRows = translationRows(tricky, ['en', 'ka', 'ru']);
		const csv = translationsToCsv(trickyRows, ['en', 'ka', 'ru']);
		expect(csv).toContain('"Comma, ""quotes"" and\na new line"');
		expect(translationsFromCsv(csv).rows).toEqual(trickyRows);
		// XML turns CR LF into LF, as Excel does; everything else comes back as written.
		const viaXlsx = translationsFromXlsx(translationsToXlsx(trickyRows, ['en', 'ka', 'ru'])).rows;
		expect(viaXlsx).toEqual(
			trickyRows.map((row) => ({
				...row,
				texts: Object.fromEntries(
					Object.entries(row.texts).map(([language, text]) => [
						language,
						text.replace(/\r\n/g, '\n')
					])
				)
			}))
		);
	});

	it('reads CSV saved with semicolons and without a byte-order mark', () => {
		expect(
			translationsFromCsv('Key;Element;Property;en;ka\nsurvey/title;survey;title;"A; B";ა\n')
		).toEqual({
			languages: ['en', 'ka'],
			rows: [
				{
					key: 'survey/title',
					element: 'survey',
					property: 'title',
					texts: { en: 'A; B', ka: 'ა' }
				}
			]
		});
	});

	it('reads numbers a translator typed into a workbook as text', () => {
		const bytes = xlsx([
			{ name: 'Notes', rows: [['ignored']] },
			{
				name: 'Translations',
				rows: [
					['key', 'en', 'ka'],
					['q:r/rate:1', 1, 1.5]
				]
			}
		]);
		expect(translationsFromXlsx(bytes).rows).toEqual([
			{ key: 'q:r/rate:1', element: '', property: '', texts: { en: '1', ka: '1.5' } }
		]);
	});

	it('refuses files it cannot read with a plain sentence', () => {
		const refusal = (read: () => unknown) => {
			try {
				read();
			} catch (error) {
				expect(error).toBeInstanceOf(TranslationFileError);
				return (error as Error).message;
			}
			throw new Error('the file was accepted');
		};
		expect(refusal(() => translationsFromCsv('element,en\nx,y\n'))).toBe(
			'The translation table has no "key" column.'
		);
		expect(refusal(() => translationsFromCsv('key,en\nx,"open\n'))).toBe(
			'The CSV file ends inside a quoted text.'
		);
		expect(refusal(() => translationsFromXlsx(new TextEncoder().encode('key,en\n')))).toBe(
			'The file is not an XLSX workbook.'
		);
	});
});
