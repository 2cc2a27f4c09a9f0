import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blocksSaving, designChecks, type CheckKind, type DesignCheck } from './checks.ts';

const awareness = JSON.parse(
	readFileSync(new URL('../../../surveys/awareness-tracker.json', import.meta.url), 'utf8')
) as Record<string, unknown>;

type Json = Record<string, unknown>;

const onePage = (elements: Json[], extra: Json = {}): Json => ({
	...extra,
	pages: [{ name: 'p1', elements }]
});

const radio = (name: string, codes: number[] = [1, 2, 3], extra: Json = {}): Json => ({
	type: 'radiogroup',
	name,
	choices: codes.map((value) => ({ value, text: `Option ${value}` })),
	...extra
});

const ofKind = (checks: DesignCheck[], kind: CheckKind) => checks.filter((c) => c.kind === kind);

describe('designChecks on the example questionnaire', () => {
	it('finds nothing wrong with the awareness tracker', () => {
		expect(designChecks(awareness)).toEqual([]);
		expect(designChecks(awareness, { languages: ['ka', 'ru'] })).toEqual([]);
	});
});

describe('logic problems', () => {
	it('reports unreadable, unknown and later references as errors on their element', () => {
		const checks = designChecks(
			onePage([
				radio('q1', [1, 2], { visibleIf: '{q2} = 1' }),
				radio('q2', [1, 2], { enableIf: '{q1} = ' }),
				radio('q3', [1, 2], { requiredIf: '{nope} = 1' })
			])
		);
		expect(checks.map((c) => [c.kind, c.severity, c.element])).toEqual([
			['logic-later', 'error', 'q1'],
			['logic-invalid', 'error', 'q2'],
			['logic-missing', 'error', 'q3']
		]);
		expect(checks[2]?.message).toBe(
			'Required condition of question "q3" refers to {nope}, which is not a question or calculated value.'
		);
	});

	it('reports survey-wide logic with no element', () => {
		const checks = designChecks(
			onePage([radio('q1')], { triggers: [{ type: 'complete', expression: '{q9} = 1' }] })
		);
		expect(checks).toEqual([
			{
				kind: 'logic-missing',
				severity: 'error',
				element: null,
				message:
					'Early completion (trigger 1) refers to {q9}, which is not a question or calculated value.'
			}
		]);
	});
});

describe('skip targets', () => {
	it('reports a skip to a question that does not exist, or to none', () => {
		const checks = designChecks(
			onePage([radio('q1'), radio('q2')], {
				triggers: [
					{ type: 'skip', expression: '{q1} = 1', gotoName: 'q2' },
					{ type: 'skip', expression: '{q1} = 2', gotoName: 'q9' },
					{ type: 'skip', expression: '{q1} = 3' }
				]
			})
		);
		expect(checks.map((c) => [c.kind, c.element, c.message])).toEqual([
			[
				'logic-missing',
				null,
				'Skip logic (trigger 2, to "q9") jumps to "q9", which is not a question in this questionnaire.'
			],
			['logic-missing', null, 'Skip logic (trigger 3) does not say which question to jump to.']
		]);
	});
});

describe('constant logic', () => {
	it('says what a constant trigger or validation rule means', () => {
		const checks = designChecks(
			onePage(
				[
					radio('q1'),
					{
						type: 'text',
						name: 't',
						validators: [{ type: 'expression', expression: '{q1} = 1 or {q1} != 1' }]
					},
					radio('q2')
				],
				{ triggers: [{ type: 'skip', expression: '{q1} = 9', gotoName: 'q2' }] }
			)
		);
		expect(checks.map((c) => c.message)).toEqual([
			'Skip logic (trigger 1, to "q2"), {q1} = 9, is always false because q1 has no choice 9: the skip never happens.',
			'Validation rule of question "t", {q1} = 1 or {q1} != 1, is always true: the rule never rejects an answer.'
		]);
	});

	it('warns about a condition that holds whatever the answers', () => {
		const checks = designChecks(
			onePage([radio('q3'), radio('q7', [1], { visibleIf: '{q3} notempty or {q3} empty' })])
		);
		expect(checks).toEqual([
			{
				kind: 'logic-constant',
				severity: 'warning',
				element: 'q7',
				message:
					'Display logic of question "q7", {q3} notempty or {q3} empty, is always true: it is always shown, so the condition has no effect.'
			}
		]);
	});

	it('warns about conditions that can never hold, saying why when a code is missing', () => {
		const checks = designChecks(
			onePage([
				radio('q1'),
				radio('q2', [1], { enableIf: '{q1} = 1 and {q1} = 2' }),
				radio('q3', [1], { requiredIf: '{q1} anyof [4, 5]' })
			])
		);
		expect(ofKind(checks, 'logic-constant').map((c) => c.message)).toEqual([
			'Enable condition of question "q2", {q1} = 1 and {q1} = 2, is always false: it can never be answered.',
			'Required condition of question "q3", {q1} anyof [4, 5], is always false because q1 has no choice 4: an answer is never required by it.'
		]);
	});

	it('evaluates a condition without variables directly', () => {
		const checks = designChecks(onePage([radio('q1', [1], { enableIf: '1 = 1' })]));
		expect(checks.map((c) => [c.kind, c.element])).toEqual([['logic-constant', 'q1']]);
		expect(checks[0]?.message).toContain('is always true: the condition has no effect');
	});

	it('tries every set of options of a small multi-select, and the two answers of a yes/no', () => {
		const checks = designChecks(
			onePage([
				{ type: 'checkbox', name: 'c', choices: [1, 2, 3] },
				{ type: 'boolean', name: 'b' },
				radio('q1', [1], { visibleIf: '{c} contains 1 or {c} notcontains 1' }),
				radio('q2', [1], { visibleIf: '{c} allof [1, 2] and {c} notcontains 2' }),
				radio('q3', [1], { visibleIf: '{b} = true or {b} = false' }),
				radio('q4', [1], { visibleIf: '{c} contains 2 and {b} = true' })
			])
		);
		expect(checks.map((c) => [c.kind, c.element])).toEqual([
			['logic-constant', 'q1'],
			['unreachable', 'q2']
		]);
	});

	it('reads grid rows by their columns', () => {
		const grid = {
			type: 'matrix',
			name: 'grid',
			rows: ['r1', 'r2'],
			columns: [1, 2, 3]
		};
		const checks = designChecks(onePage([grid, radio('q', [1], { visibleIf: '{grid.r1} = 7' })]));
		expect(checks.map((c) => c.message)).toEqual([
			'Question "q" is shown only if {grid.r1} = 7, but grid has no column 7: it can never be shown.'
		]);
	});

	it('leaves alone conditions on free answers, functions and too many combinations', () => {
		const many = Array.from({ length: 30 }, (_, i) => i + 1);
		const checks = designChecks(
			onePage([
				{ type: 'text', name: 't' },
				radio('a', many),
				radio('b', many),
				radio('c', many),
				radio('q1', [1], { visibleIf: '{t} = 1 and {t} = 2' }),
				radio('q2', [1], { visibleIf: '{a} = 1 and {b} = 1 and {c} = 1 and {a} = 2' }),
				radio('q3', [1], { visibleIf: 'iif({a} = 1, false, false)' }),
				{ type: 'checkbox', name: 'big', choices: [1, 2, 3, 4, 5, 6, 7] },
				radio('q4', [1], { visibleIf: '{big} contains 1 or {big} notcontains 1' })
			])
		);
		expect(checks).toEqual([]);
	});
});

describe('unreachable elements', () => {
	it('gives the example message for a display condition on a code that does not exist', () => {
		const checks = designChecks(
			onePage([radio('q3'), radio('q7', [1], { visibleIf: '{q3} = 5' })])
		);
		expect(checks).toEqual([
			{
				kind: 'unreachable',
				severity: 'warning',
				element: 'q7',
				message:
					'Question "q7" is shown only if {q3} = 5, but q3 has no choice 5: it can never be shown.'
			}
		]);
	});

	it('reports what is inside a panel or page that can never be shown', () => {
		const checks = designChecks({
			pages: [
				{ name: 'p1', elements: [radio('q1')] },
				{
					name: 'p2',
					visibleIf: '{q1} = 1 and {q1} = 3',
					elements: [{ type: 'panel', name: 'box', elements: [radio('q2')] }, radio('q3')]
				},
				{
					name: 'p3',
					elements: [{ type: 'panel', name: 'hidden', visibleIf: 'false', elements: [radio('q4')] }]
				}
			]
		});
		expect(ofKind(checks, 'unreachable').map((c) => [c.element, c.message])).toEqual([
			[
				'p2',
				'Page "p2" is shown only if {q1} = 1 and {q1} = 3, which is never true: it can never be shown.'
			],
			['box', 'Panel "box" can never be shown: it is inside page "p2", which can never be shown.'],
			[
				'q2',
				'Question "q2" can never be shown: it is inside panel "box", which can never be shown.'
			],
			['q3', 'Question "q3" can never be shown: it is inside page "p2", which can never be shown.'],
			[
				'hidden',
				'Panel "hidden" is shown only if false, which is never true: it can never be shown.'
			],
			[
				'q4',
				'Question "q4" can never be shown: it is inside panel "hidden", which can never be shown.'
			]
		]);
		expect(checks.every((c) => c.severity === 'warning')).toBe(true);
	});

	const pages = (...names: string[]) =>
		names.map((name, i) => ({ name, elements: [radio(`q${i + 1}`)] }));

	it('reports the pages after a complete trigger that always fires', () => {
		const checks = designChecks({
			triggers: [{ type: 'complete', expression: '{q2} notempty or {q2} empty' }],
			pages: pages('a', 'b', 'c')
		});
		expect(ofKind(checks, 'logic-constant')).toHaveLength(1);
		expect(ofKind(checks, 'unreachable').map((c) => [c.element, c.message])).toEqual([
			[
				'c',
				'Page "c" can never be reached: early completion (trigger 1) always ends the survey on page "b" ({q2} notempty or {q2} empty is always true).'
			],
			[
				'q3',
				'Question "q3" can never be reached: early completion (trigger 1) always ends the survey on page "b" ({q2} notempty or {q2} empty is always true).'
			]
		]);
	});

	it('reports the pages a skip that always fires jumps over', () => {
		const checks = designChecks({
			triggers: [{ type: 'skip', expression: '{q1} empty or {q1} notempty', gotoName: 'q4' }],
			pages: pages('a', 'b', 'c', 'd', 'e')
		});
		expect(ofKind(checks, 'unreachable').map((c) => c.element)).toEqual(['b', 'q2', 'c', 'q3']);
		expect(ofKind(checks, 'unreachable')[0]?.message).toBe(
			'Page "b" can never be reached: skip logic (trigger 1, to "q4") always jumps from page "a" to "q4" ({q1} empty or {q1} notempty is always true).'
		);
	});

	it('does not count triggers that may not fire', () => {
		const checks = designChecks({
			triggers: [
				{ type: 'complete', expression: '{q1} = 1' },
				{ type: 'skip', expression: '{q1} = 2', gotoName: 'q3' }
			],
			pages: pages('a', 'b', 'c')
		});
		expect(checks).toEqual([]);
	});
});

describe('names', () => {
	it('reports question names used twice, also in another letter case or by a calculated value', () => {
		const checks = designChecks(
			{
				calculatedValues: [{ name: 'Q2', expression: '{q1} + 1' }],
				pages: [
					{ name: 'p1', elements: [radio('q1'), radio('q2')] },
					{ name: 'p2', elements: [radio('q1')] }
				]
			},
			{}
		);
		expect(ofKind(checks, 'duplicate-name').map((c) => [c.element, c.message])).toEqual([
			['q1', 'The name "q1" is used by 2 questions: each needs a name of its own.'],
			[
				'q2',
				'The names "q2" and "Q2" differ only in letter case, which analysis tables do not tell apart: a question and a calculated value need names of their own.'
			]
		]);
		expect(ofKind(checks, 'duplicate-name').every(blocksSaving)).toBe(true);
	});

	it('reports pages and panels of the same name, but not a page named like its question', () => {
		const checks = designChecks({
			pages: [
				{ name: 'same', elements: [{ type: 'panel', name: 'box', elements: [radio('same')] }] },
				{ name: 'same', elements: [{ type: 'panel', name: 'box', elements: [radio('q2')] }] }
			]
		});
		expect(ofKind(checks, 'duplicate-name').map((c) => c.message)).toEqual([
			'The name "same" is used by 2 pages: each needs a name of its own.',
			'The name "box" is used by 2 panels: each needs a name of its own.'
		]);
	});

	it('reports names analysis cannot use, including the variables a question becomes', () => {
		const checks = designChecks(
			onePage(
				[
					radio('1st'),
					{ type: 'radiogroup', choices: [1] },
					{ type: 'html', name: 'intro text', html: 'Hello' },
					{ type: 'matrix', name: 'grid', rows: ['ok', 'not ok'], columns: [1, 2] },
					{ type: 'checkbox', name: 'multi', choices: [1, -1] }
				],
				{ calculatedValues: [{ name: 'my value', expression: '1', includeIntoResult: true }] }
			)
		);
		expect(ofKind(checks, 'invalid-name').map((c) => [c.element, c.message])).toEqual([
			[
				'1st',
				'Question name "1st" must start with a letter and use only letters, digits and _ (at most 64).'
			],
			[null, 'A radiogroup question on page "p1" has no name.'],
			[
				'grid',
				'Question "grid" gives its row not ok the variable name "grid_not ok", which must start with a letter and use only letters, digits and _ (at most 64).'
			],
			[
				'multi',
				'Question "multi" gives its choice -1 the variable name "multi_-1", which must start with a letter and use only letters, digits and _ (at most 64).'
			],
			[
				'my value',
				'Calculated value name "my value" must start with a letter and use only letters, digits and _ (at most 64).'
			]
		]);
	});
});

describe('choice codes', () => {
	it('reports choices without a code, with a code that is not a number, and codes used twice', () => {
		const checks = designChecks(
			onePage([
				{
					type: 'radiogroup',
					name: 'q1',
					choices: [
						{ value: 1, text: 'Yes' },
						{ text: 'No' },
						{ value: '3', text: 'Maybe' },
						{ value: 'dk', text: "Don't know" },
						{ value: 1, text: { default: 'Yes again', ka: 'x' } },
						'4|Four',
						5
					]
				}
			])
		);
		expect(checks.map((c) => [c.kind, c.element, c.message])).toEqual([
			['choice-code', 'q1', 'Question "q1": choice 2 ("No") has no code.'],
			[
				'choice-code',
				'q1',
				'Question "q1": choice 3 ("Maybe") has the code "3" written as text; make it the number 3.'
			],
			[
				'choice-code',
				'q1',
				'Question "q1": choice 4 ("Don\'t know") has the code "dk", which is not a number.'
			],
			[
				'choice-code',
				'q1',
				'Question "q1": choice 6 has the code "4" written as text; make it the number 4.'
			],
			[
				'choice-code',
				'q1',
				'Question "q1" uses the code 1 for 2 choices: "Yes", "Yes again". Each choice needs a code of its own.'
			]
		]);
		expect(checks.every(blocksSaving)).toBe(true);
	});

	it('checks grid columns and rating values too', () => {
		const checks = designChecks(
			onePage([
				{ type: 'matrix', name: 'grid', rows: ['a'], columns: [1, { value: 1, text: 'One' }] },
				{ type: 'rating', name: 'stars', rateValues: [1, 2, { text: 'Three' }] }
			])
		);
		expect(checks.map((c) => c.message)).toEqual([
			'Question "grid" uses the code 1 for 2 columns: "column 1", "One". Each column needs a code of its own.',
			'Question "stars": rating value 3 ("Three") has no code.'
		]);
	});
});

describe('missing translations', () => {
	const json = {
		languages: ['en', 'ka', 'ru'],
		title: { default: 'Survey', ka: 'გამოკითხვა', ru: 'Опрос' },
		pages: [
			{
				name: 'p1',
				title: 'Page one',
				elements: [
					{
						type: 'radiogroup',
						name: 'q1',
						title: { default: 'Question', ka: 'კითხვა', ru: 'Вопрос' },
						choices: [
							{ value: 1, text: { default: 'Yes', ka: 'დიახ', ru: 'Да' } },
							{ value: 2, text: { default: 'No', ru: 'Нет' } },
							3
						]
					},
					{
						type: 'text',
						name: 'q2',
						title: { default: 'Fully translated', ka: 'ა', ru: 'б' },
						placeholder: { default: '', ka: '' }
					}
				]
			}
		]
	};

	it('gives one warning per element listing its languages and texts', () => {
		expect(designChecks(json)).toEqual([
			{
				kind: 'missing-translation',
				severity: 'warning',
				element: 'p1',
				message: 'Page "p1" has no text in ka, ru for title.'
			},
			{
				kind: 'missing-translation',
				severity: 'warning',
				element: 'q1',
				message: 'Question "q1" has no text in ka for choice 2.'
			}
		]);
	});

	it('checks the languages asked for instead of the declared ones, never the default', () => {
		const checks = designChecks(json, { languages: ['en', 'ru', 'uk'] });
		expect(checks.map((c) => c.message)).toEqual([
			'The survey has no text in uk for title.',
			'Page "p1" has no text in ru, uk for title.',
			'Question "q1" has no text in uk for title, choice 1, choice 2.',
			'Question "q2" has no text in uk for title.'
		]);
		expect(designChecks({ ...json, languages: ['en'] })).toEqual([]);
	});
});

describe('grids', () => {
	const grid = (rows: number) => ({
		type: 'matrix',
		name: 'grid',
		rows: Array.from({ length: rows }, (_, i) => `r${i + 1}`),
		columns: [1, 2]
	});

	it('warns about grids taller than a phone shows well', () => {
		expect(designChecks(onePage([grid(8)]))).toEqual([]);
		expect(designChecks(onePage([grid(9)]))).toEqual([
			{
				kind: 'grid-too-large',
				severity: 'warning',
				element: 'grid',
				message:
					'Question "grid" has 9 rows: on a phone a grid of more than 8 rows is hard to answer, so consider splitting it.'
			}
		]);
		expect(designChecks(onePage([grid(5)]), { phoneGridRows: 4 })).toHaveLength(1);
	});
});

describe('attention checks', () => {
	const expecting = (expected: unknown, question: Json = radio('check')) => ({
		...question,
		attentionCheck: { expected }
	});
	const attention = (elements: Json[]) =>
		ofKind(designChecks(onePage(elements)), 'attention-check').map((c) => [
			c.severity,
			c.element,
			c.message
		]);

	it('accepts an expected answer the question offers, also written as text', () => {
		const rating = { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 };
		const yesNo = { type: 'boolean', name: 'yes' };
		const other = radio('source', [1, 2], { showOtherItem: true });
		expect(
			attention([
				expecting(2),
				expecting('3', radio('check2')),
				expecting(0, rating),
				expecting(false, yesNo),
				expecting('other', other)
			])
		).toEqual([]);
	});

	it('reports an expected answer the question does not offer as an error', () => {
		expect(attention([expecting(7)])).toEqual([
			[
				'error',
				'check',
				'Question "check" is an attention check expecting 7, which is not one of its answers (its answers are 1, 2, 3): every respondent who answers it would be flagged.'
			]
		]);
		const rating = { type: 'rating', name: 'r', rateMin: 1, rateMax: 5 };
		expect(attention([expecting(6, rating)])[0]?.[0]).toBe('error');
		expect(attention([expecting([2])])[0]?.[0]).toBe('error');
		// Removing the expected choice afterwards is caught too.
		expect(attention([expecting(3, radio('check', [1, 2]))])[0]?.[0]).toBe('error');
	});

	it('reports a check without an expected answer as an error', () => {
		const unexpected = { ...radio('check'), attentionCheck: { answer: 2 } };
		expect(attention([unexpected])).toEqual([
			[
				'error',
				'check',
				'Question "check" is marked as an attention check without an expected answer, so it checks nothing: choose the answer under "Attention check".'
			]
		]);
	});

	it('warns about a check on a type that cannot be one', () => {
		const grid = { type: 'matrix', name: 'grid', rows: ['a'], columns: [1, 2] };
		const checkbox = { type: 'checkbox', name: 'media', choices: [1, 2] };
		const text = { type: 'text', name: 'word' };
		expect(
			attention([expecting({ a: 1 }, grid), expecting([1], checkbox), expecting('blue', text)])
		).toEqual([
			[
				'warning',
				'grid',
				'Question "grid" (Likert grid) is marked as an attention check, but only single choice, dropdown, rating and yes/no questions can be one: the quality flag compares the whole answer with the expected one.'
			],
			['warning', 'media', expect.stringContaining('(Multiple choice) is marked')],
			['warning', 'word', expect.stringContaining('(Short text) is marked')]
		]);
		const panel = { type: 'panel', name: 'box', elements: [radio('q1')], attentionCheck: {} };
		expect(attention([panel])).toEqual([
			['warning', 'box', expect.stringMatching(/^Panel "box" is marked as an attention check, but/)]
		]);
	});

	it('blocks publishing but not saving', () => {
		const [check] = ofKind(designChecks(onePage([expecting(7)])), 'attention-check');
		expect(check?.severity).toBe('error');
		expect(blocksSaving(check!)).toBe(false);
	});
});

describe('severity and saving', () => {
	it('lists errors before warnings', () => {
		const checks = designChecks(
			onePage([
				{ type: 'matrix', name: 'grid', rows: ['a', 'b', 'c'], columns: [1, 2] },
				radio('q1', [1, 1])
			]),
			{ phoneGridRows: 2 }
		);
		expect(checks.map((c) => c.severity)).toEqual(['error', 'warning']);
	});

	it('blocks saving only for unreadable logic, bad names and bad codes', () => {
		const check = (kind: CheckKind): DesignCheck => ({
			kind,
			severity: 'error',
			element: null,
			message: ''
		});
		const blocking: CheckKind[] = [
			'logic-invalid',
			'duplicate-name',
			'invalid-name',
			'choice-code'
		];
		const other: CheckKind[] = [
			'unreachable',
			'logic-missing',
			'logic-later',
			'logic-constant',
			'missing-translation',
			'grid-too-large',
			'attention-check'
		];
		for (const kind of blocking) expect(blocksSaving(check(kind)), kind).toBe(true);
		for (const kind of other) expect(blocksSaving(check(kind)), kind).toBe(false);
	});
});
