/**
 * Weight diagnostics from cell aggregates: Kish's design effect due to weighting
 * n·Σw²/(Σw)² (Kish 1965), effective sample size, efficiency, the 95% margin of error at p = 0.5
 * for the effective size, the weight range, and each target against the achieved shares.
 */
export interface WeightedCell {
	keys: string[];
	count: number;
	/**
	 * The weight of each respondent in the cell; for a cell with `bases`, the weight per unit of
	 * base weight (respondent i weighs weight × base_i).
	 */
	weight: number;
	/** Base-weight sums of a cell whose respondents have different base weights. */
	bases?: BaseSums;
}

export interface BaseSums {
	sum: number;
	sumSquares: number;
	min: number;
	max: number;
}

/** Σw, Σw², smallest and largest weight of the respondents in a cell. */
export function cellWeightSums(cell: WeightedCell): {
	sum: number;
	sumSquares: number;
	min: number;
	max: number;
} {
	if (!cell.bases) {
		return {
			sum: cell.count * cell.weight,
			sumSquares: cell.count * cell.weight * cell.weight,
			min: cell.weight,
			max: cell.weight
		};
	}
	const { sum, sumSquares, min, max } = cell.bases;
	return {
		sum: cell.weight * sum,
		sumSquares: cell.weight * cell.weight * sumSquares,
		min: cell.weight * min,
		max: cell.weight * max
	};
}

export interface WeightDiagnostics {
	n: number;
	sumWeights: number;
	deff: number;
	effectiveN: number;
	efficiency: number;
	moe95: number;
	min: number;
	max: number;
	maxToMin: number;
}

export const z975 = 1.959963984540054;

export function weightDiagnostics(cells: WeightedCell[]): WeightDiagnostics {
	let n = 0;
	let sum = 0;
	let sumSquares = 0;
	let min = Infinity;
	let max = -Infinity;
	for (const cell of cells) {
		if (cell.count === 0) continue;
		const sums = cellWeightSums(cell);
		n += cell.count;
		sum += sums.sum;
		sumSquares += sums.sumSquares;
		min = Math.min(min, sums.min);
		max = Math.max(max, sums.max);
	}
	const deff = (n * sumSquares) / (sum * sum);
	const effectiveN = (sum * sum) / sumSquares;
	return {
		n,
		sumWeights: sum,
		deff,
		effectiveN,
		efficiency: 1 / deff,
		moe95: z975 * Math.sqrt(0.25 / effectiveN),
		min,
		max,
		maxToMin: max / min
	};
}
