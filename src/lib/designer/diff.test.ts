import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffQuestionnaires, type VersionChange } from './diff.ts';

const awareness = JSON.parse(
	readFileSync(new URL('../../../surveys/awareness-tracker.json', import.meta.url), 'utf8')
) as Record<string, unknown>;

type Json = Record<string, unknown>;

const radio = (name: string, extra: Json = {}): Json => ({
	type: 'radiogroup',
	name,
	title: `Question ${name}`,
	choices: [
		{ value: 1, text: 'Yes' },
		{ value: 2, text: 'No' },
		{ value: 3, text: 'Not sure' }
	],
	...extra
});

const survey = (...pages: [string, Json[]][]): Json => ({
	pages: pages.map(([name, elements]) => ({ name, elements }))
});

const details = (changes: VersionChange[]) =>
	changes.map((c) => `${c.element} ${c.kind} ${c.aspect}: ${c.detail}`);

describe('diffQuestionnaires', () => {
	it('finds no change between a version and itself', () => {
		expect(diffQuestionnaires(awareness, structuredClone(awareness))).toEqual([]);
	});

	describe('choices', () => {
		const choices = (...list: unknown[]) => survey(['p1', [radio('q1', { choices: list })]]);
		const base = choices(
			{ value: 1, text: 'Yes' },
			{ value: 2, text: { default: 'No', ka: 'არა' } },
			{ value: 3, text: 'Maybe' }
		);

		it('reports choices added, removed and relabelled, matched by code', () => {
			const after = choices(
				{ value: 1, text: 'Yes' },
				{ value: 2, text: { default: 'Not at all', ka: 'არა' } },
				{ value: 4, text: 'Not sure' }
			);
			expect(diffQuestionnaires(base, after)).toEqual([
				{
					element: 'q1',
					kind: 'changed',
					aspect: 'choice',
					detail: 'Choice 2: "No" → "Not at all".'
				},
				{ element: 'q1', kind: 'added', aspect: 'choice', detail: 'Choice 4 "Not sure" added.' },
				{ element: 'q1', kind: 'removed', aspect: 'choice', detail: 'Choice 3 "Maybe" removed.' }
			]);
		});

		it('reports an answer that kept its label but got another code as a code change', () => {
			const after = choices(
				{ value: 1, text: 'Yes' },
				{ value: 2, text: { default: 'No', ka: 'არა' } },
				{ value: 98, text: 'Maybe' }
			);
			expect(diffQuestionnaires(base, after)).toEqual([
				{
					element: 'q1',
					kind: 'changed',
					aspect: 'code',
					detail:
						'Choice "Maybe" now has code 98 (was 3): this breaks comparison with earlier waves, where it was coded 3.'
				}
			]);
		});

		it('reports translations changed, reordering, and choice logic', () => {
			const after = choices(
				{ value: 3, text: 'Maybe', visibleIf: '{q0} = 1' },
				{ value: 1, text: 'Yes' },
				{ value: 2, text: { default: 'No', ka: 'არა', ru: 'Нет' } }
			);
			expect(details(diffQuestionnaires(base, after))).toEqual([
				'q1 changed logic: Display logic of choice 3 added: {q0} = 1.',
				'q1 changed choice: Choice 2 changed in ru.',
				'q1 moved choice: Choices reordered: 3, 1, 2.'
			]);
		});

		it('compares grid rows and columns, and rating values', () => {
			const grid = (rows: unknown[], columns: unknown[]) =>
				survey(['p1', [{ type: 'matrix', name: 'g', rows, columns }]]);
			const changes = diffQuestionnaires(
				grid(['a', { value: 'b', text: 'Bee' }], [{ value: 1, text: 'Agree' }]),
				grid([{ value: 'b', text: 'Bee' }, 'c'], [{ value: 5, text: 'Agree' }])
			);
			expect(details(changes)).toEqual([
				'g added choice: Row c added.',
				'g removed choice: Row a removed.',
				'g changed code: Column "Agree" now has code 5 (was 1): this breaks comparison with earlier waves, where it was coded 1.'
			]);
			const rating = (rateValues: unknown[]) =>
				survey(['p1', [{ type: 'rating', name: 'r', rateValues }]]);
			expect(details(diffQuestionnaires(rating([1, 2, 3]), rating([1, 2, 3, 4])))).toEqual([
				'r added choice: Rating value 4 added.'
			]);
		});
	});

	describe('question changes', () => {
		it('reports type, title, required and logic changes in that order', () => {
			const before = survey([
				'p1',
				[
					radio('q0'),
					radio('q1', { visibleIf: '{q0} = 1', title: { default: 'Old', ka: 'ძველი' } })
				]
			]);
			const after = survey([
				'p1',
				[
					radio('q0'),
					radio('q1', {
						type: 'dropdown',
						visibleIf: '{q0} anyof [1, 2]',
						enableIf: '{q0} notempty',
						isRequired: true,
						title: { default: 'New', ka: 'ახალი' }
					})
				]
			]);
			expect(diffQuestionnaires(before, after)).toEqual([
				{ element: 'q1', kind: 'changed', aspect: 'type', detail: 'Type: radiogroup → dropdown.' },
				{
					element: 'q1',
					kind: 'changed',
					aspect: 'title',
					detail: 'Title: "Old" → "New". Also changed in ka.'
				},
				{ element: 'q1', kind: 'changed', aspect: 'required', detail: 'Now required.' },
				{
					element: 'q1',
					kind: 'changed',
					aspect: 'logic',
					detail: 'Display logic: {q0} = 1 → {q0} anyof [1, 2].'
				},
				{
					element: 'q1',
					kind: 'changed',
					aspect: 'logic',
					detail: 'Enable condition added: {q0} notempty.'
				}
			]);
		});

		it('ignores logic rewritten without a change of meaning, and reports logic removed', () => {
			const before = survey([
				'p1',
				[radio('a', { visibleIf: '{x}=1 and ({y} = 2)', requiredIf: '{x} = 2' })]
			]);
			const after = survey(['p1', [radio('a', { visibleIf: ' {x} = 1 and {y} = 2 ' })]]);
			expect(details(diffQuestionnaires(before, after))).toEqual([
				'a changed logic: Required condition removed (was {x} = 2).'
			]);
		});

		it('reports validation rules and other properties', () => {
			const before = survey([
				'p1',
				[
					{
						type: 'text',
						name: 't',
						inputType: 'text',
						description: 'Help',
						validators: [{ type: 'expression', expression: '{t} > 0' }]
					}
				]
			]);
			const after = survey([
				'p1',
				[
					{
						type: 'text',
						name: 't',
						inputType: 'number',
						description: 'More help',
						validators: [{ type: 'expression', expression: '{t} > 1', text: 'Too small' }]
					}
				]
			]);
			expect(details(diffQuestionnaires(before, after))).toEqual([
				't changed logic: Validation rule 1: {t} > 0 → {t} > 1.',
				't changed property: Validation rule 1 changed.',
				't changed property: inputType: "text" → "number".',
				't changed property: Description: "Help" → "More help".'
			]);
		});
	});

	describe('structure', () => {
		it('reports questions moved to another page, and pages or panels added and removed', () => {
			const before = survey(
				['p1', [radio('a'), radio('b')]],
				['p2', [radio('c')]],
				['p3', [radio('d')]]
			);
			const after = survey(
				['p1', [radio('a')]],
				['p2', [radio('c'), radio('b'), { type: 'panel', name: 'box', elements: [radio('e')] }]],
				['p4', [radio('f')]]
			);
			expect(details(diffQuestionnaires(before, after))).toEqual([
				'b moved question: Moved from page "p1" to page "p2".',
				'box added panel: Panel "box" added on page "p2".',
				'e added question: Question "e" added on panel "box".',
				'p3 removed page: Page "p3" removed.',
				'd removed question: Question "d" removed from page "p3".',
				'p4 added page: Page "p4" added.',
				'f added question: Question "f" added on page "p4".'
			]);
		});

		it('reports a reordering, but not the shift an insertion causes', () => {
			const before = survey(['p1', [radio('a'), radio('b'), radio('c')]]);
			const inserted = survey(['p1', [radio('new'), radio('a'), radio('b'), radio('c')]]);
			expect(details(diffQuestionnaires(before, inserted))).toEqual([
				'new added question: Question "new" added on page "p1".'
			]);
			const reordered = survey(['p1', [radio('a'), radio('c'), radio('b')]]);
			expect(details(diffQuestionnaires(before, reordered))).toEqual([
				'b moved question: Moved within page "p1": now after "c".'
			]);
			const first = survey(['p1', [radio('c'), radio('a'), radio('b')]]);
			expect(details(diffQuestionnaires(before, first))).toEqual([
				'c moved question: Moved within page "p1": now first.'
			]);
		});

		it('reports pages reordered without calling their questions moved', () => {
			const before = survey(['p1', [radio('a')]], ['p2', [radio('b')]], ['p3', [radio('c')]]);
			const after = survey(['p3', [radio('c')]], ['p1', [radio('a')]], ['p2', [radio('b')]]);
			expect(details(diffQuestionnaires(before, after))).toEqual([
				'p3 moved page: Page moved: now the first page.'
			]);
		});

		it('puts removals where they were, in the document order of the new version', () => {
			const before = survey(
				['p1', [radio('a'), radio('gone1'), radio('b')]],
				['p2', [radio('gone2'), radio('c')]]
			);
			const after = survey(
				['p1', [radio('a'), radio('b', { isRequired: true })]],
				['p2', [radio('c', { isRequired: true })]]
			);
			expect(details(diffQuestionnaires(before, after))).toEqual([
				'gone1 removed question: Question "gone1" removed from page "p1".',
				'b changed required: Now required.',
				'gone2 removed question: Question "gone2" removed from page "p2".',
				'c changed required: Now required.'
			]);
		});
	});

	describe('the survey as a whole', () => {
		it('reports the title, settings, triggers, thank-you messages and calculated values', () => {
			const before = {
				...survey(['p1', [radio('a')]]),
				title: { default: 'Survey', ru: 'Опрос' },
				showProgressBar: true,
				triggers: [
					{ type: 'complete', expression: '{a} = 2' },
					{ type: 'skip', expression: '{a} = 3', gotoName: 'z' }
				],
				completedHtmlOnCondition: [{ expression: '{a} = 1', html: 'Thanks' }],
				calculatedValues: [
					{ name: 'x', expression: '{a} * 2' },
					{ name: 'old', expression: '1' }
				]
			};
			const after = {
				...survey(['p1', [radio('a')]]),
				title: { default: 'Survey', ru: 'Опрос 2' },
				locale: 'ka',
				triggers: [
					{ type: 'complete', expression: '{a} = 2' },
					{ type: 'skip', expression: '{a} = 1', gotoName: 'y' }
				],
				completedHtmlOnCondition: [{ expression: '{a} = 2', html: 'Thank you' }],
				calculatedValues: [
					{ name: 'x', expression: '{a} * 3', includeIntoResult: true },
					{ name: 'new', expression: '2' }
				]
			};
			expect(details(diffQuestionnaires(before, after))).toEqual([
				' changed title: Title changed in ru.',
				' changed survey: locale: not set → "ka".',
				' changed survey: showProgressBar: true → not set.',
				' added logic: Skip logic to "y" added: {a} = 1.',
				' removed logic: Skip logic to "z" removed (was {a} = 3).',
				' changed logic: Thank-you message 1 condition: {a} = 1 → {a} = 2.',
				' changed survey: Thank-you message 1: "Thanks" → "Thank you".',
				'x changed logic: Calculated value: {a} * 2 → {a} * 3.',
				'x changed property: Now saved with the answers.',
				'new added logic: Calculated value added: 2.',
				'old removed logic: Calculated value removed (was 1).'
			]);
		});
	});

	it('describes a realistic new wave in document order', () => {
		const after = structuredClone(awareness) as {
			pages: { elements: Json[] }[];
			triggers: Json[];
		};
		const resident = after.pages[0]!.elements[1]! as { choices: Json[] };
		resident.choices.push({ value: 98, text: 'Not sure' });
		after.pages[2]!.elements[1]!.visibleIf = '{aware_programmes} notempty';
		after.pages[3]!.elements.push(after.pages[4]!.elements.pop()!);
		after.triggers[0]!.expression = '{age} < 16';
		expect(details(diffQuestionnaires(awareness, after))).toEqual([
			' changed logic: Early completion: {age} < 18 or {resident} = 2 → {age} < 16.',
			'resident added choice: Choice 98 "Not sure" added.',
			"programme_knowledge changed logic: Display logic: {aware_programmes} notempty and {aware_programmes} notcontains 'none' → {aware_programmes} notempty.",
			'eu_referendum moved question: Moved from page "attitudes" to page "information".'
		]);
	});
});
