import { describe, expect, it } from 'vitest';
import {
	benjaminiHochberg,
	columnLetter,
	comparePair,
	rowLetters,
	type ColumnStats
} from './column-tests.ts';

/** A column of n respondents with equal weights: weighted and effective bases are n. */
const column = (p: number, n: number, overrides: Partial<ColumnStats> = {}): ColumnStats => ({
	p,
	weightedBase: n,
	effectiveBase: n,
	n,
	...overrides
});

const letters = ['A', 'B', 'C', 'D'];

describe('columnLetter', () => {
	it.each([
		[0, 'A'],
		[1, 'B'],
		[25, 'Z'],
		[26, 'AA'],
		[27, 'AB'],
		[51, 'AZ'],
		[52, 'BA'],
		[701, 'ZZ'],
		[702, 'AAA']
	])('column %i is %s', (index, letter) => {
		expect(columnLetter(index)).toBe(letter);
	});
});

describe('comparePair', () => {
	it('tests equal bases with the pooled proportion (R: 2 * pt(-2.828427, 198))', () => {
		// Pooled 0.5, se = sqrt(0.25 · 2/100), t = 0.2 / se = 2√2.
		const result = comparePair(column(0.6, 100), column(0.4, 100));
		expect(result.t).toBeCloseTo(2 * Math.SQRT2, 12);
		expect(result.df).toBe(198);
		expect(result.p).toBeCloseTo(0.00515884891203047, 12);
	});

	it('pools with weighted bases and takes the SE on effective bases', () => {
		// Pooled (0.3·120 + 0.5·80)/200 = 0.38; se = sqrt(0.38·0.62·(1/80 + 1/50)); df = 80 + 50 − 2.
		const a = column(0.3, 150, { weightedBase: 120, effectiveBase: 80 });
		const b = column(0.5, 90, { weightedBase: 80, effectiveBase: 50 });
		const result = comparePair(a, b);
		expect(result.t).toBeCloseTo(-2.2856023405859891, 12);
		expect(result.df).toBe(128);
		expect(result.p).toBeCloseTo(0.0239217568616901, 12);
	});

	it('gives t = 0 and p = 1 when both columns are 0% or 100%', () => {
		expect(comparePair(column(0, 50), column(0, 60))).toEqual({ t: 0, df: 108, p: 1 });
		expect(comparePair(column(1, 50), column(1, 60))).toMatchObject({ t: 0, p: 1 });
	});
});

describe('benjaminiHochberg', () => {
	it('matches R p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "BH")', () => {
		benjaminiHochberg([0.01, 0.02, 0.03, 0.04, 0.05]).forEach((p) =>
			expect(p).toBeCloseTo(0.05, 15)
		);
	});

	it('matches R on unsorted input, in the input order', () => {
		// R: p.adjust(c(0.04, 0.01, 0.03, 0.2, 0.5), "BH")
		const expected = [0.0666666666666667, 0.05, 0.0666666666666667, 0.25, 0.5];
		benjaminiHochberg([0.04, 0.01, 0.03, 0.2, 0.5]).forEach((p, i) =>
			expect(p).toBeCloseTo(expected[i]!, 14)
		);
	});

	it('matches R on the ten p-values of Benjamini & Hochberg style data', () => {
		const p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216];
		const expected = [0.01, 0.04, 0.084, 0.084, 0.084, 0.1, 0.105714285714286, 0.216, 0.216, 0.216];
		benjaminiHochberg(p).forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 14));
	});

	it('never exceeds 1 and leaves an empty list empty', () => {
		// R: p.adjust(c(0.03, 0.5, 1), "BH") = 0.09, 0.75, 1
		expect(benjaminiHochberg([0.03, 0.5, 1])).toEqual([
			expect.closeTo(0.09, 14),
			expect.closeTo(0.75, 14),
			1
		]);
		expect(benjaminiHochberg([])).toEqual([]);
	});
});

describe('rowLetters', () => {
	it('gives an upper-case letter at p < .05 to the higher column only', () => {
		// t = 2, df = 398: p = 0.0462 (R: 2 * pt(-2, 398)).
		expect(rowLetters([column(0.55, 200), column(0.45, 200)], letters)).toEqual(['B', '']);
		expect(rowLetters([column(0.45, 200), column(0.55, 200)], letters)).toEqual(['', 'A']);
	});

	it('gives a lower-case letter at .05 ≤ p < .10', () => {
		// t = √3, df = 298: p = 0.0843.
		expect(rowLetters([column(0.55, 150), column(0.45, 150)], letters)).toEqual(['b', '']);
	});

	it('gives no letter at p ≥ .10', () => {
		// t = √2, df = 198: p = 0.159.
		expect(rowLetters([column(0.55, 100), column(0.45, 100)], letters)).toEqual(['', '']);
	});

	it('does not test a column with fewer than 30 respondents', () => {
		const tiny = column(0.9, 29, { weightedBase: 500, effectiveBase: 500 });
		expect(rowLetters([tiny, column(0.1, 500)], letters)).toEqual(['', '']);
		const enough = column(0.9, 30, { weightedBase: 500, effectiveBase: 500 });
		expect(rowLetters([enough, column(0.1, 500)], letters)).toEqual(['B', '']);
	});

	it('skips only the pairs with the small column', () => {
		const columns = [column(0.9, 200), column(0.1, 20), column(0.1, 200)];
		expect(rowLetters(columns, letters)).toEqual(['C', '', '']);
	});

	it('lists several letters in alphabetical order, whatever their case', () => {
		// A vs B: p = 0.0462 (upper); A vs C: pooled on weighted bases 200, SE on effective bases 200 and 150,
		// t = 1.85, p = 0.065 (lower); B vs C: no letter.
		const columns = [
			column(0.55, 200),
			column(0.45, 200),
			column(0.45, 150, { weightedBase: 200 })
		];
		expect(rowLetters(columns, letters)).toEqual(['Bc', '', '']);
	});

	describe('with adjustments for multiple comparisons', () => {
		// Raw two-sided p (R): A–B 0.045097, A–C 0.027746, B–C 0.841575.
		// Bonferroni (×3): 0.1353, 0.0832, 1. BH: 0.0676, 0.0676, 0.8416.
		const columns = [column(0.6, 200), column(0.5, 200), column(0.49, 200)];

		it('gives upper-case letters without adjustment', () => {
			expect(rowLetters(columns, letters, 'none')).toEqual(['BC', '', '']);
			expect(rowLetters(columns, letters)).toEqual(['BC', '', '']);
		});

		it('keeps only a lower-case c under Bonferroni', () => {
			expect(rowLetters(columns, letters, 'bonferroni')).toEqual(['c', '', '']);
		});

		it('gives lower-case b and c under Benjamini–Hochberg', () => {
			expect(rowLetters(columns, letters, 'bh')).toEqual(['bc', '', '']);
		});
	});
});
