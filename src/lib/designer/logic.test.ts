import { readFileSync } from 'node:fs';
import { ConditionRunner } from 'survey-core';
import { describe, expect, it } from 'vitest';
import {
	checkExpression,
	conditionIsComplete,
	describeLocation,
	elementsInOrder,
	expressionToRule,
	isConditionProperty,
	logicOf,
	operatorLabels,
	operatorsFor,
	ruleToExpression,
	type Condition,
	type LogicRule,
	type Operator
} from './logic.ts';

const awareness = JSON.parse(
	readFileSync(new URL('../../../surveys/awareness-tracker.json', import.meta.url), 'utf8')
) as Record<string, unknown>;

const one = (condition: Condition): LogicRule => ({
	join: 'and',
	groups: [{ join: 'and', conditions: [condition] }]
});

describe('ruleToExpression', () => {
	it('writes groups in brackets only when the rule has several', () => {
		const rule: LogicRule = {
			join: 'or',
			groups: [
				{
					join: 'and',
					conditions: [
						{ question: 'q1', operator: 'equal', value: 1 },
						{ question: 'q2', operator: 'anyof', value: [1, 2] }
					]
				},
				{ join: 'and', conditions: [{ question: 'q3', operator: 'notempty' }] }
			]
		};
		expect(ruleToExpression(rule)).toBe('({q1} = 1 and {q2} anyof [1, 2]) or {q3} notempty');
		expect(ruleToExpression({ join: 'and', groups: [rule.groups[0]!] })).toBe(
			'{q1} = 1 and {q2} anyof [1, 2]'
		);
	});

	it('gives an empty string for an empty rule', () => {
		expect(ruleToExpression({ join: 'and', groups: [] })).toBe('');
		expect(ruleToExpression({ join: 'or', groups: [{ join: 'and', conditions: [] }] })).toBe('');
	});

	it('leaves out conditions that are not filled in, and groups left empty', () => {
		const rule: LogicRule = {
			join: 'or',
			groups: [
				{ join: 'and', conditions: [{ question: '', operator: 'equal', value: 1 }] },
				{
					join: 'and',
					conditions: [
						{ question: 'q1', operator: 'equal' },
						{ question: 'q2', operator: 'anyof', value: [] },
						{ question: 'q3', operator: 'greater', value: 2 }
					]
				}
			]
		};
		expect(ruleToExpression(rule)).toBe('{q3} > 2');
	});

	it('writes strings quoted, escaping quotes, and numbers without exponents', () => {
		expect(ruleToExpression(one({ question: 'q', operator: 'equal', value: `O'Brien "Jr"` }))).toBe(
			`{q} = 'O\\'Brien \\"Jr\\"'`
		);
		expect(ruleToExpression(one({ question: 'q', operator: 'less', value: 1e-7 }))).toBe(
			'{q} < 0.0000001'
		);
	});

	it('gives expressions survey-core evaluates as the builder means them', () => {
		const expression = ruleToExpression({
			join: 'or',
			groups: [
				{
					join: 'and',
					conditions: [
						{ question: 'q1', operator: 'equal', value: 1 },
						{ question: 'q2', operator: 'contains', value: 3 }
					]
				},
				{ join: 'and', conditions: [{ question: 'q3', operator: 'empty' }] }
			]
		});
		const runner = new ConditionRunner(expression);
		expect(runner.runValues({ q1: 1, q2: [3, 4], q3: 'x' })).toBe(true);
		expect(runner.runValues({ q1: 1, q2: [4], q3: 'x' })).toBe(false);
		expect(runner.runValues({ q1: 2, q2: [4] })).toBe(true);
	});
});

describe('conditionIsComplete', () => {
	it('needs a question, and a value of the right shape unless the operator takes none', () => {
		expect(conditionIsComplete({ question: 'q', operator: 'empty' })).toBe(true);
		expect(conditionIsComplete({ question: ' ', operator: 'empty' })).toBe(false);
		expect(conditionIsComplete({ question: 'q', operator: 'equal', value: 0 })).toBe(true);
		expect(conditionIsComplete({ question: 'q', operator: 'equal', value: [1] })).toBe(false);
		expect(conditionIsComplete({ question: 'q', operator: 'anyof', value: 1 })).toBe(false);
		expect(conditionIsComplete({ question: 'q', operator: 'equal', value: Number.NaN })).toBe(
			false
		);
	});

	it('refuses strings that survey-core would rewrite or misread', () => {
		for (const value of ['a<>b', 'x => y', 'equals', 'ends in \\']) {
			expect(conditionIsComplete({ question: 'q', operator: 'equal', value })).toBe(false);
		}
	});
});

describe('expressionToRule', () => {
	const values: Record<Operator, Condition['value']> = {
		equal: 1,
		notequal: 'text',
		greater: -2.5,
		less: 100,
		greaterorequal: 0,
		lessorequal: 7,
		contains: 'part',
		notcontains: 3,
		anyof: [1, 'two', 3],
		allof: ['a', 'b'],
		empty: undefined,
		notempty: undefined
	};

	for (const operator of Object.keys(values) as Operator[]) {
		it(`round-trips ${operator}`, () => {
			const value = values[operator];
			const condition: Condition =
				value === undefined ? { question: 'q1', operator } : { question: 'q1', operator, value };
			const rule = one(condition);
			expect(expressionToRule(ruleToExpression(rule))).toEqual(rule);
		});
	}

	it('round-trips string, number, boolean and list values exactly', () => {
		const cases: Condition['value'][] = [
			'1',
			1,
			true,
			false,
			'',
			'true',
			'01',
			`it's "quoted"`,
			'back\\slash',
			['1', 1],
			[`a'b`, 'c"d']
		];
		for (const value of cases) {
			const operator: Operator = Array.isArray(value) ? 'anyof' : 'equal';
			const rule = one({ question: 'q', operator, value });
			expect(expressionToRule(ruleToExpression(rule))).toEqual(rule);
		}
	});

	it('round-trips rules of groups', () => {
		const rules: LogicRule[] = [
			{
				join: 'or',
				groups: [
					{
						join: 'and',
						conditions: [
							{ question: 'q1', operator: 'equal', value: 1 },
							{ question: 'q2', operator: 'anyof', value: [1, 2] }
						]
					},
					{ join: 'and', conditions: [{ question: 'q3', operator: 'notempty' }] }
				]
			},
			{
				join: 'and',
				groups: [
					{
						join: 'or',
						conditions: [
							{ question: 'a', operator: 'equal', value: 1 },
							{ question: 'b', operator: 'equal', value: 2 }
						]
					},
					{
						join: 'or',
						conditions: [
							{ question: 'c', operator: 'less', value: 3 },
							{ question: 'd', operator: 'empty' }
						]
					}
				]
			},
			{
				join: 'and',
				groups: [
					{
						join: 'or',
						conditions: [
							{ question: 'a', operator: 'contains', value: 'x' },
							{ question: 'b', operator: 'allof', value: [1, 2] }
						]
					}
				]
			}
		];
		for (const rule of rules) expect(expressionToRule(ruleToExpression(rule))).toEqual(rule);
	});

	it('reads expressions as written by hand', () => {
		expect(expressionToRule(`{a} == 1 && {b} <> "x"`)).toEqual({
			join: 'and',
			groups: [
				{
					join: 'and',
					conditions: [
						{ question: 'a', operator: 'equal', value: 1 },
						{ question: 'b', operator: 'notequal', value: 'x' }
					]
				}
			]
		});
		// A constant on the left is turned around.
		expect(expressionToRule('18 <= {age}')).toEqual(
			one({ question: 'age', operator: 'greaterorequal', value: 18 })
		);
		expect(expressionToRule('  ')).toEqual({ join: 'and', groups: [] });
	});

	it('gives one group per bare condition next to bracketed groups', () => {
		expect(expressionToRule('{a} = 1 or ({b} = 2 and {c} = 3) or {d} empty')).toEqual({
			join: 'or',
			groups: [
				{ join: 'and', conditions: [{ question: 'a', operator: 'equal', value: 1 }] },
				{
					join: 'and',
					conditions: [
						{ question: 'b', operator: 'equal', value: 2 },
						{ question: 'c', operator: 'equal', value: 3 }
					]
				},
				{ join: 'and', conditions: [{ question: 'd', operator: 'empty' }] }
			]
		});
	});

	it('gives null for what the builder cannot show', () => {
		for (const expression of [
			'{a} = 1 and ({b} = 2 or ({c} = 3 and {d} = 4))',
			'{a} + 1 > 2',
			'age({birth}) >= 18',
			'{a} = {b}',
			'!({a} = 1)',
			'{a} noneof [1, 2]',
			'{a} anyof 1',
			'{a} = [1, 2]',
			'{a} = null',
			'{a}',
			'true',
			'{a} = ',
			"{a} = 'unterminated"
		]) {
			expect(expressionToRule(expression), expression).toBeNull();
		}
	});
});

describe('operatorsFor', () => {
	it('offers what suits the answers of each question type', () => {
		expect(operatorsFor('radiogroup')).toEqual(['equal', 'notequal', 'anyof', 'empty', 'notempty']);
		expect(operatorsFor('checkbox')).toContain('allof');
		expect(operatorsFor('checkbox')).not.toContain('equal');
		expect(operatorsFor('rating')).toContain('greaterorequal');
		expect(operatorsFor('boolean')).toEqual(['equal', 'notequal', 'empty', 'notempty']);
		expect(operatorsFor('html')).toEqual([]);
		expect(operatorsFor('multipletext')).toEqual(['empty', 'notempty']);
	});

	it('labels every operator', () => {
		const all = new Set(
			['radiogroup', 'rating', 'checkbox', 'text', 'comment', 'expression'].flatMap(operatorsFor)
		);
		for (const operator of all) expect(operatorLabels[operator]).toMatch(/\w/);
		expect(all.size).toBe(Object.keys(operatorLabels).length);
	});
});

const branching = {
	title: 'Branching',
	triggers: [
		{ type: 'skip', expression: '{q1} = 2', gotoName: 'q4' },
		{ type: 'complete', expression: '{q1} = 3' }
	],
	calculatedValues: [
		{ name: 'total', expression: '{q1} + {q2}', includeIntoResult: true },
		{ name: 'late_total', expression: '{q4} * 2' }
	],
	completedHtmlOnCondition: [{ expression: '{q4} = 1', html: 'Bye' }],
	pages: [
		{
			name: 'p1',
			elements: [
				{ type: 'radiogroup', name: 'q1', choices: [1, 2, 3], showCommentArea: true },
				{
					type: 'checkbox',
					name: 'q2',
					choices: [1, 2],
					choicesVisibleIf: '{item} != {q1}',
					visibleIf: '{q1} = 1'
				}
			]
		},
		{
			name: 'p2',
			visibleIf: '{q1} notempty',
			elements: [
				{
					type: 'panel',
					name: 'box',
					visibleIf: '{q2} contains 1',
					elements: [
						{
							type: 'matrix',
							name: 'grid',
							rows: ['r1', { value: 'r2', text: 'Row 2' }],
							columns: [1, 2]
						},
						{
							type: 'text',
							name: 'q4',
							inputType: 'number',
							validators: [{ type: 'expression', expression: '{q4} > {grid.r1}' }]
						}
					]
				},
				{ type: 'expression', name: 'q5', expression: '{total} * 2' }
			]
		}
	]
};

describe('elementsInOrder', () => {
	it('lists pages, panels and questions in document order with their extent', () => {
		const entries = elementsInOrder(branching);
		expect(entries.map((e) => `${e.kind} ${e.name} ${e.order}-${e.end} p${e.page}`)).toEqual([
			'page p1 0-2 p0',
			'question q1 1-1 p0',
			'question q2 2-2 p0',
			'page p2 3-7 p1',
			'panel box 4-6 p1',
			'question grid 5-5 p1',
			'question q4 6-6 p1',
			'question q5 7-7 p1'
		]);
		expect(entries.find((e) => e.name === 'q4')?.parent?.name).toBe('box');
	});

	it('names unnamed pages and panels and reads a questionnaire of bare elements', () => {
		const entries = elementsInOrder({
			elements: [{ type: 'panel', elements: [{ type: 'text', name: 'a' }] }]
		});
		expect(entries.map((e) => e.name)).toEqual(['page1', 'panel1', 'a']);
	});
});

describe('logicOf', () => {
	it('finds every expression with its owner and property', () => {
		expect(logicOf(branching).map((l) => [l.kind, l.element, l.property, l.expression])).toEqual([
			['survey', '', 'triggers[0].expression', '{q1} = 2'],
			['survey', '', 'triggers[1].expression', '{q1} = 3'],
			['survey', '', 'completedHtmlOnCondition[0].expression', '{q4} = 1'],
			['calculated', 'total', 'expression', '{q1} + {q2}'],
			['calculated', 'late_total', 'expression', '{q4} * 2'],
			['question', 'q2', 'choicesVisibleIf', '{item} != {q1}'],
			['question', 'q2', 'visibleIf', '{q1} = 1'],
			['page', 'p2', 'visibleIf', '{q1} notempty'],
			['panel', 'box', 'visibleIf', '{q2} contains 1'],
			['question', 'q4', 'validators[0].expression', '{q4} > {grid.r1}'],
			['question', 'q5', 'expression', '{total} * 2']
		]);
	});

	it('finds the logic of choices, enable and required conditions', () => {
		const json = {
			pages: [
				{
					elements: [
						{
							type: 'radiogroup',
							name: 'a',
							enableIf: '{b} = 1',
							requiredIf: '{b} = 2',
							choices: [{ value: 1, text: 'x', visibleIf: '{b} = 3' }]
						}
					]
				}
			]
		};
		expect(logicOf(json).map((l) => l.property)).toEqual([
			'enableIf',
			'requiredIf',
			'choices[0].visibleIf'
		]);
	});

	it('tells conditions from value expressions', () => {
		const kinds = Object.fromEntries(
			logicOf(branching).map((l) => [`${l.element}:${l.property}`, isConditionProperty(l)])
		);
		expect(kinds).toMatchObject({
			':triggers[0].expression': true,
			'total:expression': false,
			'q2:visibleIf': true,
			'q4:validators[0].expression': true,
			'q5:expression': false
		});
	});

	it('finds the awareness tracker’s logic', () => {
		expect(logicOf(awareness).map((l) => `${l.element}:${l.property}`)).toEqual([
			':completedHtmlOnCondition[0].expression',
			':triggers[0].expression',
			'age_group:expression',
			'programme_knowledge:visibleIf'
		]);
	});
});

describe('describeLocation', () => {
	it('names the logic and its owner in words', () => {
		const at = (element: string, property: string, kind: 'survey' | 'question' | 'page') =>
			describeLocation(branching, { element, property, kind });
		expect(at('q2', 'visibleIf', 'question')).toBe('Display logic of question "q2"');
		expect(at('q2', 'choices[1].visibleIf', 'question')).toBe(
			'Display logic of choice 2 of question "q2"'
		);
		expect(at('p2', 'visibleIf', 'page')).toBe('Display logic of page "p2"');
		expect(at('', 'triggers[0].expression', 'survey')).toBe('Skip logic (trigger 1, to "q4")');
		expect(at('', 'triggers[1].expression', 'survey')).toBe('Early completion (trigger 2)');
	});
});

describe('checkExpression', () => {
	const check = (expression: string, element: string, property = 'visibleIf') =>
		checkExpression(expression, { json: branching, element, property });

	it('accepts every expression of the example questionnaires', () => {
		for (const json of [branching, awareness]) {
			for (const location of logicOf(json)) {
				expect(
					checkExpression(location.expression, { json, ...location }),
					location.property
				).toEqual([]);
			}
		}
	});

	it('reports an expression survey-core cannot read', () => {
		const [problem, ...rest] = check('{q1} = ', 'q2');
		expect(rest).toEqual([]);
		expect(problem).toMatchObject({ element: 'q2', property: 'visibleIf', kind: 'invalid' });
		expect(problem?.message).toBe(
			'Display logic of question "q2" is not a valid expression: it ends too early ("{q1} =").'
		);
		expect(check('{q1} = 1 an {q2} = 2', 'q4')[0]?.message).toContain('at character 10');
	});

	it('reports unknown functions', () => {
		expect(check('nosuch({q1}) > 1', 'q2')).toEqual([
			expect.objectContaining({
				kind: 'invalid',
				message: 'Display logic of question "q2" uses the function nosuch(), which does not exist.'
			})
		]);
		expect(check('age({q1}) > 1 and iif({q1} = 1, true, false)', 'q2')).toEqual([]);
	});

	it('reports names that do not exist, and rows and comments a question lacks', () => {
		const problems = check(
			'{nope} = 1 or {grid.r3} = 1 or {q2-Comment} notempty or {q1-other} notempty',
			'q5'
		);
		expect(problems.map((p) => [p.kind, p.message])).toEqual([
			[
				'missing',
				'Display logic of question "q5" refers to {nope}, which is not a question or calculated value.'
			],
			[
				'missing',
				'Display logic of question "q5" refers to {grid.r3}, but question "grid" has no row "r3".'
			],
			[
				'missing',
				'Display logic of question "q5" refers to {q2-Comment}, but question "q2" has no comment box.'
			],
			[
				'missing',
				'Display logic of question "q5" refers to {q1-other}, which does not exist (the text of "Other" or of a comment box is {q1-Comment}).'
			]
		]);
	});

	it('accepts value paths survey-core understands', () => {
		expect(check('{grid.r2} = 1 and {Q1-comment} notempty and {q1-unwrapped} = 1', 'q5')).toEqual(
			[]
		);
		// {item} is the choice being filtered, only inside a choice filter.
		expect(check('{item} > 1', 'q2', 'choicesVisibleIf')).toEqual([]);
		expect(check('{item} > 1', 'q2')[0]?.kind).toBe('missing');
	});

	it('reports questions that come later, or the element itself', () => {
		expect(check('{q4} > 1', 'q2')).toEqual([
			{
				element: 'q2',
				property: 'visibleIf',
				kind: 'later',
				message:
					'Display logic of question "q2" refers to {q4}, which comes after it: its answer is not known yet when the condition is checked.'
			}
		]);
		expect(check('{q2} notempty', 'q2')[0]?.message).toContain("the question's own answer");
		// A panel's own questions are not answered before it is shown.
		expect(check('{grid.r1} = 1', 'box')[0]?.kind).toBe('later');
		expect(check('{q1} = 1', 'box')).toEqual([]);
	});

	it('lets a validation rule read the question it validates', () => {
		expect(check('{q4} > 1', 'q4', 'validators[0].expression')).toEqual([]);
		expect(check('{q5} > 1', 'q4', 'validators[0].expression')[0]?.kind).toBe('later');
	});

	it('judges a page by the questions on earlier pages', () => {
		expect(check('{q2} notempty', 'p2')).toEqual([]);
		const [problem] = checkExpression('{q1} = 1', {
			json: { pages: [{ name: 'p1', elements: [{ type: 'text', name: 'q1' }] }] },
			element: 'p1',
			property: 'visibleIf'
		});
		expect(problem?.message).toBe(
			'Display logic of page "p1" refers to {q1}, which is not on an earlier page: its answer is not known yet when the page is shown.'
		);
	});

	it('follows calculated values to the questions they are calculated from', () => {
		expect(check('{total} > 2', 'grid')).toEqual([]);
		expect(check('{late_total} > 2', 'grid')[0]?.message).toBe(
			'Display logic of question "grid" refers to {late_total}, which is calculated from {q4} (page "p2"): that answer is not known yet when the condition is checked.'
		);
	});

	it('puts no order on survey-wide logic and calculated values', () => {
		expect(check('{q5} = 1', '', 'triggers[0].expression')).toEqual([]);
		expect(
			checkExpression('{q5} = 1', {
				json: branching,
				element: 'total',
				property: 'expression',
				kind: 'calculated'
			})
		).toEqual([]);
	});

	it('tells a page from a question of the same name by kind', () => {
		const json = {
			pages: [
				{ name: 'a', elements: [{ type: 'text', name: 'x' }] },
				{ name: 'trust', elements: [{ type: 'text', name: 'trust' }] }
			]
		};
		const context = { json, element: 'trust', property: 'visibleIf' } as const;
		expect(checkExpression('{x} = 1', { ...context, kind: 'page' })).toEqual([]);
		expect(checkExpression('{trust} = 1', { ...context, kind: 'page' })[0]?.kind).toBe('later');
		expect(checkExpression('{trust} = 1', context)[0]?.message).toContain('question "trust"');
	});

	it('gives nothing for an empty expression', () => {
		expect(check('  ', 'q2')).toEqual([]);
	});
});
