/**
 * Weight trimming. `trimOnce` is R's survey::trimWeights (one pass, strict = FALSE): weights
 * beyond the bounds are set to them and the amount removed (or added) is shared equally among
 * the untrimmed respondents, keeping the total. The weighting run then re-rakes and repeats,
 * until the bounds and the margins hold together or the round limit is reached.
 */
import type { WeightedCell } from './diagnostics.ts';

export type TrimSpec =
	| { kind: 'bounds'; low: number; high: number }
	| { kind: 'ratio'; max: number }
	| { kind: 'percentiles'; low: number; high: number };

export interface Bounds {
	low: number;
	high: number;
}

/** Percentile of respondent weights (type-7 interpolation, as R's default quantile()). */
export function weightPercentile(cells: WeightedCell[], p: number): number {
	const sorted = [...cells].filter((c) => c.count > 0).sort((a, b) => a.weight - b.weight);
	const n = sorted.reduce((total, cell) => total + cell.count, 0);
	const position = (n - 1) * p;
	const valueAt = (index: number) => {
		let seen = 0;
		for (const cell of sorted) {
			seen += cell.count;
			if (index < seen) return cell.weight;
		}
		return sorted[sorted.length - 1]!.weight;
	};
	const lower = Math.floor(position);
	const fraction = position - lower;
	return valueAt(lower) + (fraction > 0 ? fraction * (valueAt(lower + 1) - valueAt(lower)) : 0);
}

/** Fixed bounds for a trim specification, from the weights before trimming. */
export function trimBounds(spec: TrimSpec, cells: WeightedCell[]): Bounds {
	if (spec.kind === 'bounds') return { low: spec.low, high: spec.high };
	if (spec.kind === 'ratio') {
		const n = cells.reduce((total, cell) => total + cell.count, 0);
		const mean = cells.reduce((total, cell) => total + cell.count * cell.weight, 0) / n;
		return { low: 0, high: spec.max * mean };
	}
	return { low: weightPercentile(cells, spec.low), high: weightPercentile(cells, spec.high) };
}

export function withinBounds(
	cells: WeightedCell[],
	bounds: Bounds,
	relativeTolerance = 1e-9
): boolean {
	return cells.every(
		(cell) =>
			cell.count === 0 ||
			(cell.weight >= bounds.low * (1 - relativeTolerance) &&
				cell.weight <= bounds.high * (1 + relativeTolerance))
	);
}

/** One pass of trimming with redistribution of the excess to untrimmed respondents. */
export function trimOnce(cells: WeightedCell[], bounds: Bounds): WeightedCell[] {
	let excess = 0;
	let untrimmed = 0;
	const trimmed = cells.map((cell) => {
		const weight = Math.min(bounds.high, Math.max(bounds.low, cell.weight));
		excess += (cell.weight - weight) * cell.count;
		if (weight === cell.weight) untrimmed += cell.count;
		return { ...cell, weight };
	});
	if (untrimmed === 0) return trimmed;
	return trimmed.map((cell, i) =>
		cell.weight === cells[i]!.weight ? { ...cell, weight: cell.weight + excess / untrimmed } : cell
	);
}
