import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { Model, type ItemValue, type Question, type QuestionSelectBase } from 'survey-core';
import { describe, expect, it } from 'vitest';
import { generateSyntheticResponses } from '../server/demo/synthetic-responses.ts';
import { compileAnswerPlan } from './answer-plan.ts';
import { selectItems } from './codebook.ts';
import type { QuestionnaireJson } from './questionnaire.ts';
import {
	createModelValidator,
	createResponseValidator,
	validateResponse,
	type ResponseStatus,
	type ValidationResult
} from './validate-response.ts';

const surveys = fileURLToPath(new URL('../../../surveys/', import.meta.url));
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as QuestionnaireJson;
const tracker = readJson(`${surveys}awareness-tracker.json`);
const templates = readdirSync(`${surveys}templates`)
	.filter((file) => file.endsWith('.json'))
	.map((file) => ({ name: `template ${file}`, json: readJson(`${surveys}templates/${file}`) }));

/** The pulse survey of tmp/val-bench.ts. */
const pulse: QuestionnaireJson = {
	title: 'Pulse',
	pages: [
		{
			name: 'p1',
			elements: [
				{ type: 'radiogroup', name: 'aware', isRequired: true, choices: [1, 2, 98] },
				{ type: 'checkbox', name: 'sources', choices: [1, 2, 3, 4, 5] },
				{ type: 'rating', name: 'trust', rateMin: 1, rateMax: 5 },
				{ type: 'radiogroup', name: 'region', choices: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
				{ type: 'text', name: 'age', inputType: 'number', min: 18, max: 100 }
			]
		}
	]
};

/**
 * Skip logic on every level: page, panel (nested) and question conditions, a calculated value
 * used in conditions and one kept in the result, a complete trigger, matrices, none and other
 * items, comment boxes, booleans, ratings, number limits and steps.
 */
const routing: QuestionnaireJson = {
	title: { default: 'Routing', ka: 'მარშრუტი' },
	showProgressBar: 'top',
	completedHtml: 'Thanks',
	completedHtmlOnCondition: [{ expression: '{age} < 18', html: 'Too young' }],
	triggers: [{ type: 'complete', expression: "{age} < 18 or {consent} = false or {lang} = 'xx'" }],
	calculatedValues: [
		{ name: 'older', expression: "iif({age} >= 50, 2, iif({age} >= 18, 1, ''))" },
		{
			name: 'band',
			expression: "iif({older} = 2, 30, iif({score} > 3, 20, iif({age} > 0, 10, '')))",
			includeIntoResult: true
		},
		{ name: 'unused', expression: "iif({pets} contains 'dog', 1, 0)" },
		{ name: 'copy_score', expression: '{score}', includeIntoResult: true }
	],
	pages: [
		{
			name: 'screen',
			elements: [
				{ type: 'text', name: 'age', inputType: 'number', isRequired: true, min: 16, max: '99' },
				{ type: 'boolean', name: 'consent', isRequired: true, labelTrue: 'Yes' },
				{ type: 'dropdown', name: 'lang', choices: ['en', 'ka', 'xx'] },
				{ type: 'html', name: 'intro', html: '<p>Hi</p>' }
			]
		},
		{
			name: 'pets_page',
			visibleIf: '{older} = 1',
			elements: [
				{
					type: 'checkbox',
					name: 'pets',
					isRequired: true,
					choices: ['dog', 'cat', { value: 3, text: 'Fish' }],
					showNoneItem: true,
					showOtherItem: true
				},
				{
					type: 'panel',
					name: 'dog_panel',
					visibleIf: "{pets} contains 'dog'",
					elements: [
						{ type: 'rating', name: 'dog_love', isRequired: true, rateMin: 0, rateMax: 10 },
						{
							type: 'panel',
							name: 'inner',
							visibleIf: '{dog_love} >= 5',
							elements: [
								{ type: 'comment', name: 'dog_story', isRequired: true },
								{
									type: 'text',
									name: 'walks',
									inputType: 'number',
									step: 0.5,
									visibleIf: '{dog_story} notempty'
								}
							]
						}
					]
				},
				{
					type: 'radiogroup',
					name: 'main_pet',
					visibleIf: "{pets} notempty and {pets} notcontains 'none'",
					isRequired: true,
					choices: ['dog', 'cat', 3],
					showOtherItem: true
				}
			]
		},
		{
			name: 'opinions',
			elements: [
				{
					type: 'matrix',
					name: 'grid',
					eachRowRequired: true,
					rows: ['a', 'b', { value: 7, text: 'Seven' }],
					columns: [1, 2, 3, 'dk'],
					visibleIf: '{older} >= 1'
				},
				{
					type: 'matrix',
					name: 'grid2',
					isRequired: true,
					rows: ['x', 'y'],
					columns: ['lo', 'hi'],
					showCommentArea: true
				},
				{
					type: 'rating',
					name: 'score',
					rateValues: [1, 2, 3, { value: 4, text: 'Four' }, 5],
					showCommentArea: true,
					visibleIf: '{band} > 10 or {age} < 30'
				},
				{ type: 'tagbox', name: 'tags', choices: [1, 2, 3], isRequired: true },
				// '' < 1 but not null < 1: whether an empty calculated value was '' or null matters.
				{ type: 'comment', name: 'young_note', visibleIf: '{older} < 1', isRequired: true },
				{ type: 'boolean', name: 'recontact' },
				{ type: 'text', name: 'email_text', visibleIf: '{recontact} = true', isRequired: true }
			]
		},
		{
			name: 'empty_panel_page',
			elements: [
				{
					type: 'panel',
					name: 'hidden_panel',
					visibleIf: '{lang} = "ka"',
					elements: [
						{ type: 'text', name: 'ka_note', isRequired: true },
						{ type: 'html', name: 'ka_html', html: 'x' }
					]
				}
			]
		},
		{
			// Shown only when the inner panel is: the outer one has nothing else to show.
			name: 'nested_page',
			elements: [
				{
					type: 'panel',
					name: 'outer',
					elements: [
						{
							type: 'panel',
							name: 'inner_en',
							visibleIf: "{lang} = 'en'",
							elements: [{ type: 'boolean', name: 'nested_q' }]
						}
					]
				}
			]
		},
		{
			name: 'mixed_panel_page',
			elements: [
				{
					type: 'panel',
					name: 'closed_panel',
					visibleIf: '{lang} = "en"',
					elements: [{ type: 'radiogroup', name: 'en_q', isRequired: true, choices: [1, 2] }]
				},
				{ type: 'comment', name: 'final', visibleIf: '{pets} anyof ["cat", 3]' }
			]
		}
	]
};

/** Calculated values built on calculated values, and conditions reading them. */
const calculations: QuestionnaireJson = {
	calculatedValues: [
		// Uses a value defined after it; the result lists calculated values in this order.
		{ name: 'size', expression: 'iif({big} = 1, 3, iif({n2} > 5, 2, 1))', includeIntoResult: true },
		{ name: 'total', expression: "iif({n1} > {n2}, {n1}, iif({n2} notempty, {n2}, ''))" },
		{ name: 'big', expression: 'iif({total} > 50, 1, 0)', includeIntoResult: true },
		{ name: 'pick', expression: 'iif({option} = 2, {n1}, {option})', includeIntoResult: true }
	],
	elements: [
		{ type: 'text', name: 'n1', inputType: 'number' },
		{ type: 'text', name: 'n2', inputType: 'number', isRequired: true },
		{ type: 'radiogroup', name: 'option', choices: [1, 2, 3] },
		{ type: 'text', name: 'why', visibleIf: '{big} = 1', isRequired: true },
		{ type: 'text', name: 'label', visibleIf: "{total} < 10 and {why} = 'ok'" },
		{ type: 'boolean', name: 'flag', visibleIf: '{label} contains "x"' },
		{ type: 'checkbox', name: 'tagset', choices: ['a', 'b'] },
		// [] < 1 but not undefined < 1: an unanswered checkbox is [] in expressions.
		{ type: 'comment', name: 'no_tags', visibleIf: '{tagset} < 1' }
	]
};

const whitelisted = [
	{ name: 'tracker', json: tracker },
	{ name: 'pulse', json: pulse },
	...templates,
	{ name: 'routing', json: routing },
	{ name: 'calculations', json: calculations }
];

// ---------------------------------------------------------------------------------------------
// Answer generation
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small seeded PRNG, so a failure can be replayed. */
function rng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (n: number) => Math.floor(next() * n);
	return {
		next,
		int,
		chance: (p: number) => next() < p,
		pick: <T>(list: readonly T[]): T => list[int(list.length)]!
	};
}
type Rng = ReturnType<typeof rng>;

const texts = ['yes', 'ok', 'x marks', ' padded ', '18', 'true', "it's", 'кот', 'a\nb'];
const weird = [
	null,
	undefined,
	'',
	'   ',
	[],
	{},
	'nope',
	999,
	-1,
	true,
	false,
	'1',
	['1'],
	{ a: 1 }
];

function codesOf(question: Question): unknown[] {
	switch (question.getType()) {
		case 'radiogroup':
		case 'dropdown':
		case 'checkbox':
		case 'tagbox':
			return selectItems(question as QuestionSelectBase).map((item) => item.value);
		case 'rating':
			return (question as unknown as { visibleRateValues: ItemValue[] }).visibleRateValues.map(
				(item) => item.value
			);
		case 'matrix':
			return (question as unknown as { columns: ItemValue[] }).columns.map((item) => item.value);
		case 'boolean':
			return [true, false];
		default:
			return [];
	}
}

/** An answer of the right shape (mostly valid, sometimes spelled as a string). */
function validAnswer(question: Question, r: Rng): unknown {
	const spell = (code: unknown) => (r.chance(0.1) ? String(code) : code);
	switch (question.getType()) {
		case 'radiogroup':
		case 'dropdown':
		case 'rating':
		case 'boolean':
			return spell(r.pick(codesOf(question)));
		case 'checkbox':
		case 'tagbox': {
			const codes = codesOf(question).filter((code) => code !== 'none');
			if (codes.length && r.chance(0.15) && codesOf(question).includes('none')) return ['none'];
			const chosen = codes.filter(() => r.chance(0.4));
			return (chosen.length ? chosen : [r.pick(codes)]).map(spell);
		}
		case 'matrix': {
			const m = question as unknown as { rows: ItemValue[]; columns: ItemValue[] };
			const columns = m.columns.map((item) => item.value);
			const rows = m.rows.filter(() => r.chance(0.9));
			return Object.fromEntries(rows.map((row) => [String(row.value), spell(r.pick(columns))]));
		}
		case 'text': {
			const t = question as unknown as { inputType: string; min?: unknown; max?: unknown };
			if (t.inputType !== 'number') return r.pick(texts);
			const min = t.min === undefined || t.min === '' ? 0 : Number(t.min);
			const max = t.max === undefined || t.max === '' ? 120 : Number(t.max);
			const value = min - 3 + r.int(max - min + 7);
			return r.chance(0.1) ? value + r.pick([0.5, 0.25, -0.5]) : value;
		}
		case 'comment':
			return r.pick(texts);
		default:
			return 'x';
	}
}

/** A broken or doubtful answer of the kinds a client might send. */
function mutatedAnswer(question: Question, r: Rng): unknown {
	const type = question.getType();
	const codes = codesOf(question);
	switch (r.int(8)) {
		case 0:
			return r.pick(weird);
		case 1: // a number as a string, or a string code as a number
			return codes.length ? (r.chance(0.5) ? String(r.pick(codes)) : Number(r.pick(codes))) : '42';
		case 2:
			return type === 'checkbox' || type === 'tagbox'
				? ['none', ...codes.slice(0, 1 + r.int(2))]
				: ['none'];
		case 3:
			return type === 'checkbox' || type === 'tagbox' ? [...codes.slice(0, 2), codes[0]] : [];
		case 4:
			return type === 'matrix' ? { bogus_row: 1 } : { nested: true };
		case 5:
			return type === 'matrix' ? { a: 'nope' } : Number.NaN;
		case 6:
			return r.chance(0.5) ? -0 : 1e300 * 10;
		default:
			return validAnswer(question, r);
	}
}

function randomAnswers(model: Model, r: Rng, mutate: boolean): Record<string, unknown> {
	const answers: Record<string, unknown> = {};
	const questions = model.getAllQuestions() as Question[];
	for (const question of questions) {
		const name = question.getValueName();
		if (question.getType() === 'html') {
			if (mutate && r.chance(0.05)) answers[name] = 'x';
			continue;
		}
		if (r.chance(mutate ? 0.25 : 0.15)) continue; // unanswered
		answers[name] =
			mutate && r.chance(0.15) ? mutatedAnswer(question, r) : validAnswer(question, r);
		const flags = question as unknown as { showOtherItem?: boolean; showCommentArea?: boolean };
		const other = [answers[name]].flat().some((value) => value === 'other');
		if ((other && r.chance(0.85)) || (flags.showCommentArea && r.chance(0.4))) {
			answers[`${name}-Comment`] = r.pick(mutate ? [...texts, '', '  ', 5, null] : texts);
		}
		if (mutate && r.chance(0.03)) answers[`${name}-Comment`] = 'stray comment';
	}
	if (mutate) {
		if (r.chance(0.05)) answers.not_a_question = 1;
		for (const value of model.calculatedValues) {
			if (r.chance(0.1)) answers[value.name] = r.pick([1, 'x', null]);
		}
	}
	// Clients send keys in any order.
	const keys = Object.keys(answers);
	for (let i = keys.length - 1; i > 0; i--) {
		const j = r.int(i + 1);
		[keys[i], keys[j]] = [keys[j]!, keys[i]!];
	}
	return Object.fromEntries(keys.map((key) => [key, answers[key]]));
}

interface Tally {
	calls: number;
	decided: number;
	modelAccepted: number;
}

/**
 * Runs `inputs` through the plan and the model (one reused model, as in production, so that
 * anything a submission leaves in it shows in the next) and fails on any disagreement.
 */
function differential(
	json: QuestionnaireJson,
	inputs: { answers: unknown; status: ResponseStatus }[]
): Tally {
	const plan = compileAnswerPlan(json);
	expect(plan).not.toBeNull();
	const model = createModelValidator(json);
	const tally: Tally = { calls: 0, decided: 0, modelAccepted: 0 };
	let fresh = 0;
	for (const { answers, status } of inputs) {
		const snapshot = JSON.stringify(answers);
		const fast = plan!.check(answers, status);
		const expected: ValidationResult = model(answers, status);
		tally.calls++;
		if (expected.ok) tally.modelAccepted++;
		if (fast === null) continue;
		tally.decided++;
		const context = `${status} ${snapshot}`;
		expect(expected.ok, context).toBe(true);
		expect(JSON.stringify(fast), context).toBe(JSON.stringify(expected));
		expect(isDeepStrictEqual(fast, expected), context).toBe(true);
		// A fresh model has no history (calculated values never set): the plan must not depend on it.
		if (tally.decided % 8 === 1 && fresh++ < 20) {
			expect(JSON.stringify(validateResponse(json, answers, status)), context).toBe(
				JSON.stringify(fast)
			);
		}
	}
	return tally;
}

describe('answer plan: differential fuzz against the SurveyJS model', () => {
	it('compiles every whitelisted questionnaire', () => {
		for (const { name, json } of whitelisted) {
			expect(compileAnswerPlan(json), name).not.toBeNull();
		}
	});

	it('decides nearly every valid tracker submission, exactly as the model does', () => {
		const synthetic = generateSyntheticResponses({
			seed: 11,
			respondentsPerWave: [200, 200],
			firstWaveDate: '2026-01-15',
			monthsBetweenWaves: 3
		});
		const tally = differential(
			tracker,
			synthetic.map((response, i) => ({
				answers: response.answers,
				status: i % 5 === 0 ? ('partial' as const) : ('complete' as const)
			}))
		);
		expect(tally.modelAccepted).toBe(tally.calls);
		expect(tally.decided / tally.calls).toBeGreaterThanOrEqual(0.95);
	});

	it('agrees with the model on mutated tracker submissions', () => {
		const r = rng(2024);
		const model = new Model(tracker);
		const synthetic = generateSyntheticResponses({
			seed: 5,
			respondentsPerWave: [120],
			firstWaveDate: '2026-01-15',
			monthsBetweenWaves: 3
		});
		const inputs = synthetic.flatMap((response) => {
			const answers = { ...response.answers };
			const keys = Object.keys(answers).filter((key) => model.getQuestionByName(key));
			const variants: Record<string, unknown>[] = [];
			// A required answer missing; an answer changed or broken; screened out.
			const { [r.pick(keys)]: _, ...missing } = answers;
			variants.push(missing);
			const question = model.getQuestionByName(r.pick(keys)) as Question;
			variants.push({ ...answers, [question.name]: mutatedAnswer(question, r) });
			variants.push({ ...answers, age: r.pick([15, 16, 17, '17', 18]), resident: r.pick([1, 2]) });
			variants.push({ age: r.pick([16, 17, 30]), resident: r.pick([1, 2, '2']) });
			variants.push({ ...answers, aware_programmes: ['none'], programme_knowledge: 2 });
			variants.push({ ...answers, age_group: 3, extra: 1 });
			variants.push(randomAnswers(model, r, true));
			return variants.map((variant) => ({
				answers: variant,
				status: r.chance(0.7) ? ('complete' as const) : ('partial' as const)
			}));
		});
		const tally = differential(tracker, inputs);
		expect(tally.decided).toBeGreaterThan(100);
		expect(tally.modelAccepted).toBeGreaterThanOrEqual(tally.decided);
	});

	it.each(whitelisted.map(({ name, json }, index) => ({ name, json, seed: 100 + index })))(
		'agrees with the model on random and mutated answers: $name',
		({ json, seed }) => {
			const r = rng(seed);
			const model = new Model(json);
			const inputs = Array.from({ length: 1000 }, (_, i) => ({
				answers: randomAnswers(model, r, i % 2 === 1),
				status: r.chance(0.6) ? ('complete' as const) : ('partial' as const)
			}));
			const tally = differential(json, inputs);
			// The plan is really used: it decides most of what the model accepts.
			expect(tally.decided).toBeGreaterThan(tally.modelAccepted * 0.5);
			expect(tally.decided).toBeGreaterThan(50);
		}
	);

	it('decides screened-out tracker respondents (only the pages up to their last answer count)', () => {
		const plan = compileAnswerPlan(tracker)!;
		const model = createModelValidator(tracker);
		for (const answers of [
			{ age: 16, resident: 1 },
			{ age: 40, resident: 2 },
			{ age: 17, resident: 1, region: 3, settlement: 1, sex: 2, education: '1' }
		]) {
			const fast = plan.check(answers, 'complete');
			expect(fast).not.toBeNull();
			expect(fast).toEqual(model(answers, 'complete'));
			expect(fast).toMatchObject({ ok: true, endedByTrigger: true });
		}
	});

	it('agrees on every combination of other items and their comments', () => {
		const json: QuestionnaireJson = {
			elements: [
				{ type: 'radiogroup', name: 'r', choices: [1, 2], showOtherItem: true, isRequired: true },
				{ type: 'checkbox', name: 'c', choices: [1, 2], showOtherItem: true, showNoneItem: true },
				{ type: 'boolean', name: 'b', showCommentArea: true },
				{ type: 'text', name: 't' }
			]
		};
		const comments = [undefined, null, '', '  ', 'Podcasts', 5];
		const inputs: { answers: unknown; status: ResponseStatus }[] = [];
		for (const r of [undefined, 1, 'other', '1', 'Podcasts'])
			for (const rComment of comments)
				for (const c of [undefined, [1], ['other'], [2, 'other'], ['none'], ['none', 'other']])
					for (const cComment of comments.slice(0, 5))
						for (const status of ['partial', 'complete'] as const) {
							const answers: Record<string, unknown> = { b: true, 'b-Comment': rComment };
							if (r !== undefined) answers.r = r;
							if (rComment !== undefined) answers['r-Comment'] = rComment;
							if (c !== undefined) answers.c = c;
							if (cComment !== undefined) answers['c-Comment'] = cComment;
							inputs.push({ answers, status });
						}
		const tally = differential(json, inputs);
		expect(tally.decided).toBeGreaterThan(200);
	});

	it('agrees on inputs that are not answer objects and on empty answers', () => {
		const inputs = [null, [], 'age=40', 42, {}, { age: null }, Object.create(null)].flatMap(
			(answers) => [
				{ answers, status: 'partial' as const },
				{ answers, status: 'complete' as const }
			]
		);
		for (const { json } of whitelisted) differential(json, inputs);
	});
});

describe('answer plan: what falls back to the model', () => {
	const base = (element: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
		...extra,
		pages: [
			{
				name: 'p',
				elements: [
					{ type: 'text', name: 'age', inputType: 'number' },
					{ type: 'radiogroup', name: 'q', choices: [1, 2] },
					element
				]
			}
		]
	});
	const unsupported: [string, QuestionnaireJson][] = [
		[
			'validators',
			base({
				type: 'text',
				name: 'v',
				validators: [{ type: 'numeric', minValue: 0, maxValue: 5 }]
			})
		],
		['requiredIf', base({ type: 'text', name: 'v', requiredIf: '{q} = 1' })],
		[
			'a matrixdropdown',
			base({ type: 'matrixdropdown', name: 'v', rows: ['a'], columns: [{ name: 'c' }] })
		],
		[
			'choicesVisibleIf',
			base({ type: 'radiogroup', name: 'v', choices: [1], choicesVisibleIf: '{q} = 1' })
		],
		[
			'maxSelectedChoices',
			base({ type: 'checkbox', name: 'v', choices: [1, 2], maxSelectedChoices: 1 })
		],
		['a paneldynamic', base({ type: 'paneldynamic', name: 'v', templateElements: [] })],
		['an email input', base({ type: 'text', name: 'v', inputType: 'email' })],
		['a function call', base({ type: 'text', name: 'v', visibleIf: 'age({q}) > 3' })],
		['a property path', base({ type: 'text', name: 'v', visibleIf: '{q.length} > 3' })],
		['a variable in another case', base({ type: 'text', name: 'v', visibleIf: '{Q} = 1' })],
		['an unknown variable', base({ type: 'text', name: 'v', visibleIf: '{nobody} = 1' })],
		['a syntax error', base({ type: 'text', name: 'v', visibleIf: '{q} = = 1' })],
		[
			'a calculated text value',
			base(
				{ type: 'text', name: 'v' },
				{ calculatedValues: [{ name: 'c', expression: "iif({q} = 1, 'a', 'b')" }] }
			)
		],
		[
			'calculated values in a cycle',
			base(
				{ type: 'text', name: 'v' },
				{
					calculatedValues: [
						{ name: 'c1', expression: 'iif({c2} > 1, 1, 2)' },
						{ name: 'c2', expression: 'iif({c1} > 1, 1, 2)' }
					]
				}
			)
		],
		[
			'a set-value trigger',
			base(
				{ type: 'text', name: 'v' },
				{ triggers: [{ type: 'setvalue', expression: '{q} = 1', setToName: 'v', setValue: 'x' }] }
			)
		],
		['a default value', base({ type: 'text', name: 'v', defaultValue: 'x' })],
		['a value name', base({ type: 'text', name: 'v', valueName: 'q2' })],
		[
			'other and comment box together',
			base({
				type: 'radiogroup',
				name: 'v',
				choices: [1],
				showOtherItem: true,
				showCommentArea: true
			})
		],
		['random page order', base({ type: 'text', name: 'v' }, { questionsOrder: 'random' })],
		[
			'a matrix condition naming a row',
			base({ type: 'matrix', name: 'v', rows: ['q'], columns: [1], visibleIf: '{q} = 1' })
		],
		['a hidden question', base({ type: 'text', name: 'v', visible: false })]
	];

	it.each(unsupported)(
		'gives no plan for %s, and the validator still gives the model result',
		(_, json) => {
			expect(compileAnswerPlan(json)).toBeNull();
			const validate = createResponseValidator(json);
			const model = createModelValidator(json);
			const r = rng(7);
			const reference = new Model(json);
			for (let i = 0; i < 40; i++) {
				const answers = randomAnswers(reference, r, i % 2 === 0);
				const status = i % 3 === 0 ? 'partial' : 'complete';
				expect(validate(answers, status)).toEqual(model(answers, status));
			}
		}
	);

	it('the validator with a plan gives the model result on an interleaved stream', () => {
		const validate = createResponseValidator(routing);
		const model = createModelValidator(routing);
		const r = rng(99);
		const reference = new Model(routing);
		for (let i = 0; i < 250; i++) {
			const answers = randomAnswers(reference, r, i % 3 === 0);
			const status = r.chance(0.5) ? 'partial' : 'complete';
			expect(validate(answers, status)).toEqual(model(answers, status));
		}
	});
});
