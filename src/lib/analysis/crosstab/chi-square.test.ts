import { describe, expect, it } from 'vitest';
import type { Matrix } from '../matrix.ts';
import { chiSquareTests, pearson } from './chi-square.ts';

// R: chisq.test(matrix(c(10, 20, 30, 40), 2, byrow = TRUE), correct = FALSE)
const twoByTwo: Matrix = [
	[10, 20],
	[30, 40]
];
// R: chisq.test(matrix(c(12,7,9,15, 8,14,10,6, 20,11,5,13), 3, byrow = TRUE), correct = FALSE)
const threeByFour: Matrix = [
	[12, 7, 9, 15],
	[8, 14, 10, 6],
	[20, 11, 5, 13]
];
const threeByFourX2 = 12.541098630394631;

/**
 * Covariance of the cell proportions under simple random sampling of N respondents, the
 * multinomial (D − pp')/N, with the cells in R's order (rows vary fastest), times `scale`.
 */
function multinomialCovariance(table: Matrix, scale = 1): Float64Array {
	const nr = table.length;
	const nc = table[0]!.length;
	const total = table.flat().reduce((a, b) => a + b, 0);
	const p = Array.from({ length: nr * nc }, (_, k) => table[k % nr]![Math.floor(k / nr)]! / total);
	const v = new Float64Array(p.length * p.length);
	p.forEach((pi, i) =>
		p.forEach((pj, j) => {
			v[i * p.length + j] = (scale * ((i === j ? pi : 0) - pi * pj)) / total;
		})
	);
	return v;
}

const total = (table: Matrix) => table.flat().reduce((a, b) => a + b, 0);

describe('pearson', () => {
	it('matches R on a 2 × 2 table', () => {
		const result = pearson(twoByTwo);
		expect(result.stat).toBeCloseTo(0.793650793650794, 12);
		expect(result.df).toBe(1);
		expect(result.p).toBeCloseTo(0.372998483613487, 12);
	});

	it('matches R on a 3 × 4 table', () => {
		const result = pearson(threeByFour);
		expect(result.stat).toBeCloseTo(threeByFourX2, 11);
		expect(result.df).toBe(6);
		expect(result.p).toBeCloseTo(0.050930570653408, 12);
	});

	it('matches R with an empty cell', () => {
		// R: chisq.test(matrix(c(5, 0, 3, 9), 2, byrow = TRUE), correct = FALSE)
		const result = pearson([
			[5, 0],
			[3, 9]
		]);
		expect(result.stat).toBeCloseTo(7.96875, 12);
		expect(result.p).toBeCloseTo(0.00475917921726295, 12);
	});

	it('is 0 with p = 1 under exact independence', () => {
		const result = pearson([
			[10, 20, 30],
			[20, 40, 60]
		]);
		expect(result.stat).toBeCloseTo(0, 12);
		expect(result.p).toBeCloseTo(1, 12);
	});
});

describe('chiSquareTests', () => {
	const srs = (table: Matrix, designDf: number) =>
		chiSquareTests({
			counts: table,
			weighted: table,
			covariance: multinomialCovariance(table),
			respondents: total(table),
			designDf
		});

	it('has Δ = I under the multinomial covariance: F = X²/df on df and df·ν', () => {
		const result = srs(threeByFour, 129);
		expect(result.pearson.stat).toBeCloseTo(threeByFourX2, 10);
		expect(result.rao_scott_1.stat).toBeCloseTo(threeByFourX2, 10);
		expect(result.rao_scott_1.df).toBe(6);
		expect(result.rao_scott_1.p).toBeCloseTo(0.050930570653408, 10);
		expect(result.rao_scott_2.f).toBeCloseTo(threeByFourX2 / 6, 10);
		expect(result.rao_scott_2.ndf).toBeCloseTo(6, 10);
		expect(result.rao_scott_2.ddf).toBeCloseTo(6 * 129, 8);
		// R: pf(12.541098630394631 / 6, 6, 774, lower.tail = FALSE)
		expect(result.rao_scott_2.p).toBeCloseTo(0.0522178508028466, 10);
	});

	it('has Δ = I on a 2 × 2 table: F = X² on 1 df', () => {
		const result = srs(twoByTwo, 99);
		expect(result.rao_scott_2.f).toBeCloseTo(0.793650793650794, 10);
		expect(result.rao_scott_2.ndf).toBeCloseTo(1, 10);
		expect(result.rao_scott_2.ddf).toBeCloseTo(99, 8);
	});

	it('divides by a design effect of 2 when the covariance doubles', () => {
		const result = chiSquareTests({
			counts: threeByFour,
			weighted: threeByFour,
			covariance: multinomialCovariance(threeByFour, 2),
			respondents: total(threeByFour),
			designDf: 129
		});
		expect(result.rao_scott_1.stat).toBeCloseTo(threeByFourX2, 10);
		// R: pchisq(12.541098630394631 / 2, 6, lower.tail = FALSE)
		expect(result.rao_scott_1.p).toBeCloseTo(0.393575457497302, 10);
		expect(result.rao_scott_2.f).toBeCloseTo(threeByFourX2 / 12, 10);
		expect(result.rao_scott_2.ndf).toBeCloseTo(6, 10);
		// R: pf(12.541098630394631 / 12, 6, 774, lower.tail = FALSE)
		expect(result.rao_scott_2.p).toBeCloseTo(0.394554246458295, 10);
	});

	it('scales the weighted table to the number of respondents', () => {
		const weighted = threeByFour.map((row) => row.map((value) => value * 7.5));
		const result = chiSquareTests({
			counts: threeByFour,
			weighted,
			covariance: multinomialCovariance(threeByFour),
			respondents: total(threeByFour),
			designDf: 129
		});
		expect(result.rao_scott_1.stat).toBeCloseTo(threeByFourX2, 10);
		expect(result.rao_scott_2.f).toBeCloseTo(threeByFourX2 / 6, 10);
	});

	it('reports Pearson on the unweighted counts', () => {
		const weighted = [
			[30, 10],
			[10, 30]
		];
		const result = chiSquareTests({
			counts: twoByTwo,
			weighted,
			covariance: multinomialCovariance(weighted),
			respondents: 80,
			designDf: 79
		});
		expect(result.pearson.stat).toBeCloseTo(0.793650793650794, 12);
		// Weighted table scaled to 80: X² = 80·(30·30 − 10·10)² / (40⁴) = 20.
		expect(result.rao_scott_1.stat).toBeCloseTo(20, 10);
	});
});
