import fs from 'node:fs';
import { Model, surveyLocalization, type Question } from 'survey-core';
import 'survey-core/i18n/georgian';
import 'survey-core/i18n/russian';
import { describe, expect, it } from 'vitest';
import {
	answersFromEntries,
	choiceColumns,
	controlName,
	firstPage,
	surveyJsStrings,
	type FirstPageView
} from './first-page.ts';
import { surveyJsLocales } from './surveyjs-locales.ts';

const demo = JSON.parse(fs.readFileSync('surveys/awareness-tracker.json', 'utf8'));

/** One of each question type the form renders, in two languages. */
const everyType = {
	title: { default: 'Every type', ka: 'ყველა ტიპი' },
	description: 'About the types',
	showProgressBar: true,
	requiredMark: '(required)',
	pages: [
		{
			name: 'first',
			title: { default: 'Page one', ka: 'პირველი გვერდი' },
			elements: [
				{ type: 'html', name: 'intro', html: '<b>Welcome</b>' },
				{
					type: 'radiogroup',
					name: 'rg',
					title: { default: 'Radio', ka: 'რადიო' },
					description: 'Pick one',
					isRequired: true,
					colCount: 2,
					showNoneItem: true,
					choices: [1, { value: 2, text: { default: 'Two', ka: 'ორი' } }, 'three']
				},
				{
					type: 'checkbox',
					name: 'cb',
					showNoneItem: true,
					noneText: { default: 'None of these', ka: 'არცერთი ამათგან' },
					choices: ['a', 'b']
				},
				{ type: 'dropdown', name: 'dd', choices: [10, 20] },
				{ type: 'boolean', name: 'bo', labelTrue: { default: 'Agree' } },
				{
					type: 'rating',
					name: 'rt',
					displayMode: 'buttons',
					rateMin: 0,
					rateMax: 10,
					minRateDescription: 'Low'
				},
				{ type: 'text', name: 'age', inputType: 'number', min: 16, max: 100, isRequired: true },
				{ type: 'text', name: 'email', inputType: 'email', placeholder: 'you@example.org' },
				{ type: 'comment', name: 'why', rows: 3 },
				{
					type: 'matrix',
					name: 'grid',
					rows: [{ value: 'r1', text: 'Row one' }, 'r2'],
					columns: [
						{ value: 1, text: 'Agree' },
						{ value: 2, text: 'Disagree' }
					]
				},
				{ type: 'text', name: 'hidden', visible: false }
			]
		},
		{ name: 'second', elements: [{ type: 'text', name: 'later' }] },
		{ name: 'third', elements: [{ type: 'text', name: 'last' }] }
	]
};

type Item = { value: unknown; text: string };
type Text = { renderedHtml: string };
/** The properties of survey-core's question models compared here. */
type Rendered = Question & {
	visibleChoices: Item[];
	visibleRateValues: Item[];
	rows: Item[];
	visibleColumns: Item[];
	locMinRateDescription: Text;
	locLabelTrue: Text;
	locLabelFalse: Text;
	placeholder: string;
};

function view(json: unknown, locale = ''): FirstPageView {
	const result = firstPage(json, locale);
	if (!result.view) throw new Error(`fell back: ${result.fallback}`);
	return result.view;
}

function fallback(json: unknown, locale = ''): string | undefined {
	return firstPage(json, locale).fallback;
}

/** The demo with its first page's elements replaced. */
const withFirstPage = (elements: unknown[], extra: Record<string, unknown> = {}) => ({
	...demo,
	...extra,
	pages: [{ ...demo.pages[0], elements }, ...demo.pages.slice(1)]
});

describe('the first page as form controls', () => {
	it('derives the demo questionnaire first page, as SurveyJS shows it', () => {
		const result = view(demo);
		expect(result.title).toBe('Public Awareness of Government Programmes');
		expect(result.progress).toEqual({ pages: 6, text: 'Page 1 of 6', label: 'Progress bar' });
		expect(result.page.title).toBe('Before we begin');
		expect(result.navigation).toEqual({ text: 'Next', complete: false });
		expect(result.elements).toEqual([
			expect.objectContaining({
				type: 'text',
				name: 'age',
				inputType: 'number',
				min: '16',
				max: '100',
				required: true
			}),
			expect.objectContaining({
				type: 'radiogroup',
				name: 'resident',
				title: 'Do you usually live in Georgia?',
				choices: [
					{ value: 1, text: 'Yes' },
					{ value: 2, text: 'No' }
				],
				required: true
			})
		]);
	});

	it('takes the chosen language, with SurveyJS texts where SurveyJS has them', () => {
		const georgian = view(demo, 'ka');
		expect(georgian.page.title).toBe('სანამ დავიწყებთ');
		expect(georgian.navigation.text).toBe('შემდეგ');
		expect(georgian.progress?.text).toBe('გვერდი 1 / 6');
		expect(georgian.progress?.label).toBe('პროგრესის ბარი');
		expect(georgian.lang).toBe('ka');
		// No Ukrainian text in the questionnaire, and SurveyJS's own texts in English.
		const ukrainian = view(demo, 'uk');
		expect(ukrainian.page.title).toBe('Before we begin');
		expect(ukrainian.navigation.text).toBe('Next');
	});

	it('matches what survey-core makes of every rendered type, in each language', () => {
		for (const locale of ['', 'ka', 'ru', 'uk']) {
			const result = view(everyType, locale);
			const model = new Model(everyType);
			model.locale = locale;
			expect(result.title).toBe(model.locTitle.renderedHtml);
			expect(result.description).toBe(model.description);
			expect(result.page.title).toBe(model.currentPage.locTitle.renderedHtml);
			expect(result.progress?.pages).toBe(model.visiblePageCount);
			expect(result.progress?.text).toBe(model.progressText);
			expect(result.navigation.text).toBe(model.pageNextText);
			expect(result.requiredMark).toBe(model.requiredMark);
			const questions = (model.currentPage.questions as Question[]).filter(
				(question) => question.isVisible
			);
			expect(result.elements.map((element) => element.name)).toEqual(
				questions.map((question) => question.name)
			);
			for (const element of result.elements) {
				const question = model.getQuestionByName(element.name) as unknown as Rendered;
				if (element.type === 'html') continue;
				expect(element.title, element.name).toBe(question.locTitle.renderedHtml);
				expect(element.required).toBe(question.isRequired);
				const items = (list: Item[]) =>
					list.map((item) => ({ value: item.value, text: item.text }));
				switch (element.type) {
					case 'radiogroup':
					case 'checkbox':
					case 'dropdown':
						expect(element.choices).toEqual(items(question.visibleChoices));
						break;
					case 'rating':
						expect(element.choices).toEqual(items(question.visibleRateValues));
						expect(element.minText).toBe(question.locMinRateDescription.renderedHtml || null);
						break;
					case 'boolean':
						expect([element.labelTrue, element.labelFalse]).toEqual([
							question.locLabelTrue.renderedHtml,
							question.locLabelFalse.renderedHtml
						]);
						break;
					case 'matrix':
						expect(element.rows).toEqual(items(question.rows));
						expect(element.columns).toEqual(items(question.visibleColumns));
						break;
				}
				if (element.type === 'dropdown') expect(element.placeholder).toBe(question.placeholder);
			}
		}
	});

	it('carries SurveyJS texts that match survey-core, for the languages SurveyRunner loads', () => {
		expect(Object.keys(surveyJsStrings).sort()).toEqual(
			['en', ...Object.keys(surveyJsLocales)].sort()
		);
		for (const [locale, strings] of Object.entries(surveyJsStrings)) {
			for (const [key, text] of Object.entries(strings)) {
				expect(text, `${locale} ${key}`).toBe(surveyLocalization.getString(key, locale));
			}
		}
	});

	it('puts choices into columns as SurveyJS does on a wide screen', () => {
		for (const count of [2, 3, 5, 7, 10]) {
			for (const colCount of [2, 3, 4]) {
				const model = new Model({
					elements: [
						{
							type: 'radiogroup',
							name: 'q',
							colCount,
							choices: Array.from({ length: count }, (_, i) => i)
						}
					]
				});
				const question = model.getQuestionByName('q') as Question & {
					columns: { value: number }[][];
				};
				expect(choiceColumns(count, colCount), `${count} in ${colCount}`).toEqual(
					question.columns.map((column) => column.map((item) => item.value))
				);
			}
		}
	});

	it('ends with Complete on a one-page questionnaire, with no progress buttons', () => {
		const single = view({ showProgressBar: true, pages: [everyType.pages[0]] });
		expect(single.navigation).toEqual({ text: 'Complete', complete: true });
		expect(single.progress).toBeNull();
	});

	it('starts on the first page shown', () => {
		const result = view({
			pages: [
				{ name: 'skipped', visible: false, elements: [{ type: 'text', name: 'x' }] },
				...everyType.pages
			]
		});
		expect(result.page.name).toBe('first');
	});

	it('leaves to SurveyJS what it cannot show exactly', () => {
		const radio = { type: 'radiogroup', name: 'q', choices: [1, 2] };
		const cases: [string, unknown][] = [
			[
				'condition',
				withFirstPage([
					{ ...radio, name: 'p' },
					{ ...radio, visibleIf: '{p} = 1' }
				])
			],
			['conditional page', withFirstPage([{ ...radio, visibleIf: '{age} > 1' }])],
			['random order', withFirstPage([{ ...radio, choicesOrder: 'random' }])],
			['sorted order', withFirstPage([{ ...radio, choicesOrder: 'asc' }])],
			['other item', withFirstPage([{ ...radio, showOtherItem: true }])],
			[
				'conditional choice',
				withFirstPage([{ ...radio, choices: [{ value: 1, visibleIf: 'x' }] }])
			],
			['piped text', withFirstPage([{ ...radio, title: 'You are {age}' }])],
			['unknown type', withFirstPage([{ type: 'imagepicker', name: 'q', choices: [] }])],
			['unknown property', withFirstPage([{ ...radio, readOnly: true }])],
			['default value', withFirstPage([{ ...radio, defaultValue: 1 }])],
			['panel', withFirstPage([{ type: 'panel', name: 'p', elements: [radio] }])],
			['rating in auto mode', withFirstPage([{ type: 'rating', name: 'r' }])],
			[
				'stars',
				withFirstPage([{ type: 'rating', name: 'r', displayMode: 'buttons', rateType: 'stars' }])
			],
			[
				'random grid rows',
				withFirstPage([{ type: 'matrix', name: 'm', rows: [1], columns: [1], rowOrder: 'random' }])
			],
			['value|text choices', withFirstPage([{ ...radio, choices: ['1|One'] }])],
			['repeated values', withFirstPage([{ ...radio, choices: [1, '1'] }])],
			['repeated names', withFirstPage([radio, radio])],
			['question numbers', { ...demo, showQuestionNumbers: 'on' }],
			['start page', { ...demo, firstPageIsStartPage: true }],
			['one question per page', { ...demo, questionsOnPageMode: 'questionPerPage' }],
			['random questions', { ...demo, pages: [{ ...demo.pages[0], questionOrder: 'random' }] }],
			['conditional first page', { ...demo, pages: [{ ...demo.pages[0], visibleIf: '{x} = 1' }] }],
			[
				'page count unknown',
				{
					...demo,
					pages: [...demo.pages, { name: 'maybe', visibleIf: '{x} = 1', elements: [radio] }]
				}
			],
			['value-setting trigger', { ...demo, triggers: [{ type: 'setvalue', expression: 'true' }] }],
			['logo', { ...demo, logo: 'https://example.org/logo.png' }],
			['not a questionnaire', null]
		];
		for (const [what, json] of cases) expect(fallback(json), what).toBeTypeOf('string');
		expect(fallback(cases[0]![1])).toBe('q has a condition');
		expect(fallback(cases[2]![1])).toBe('question q: choicesOrder = "random"');
		expect(fallback(demo, 'ar')).toMatch(/right-to-left/);
	});

	it('reads the answers typed as SurveyJS stores them', () => {
		const result = view(everyType);
		const index = (name: string) => result.elements.findIndex((element) => element.name === name);
		const answers = answersFromEntries(result, [
			[controlName(index('rg')), '1'],
			[controlName(index('cb')), '0'],
			[controlName(index('cb')), '1'],
			[controlName(index('dd')), '1'],
			[controlName(index('bo')), 'false'],
			[controlName(index('rt')), '0'],
			[controlName(index('age')), '35'],
			[controlName(index('email')), ''],
			[controlName(index('why')), 'Because'],
			[controlName(index('grid'), 1), '0']
		]);
		expect(answers).toEqual({
			rg: 2,
			cb: ['a', 'b'],
			dd: 20,
			bo: false,
			rt: 0,
			age: 35,
			why: 'Because',
			grid: { r2: 1 }
		});
		// "None" with other choices: none wins, as in SurveyJS.
		expect(
			answersFromEntries(result, [
				[controlName(index('cb')), '0'],
				[controlName(index('cb')), '2']
			])
		).toEqual({ cb: ['none'] });
		expect(answersFromEntries(result, [])).toEqual({});
	});
});
