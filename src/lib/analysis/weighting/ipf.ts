/**
 * Raking by iterative proportional fitting (Deming & Stephan 1940) on the table of distinct
 * cells: one entry per combination of the raking variables, carrying the sum of the base weights
 * of its respondents. Millions of respondents fall into a few hundred cells, so each sweep costs
 * microseconds; no joint population table is ever formed.
 *
 * Convergence is judged on the margins themselves — the largest relative gap between a margin
 * cell's weighted total and its target — never on the size of the last adjustment.
 */

export interface RakeCell {
	/** Category of each raking variable, in the order of `RakeProblem.variables`. */
	keys: string[];
	/** Sum of the base weights of the respondents in this cell. */
	baseWeight: number;
	/** Number of respondents in this cell. */
	count: number;
}

export interface MarginTargets {
	/** Indices into `RakeProblem.variables`: one for a simple margin, several for a joint one. */
	variables: number[];
	/** Target total for each margin category; the key is `marginKey()` of the categories. */
	targets: Map<string, number>;
}

export interface IpfOptions {
	tolerance: number;
	maxIterations: number;
}

export interface IpfResult {
	/** Multiplier of each cell's base weights, in the order of the input cells. */
	factors: Float64Array;
	iterations: number;
	converged: boolean;
	/** max over margin cells of |weighted total − target| / target after the last sweep. */
	maxDeviation: number;
}

const separator = '\u001f';

export function marginKey(categories: string[]): string {
	return categories.join(separator);
}

export function splitMarginKey(key: string): string[] {
	return key.split(separator);
}

/** For each margin, the index of every cell's margin category (−1 never happens after validation). */
function categoryIndex(
	cells: RakeCell[],
	margin: MarginTargets
): { index: Int32Array; targets: Float64Array } {
	const keys = [...margin.targets.keys()];
	const position = new Map(keys.map((key, i) => [key, i]));
	const index = new Int32Array(cells.length);
	cells.forEach((cell, c) => {
		const key = marginKey(margin.variables.map((v) => cell.keys[v]!));
		const at = position.get(key);
		if (at === undefined)
			throw new Error(`A cell has margin category "${key}" that has no target.`);
		index[c] = at;
	});
	return { index, targets: Float64Array.from(keys.map((key) => margin.targets.get(key)!)) };
}

function marginTotals(
	cells: RakeCell[],
	factors: Float64Array,
	index: Int32Array,
	size: number
): Float64Array {
	const totals = new Float64Array(size);
	for (let c = 0; c < cells.length; c++) totals[index[c]!]! += cells[c]!.baseWeight * factors[c]!;
	return totals;
}

function deviation(totals: Float64Array, targets: Float64Array): number {
	let worst = 0;
	for (let k = 0; k < targets.length; k++) {
		worst = Math.max(worst, Math.abs(totals[k]! - targets[k]!) / targets[k]!);
	}
	return worst;
}

export function rakeCells(
	cells: RakeCell[],
	margins: MarginTargets[],
	options: IpfOptions,
	start?: Float64Array
): IpfResult {
	const factors = start ? Float64Array.from(start) : new Float64Array(cells.length).fill(1);
	const indexed = margins.map((margin) => categoryIndex(cells, margin));
	const maxDeviation = () =>
		Math.max(
			...indexed.map(({ index, targets }) =>
				deviation(marginTotals(cells, factors, index, targets.length), targets)
			)
		);
	let worst = maxDeviation();
	let iterations = 0;
	while (worst > options.tolerance && iterations < options.maxIterations) {
		for (const { index, targets } of indexed) {
			const totals = marginTotals(cells, factors, index, targets.length);
			for (let c = 0; c < cells.length; c++) {
				const k = index[c]!;
				if (totals[k]! > 0) factors[c]! *= targets[k]! / totals[k]!;
			}
		}
		iterations++;
		worst = maxDeviation();
	}
	return { factors, iterations, converged: worst <= options.tolerance, maxDeviation: worst };
}
