import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deriveCodebook, type Codebook, type CodebookVariable, type Labels } from './codebook.ts';
import { loadQuestionnaire, type QuestionnaireJson } from './questionnaire.ts';

/** A text in the default language (English), Georgian and Russian. */
function tri(en: string, ka: string, ru: string) {
	return { default: en, ka, ru };
}

function choice(value: string | number, en: string, ka: string, ru: string) {
	return { value, text: tri(en, ka, ru) };
}

function codebookOf(json: QuestionnaireJson): Codebook {
	const loaded = loadQuestionnaire(json);
	if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
	return deriveCodebook(loaded.model);
}

function questionnaire(elements: Record<string, unknown>[], extra: QuestionnaireJson = {}) {
	return { title: tri('Poll', 'გამოკითხვა', 'Опрос'), pages: [{ name: 'p1', elements }], ...extra };
}

function variable(codebook: Codebook, name: string): CodebookVariable {
	const found = codebook.variables.find((v) => v.name === name);
	if (!found) throw new Error(`no variable ${name} in ${codebook.variables.map((v) => v.name)}`);
	return found;
}

const vote = {
	type: 'radiogroup',
	name: 'vote',
	title: tri('Would you vote?', 'მისცემდით ხმას?', 'Вы бы проголосовали?'),
	choices: [
		choice(1, 'Yes', 'დიახ', 'Да'),
		choice(2, 'No', 'არა', 'Нет'),
		choice(98, "Don't know", 'არ ვიცი', 'Не знаю'),
		choice(99, 'Refused', 'უარი', 'Отказ')
	]
};

const media = {
	type: 'checkbox',
	name: 'media',
	title: tri('Media', 'მედია', 'СМИ'),
	choices: [choice(1, 'TV', 'ტელევიზია', 'ТВ'), choice(2, 'Radio', 'რადიო', 'Радио')],
	showNoneItem: true,
	noneText: tri('None', 'არცერთი', 'Ничего')
};

const trust = {
	type: 'matrix',
	name: 'trust',
	title: tri('Trust', 'ნდობა', 'Доверие'),
	rows: [
		choice('gov', 'Government', 'მთავრობა', 'Правительство'),
		choice('eu', 'EU', 'ევროკავშირი', 'ЕС')
	],
	columns: [
		choice(1, 'No trust', 'არ ვენდობი', 'Не доверяю'),
		choice(2, 'Full trust', 'სრულად ვენდობი', 'Полностью доверяю'),
		choice(98, "Don't know", 'არ ვიცი', 'Не знаю')
	]
};

const age = {
	type: 'text',
	name: 'age',
	inputType: 'number',
	title: tri('Age', 'ასაკი', 'Возраст')
};
const city = { type: 'text', name: 'city', title: 'City' };

const trilingual = codebookOf(
	questionnaire(
		[{ type: 'html', name: 'intro', html: '<p>Hello</p>' }, vote, media, trust, age, city],
		{
			calculatedValues: [
				{ name: 'age_group', expression: 'iif({age} >= 55, 3, 1)', includeIntoResult: true },
				{ name: 'helper', expression: '1' }
			]
		}
	)
);

describe('deriveCodebook of a trilingual questionnaire', () => {
	it('lists the default language first, then the translations', () => {
		expect(trilingual.defaultLanguage).toBe('en');
		expect(trilingual.languages).toEqual(['en', 'ka', 'ru']);
	});

	it('gives one variable per answer, in questionnaire order, and none for html', () => {
		expect(trilingual.variables.map((v) => v.name)).toEqual([
			'vote',
			'media_1',
			'media_2',
			'media_none',
			'trust_gov',
			'trust_eu',
			'age',
			'city',
			'age_group'
		]);
	});

	it('codes a single choice with labels in every language', () => {
		const v = variable(trilingual, 'vote');
		expect(v).toMatchObject({
			question: 'vote',
			questionType: 'radiogroup',
			type: 'single',
			measure: 'nominal',
			label: { en: 'Would you vote?', ka: 'მისცემდით ხმას?', ru: 'Вы бы проголосовали?' }
		});
		expect(v.values?.slice(0, 2)).toEqual([
			{ code: 1, label: { en: 'Yes', ka: 'დიახ', ru: 'Да' } },
			{ code: 2, label: { en: 'No', ka: 'არა', ru: 'Нет' } }
		]);
	});

	it("marks 98 as don't know and 99 as refused", () => {
		const values = variable(trilingual, 'vote').values!;
		expect(values.map((value) => [value.code, value.missing])).toEqual([
			[1, undefined],
			[2, undefined],
			[98, 'dont-know'],
			[99, 'refused']
		]);
	});

	it('gives a checkbox one 0/1 variable per option, including none', () => {
		const options = trilingual.variables.filter((v) => v.question === 'media');
		expect(options.map((v) => [v.name, v.type, v.option])).toEqual([
			['media_1', 'multi-option', 1],
			['media_2', 'multi-option', 2],
			['media_none', 'multi-option', 'none']
		]);
		for (const option of options) expect(option.values?.map((value) => value.code)).toEqual([0, 1]);
	});

	it('labels each checkbox option variable with question and option text per language', () => {
		expect(variable(trilingual, 'media_1').label).toEqual({
			en: 'Media: TV',
			ka: 'მედია: ტელევიზია',
			ru: 'СМИ: ТВ'
		});
		expect(variable(trilingual, 'media_none').label).toEqual({
			en: 'Media: None',
			ka: 'მედია: არცერთი',
			ru: 'СМИ: Ничего'
		});
	});

	it('gives a matrix one variable per row, coded with the columns', () => {
		const gov = variable(trilingual, 'trust_gov');
		expect(gov).toMatchObject({
			question: 'trust',
			row: 'gov',
			type: 'single',
			label: { en: 'Trust: Government', ka: 'ნდობა: მთავრობა', ru: 'Доверие: Правительство' }
		});
		expect(gov.values).toEqual([
			{ code: 1, label: { en: 'No trust', ka: 'არ ვენდობი', ru: 'Не доверяю' } },
			{ code: 2, label: { en: 'Full trust', ka: 'სრულად ვენდობი', ru: 'Полностью доверяю' } },
			{
				code: 98,
				label: { en: "Don't know", ka: 'არ ვიცი', ru: 'Не знаю' },
				missing: 'dont-know'
			}
		]);
		expect(variable(trilingual, 'trust_eu').values).toEqual(gov.values);
	});

	it('treats a matrix with numeric columns as ordinal, ignoring missing codes', () => {
		expect(variable(trilingual, 'trust_gov').measure).toBe('ordinal');
	});

	it('makes a number text question numeric and plain text a text variable', () => {
		expect(variable(trilingual, 'age')).toMatchObject({ type: 'numeric', measure: 'scale' });
		expect(variable(trilingual, 'city')).toMatchObject({ type: 'text', measure: 'nominal' });
	});

	it('uses the default text in languages without a translation', () => {
		expect(variable(trilingual, 'city').label).toEqual({ en: 'City', ka: 'City', ru: 'City' });
	});

	it('adds calculated values kept in the result as numeric variables, and only those', () => {
		expect(variable(trilingual, 'age_group')).toMatchObject({
			question: 'age_group',
			questionType: 'calculated',
			type: 'numeric'
		});
		expect(trilingual.variables.some((v) => v.name === 'helper')).toBe(false);
	});
});

describe('deriveCodebook of other question types', () => {
	const codebook = codebookOf(
		questionnaire([
			{ type: 'rating', name: 'satisfaction', rateMin: 1, rateMax: 5 },
			{ type: 'boolean', name: 'consent' },
			{ type: 'dropdown', name: 'party', choices: ['a', 'b'], showOtherItem: true },
			{
				type: 'multipletext',
				name: 'household',
				items: [{ name: 'adults', inputType: 'number' }, { name: 'note' }]
			},
			{ type: 'ranking', name: 'priorities', choices: ['jobs', 'health'] },
			{ type: 'comment', name: 'remarks' }
		])
	);

	it('codes a rating scale as ordinal with its points', () => {
		const v = variable(codebook, 'satisfaction');
		expect(v.measure).toBe('ordinal');
		expect(v.values?.map((value) => value.code)).toEqual([1, 2, 3, 4, 5]);
	});

	it('codes a boolean as true and false', () => {
		expect(variable(codebook, 'consent').values?.map((value) => value.code)).toEqual([true, false]);
	});

	it('includes the other item of a single choice', () => {
		expect(variable(codebook, 'party').values?.map((value) => value.code)).toEqual([
			'a',
			'b',
			'other'
		]);
	});

	it('splits multiple text into one variable per item, numeric where the item is', () => {
		expect(variable(codebook, 'household_adults').type).toBe('numeric');
		expect(variable(codebook, 'household_note').type).toBe('text');
	});

	it('keeps ranking whole and comment as text', () => {
		expect(variable(codebook, 'priorities').type).toBe('json');
		expect(variable(codebook, 'remarks').type).toBe('text');
	});
});

describe('deriveCodebook of the demo questionnaire', () => {
	const path = fileURLToPath(new URL('../../../surveys/awareness-tracker.json', import.meta.url));
	const codebook = codebookOf(JSON.parse(readFileSync(path, 'utf8')));
	const names = codebook.variables.map((v) => v.name);

	it('has English, Georgian and Russian', () => {
		expect(codebook.languages).toEqual(['en', 'ka', 'ru']);
	});

	it('has the expected variables', () => {
		expect(names).toEqual(
			expect.arrayContaining([
				'age',
				'resident',
				'region',
				'aware_programmes_1',
				'aware_programmes_6',
				'aware_programmes_none',
				'info_sources_7',
				'main_source',
				'attitudes_eu_membership',
				'trust_nato',
				'eu_referendum',
				'age_group'
			])
		);
		expect(names).not.toContain('aware_programmes');
		expect(new Set(names).size).toBe(names.length);
	});

	it('labels every variable and every value in en, ka and ru', () => {
		const labels: [string, Labels][] = codebook.variables.flatMap((v) => [
			[v.name, v.label] as [string, Labels],
			...(v.values ?? []).map(
				(value) => [`${v.name}=${value.code}`, value.label] as [string, Labels]
			)
		]);
		const incomplete = labels
			.filter(([, label]) => ['en', 'ka', 'ru'].some((language) => !label[language]?.trim()))
			.map(([where]) => where);
		expect(incomplete).toEqual([]);
	});

	it('uses the Georgian and Russian translations, not the English fallback', () => {
		expect(variable(codebook, 'region').values?.[0]?.label).toEqual({
			en: 'Tbilisi',
			ka: 'თბილისი',
			ru: 'Тбилиси'
		});
		expect(variable(codebook, 'aware_programmes_none').label.ka).toMatch(/არცერთი მათგანი$/);
	});

	it("marks the referendum's don't know and refusal as missing", () => {
		const missing = variable(codebook, 'eu_referendum').values?.filter((value) => value.missing);
		expect(missing?.map((value) => [value.code, value.missing])).toEqual([
			[98, 'dont-know'],
			[99, 'refused']
		]);
	});
});
