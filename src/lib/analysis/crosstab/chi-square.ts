/**
 * Tests of association for a two-way table.
 * - Pearson's X² on the unweighted counts.
 * - Rao & Scott (1984) corrections of the Pearson X² computed on the weighted table scaled to
 *   the number of respondents, exactly as R's survey::svychisq: the generalised design effects Δ
 *   come from the design-based covariance V of the cell proportions, projected on the interaction
 *   contrasts C (residuals of the interaction columns on the main effects):
 *     Δ = (C' D⁻¹ C / N)⁻¹ (C' D⁻¹ V D⁻¹ C),  D = diag(cell proportions).
 *   First order ("Chisq"): p = P(χ²_df > X² / mean(diag Δ)), df = (r−1)(c−1); R reports X².
 *   Second order ("F", R's default): F = X² / tr Δ on d0 = (tr Δ)² / tr Δ² and d0·ν df,
 *   ν = PSUs − strata.
 */
import { chiSquareUpper, fUpper } from '../distributions.ts';
import { residuals, solve, trace, type Matrix } from '../matrix.ts';

export interface ChiSquareResult {
	pearson: { stat: number; df: number; p: number };
	rao_scott_1: { stat: number; df: number; p: number };
	rao_scott_2: { f: number; ndf: number; ddf: number; p: number };
}

/** Pearson's X² of a table given as rows × columns of counts. */
export function pearson(table: Matrix): { stat: number; df: number; p: number } {
	const rowTotals = table.map((row) => row.reduce((a, b) => a + b, 0));
	const colTotals = table[0]!.map((_, j) => table.reduce((sum, row) => sum + row[j]!, 0));
	const total = rowTotals.reduce((a, b) => a + b, 0);
	let stat = 0;
	table.forEach((row, i) =>
		row.forEach((observed, j) => {
			const expected = (rowTotals[i]! * colTotals[j]!) / total;
			if (expected > 0) stat += ((observed - expected) * (observed - expected)) / expected;
		})
	);
	const df = (table.length - 1) * (table[0]!.length - 1);
	return { stat, df, p: chiSquareUpper(stat, df) };
}

const contrastCache = new Map<string, Float64Array>();

/**
 * The interaction contrasts of an nr × nc table (cells in R's order, rows varying fastest): the
 * interaction columns' residuals on the main effects. They depend on the shape alone, so a banner
 * of many tables computes each shape once. Flat, row-major: K rows of (nr − 1)(nc − 1).
 */
function flatContrasts(nr: number, nc: number): Float64Array {
	const key = `${nr}x${nc}`;
	let found = contrastCache.get(key);
	if (!found) {
		found = Float64Array.from(interactionContrasts(nr, nc).flat());
		if (contrastCache.size < 256) contrastCache.set(key, found);
	}
	return found;
}

function interactionContrasts(nr: number, nc: number): Matrix {
	const main: Matrix = [];
	const interaction: Matrix = [];
	for (let c = 0; c < nc; c++) {
		for (let r = 0; r < nr; r++) {
			main.push([
				1,
				...Array.from({ length: nr - 1 }, (_, i) => (r === i + 1 ? 1 : 0)),
				...Array.from({ length: nc - 1 }, (_, j) => (c === j + 1 ? 1 : 0))
			]);
			const row: number[] = [];
			for (let j = 1; j < nc; j++)
				for (let i = 1; i < nr; i++) row.push(r === i && c === j ? 1 : 0);
			interaction.push(row);
		}
	}
	return residuals(main, interaction);
}

export interface RaoScottInput {
	/** Unweighted counts, rows × columns. */
	counts: Matrix;
	/** Weighted counts, rows × columns. */
	weighted: Matrix;
	/** Covariance of the cell proportions, cells in R's order (rows fastest), K × K. */
	covariance: Float64Array;
	/** Respondents in the design (R's N = nrow of the data, missing answers included). */
	respondents: number;
	/** PSUs − strata of the whole design. */
	designDf: number;
}

export function chiSquareTests(input: RaoScottInput): ChiSquareResult {
	const nr = input.counts.length;
	const nc = input.counts[0]!.length;
	const k = nr * nc;
	const weightedTotal = input.weighted.flat().reduce((a, b) => a + b, 0);
	const scaled = input.weighted.map((row) =>
		row.map((value) => (value * input.respondents) / weightedTotal)
	);
	const x2 = pearson(scaled).stat;
	const df = (nr - 1) * (nc - 1);
	const proportions = Array.from(
		{ length: k },
		(_, cell) => input.weighted[cell % nr]![Math.floor(cell / nr)]! / weightedTotal
	);
	const inverse = proportions.map((p) => (p === 0 ? 0 : 1 / p));
	// Products over flat arrays (row-major), each sum taken from 0 in the order of matrix.ts's.
	const c = flatContrasts(nr, nc);
	const scaledC = new Float64Array(k * df);
	for (let i = 0; i < k; i++)
		for (let j = 0; j < df; j++) scaledC[i * df + j] = c[i * df + j]! * inverse[i]!;
	// C' D⁻¹ C / N
	const denominator: Matrix = [];
	for (let i = 0; i < df; i++) {
		const row: number[] = new Array(df);
		for (let j = 0; j < df; j++) {
			let sum = 0;
			for (let m = 0; m < k; m++) sum = sum + c[m * df + i]! * scaledC[m * df + j]!;
			row[j] = sum / input.respondents;
		}
		denominator.push(row);
	}
	// V D⁻¹ C, then C' D⁻¹ V D⁻¹ C
	const v = input.covariance;
	const projected = new Float64Array(k * df);
	for (let i = 0; i < k; i++) {
		for (let j = 0; j < df; j++) {
			let sum = 0;
			for (let m = 0; m < k; m++) sum = sum + v[i * k + m]! * scaledC[m * df + j]!;
			projected[i * df + j] = sum;
		}
	}
	const numerator: Matrix = [];
	for (let i = 0; i < df; i++) {
		const row: number[] = new Array(df);
		for (let j = 0; j < df; j++) {
			let sum = 0;
			for (let m = 0; m < k; m++) sum = sum + scaledC[m * df + i]! * projected[m * df + j]!;
			row[j] = sum;
		}
		numerator.push(row);
	}
	const delta = solve(denominator, numerator);
	const traceDelta = trace(delta);
	// tr Δ²: the diagonal of Δ·Δ alone.
	let traceDelta2 = 0;
	for (let i = 0; i < df; i++) {
		let sum = 0;
		for (let m = 0; m < df; m++) sum = sum + delta[i]![m]! * delta[m]![i]!;
		traceDelta2 = traceDelta2 + sum;
	}
	const d0 = (traceDelta * traceDelta) / traceDelta2;
	const f = x2 / traceDelta;
	return {
		pearson: pearson(input.counts),
		rao_scott_1: { stat: x2, df, p: chiSquareUpper(x2 / (traceDelta / df), df) },
		rao_scott_2: { f, ndf: d0, ddf: d0 * input.designDf, p: fUpper(f, d0, d0 * input.designDf) }
	};
}
