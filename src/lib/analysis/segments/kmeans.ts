/**
 * Weighted k-means for data-driven segments: respondents are rows of a dense n×d matrix (one
 * column per clustering variable, usually standardised first) with survey weights, and a segment
 * is a cluster. Everything here is pure TypeScript on typed arrays, so a million respondents fit
 * in a few tens of megabytes and no row ever becomes an object.
 *
 * - Seeding is k-means++ (Arthur & Vassilvitskii 2007) with the probability of a row ∝ w·D², drawn
 *   from `mulberry32`, so a seed fully determines the result.
 * - Iterations are Lloyd's with weighted centroids, accelerated by Hamerly's (2010) bounds: each
 *   row keeps an upper bound on the distance to its centre and a lower bound on the distance to
 *   any other, and distances are only recomputed when the bounds cannot rule out a change. The
 *   assignments are those of plain Lloyd; only the work is less.
 * - A cluster left without (positively weighted) rows is re-seeded at the row farthest from its
 *   own centre. The best of `restarts` runs by weighted within-cluster sum of squares is kept, and
 *   clusters are then numbered by decreasing weighted size (ties: first row), so the same
 *   partition always gets the same labels whatever the seed.
 *
 * Missing values are the caller's business: rows must be complete and finite.
 */

export interface KMeansInput {
	/** row-major n×d matrix */
	data: Float64Array;
	n: number;
	d: number;
	/** Non-negative finite weights, one per row; all 1 when absent. */
	weights?: Float64Array;
}

export interface KMeansOptions {
	k: number;
	seed: number;
	/** Lloyd iterations per restart; 100 by default. */
	maxIterations?: number;
	/** Independent k-means++ starts, the best kept; 5 by default. */
	restarts?: number;
	/** Stop when the objective falls by at most this fraction in an iteration; 1e-8 by default. */
	tolerance?: number;
}

export interface KMeansResult {
	k: number;
	/** k×d, row-major: the weighted mean of each cluster (an empty cluster keeps its last centre). */
	centers: Float64Array;
	/** Cluster of each row, 0 … k−1, numbered by decreasing weighted size. */
	assignment: Int32Array;
	/** weighted within-cluster sum of squares */
	withinSS: number;
	/** Weighted sum of squares about the weighted grand mean. */
	totalSS: number;
	/** Sum of the weights in each cluster. */
	sizes: Float64Array;
	/** Number of rows in each cluster. */
	counts: Int32Array;
	/** Iterations of the kept run. */
	iterations: number;
	/** Whether the kept run stopped before `maxIterations`. */
	converged: boolean;
	seed: number;
}

/**
 * Mulberry32 (Tommy Ettinger's 32-bit generator): a tiny, fast PRNG with a 2³² period and good
 * statistical quality for sampling, returning floats in [0, 1). The seed is reduced to 32 bits
 * (`seed | 0`); the same seed always gives the same sequence, on every platform.
 */
export function mulberry32(seed: number): () => number {
	let state = seed | 0;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Validates the matrix and returns the weights (ones when absent) and their total. */
function checkInput(input: KMeansInput): { weights: Float64Array; totalWeight: number } {
	const { data, n, d } = input;
	if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a positive integer, got ${n}.`);
	if (!Number.isInteger(d) || d < 1) throw new Error(`d must be a positive integer, got ${d}.`);
	if (data.length !== n * d) {
		throw new Error(`The data has ${data.length} values but n×d = ${n}×${d} = ${n * d}.`);
	}
	for (let index = 0; index < data.length; index++) {
		const value = data[index]!;
		if (!Number.isFinite(value)) {
			throw new Error(
				`Row ${Math.floor(index / d) + 1}, column ${(index % d) + 1} is ${value}: clustering needs ` +
					'complete rows of finite numbers, so drop or impute missing values first.'
			);
		}
	}
	if (!input.weights) return { weights: new Float64Array(n).fill(1), totalWeight: n };
	const weights = input.weights;
	if (weights.length !== n) {
		throw new Error(`There are ${weights.length} weights for ${n} rows.`);
	}
	let totalWeight = 0;
	for (let i = 0; i < n; i++) {
		const w = weights[i]!;
		if (!Number.isFinite(w) || w < 0) {
			throw new Error(`The weight of row ${i + 1} is ${w}: weights must be finite and ≥ 0.`);
		}
		totalWeight += w;
	}
	if (!(totalWeight > 0)) throw new Error('The weights sum to 0.');
	return { weights, totalWeight };
}

function checkInteger(name: string, value: number, min: number, max = Infinity): number {
	if (!Number.isInteger(value) || value < min || value > max) {
		const range = max === Infinity ? `≥ ${min}` : `between ${min} and ${max}`;
		throw new Error(`${name} must be an integer ${range}, got ${value}.`);
	}
	return value;
}

function weightedMeans(
	data: Float64Array,
	n: number,
	d: number,
	weights: Float64Array,
	totalWeight: number
): Float64Array {
	const means = new Float64Array(d);
	for (let i = 0; i < n; i++) {
		const w = weights[i]!;
		if (w === 0) continue;
		const base = i * d;
		for (let t = 0; t < d; t++) means[t]! += w * data[base + t]!;
	}
	for (let t = 0; t < d; t++) means[t]! /= totalWeight;
	return means;
}

/**
 * Weighted standardisation: each column minus its weighted mean, over its weighted standard
 * deviation in population form, √(Σw(x−m)²/Σw). A column that is constant over the positively
 * weighted rows has sd 0 and becomes all 0.
 */
export function standardize(input: KMeansInput): {
	data: Float64Array;
	means: Float64Array;
	sds: Float64Array;
} {
	const { data, n, d } = input;
	const { weights, totalWeight } = checkInput(input);
	const means = weightedMeans(data, n, d, weights, totalWeight);
	const sds = new Float64Array(d);
	const first = new Float64Array(d).fill(NaN);
	const constant = new Uint8Array(d).fill(1);
	for (let i = 0; i < n; i++) {
		const w = weights[i]!;
		if (w === 0) continue;
		const base = i * d;
		for (let t = 0; t < d; t++) {
			const value = data[base + t]!;
			const deviation = value - means[t]!;
			sds[t]! += w * deviation * deviation;
			if (Number.isNaN(first[t]!)) first[t] = value;
			else if (value !== first[t]) constant[t] = 0;
		}
	}
	for (let t = 0; t < d; t++) {
		if (constant[t]) {
			// Rounding can leave a constant column with a mean a hair off its value and a tiny sd.
			sds[t] = 0;
			means[t] = first[t]!;
		} else {
			sds[t] = Math.sqrt(sds[t]! / totalWeight);
		}
	}
	const out = new Float64Array(n * d);
	for (let i = 0; i < n; i++) {
		const base = i * d;
		for (let t = 0; t < d; t++) {
			const sd = sds[t]!;
			out[base + t] = sd > 0 ? (data[base + t]! - means[t]!) / sd : 0;
		}
	}
	return { data: out, means, sds };
}

/** Buffers of one k-means problem, reused across restarts. */
interface Workspace {
	data: Float64Array;
	n: number;
	d: number;
	k: number;
	weights: Float64Array;
	totalWeight: number;
	/** Weighted grand mean: the sums below are taken about it, to limit cancellation. */
	grand: Float64Array;
	assignment: Int32Array;
	/** Upper bound on the distance from each row to its centre. */
	upper: Float64Array;
	/** Lower bound on the distance from each row to any other centre. */
	lower: Float64Array;
	/** Squared distances to a candidate centre and to the best candidate, while seeding. */
	scratch: Float64Array;
	chosen: Float64Array;
	centers: Float64Array;
	next: Float64Array;
	/** Per cluster: Σw(x−grand) (k×d), Σw‖x−grand‖², Σw and the number of rows with w > 0. */
	sums: Float64Array;
	squares: Float64Array;
	size: Float64Array;
	positive: Int32Array;
	/** Half the distance from each centre to the nearest other one. */
	half: Float64Array;
	/** How far each centre moved in the last update, and the two largest moves. */
	moved: Float64Array;
	maxMove: number;
	maxMoved: number;
	secondMove: number;
}

function squaredDistance(
	data: Float64Array,
	rowBase: number,
	centers: Float64Array,
	centerBase: number,
	d: number
): number {
	let sum = 0;
	for (let t = 0; t < d; t++) {
		const diff = data[rowBase + t]! - centers[centerBase + t]!;
		sum += diff * diff;
	}
	return sum;
}

/** A row drawn with probability ∝ `weights[i]·scores[i]` (∝ weights when `scores` is absent). */
function drawRow(
	ws: Workspace,
	total: number,
	rng: () => number,
	scores: Float64Array | undefined
): number {
	const { n, weights } = ws;
	const target = rng() * total;
	let cumulative = 0;
	let last = -1;
	for (let i = 0; i < n; i++) {
		const mass = scores ? weights[i]! * scores[i]! : weights[i]!;
		if (mass > 0) {
			cumulative += mass;
			last = i;
			if (cumulative > target) return i;
		}
	}
	return last;
}

/**
 * Greedy k-means++: for each new centre, 2 + ⌊ln k⌋ candidate rows are drawn ∝ w·D² (D the
 * distance to the nearest centre so far) and the one that lowers Σw·D² most is kept. The extra
 * candidates make a start with two centres in one natural cluster — and the long, fruitless run
 * of iterations that follows — much rarer than with a single draw.
 *
 * Every row meets every chosen centre once here, so the pass also leaves the first assignment:
 * the nearest centre and the exact distances to it and to the second nearest (Hamerly's bounds).
 */
function seedCenters(ws: Workspace, rng: () => number): void {
	const { data, n, d, k, weights, centers, assignment } = ws;
	const trials = 2 + Math.floor(Math.log(k));
	// Squared distances until the last centre is placed, then distances.
	const nearest = ws.upper;
	const second = ws.lower;
	let candidate = ws.scratch;
	let chosen = ws.chosen;
	let total = ws.totalWeight;
	for (let c = 0; c < k; c++) {
		if (c === 0 || !(total > 0)) {
			// The first centre, or fewer distinct rows than centres (a repeated centre, whose
			// cluster stays empty): a row drawn ∝ w.
			const row = drawRow(ws, ws.totalWeight, rng, undefined);
			centers.set(data.subarray(row * d, row * d + d), c * d);
			for (let i = 0; i < n; i++) chosen[i] = squaredDistance(data, i * d, centers, c * d, d);
		} else {
			let bestPotential = Infinity;
			for (let trial = 0; trial < trials; trial++) {
				const row = drawRow(ws, total, rng, nearest);
				const rowBase = row * d;
				let potential = 0;
				for (let i = 0; i < n; i++) {
					const distance = squaredDistance(data, i * d, data, rowBase, d);
					candidate[i] = distance;
					potential += weights[i]! * (distance < nearest[i]! ? distance : nearest[i]!);
				}
				if (potential < bestPotential) {
					bestPotential = potential;
					centers.set(data.subarray(rowBase, rowBase + d), c * d);
					[candidate, chosen] = [chosen, candidate];
				}
			}
		}
		const last = c === k - 1;
		total = 0;
		for (let i = 0; i < n; i++) {
			const distance = chosen[i]!;
			if (c === 0) {
				nearest[i] = distance;
				second[i] = Infinity;
				assignment[i] = 0;
			} else if (distance < nearest[i]!) {
				second[i] = nearest[i]!;
				nearest[i] = distance;
				assignment[i] = c;
			} else if (distance < second[i]!) {
				second[i] = distance;
			}
			if (last) {
				nearest[i] = Math.sqrt(nearest[i]!);
				second[i] = Math.sqrt(second[i]!);
			} else {
				total += weights[i]! * nearest[i]!;
			}
		}
	}
}

/** The cluster statistics from scratch. */
function accumulate(ws: Workspace): void {
	const { data, n, d, weights, grand, assignment, sums, squares, size, positive } = ws;
	sums.fill(0);
	squares.fill(0);
	size.fill(0);
	positive.fill(0);
	for (let i = 0; i < n; i++) {
		const w = weights[i]!;
		if (w === 0) continue;
		const j = assignment[i]!;
		const rowBase = i * d;
		const sumBase = j * d;
		let square = 0;
		for (let t = 0; t < d; t++) {
			const deviation = data[rowBase + t]! - grand[t]!;
			sums[sumBase + t]! += w * deviation;
			square += deviation * deviation;
		}
		squares[j]! += w * square;
		size[j]! += w;
		positive[j]!++;
	}
}

/** Moves row i's contribution to the statistics from cluster `from` to cluster `to`. */
function moveRow(ws: Workspace, i: number, from: number, to: number): void {
	const w = ws.weights[i]!;
	if (w === 0) return;
	const { data, d, grand, sums, squares, size, positive } = ws;
	const rowBase = i * d;
	let square = 0;
	for (let t = 0; t < d; t++) {
		const deviation = data[rowBase + t]! - grand[t]!;
		sums[from * d + t]! -= w * deviation;
		sums[to * d + t]! += w * deviation;
		square += deviation * deviation;
	}
	squares[from]! -= w * square;
	squares[to]! += w * square;
	size[from]! -= w;
	size[to]! += w;
	positive[to]!++;
	if (--positive[from]! === 0) {
		// An emptied cluster restarts from exact zeros rather than accumulated rounding.
		sums.fill(0, from * d, from * d + d);
		squares[from] = 0;
		size[from] = 0;
	}
}

/** Weighted means into `out`; a cluster without weight keeps its current centre. */
function centroidsInto(ws: Workspace, out: Float64Array): void {
	const { d, k, grand, sums, size, positive, centers } = ws;
	for (let j = 0; j < k; j++) {
		for (let t = 0; t < d; t++) {
			out[j * d + t] =
				positive[j]! > 0 ? grand[t]! + sums[j * d + t]! / size[j]! : centers[j * d + t]!;
		}
	}
}

/** Re-seeds every weightless cluster at the row farthest from its own centre; true if any was. */
function reseedEmpty(ws: Workspace): boolean {
	const { data, n, d, k, weights, grand, assignment, positive, next } = ws;
	let reseeded = false;
	for (let j = 0; j < k; j++) {
		if (positive[j]! > 0) continue;
		centroidsInto(ws, next);
		let farthest = -1;
		let farthestDistance = 0;
		for (let i = 0; i < n; i++) {
			if (weights[i] === 0) continue;
			const rowBase = i * d;
			const distance = squaredDistance(data, rowBase, next, assignment[i]! * d, d);
			if (distance <= farthestDistance) continue;
			// A row a rounding error away from its centre coincides with it: moving it would gain
			// nothing and could make an empty cluster trade rows back and forth for ever.
			let magnitude = 0;
			for (let t = 0; t < d; t++) magnitude += data[rowBase + t]! ** 2 + grand[t]! ** 2;
			if (distance > 1e-24 * magnitude) {
				farthestDistance = distance;
				farthest = i;
			}
		}
		// Every row sits on its centre: there are no more distinct rows to give this cluster.
		if (farthest < 0) continue;
		moveRow(ws, farthest, assignment[farthest]!, j);
		assignment[farthest] = j;
		// Trivially valid bounds: the next assignment step measures this row afresh.
		ws.upper[farthest] = Infinity;
		ws.lower[farthest] = 0;
		reseeded = true;
	}
	return reseeded;
}

/** Centres to the weighted means; records how far each moved. */
function updateCenters(ws: Workspace): void {
	const { d, k, centers, next, moved } = ws;
	centroidsInto(ws, next);
	ws.maxMove = 0;
	ws.secondMove = 0;
	ws.maxMoved = -1;
	for (let j = 0; j < k; j++) {
		const move = Math.sqrt(squaredDistance(centers, j * d, next, j * d, d));
		moved[j] = move;
		if (move > ws.maxMove) {
			ws.secondMove = ws.maxMove;
			ws.maxMove = move;
			ws.maxMoved = j;
		} else if (move > ws.secondMove) {
			ws.secondMove = move;
		}
	}
	centers.set(next);
}

/** Weighted within-cluster sum of squares from the statistics (centres at the means). */
function objective(ws: Workspace): number {
	const { d, k, sums, squares, size, positive } = ws;
	let total = 0;
	for (let j = 0; j < k; j++) {
		if (positive[j] === 0) continue;
		let norm = 0;
		for (let t = 0; t < d; t++) norm += sums[j * d + t]! * sums[j * d + t]!;
		total += Math.max(0, squares[j]! - norm / size[j]!);
	}
	return total;
}

/**
 * One Lloyd assignment step with Hamerly's bounds, the centre moves of the last update applied
 * first. Returns the number of rows that changed cluster (and keeps the statistics current).
 */
function assignStep(ws: Workspace): number {
	const { data, n, d, k, centers, assignment, upper, lower, half, moved } = ws;
	for (let j = 0; j < k; j++) {
		let nearest = Infinity;
		for (let other = 0; other < k; other++) {
			if (other === j) continue;
			const distance = squaredDistance(centers, j * d, centers, other * d, d);
			if (distance < nearest) nearest = distance;
		}
		half[j] = Math.sqrt(nearest) / 2;
	}
	const { maxMove, maxMoved, secondMove } = ws;
	let changed = 0;
	for (let i = 0; i < n; i++) {
		const current = assignment[i]!;
		let up = upper[i]! + moved[current]!;
		let low = lower[i]! - (current === maxMoved ? secondMove : maxMove);
		const bound = half[current]! > low ? half[current]! : low;
		if (up > bound) {
			const rowBase = i * d;
			up = Math.sqrt(squaredDistance(data, rowBase, centers, current * d, d));
			if (up > bound) {
				let best = 0;
				let bestDistance = Infinity;
				let secondDistance = Infinity;
				for (let j = 0; j < k; j++) {
					const distance = squaredDistance(data, rowBase, centers, j * d, d);
					if (distance < bestDistance) {
						secondDistance = bestDistance;
						bestDistance = distance;
						best = j;
					} else if (distance < secondDistance) {
						secondDistance = distance;
					}
				}
				if (best !== current) {
					moveRow(ws, i, current, best);
					assignment[i] = best;
					changed++;
				}
				up = Math.sqrt(bestDistance);
				low = Math.sqrt(secondDistance);
			}
		}
		upper[i] = up;
		lower[i] = low;
	}
	return changed;
}

/** One k-means++ start followed by Lloyd iterations; leaves the partition in the workspace. */
function runOnce(
	ws: Workspace,
	rng: () => number,
	maxIterations: number,
	tolerance: number
): { iterations: number; converged: boolean } {
	seedCenters(ws, rng);
	accumulate(ws);
	let previous = Infinity;
	for (let iteration = 1; iteration <= maxIterations; iteration++) {
		if (iteration > 1) {
			if (assignStep(ws) === 0) return { iterations: iteration, converged: true };
			// Incremental updates drift by rounding; start the sums afresh now and then.
			if (iteration % 16 === 0) accumulate(ws);
		}
		const reseeded = reseedEmpty(ws);
		updateCenters(ws);
		const current = objective(ws);
		if (iteration > 1 && !reseeded && previous - current <= tolerance * previous) {
			return { iterations: iteration, converged: true };
		}
		previous = current;
	}
	return { iterations: maxIterations, converged: false };
}

/** Exact centres, sizes, counts and within-cluster sum of squares of the current partition. */
function finish(ws: Workspace): {
	centers: Float64Array;
	sizes: Float64Array;
	counts: Int32Array;
	withinSS: number;
} {
	const { data, n, d, k, weights, assignment } = ws;
	const centers = new Float64Array(k * d);
	const sizes = new Float64Array(k);
	const counts = new Int32Array(k);
	for (let i = 0; i < n; i++) {
		const j = assignment[i]!;
		const w = weights[i]!;
		counts[j]!++;
		if (w === 0) continue;
		sizes[j]! += w;
		const rowBase = i * d;
		for (let t = 0; t < d; t++) centers[j * d + t]! += w * data[rowBase + t]!;
	}
	for (let j = 0; j < k; j++) {
		for (let t = 0; t < d; t++) {
			centers[j * d + t] = sizes[j]! > 0 ? centers[j * d + t]! / sizes[j]! : ws.centers[j * d + t]!;
		}
	}
	let withinSS = 0;
	for (let i = 0; i < n; i++) {
		const w = weights[i]!;
		if (w > 0) withinSS += w * squaredDistance(data, i * d, centers, assignment[i]! * d, d);
	}
	return { centers, sizes, counts, withinSS };
}

/**
 * Weighted k-means: the best of `restarts` k-means++ starts by weighted within-cluster sum of
 * squares. Rows with weight 0 are assigned to their nearest centre but pull no centre.
 */
export function kmeans(input: KMeansInput, options: KMeansOptions): KMeansResult {
	const { data, n, d } = input;
	const { weights, totalWeight } = checkInput(input);
	const k = checkInteger('k', options.k, 1, n);
	const maxIterations = checkInteger('maxIterations', options.maxIterations ?? 100, 1);
	const restarts = checkInteger('restarts', options.restarts ?? 5, 1);
	const tolerance = options.tolerance ?? 1e-8;
	if (!(tolerance >= 0)) throw new Error(`tolerance must be ≥ 0, got ${tolerance}.`);
	if (!Number.isFinite(options.seed))
		throw new Error(`seed must be a number, got ${options.seed}.`);

	const grand = weightedMeans(data, n, d, weights, totalWeight);
	let totalSS = 0;
	for (let i = 0; i < n; i++) {
		const w = weights[i]!;
		if (w === 0) continue;
		let square = 0;
		for (let t = 0; t < d; t++) {
			const deviation = data[i * d + t]! - grand[t]!;
			square += deviation * deviation;
		}
		totalSS += w * square;
	}

	const ws: Workspace = {
		data,
		n,
		d,
		k,
		weights,
		totalWeight,
		grand,
		assignment: new Int32Array(n),
		upper: new Float64Array(n),
		lower: new Float64Array(n),
		scratch: new Float64Array(n),
		chosen: new Float64Array(n),
		centers: new Float64Array(k * d),
		next: new Float64Array(k * d),
		sums: new Float64Array(k * d),
		squares: new Float64Array(k),
		size: new Float64Array(k),
		positive: new Int32Array(k),
		half: new Float64Array(k),
		moved: new Float64Array(k),
		maxMove: 0,
		maxMoved: -1,
		secondMove: 0
	};
	const rng = mulberry32(options.seed);
	let best:
		| (ReturnType<typeof finish> & {
				assignment: Int32Array;
				iterations: number;
				converged: boolean;
		  })
		| undefined;
	for (let restart = 0; restart < restarts; restart++) {
		const run = runOnce(ws, rng, maxIterations, tolerance);
		const result = finish(ws);
		if (!best || result.withinSS < best.withinSS) {
			// Keep this partition and let the next run overwrite the previous best's buffer.
			const kept = ws.assignment;
			ws.assignment = best ? best.assignment : new Int32Array(n);
			best = { ...result, ...run, assignment: kept };
		}
	}
	return relabel({ ...best!, k, totalSS, seed: options.seed }, d);
}

/** Numbers the clusters by decreasing weighted size, ties by their first row. */
function relabel(result: KMeansResult, d: number): KMeansResult {
	const { k, assignment, centers, sizes, counts } = result;
	const firstRow = new Array<number>(k).fill(Infinity);
	for (let i = 0; i < assignment.length; i++) {
		const j = assignment[i]!;
		if (firstRow[j] === Infinity) firstRow[j] = i;
	}
	const order = Array.from({ length: k }, (_, j) => j).sort(
		(a, b) => sizes[b]! - sizes[a]! || firstRow[a]! - firstRow[b]! || a - b
	);
	const label = new Int32Array(k);
	order.forEach((old, position) => (label[old] = position));
	for (let i = 0; i < assignment.length; i++) assignment[i] = label[assignment[i]!]!;
	const newCenters = new Float64Array(k * d);
	const newSizes = new Float64Array(k);
	const newCounts = new Int32Array(k);
	order.forEach((old, position) => {
		newCenters.set(centers.subarray(old * d, old * d + d), position * d);
		newSizes[position] = sizes[old]!;
		newCounts[position] = counts[old]!;
	});
	return { ...result, centers: newCenters, sizes: newSizes, counts: newCounts };
}

/** Up to `size` distinct row indices in increasing order, drawn uniformly (Floyd's algorithm). */
function sampleRows(n: number, size: number, rng: () => number): Int32Array {
	if (n <= size) return Int32Array.from({ length: n }, (_, i) => i);
	const chosen = new Set<number>();
	for (let j = n - size; j < n; j++) {
		const candidate = Math.floor(rng() * (j + 1));
		chosen.add(chosen.has(candidate) ? j : candidate);
	}
	return Int32Array.from(chosen).sort();
}

/**
 * Weighted mean silhouette width (Rousseeuw 1987) on a seeded uniform sample of `sampleSize`
 * rows (all rows, exactly, when n ≤ sampleSize). For a row, a is the weighted mean distance to
 * the other sampled rows of its cluster and b the smallest weighted mean distance to another
 * cluster's; s = (b − a)/max(a, b), 0 for a row alone in its cluster. The rows' s are averaged
 * with their weights. NaN when the sample holds fewer than two weighted clusters.
 */
export function silhouette(
	input: KMeansInput,
	assignment: Int32Array,
	k: number,
	options: { sampleSize?: number; seed: number }
): number {
	const { data, n, d } = input;
	const { weights } = checkInput(input);
	checkInteger('k', k, 1);
	if (assignment.length !== n) {
		throw new Error(`There are ${assignment.length} cluster labels for ${n} rows.`);
	}
	for (let i = 0; i < n; i++) {
		const j = assignment[i]!;
		if (j < 0 || j >= k) throw new Error(`Row ${i + 1} is in cluster ${j}, outside 0 … ${k - 1}.`);
	}
	const sampleSize = checkInteger('sampleSize', options.sampleSize ?? 2000, 2);
	const rows = sampleRows(n, sampleSize, mulberry32(options.seed));
	const m = rows.length;
	const x = new Float64Array(m * d);
	const w = new Float64Array(m);
	const label = new Int32Array(m);
	const present = new Uint8Array(k);
	rows.forEach((row, p) => {
		x.set(data.subarray(row * d, row * d + d), p * d);
		w[p] = weights[row]!;
		label[p] = assignment[row]!;
		if (w[p]! > 0) present[label[p]!] = 1;
	});
	if (present.reduce((sum, flag) => sum + flag, 0) < 2) return NaN;

	// For each sampled row and cluster: Σ w·distance and Σ w over the cluster's other rows.
	const distanceTo = new Float64Array(m * k);
	const weightTo = new Float64Array(m * k);
	for (let p = 0; p < m; p++) {
		const labelP = label[p]!;
		const weightP = w[p]!;
		for (let q = p + 1; q < m; q++) {
			const distance = Math.sqrt(squaredDistance(x, p * d, x, q * d, d));
			const labelQ = label[q]!;
			const weightQ = w[q]!;
			distanceTo[p * k + labelQ]! += weightQ * distance;
			weightTo[p * k + labelQ]! += weightQ;
			distanceTo[q * k + labelP]! += weightP * distance;
			weightTo[q * k + labelP]! += weightP;
		}
	}
	let total = 0;
	let totalWeight = 0;
	for (let p = 0; p < m; p++) {
		const weightP = w[p]!;
		if (weightP === 0) continue;
		const own = label[p]!;
		let s = 0;
		if (weightTo[p * k + own]! > 0) {
			const a = distanceTo[p * k + own]! / weightTo[p * k + own]!;
			let b = Infinity;
			for (let j = 0; j < k; j++) {
				if (j === own || !(weightTo[p * k + j]! > 0)) continue;
				b = Math.min(b, distanceTo[p * k + j]! / weightTo[p * k + j]!);
			}
			const scale = Math.max(a, b);
			s = scale > 0 ? (b - a) / scale : 0;
		}
		total += weightP * s;
		totalWeight += weightP;
	}
	return total / totalWeight;
}

/**
 * k-means for each k from kMin to kMax (with `seed`), with its within-cluster sum of squares and
 * sampled silhouette, for an elbow or silhouette plot. The silhouette of k = 1 is NaN.
 */
export function chooseK(
	input: KMeansInput,
	options: { kMin: number; kMax: number; seed: number; sampleSize?: number }
): { k: number; withinSS: number; silhouette: number }[] {
	const kMin = checkInteger('kMin', options.kMin, 1, input.n);
	const kMax = checkInteger('kMax', options.kMax, kMin, input.n);
	const rows: { k: number; withinSS: number; silhouette: number }[] = [];
	for (let k = kMin; k <= kMax; k++) {
		const result = kmeans(input, { k, seed: options.seed });
		rows.push({
			k,
			withinSS: result.withinSS,
			silhouette:
				k < 2
					? NaN
					: silhouette(input, result.assignment, k, {
							sampleSize: options.sampleSize,
							seed: options.seed
						})
		});
	}
	return rows;
}
