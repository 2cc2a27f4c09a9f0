import { Model } from 'survey-core';
import { describe, expect, it } from 'vitest';
import { trackAnswerParadata } from './answer-paradata.ts';

const json = {
	pages: [
		{ name: 'p1', elements: [{ type: 'radiogroup', name: 'a', choices: [1, 2, 3] }] },
		{ name: 'p2', elements: [{ type: 'text', name: 'b' }] }
	]
};

describe('answer paradata', () => {
	it('times each page and counts answers changed after they were given', () => {
		let clock = 1000;
		const model = new Model(json);
		const tracker = trackAnswerParadata(model, () => clock);
		model.setValue('a', 1); // first answer: not a change
		clock += 4000;
		model.setValue('a', 2); // changed
		clock += 1000;
		model.currentPageNo = 1;
		model.setValue('b', 'x');
		clock += 2500;
		model.currentPageNo = 0; // back to page 1 for a while
		clock += 500;
		model.setValue('a', 2); // same value again: not a change
		model.clearValue('a'); // cleared: a change
		expect(tracker.snapshot()).toEqual({ pageTimesMs: { p1: 5500, p2: 2500 }, changedAnswers: 2 });
	});
	it('does not count answers a resumed response already had as changes', () => {
		const model = new Model(json);
		model.data = { a: 3 };
		const tracker = trackAnswerParadata(model, () => 0);
		model.setValue('a', 3);
		expect(tracker.snapshot().changedAnswers).toBe(0);
		model.setValue('a', 1);
		expect(tracker.snapshot().changedAnswers).toBe(1);
	});
	it('continues from a first page answered as a form before SurveyJS took over', () => {
		const model = new Model(json);
		model.data = { a: 2 };
		const tracker = trackAnswerParadata(model, () => 9000, { since: 1000, changedAnswers: 1 });
		model.setValue('a', 3);
		expect(tracker.snapshot()).toEqual({ pageTimesMs: { p1: 8000 }, changedAnswers: 2 });
	});
	it('adds to the page times and changes of the sessions before a resumed one', () => {
		let clock = 0;
		const model = new Model(json);
		model.data = { a: 2 };
		model.currentPageNo = 1;
		const tracker = trackAnswerParadata(model, () => clock, {
			pageTimesMs: { p1: 30_000, p2: 5_000 },
			changedAnswers: 3
		});
		clock += 2_000;
		model.setValue('b', 'x');
		model.setValue('b', 'y');
		expect(tracker.snapshot()).toEqual({
			pageTimesMs: { p1: 30_000, p2: 7_000 },
			changedAnswers: 4
		});
	});
});
