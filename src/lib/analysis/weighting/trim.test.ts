import { describe, expect, it } from 'vitest';
import type { WeightedCell } from './diagnostics.ts';
import { trimBounds, trimOnce, weightPercentile, withinBounds } from './trim.ts';

const cell = (weight: number, count = 1, key = `w${weight}`): WeightedCell => ({
	keys: [key],
	weight,
	count
});

/** Respondent weights 1, 1, 2, 4, 10 in four cells, deliberately out of order. */
const sample = () => [cell(4), cell(1, 2), cell(10), cell(2)];

const total = (cells: WeightedCell[]) => cells.reduce((sum, c) => sum + c.count * c.weight, 0);

describe('trimOnce', () => {
	it('caps high weights and shares the excess equally among untrimmed respondents', () => {
		const trimmed = trimOnce(sample(), { low: 0.5, high: 5 });
		// 10 → 5 frees 5, shared by the 4 untrimmed respondents: +1.25 each.
		expect(trimmed.map((c) => c.weight)).toEqual([5.25, 2.25, 5, 3.25]);
		expect(trimmed.map((c) => c.count)).toEqual([1, 2, 1, 1]);
		expect(total(trimmed)).toBeCloseTo(total(sample()), 12);
	});

	it('raises low weights and takes the deficit equally from untrimmed respondents', () => {
		const trimmed = trimOnce(sample(), { low: 1.5, high: 20 });
		// Two respondents 1 → 1.5 cost 1, taken from the 3 others: −1/3 each.
		expect(trimmed[1]!.weight).toBe(1.5);
		expect(trimmed[0]!.weight).toBeCloseTo(4 - 1 / 3, 12);
		expect(trimmed[2]!.weight).toBeCloseTo(10 - 1 / 3, 12);
		expect(trimmed[3]!.weight).toBeCloseTo(2 - 1 / 3, 12);
		expect(total(trimmed)).toBeCloseTo(18, 12);
	});

	it('leaves weights already within the bounds as they are', () => {
		expect(trimOnce(sample(), { low: 1, high: 10 })).toEqual(sample());
	});

	it('does not modify its input', () => {
		const cells = sample();
		trimOnce(cells, { low: 0.5, high: 5 });
		expect(cells).toEqual(sample());
	});
});

describe('weightPercentile', () => {
	// R: quantile(c(1, 1, 2, 4, 10), c(0, .1, .25, .3, .5, .75, .9, 1)) (type 7).
	it.each([
		[0, 1],
		[0.1, 1],
		[0.25, 1],
		[0.3, 1.2],
		[0.5, 2],
		[0.75, 4],
		[0.9, 7.6],
		[1, 10]
	])('the %s quantile of the respondents is %s, as R type 7', (p, expected) => {
		expect(weightPercentile(sample(), p)).toBeCloseTo(expected, 12);
	});

	it('ignores empty cells', () => {
		expect(weightPercentile([...sample(), cell(1000, 0)], 1)).toBe(10);
	});
});

describe('trimBounds', () => {
	it('takes fixed bounds as given', () => {
		expect(trimBounds({ kind: 'bounds', low: 0.3, high: 3 }, sample())).toEqual({
			low: 0.3,
			high: 3
		});
	});

	it('caps at ratio × the mean respondent weight', () => {
		// Mean of 1, 1, 2, 4, 10 is 3.6.
		const bounds = trimBounds({ kind: 'ratio', max: 2.5 }, sample());
		expect(bounds.low).toBe(0);
		expect(bounds.high).toBeCloseTo(9, 12);
	});

	it('takes percentile bounds as type-7 quantiles of the weights', () => {
		const bounds = trimBounds({ kind: 'percentiles', low: 0.3, high: 0.9 }, sample());
		expect(bounds.low).toBeCloseTo(1.2, 12);
		expect(bounds.high).toBeCloseTo(7.6, 12);
	});
});

describe('withinBounds', () => {
	it('is true when every respondent weight lies within the bounds, bounds included', () => {
		expect(withinBounds(sample(), { low: 1, high: 10 })).toBe(true);
	});

	it('is false when one weight lies outside', () => {
		expect(withinBounds(sample(), { low: 1, high: 9.99 })).toBe(false);
		expect(withinBounds(sample(), { low: 1.01, high: 10 })).toBe(false);
	});

	it('allows the relative tolerance and ignores empty cells', () => {
		expect(withinBounds(sample(), { low: 1, high: 10 - 1e-12 })).toBe(true);
		expect(withinBounds(sample(), { low: 1, high: 9.9 }, 0.02)).toBe(true);
		expect(withinBounds([...sample(), cell(99, 0)], { low: 1, high: 10 })).toBe(true);
	});
});
