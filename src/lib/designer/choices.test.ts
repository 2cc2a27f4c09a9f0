import { describe, expect, it } from 'vitest';
import { addChoice, moveChoice, nextCode, setSpecial, type Choice } from './choices.ts';
import { createHistory } from './history.ts';
import { languagesOf, textIn, withText } from './localized.ts';

const codes = (choices: Choice[]) => choices.map((c) => c.value);

describe('choice codes', () => {
	it('gives new choices the next code and keeps codes when reordering', () => {
		const choices: Choice[] = [
			{ value: 1, text: 'A' },
			{ value: 5, text: 'B' }
		];
		addChoice(choices, 'C');
		expect(codes(choices)).toEqual([1, 5, 6]);
		moveChoice(choices, 2, -1);
		expect(codes(choices)).toEqual([1, 6, 5]);
		expect(moveChoice(choices, 0, -1)).toBe(false);
	});
	it('skips the reserved missing codes', () => {
		expect(nextCode([{ value: 97 }, { value: 98 }, { value: 99 }])).toBe(100);
		expect(nextCode([])).toBe(1);
	});
	it("keeps don't know and refused last, anchored, exclusive in multiple choice", () => {
		const choices: Choice[] = [{ value: 1, text: 'A' }];
		setSpecial(choices, 99, true, true);
		setSpecial(choices, 98, true, true);
		addChoice(choices, 'B');
		expect(codes(choices)).toEqual([1, 2, 98, 99]);
		expect(choices[2]).toMatchObject({ randomize: false, isExclusive: true, text: "Don't know" });
		setSpecial(choices, 98, false, true);
		expect(codes(choices)).toEqual([1, 2, 99]);
	});
});

describe('localised strings', () => {
	it('edits one language without touching the others', () => {
		let value = withText('Hello', 'ka', 'en', 'გამარჯობა');
		expect(value).toEqual({ default: 'Hello', ka: 'გამარჯობა' });
		value = withText(value, 'en', 'en', 'Hi');
		expect(textIn(value, 'en', 'en')).toBe('Hi');
		expect(textIn(value, 'ru', 'en')).toBe('');
		expect(languagesOf(value, 'en').sort()).toEqual(['en', 'ka']);
		expect(withText(value, 'ka', 'en', '')).toBe('Hi');
	});
});

describe('history', () => {
	it('undoes and redoes, and merges quick edits of the same field', () => {
		let clock = 0;
		const history = createHistory<{ v: number }>({ now: () => clock, mergeWithinMs: 1000 });
		history.record({ v: 0 }, 'title');
		clock = 500;
		history.record({ v: 1 }, 'title'); // merged: one undo step for the typing
		clock = 3000;
		history.record({ v: 2 }, 'title');
		expect(history.undo({ v: 3 })).toEqual({ v: 2 });
		expect(history.undo({ v: 2 })).toEqual({ v: 0 });
		expect(history.canUndo).toBe(false);
		expect(history.redo({ v: 0 })).toEqual({ v: 2 });
		history.record({ v: 2 });
		expect(history.canRedo).toBe(false);
	});
});
