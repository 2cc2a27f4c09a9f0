/** Small dense matrices (row-major arrays of rows), enough for Rao–Scott's design-effect matrix. */
export type Matrix = number[][];

export function transpose(a: Matrix): Matrix {
	return a[0] ? a[0].map((_, j) => a.map((row) => row[j]!)) : [];
}

export function multiply(a: Matrix, b: Matrix): Matrix {
	const columns = b[0]?.length ?? 0;
	return a.map((row) =>
		Array.from({ length: columns }, (_, j) =>
			row.reduce((sum, value, k) => sum + value * b[k]![j]!, 0)
		)
	);
}

/** Solves A·X = B by Gaussian elimination with partial pivoting; A must be square and regular. */
export function solve(a: Matrix, b: Matrix): Matrix {
	const n = a.length;
	// Singular relative to the matrix's scale (as LAPACK's and R's condition checks are).
	const scale = Math.max(...a.flat().map(Math.abs));
	const tolerance = n * Number.EPSILON * scale;
	const m = a.map((row, i) => [...row, ...b[i]!]);
	for (let col = 0; col < n; col++) {
		let pivot = col;
		for (let r = col + 1; r < n; r++)
			if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
		if (!(Math.abs(m[pivot]![col]!) > tolerance)) throw new Error('The matrix is singular.');
		[m[col], m[pivot]] = [m[pivot]!, m[col]!];
		for (let r = 0; r < n; r++) {
			if (r === col) continue;
			const factor = m[r]![col]! / m[col]![col]!;
			if (factor === 0) continue;
			for (let k = col; k < m[r]!.length; k++) m[r]![k]! -= factor * m[col]![k]!;
		}
	}
	return m.map((row, i) => row.slice(n).map((value) => value / m[i]![i]!));
}

/** Residuals of the columns of Y after least-squares projection on the columns of X. */
export function residuals(x: Matrix, y: Matrix): Matrix {
	const xt = transpose(x);
	const beta = solve(multiply(xt, x), multiply(xt, y));
	const fitted = multiply(x, beta);
	return y.map((row, i) => row.map((value, j) => value - fitted[i]![j]!));
}

export function trace(a: Matrix): number {
	return a.reduce((sum, row, i) => sum + row[i]!, 0);
}
