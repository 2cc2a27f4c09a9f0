import { describe, expect, it } from 'vitest';
import { multiply, residuals, solve, trace, transpose, type Matrix } from './matrix.ts';

const expectMatrixClose = (actual: Matrix, expected: Matrix, digits = 12) => {
	expect(actual.length).toBe(expected.length);
	actual.forEach((row, i) => {
		expect(row.length).toBe(expected[i]!.length);
		row.forEach((value, j) => expect(value).toBeCloseTo(expected[i]![j]!, digits));
	});
};

describe('transpose, multiply and trace', () => {
	it('work on a small example', () => {
		const a = [
			[1, 2, 3],
			[4, 5, 6]
		];
		expect(transpose(a)).toEqual([
			[1, 4],
			[2, 5],
			[3, 6]
		]);
		expect(multiply(a, transpose(a))).toEqual([
			[14, 32],
			[32, 77]
		]);
		expect(trace(multiply(a, transpose(a)))).toBe(91);
		expect(transpose([])).toEqual([]);
	});
});

describe('solve', () => {
	it('solves a system computed by hand', () => {
		// 2x + y = 5, x + 3y = 10 → x = 1, y = 3.
		const x = solve(
			[
				[2, 1],
				[1, 3]
			],
			[[5], [10]]
		);
		expectMatrixClose(x, [[1], [3]]);
	});

	it('needs a pivot when the first diagonal entry is 0', () => {
		const a = [
			[0, 1, 2],
			[1, 0, 3],
			[4, -3, 8]
		];
		const expected = [
			[1, -2],
			[2, 0],
			[-1, 1]
		];
		expectMatrixClose(solve(a, multiply(a, expected)), expected);
	});

	it('inverts a matrix when B is the identity', () => {
		const a = [
			[4, 7],
			[2, 6]
		];
		const inverse = solve(a, [
			[1, 0],
			[0, 1]
		]);
		expectMatrixClose(inverse, [
			[0.6, -0.7],
			[-0.2, 0.4]
		]);
	});

	it('refuses an exactly singular matrix', () => {
		const singular = [
			[1, 2],
			[2, 4]
		];
		expect(() => solve(singular, [[1], [2]])).toThrow('The matrix is singular.');
	});

	it('refuses a singular matrix whose elimination leaves a rounding residue', () => {
		// Rank 2: the third row is 2 × the second − the first. In floating point the last pivot
		// comes out as ~1e-16 rather than 0.
		const singular = [
			[1, 2, 3],
			[4, 5, 6],
			[7, 8, 9]
		];
		expect(() => solve(singular, [[1], [2], [3]])).toThrow('The matrix is singular.');
	});

	it('does not modify its arguments', () => {
		const a = [
			[2, 1],
			[1, 3]
		];
		const b = [[5], [10]];
		solve(a, b);
		expect(a).toEqual([
			[2, 1],
			[1, 3]
		]);
		expect(b).toEqual([[5], [10]]);
	});
});

describe('residuals', () => {
	const x = [
		[1, 0],
		[1, 1],
		[1, 2],
		[1, 3]
	];

	it('are orthogonal to every column of X', () => {
		const y = [
			[1, 0],
			[3, 1],
			[2, 0],
			[5, 1]
		];
		const r = residuals(x, y);
		const crossProducts = multiply(transpose(x), r);
		crossProducts.flat().forEach((value) => expect(value).toBeCloseTo(0, 12));
	});

	it('match a least-squares line fitted by hand', () => {
		// y = 1, 3, 2, 5 on t = 0..3: slope 5.5/5 = 1.1, intercept 2.75 − 1.1·1.5 = 1.1;
		// fitted 1.1, 2.2, 3.3, 4.4.
		const r = residuals(x, [[1], [3], [2], [5]]);
		expectMatrixClose(r, [[-0.1], [0.8], [-1.3], [0.6]]);
	});

	it('vanish for columns inside the span of X', () => {
		const r = residuals(x, [[2], [5], [8], [11]]);
		r.flat().forEach((value) => expect(value).toBeCloseTo(0, 12));
	});
});
