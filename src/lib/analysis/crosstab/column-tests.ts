/**
 * Column-proportions tests for banner tables, as market-research tabulation does it: for each
 * row and each pair of banner columns, a t test of the difference of the column percentages,
 * the proportion pooled with the columns' weighted bases, its standard error taken on the
 * columns' effective (Kish) bases, and df = e1 + e2 − 2. A cell lists the letters of the columns
 * it is significantly higher than: upper case at 95%, lower case at 90%. No test where a column
 * has fewer than 30 respondents.
 */
import { tTwoSided } from '../distributions.ts';

export type Adjustment = 'none' | 'bonferroni' | 'bh';

export interface ColumnStats {
	/** Column percentage (0–1) of this row. */
	p: number;
	/** Weighted base of the column. */
	weightedBase: number;
	/** Effective base of the column: (Σw)² / Σw². */
	effectiveBase: number;
	/** Unweighted base of the column. */
	n: number;
}

export interface PairTest {
	higher: number;
	lower: number;
	t: number;
	df: number;
	p: number;
}

export const minimumTestBase = 30;
export const smallBase = 100;

export function columnLetter(index: number): string {
	let letter = '';
	for (let i = index; i >= 0; i = Math.floor(i / 26) - 1)
		letter = String.fromCharCode(65 + (i % 26)) + letter;
	return letter;
}

/** The pooled column-proportions test of columns i and j. */
export function comparePair(a: ColumnStats, b: ColumnStats): { t: number; df: number; p: number } {
	const pooled = (a.p * a.weightedBase + b.p * b.weightedBase) / (a.weightedBase + b.weightedBase);
	const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.effectiveBase + 1 / b.effectiveBase));
	const df = a.effectiveBase + b.effectiveBase - 2;
	if (!(se > 0)) return { t: 0, df, p: 1 };
	const t = (a.p - b.p) / se;
	return { t, df, p: tTwoSided(t, df) };
}

/** Benjamini–Hochberg adjusted p-values (step-up), in the input order. */
export function benjaminiHochberg(pValues: number[]): number[] {
	const m = pValues.length;
	const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
	const adjusted = new Array<number>(m);
	let running = 1;
	for (let rank = m; rank >= 1; rank--) {
		const { p, i } = order[rank - 1]!;
		running = Math.min(running, (p * m) / rank);
		adjusted[i] = running;
	}
	return adjusted;
}

/** Significance letters for one row across the columns of one banner variable. */
export function rowLetters<C extends { n: number }>(
	columns: C[],
	letters: string[],
	adjustment: Adjustment = 'none',
	compare: (a: C, b: C) => { t: number; df: number; p: number } = comparePair as never
): string[] {
	const tests: PairTest[] = [];
	for (let i = 0; i < columns.length; i++) {
		for (let j = i + 1; j < columns.length; j++) {
			const a = columns[i]!;
			const b = columns[j]!;
			if (a.n < minimumTestBase || b.n < minimumTestBase) continue;
			const result = compare(a, b);
			tests.push({ higher: result.t >= 0 ? i : j, lower: result.t >= 0 ? j : i, ...result });
		}
	}
	const m = tests.length;
	const adjusted =
		adjustment === 'bonferroni'
			? tests.map((test) => Math.min(1, test.p * m))
			: adjustment === 'bh'
				? benjaminiHochberg(tests.map((test) => test.p))
				: tests.map((test) => test.p);
	const marks: { index: number; text: string }[][] = columns.map(() => []);
	tests.forEach((test, k) => {
		if (test.t === 0) return;
		const p = adjusted[k]!;
		const letter = letters[test.lower]!;
		if (p < 0.05) marks[test.higher]!.push({ index: test.lower, text: letter.toUpperCase() });
		else if (p < 0.1) marks[test.higher]!.push({ index: test.lower, text: letter.toLowerCase() });
	});
	// Letters in column order; with more than 26 columns (AA, AB, …) they are separated by spaces.
	const separator = columns.length > 26 ? ' ' : '';
	return marks.map((list) =>
		list
			.sort((x, y) => x.index - y.index)
			.map((mark) => mark.text)
			.join(separator)
	);
}

export interface MeanStats {
	mean: number;
	/** Weighted variance with the n/(n − 1) factor. */
	variance: number;
	effectiveBase: number;
	n: number;
}

/**
 * Column-means test on effective bases: pooled variance, se = s·√(1/e1 + 1/e2), df = e1 + e2 − 2
 * (the means analogue of the column-proportions test).
 */
export function compareMeans(a: MeanStats, b: MeanStats): { t: number; df: number; p: number } {
	const df = a.effectiveBase + b.effectiveBase - 2;
	const pooled = ((a.effectiveBase - 1) * a.variance + (b.effectiveBase - 1) * b.variance) / df;
	const se = Math.sqrt(pooled * (1 / a.effectiveBase + 1 / b.effectiveBase));
	if (!(se > 0)) return { t: 0, df, p: 1 };
	const t = (a.mean - b.mean) / se;
	return { t, df, p: tTwoSided(t, df) };
}
