import { describe, expect, it } from 'vitest';
import { loadQuestionnaire } from '../survey/questionnaire.ts';
import {
	duplicateOriginals,
	isExpectedAnswer,
	qualityFlags,
	type QualityContext
} from './quality.ts';

const questionnaire = {
	pages: [
		{
			name: 'grid',
			elements: [
				{
					type: 'matrix',
					name: 'trust',
					columns: [1, 2, 3, 4, 5],
					rows: ['government', 'parliament', 'media', 'eu', 'nato']
				},
				{ type: 'matrix', name: 'short_grid', columns: [1, 2], rows: ['a', 'b', 'c'] },
				{
					type: 'rating',
					name: 'check',
					title: 'To show you are reading, choose 3.',
					attentionCheck: { expected: 3 }
				}
			]
		},
		{
			name: 'open',
			elements: [
				{ type: 'comment', name: 'why' },
				{ type: 'text', name: 'nickname' },
				{ type: 'text', name: 'household', inputType: 'number' },
				{ type: 'radiogroup', name: 'source', choices: [1, 2], showOtherItem: true }
			]
		}
	]
};

const context = (overrides: Partial<QualityContext> = {}): QualityContext => ({
	questionnaire,
	medianDurationMs: 300_000,
	completes: 40,
	...overrides
});

const earnest = {
	trust: { government: 2, parliament: 3, media: 2, eu: 4, nato: 5 },
	short_grid: { a: 1, b: 1, c: 1 },
	check: 3,
	why: 'The bus to the clinic runs twice a day.',
	household: 3
};

const flagsOf = (
	answers: Record<string, unknown>,
	paradata: Record<string, unknown> = { durationMs: 280_000 },
	ctx = context()
) => qualityFlags({ answers, paradata, status: 'complete' }, ctx);

describe('qualityFlags', () => {
	it('uses a questionnaire that loads without warnings about attentionCheck', () => {
		const loaded = loadQuestionnaire(questionnaire);
		expect(loaded.ok && loaded.warnings).toEqual([]);
		const check = loaded.ok ? loaded.model.getQuestionByName('check').toJSON() : null;
		expect(check?.attentionCheck).toEqual({ expected: 3 });
	});

	it('gives an earnest response no flag', () => {
		expect(flagsOf(earnest)).toEqual([]);
	});

	it('flags a speeder under 40% of the median, once 30 completes exist', () => {
		expect(flagsOf(earnest, { durationMs: 100_000 })).toEqual([
			{ flag: 'speeder', detail: 'took 100 s; the median is 300 s' }
		]);
		expect(flagsOf(earnest, { durationMs: 120_000 })).toEqual([]);
		expect(flagsOf(earnest, { durationMs: 100_000 }, context({ completes: 29 }))).toEqual([]);
		expect(flagsOf(earnest, { durationMs: 100_000 }, context({ medianDurationMs: null }))).toEqual(
			[]
		);
		expect(flagsOf(earnest, {})).toEqual([]);
		const partial = qualityFlags(
			{ answers: earnest, paradata: { durationMs: 1000 }, status: 'partial' },
			context()
		);
		expect(partial).toEqual([]);
		// A screen-out ends after the screener by design: short, not hasty.
		const screenedOut = qualityFlags(
			{
				answers: earnest,
				paradata: { durationMs: 1000 },
				status: 'complete',
				disposition: 'screened-out'
			},
			context()
		);
		expect(screenedOut).toEqual([]);
	});

	it('flags a grid of 4 or more rows answered all in one column, not a shorter one', () => {
		const answers = {
			...earnest,
			trust: { government: 3, parliament: 3, media: 3, eu: 3, nato: 3 }
		};
		expect(flagsOf(answers)).toEqual([
			{ flag: 'straightliner', detail: 'trust: all 5 rows answered 3' }
		]);
		const fourSame = { ...earnest, trust: { government: 1, parliament: 1, media: 1, eu: 1 } };
		expect(flagsOf(fourSame).map((f) => f.flag)).toEqual(['straightliner']);
		const threeSame = { ...earnest, trust: { government: 1, parliament: 1, media: 1 } };
		expect(flagsOf(threeSame)).toEqual([]);
	});

	it('flags a failed attention check, and not a skipped one', () => {
		expect(flagsOf({ ...earnest, check: 5 })).toEqual([
			{ flag: 'attention-failed', detail: 'check: answered 5, expected 3' }
		]);
		expect(flagsOf({ ...earnest, check: '3' })).toEqual([]);
		const { check: _skipped, ...skipped } = earnest;
		expect(flagsOf(skipped)).toEqual([]);
	});

	it('flags gibberish in open text and "other" comments, never in numbers', () => {
		const flags = flagsOf({
			...earnest,
			why: 'asdfghjkl',
			nickname: 'фывапролдж',
			'source-Comment': 'ქწერტყუ',
			household: 'qwertyuiop'
		});
		expect(flags).toHaveLength(1);
		expect(flags[0]!.flag).toBe('gibberish');
		expect(flags[0]!.detail).toContain('why:');
		expect(flags[0]!.detail).toContain('nickname:');
		expect(flags[0]!.detail).toContain('source-Comment:');
		expect(flags[0]!.detail).not.toContain('household');
	});

	it('flags a duplicate named by the context, saying what matched', () => {
		const flags = qualityFlags(
			{ answers: earnest, paradata: {}, deviceHash: 'd1', token: null },
			context({ duplicateOf: 'first' })
		);
		expect(flags).toEqual([{ flag: 'duplicate', detail: 'same device as response first' }]);
	});

	it('lists several flags of one response', () => {
		const answers = {
			...earnest,
			trust: { government: 5, parliament: 5, media: 5, eu: 5, nato: 5 },
			check: 1
		};
		expect(flagsOf(answers, { durationMs: 5_000 }).map((f) => f.flag)).toEqual([
			'speeder',
			'straightliner',
			'attention-failed'
		]);
	});
});

describe('isExpectedAnswer', () => {
	it('compares a code as text, a list or an object as a whole, and no answer as a miss', () => {
		expect(isExpectedAnswer(3, '3')).toBe(true);
		expect(isExpectedAnswer('yes', 'yes')).toBe(true);
		expect(isExpectedAnswer(true, true)).toBe(true);
		expect(isExpectedAnswer(3, 4)).toBe(false);
		expect(isExpectedAnswer(3, [3])).toBe(false);
		expect(isExpectedAnswer([1, 2], [1, 2])).toBe(true);
		expect(isExpectedAnswer([2, 1], [1, 2])).toBe(false);
		expect(isExpectedAnswer(null, null)).toBe(false);
		expect(isExpectedAnswer(undefined, 3)).toBe(false);
	});
});

describe('duplicateOriginals', () => {
	it('names the first response with the same token or device', () => {
		const duplicates = duplicateOriginals([
			{ id: 'a', token: 't1', deviceHash: 'd1' },
			{ id: 'b', token: null, deviceHash: 'd2' },
			{ id: 'c', token: 't1', deviceHash: 'd3' },
			{ id: 'd', token: null, deviceHash: 'd2' },
			{ id: 'e', token: null, deviceHash: null },
			{ id: 'f', token: null, deviceHash: 'd3' }
		]);
		expect(Object.fromEntries(duplicates)).toEqual({ c: 'a', d: 'b', f: 'a' });
	});
});
