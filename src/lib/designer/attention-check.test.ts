import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	answerLabel,
	expectedAnswerOf,
	expectedAnswerOptions,
	setAttentionCheck
} from './attention-check.ts';
import { DesignerState } from './designer-state.svelte.ts';

const agree = {
	type: 'radiogroup',
	name: 'check',
	choices: [
		{ value: 1, text: { default: 'Disagree', ka: 'არ ვეთანხმები' } },
		{ value: 2, text: { default: 'Agree', ka: 'ვეთანხმები' } }
	]
};

describe('setAttentionCheck', () => {
	it('marks a question with its expected answer, changes it and unmarks it', () => {
		const question: Record<string, unknown> = { ...agree };
		setAttentionCheck(question, 2);
		expect(question.attentionCheck).toEqual({ expected: 2 });
		setAttentionCheck(question, 1);
		expect(question.attentionCheck).toEqual({ expected: 1 });
		setAttentionCheck(question, undefined);
		expect(question).not.toHaveProperty('attentionCheck');
	});

	it('keeps what else a hand-written check holds', () => {
		const question: Record<string, unknown> = {
			...agree,
			attentionCheck: { expected: 9, note: 'x' }
		};
		setAttentionCheck(question, 2);
		expect(question.attentionCheck).toEqual({ expected: 2, note: 'x' });
	});
});

describe('through the designer', () => {
	afterEach(() => vi.useRealTimers());

	it('is one undoable edit, as any other property', () => {
		vi.useFakeTimers(); // the autosave waits on a timer; nothing is sent here
		const designer = new DesignerState(
			{ pages: [{ name: 'p1', elements: [agree] }] },
			1,
			'/x',
			true
		);
		designer.editElement('check', (owner) => setAttentionCheck(owner, 2));
		expect(designer.elementOf('check')?.attentionCheck).toEqual({ expected: 2 });
		expect(designer.status).toBe('pending');
		designer.undo();
		expect(designer.elementOf('check')).not.toHaveProperty('attentionCheck');
		designer.redo();
		expect(designer.elementOf('check')?.attentionCheck).toEqual({ expected: 2 });
	});
});

describe('expectedAnswerOf', () => {
	it('reads the expected answer only from a well-formed check', () => {
		expect(expectedAnswerOf({ attentionCheck: { expected: 3 } })).toEqual({ expected: 3 });
		expect(expectedAnswerOf({ attentionCheck: 3 })).toBeUndefined();
		expect(expectedAnswerOf({ attentionCheck: {} })).toBeUndefined();
		expect(expectedAnswerOf({})).toBeUndefined();
	});
});

describe('expectedAnswerOptions', () => {
	it("offers a single choice's choices and the special answers it shows, in the language edited", () => {
		const options = expectedAnswerOptions({ ...agree, showOtherItem: true }, 'ka', 'en');
		expect(options?.map(answerLabel)).toEqual([
			'1 — არ ვეთანხმები',
			'2 — ვეთანხმები',
			expect.stringMatching(/^other — /)
		]);
		expect(expectedAnswerOptions(agree, 'en', 'en')?.map(answerLabel)).toEqual([
			'1 — Disagree',
			'2 — Agree'
		]);
	});

	it("offers a rating's values and a yes/no's two values", () => {
		const nps = { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 };
		expect(expectedAnswerOptions(nps)?.map(answerLabel)).toEqual([
			'0',
			'1',
			'2',
			'3',
			'4',
			'5',
			'6',
			'7',
			'8',
			'9',
			'10'
		]);
		const scale = { type: 'rating', name: 'r', rateValues: [{ value: 1, text: 'Low' }, 2] };
		expect(expectedAnswerOptions(scale)?.map(answerLabel)).toEqual(['1 — Low', '2']);
		const yesNo = { type: 'boolean', name: 'b', valueTrue: 1, valueFalse: 2 };
		expect(expectedAnswerOptions(yesNo)?.map((o) => o.value)).toEqual([1, 2]);
	});

	it('offers nothing for a type that cannot be an attention check', () => {
		for (const type of ['checkbox', 'text', 'comment', 'matrix', 'ranking', 'html', 'panel']) {
			expect(expectedAnswerOptions({ type, name: 'q', choices: [1, 2] })).toBeUndefined();
		}
	});
});
