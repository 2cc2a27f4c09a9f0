/**
 * Weighted k-means, standardisation, silhouettes and the choice of k: recovery of known clusters,
 * determinism, the meaning of weights, exact sums of squares and the invariants of the result.
 */
import { describe, expect, it } from 'vitest';
import {
	chooseK,
	kmeans,
	mulberry32,
	silhouette,
	standardize,
	type KMeansInput,
	type KMeansResult
} from './kmeans.ts';

/** A standard normal draw (Box–Muller). */
function gaussian(rng: () => number): number {
	return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** `perCluster` rows around each centre, interleaved (row i belongs to blob i mod k). */
function blobs(
	centers: number[][],
	perCluster: number,
	sd: number,
	seed: number
): { input: KMeansInput; truth: Int32Array } {
	const rng = mulberry32(seed);
	const k = centers.length;
	const d = centers[0]!.length;
	const n = k * perCluster;
	const data = new Float64Array(n * d);
	const truth = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		truth[i] = i % k;
		for (let t = 0; t < d; t++) data[i * d + t] = centers[i % k]![t]! + sd * gaussian(rng);
	}
	return { input: { data, n, d }, truth };
}

const threeBlobs = [
	[0, 0],
	[10, 0],
	[0, 10]
];

/** Whether two labellings are the same partition (equal up to renaming the clusters). */
function samePartition(a: Int32Array, b: Int32Array): boolean {
	if (a.length !== b.length) return false;
	const forward = new Map<number, number>();
	const backward = new Map<number, number>();
	for (let i = 0; i < a.length; i++) {
		const x = a[i]!;
		const y = b[i]!;
		if ((forward.get(x) ?? y) !== y || (backward.get(y) ?? x) !== x) return false;
		forward.set(x, y);
		backward.set(y, x);
	}
	return true;
}

/** Weighted means of the rows of each cluster and Σw‖x − centre‖², computed directly. */
function direct(input: KMeansInput, assignment: Int32Array, k: number) {
	const { data, n, d } = input;
	const w = (i: number) => input.weights?.[i] ?? 1;
	const sums = Array.from({ length: k }, () => new Array<number>(d).fill(0));
	const sizes = new Array<number>(k).fill(0);
	for (let i = 0; i < n; i++) {
		const j = assignment[i]!;
		sizes[j]! += w(i);
		for (let t = 0; t < d; t++) sums[j]![t]! += w(i) * data[i * d + t]!;
	}
	const centers = sums.map((sum, j) => sum.map((value) => value / sizes[j]!));
	const grand = new Array<number>(d).fill(0);
	let total = 0;
	for (let i = 0; i < n; i++) {
		total += w(i);
		for (let t = 0; t < d; t++) grand[t]! += w(i) * data[i * d + t]!;
	}
	for (let t = 0; t < d; t++) grand[t]! /= total;
	let withinSS = 0;
	let totalSS = 0;
	for (let i = 0; i < n; i++) {
		for (let t = 0; t < d; t++) {
			withinSS += w(i) * (data[i * d + t]! - centers[assignment[i]!]![t]!) ** 2;
			totalSS += w(i) * (data[i * d + t]! - grand[t]!) ** 2;
		}
	}
	return { centers, sizes, withinSS, totalSS };
}

const centerRows = (result: KMeansResult, d: number) =>
	Array.from({ length: result.k }, (_, j) => [...result.centers.subarray(j * d, j * d + d)]);

describe('mulberry32', () => {
	it('is a deterministic generator of floats in [0, 1)', () => {
		const a = mulberry32(123);
		const b = mulberry32(123);
		const c = mulberry32(124);
		const first = Array.from({ length: 1000 }, () => a());
		expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
		expect(Array.from({ length: 1000 }, () => c())).not.toEqual(first);
		expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
		expect(first.reduce((sum, x) => sum + x, 0) / 1000).toBeCloseTo(0.5, 1);
	});
});

describe('kmeans', () => {
	it('recovers well-separated clusters exactly', () => {
		const { input, truth } = blobs(threeBlobs, 100, 0.5, 1);
		const result = kmeans(input, { k: 3, seed: 7 });
		expect(samePartition(result.assignment, truth)).toBe(true);
		expect(result.converged).toBe(true);
		expect([...result.counts]).toEqual([100, 100, 100]);
		expect([...result.sizes]).toEqual([100, 100, 100]);
		// Equal sizes: numbered by first row, i.e. in the order of the blobs.
		expect([...result.assignment.subarray(0, 6)]).toEqual([0, 1, 2, 0, 1, 2]);
		const centers = centerRows(result, 2);
		threeBlobs.forEach((center, j) => {
			expect(centers[j]![0]).toBeCloseTo(center[0]!, 0);
			expect(centers[j]![1]).toBeCloseTo(center[1]!, 0);
		});
		expect(result.withinSS / result.totalSS).toBeLessThan(0.02);
	});

	it('is deterministic for a seed and labels a partition the same whatever the seed', () => {
		const { input } = blobs(
			[
				[0, 0, 0],
				[8, 0, 0],
				[0, 8, 0],
				[0, 0, 8]
			],
			60,
			1,
			2
		);
		const first = kmeans(input, { k: 4, seed: 11 });
		expect(kmeans(input, { k: 4, seed: 11 })).toEqual(first);
		for (const seed of [1, 2, 3, 99, 123456]) {
			const other = kmeans(input, { k: 4, seed });
			expect(other.seed).toBe(seed);
			expect(other.assignment).toEqual(first.assignment);
			expect(other.withinSS).toBeCloseTo(first.withinSS, 8);
		}
	});

	it('treats a weight of 2 like a repeated row', () => {
		const { input } = blobs(threeBlobs, 40, 1.5, 3);
		const rng = mulberry32(4);
		const weights = Float64Array.from({ length: input.n }, () => (rng() < 0.5 ? 1 : 2));
		const repeatedRows: number[] = [];
		for (let i = 0; i < input.n; i++) {
			for (let copy = 0; copy < weights[i]!; copy++) repeatedRows.push(i);
		}
		const repeated: KMeansInput = {
			data: Float64Array.from(
				repeatedRows.flatMap((i) => [input.data[2 * i]!, input.data[2 * i + 1]!])
			),
			n: repeatedRows.length,
			d: 2
		};
		const weighted = kmeans({ ...input, weights }, { k: 3, seed: 5 });
		const copies = kmeans(repeated, { k: 3, seed: 5 });
		const weightedCenters = centerRows(weighted, 2);
		centerRows(copies, 2).forEach((center, j) => {
			expect(weightedCenters[j]![0]).toBeCloseTo(center[0]!, 10);
			expect(weightedCenters[j]![1]).toBeCloseTo(center[1]!, 10);
		});
		expect(weighted.withinSS).toBeCloseTo(copies.withinSS, 8);
		expect(weighted.totalSS).toBeCloseTo(copies.totalSS, 8);
		expect([...weighted.sizes]).toEqual([...copies.sizes]);
		expect([...weighted.assignment]).toEqual(
			Array.from({ length: input.n }, (_, i) => copies.assignment[repeatedRows.indexOf(i)])
		);
		// And the weights do move the centres away from the unweighted ones.
		const unweighted = centerRows(kmeans(input, { k: 3, seed: 5 }), 2);
		expect(
			unweighted
				.flat()
				.some((value, index) => Math.abs(value - weightedCenters.flat()[index]!) > 1e-3)
		).toBe(true);
	});

	it('lets weights change the partition', () => {
		const input: KMeansInput = { data: Float64Array.from([0, 4, 6, 10]), n: 4, d: 1 };
		// Unweighted the optimum is {0, 4} | {6, 10}; with 0 weighing 10 it is {0} | {4, 6, 10}.
		const plain = kmeans(input, { k: 2, seed: 1 });
		expect(samePartition(plain.assignment, Int32Array.from([0, 0, 1, 1]))).toBe(true);
		const weights = Float64Array.from([10, 1, 1, 1]);
		const weighted = kmeans({ ...input, weights }, { k: 2, seed: 1 });
		expect([...weighted.assignment]).toEqual([0, 1, 1, 1]);
		expect([...weighted.centers]).toEqual([0, 20 / 3]);
		expect(weighted.withinSS).toBeCloseTo(
			(4 - 20 / 3) ** 2 + (6 - 20 / 3) ** 2 + (10 - 20 / 3) ** 2,
			12
		);
	});

	it('reports exact weighted sums of squares, centres and sizes', () => {
		const { input } = blobs(
			[
				[0, 0, 0, 0],
				[3, 1, 0, 0],
				[0, 3, 1, 0]
			],
			150,
			1.2,
			6
		);
		const rng = mulberry32(8);
		const weighted = {
			...input,
			weights: Float64Array.from({ length: input.n }, () => 0.2 + 3 * rng())
		};
		for (const k of [1, 2, 3, 5]) {
			const result = kmeans(weighted, { k, seed: 9 });
			const check = direct(weighted, result.assignment, k);
			expect(result.withinSS).toBeCloseTo(check.withinSS, 8);
			expect(result.totalSS).toBeCloseTo(check.totalSS, 8);
			expect(result.withinSS).toBeLessThanOrEqual(result.totalSS * (1 + 1e-12));
			centerRows(result, 4).forEach((center, j) =>
				center.forEach((value, t) => expect(value).toBeCloseTo(check.centers[j]![t]!, 10))
			);
			[...result.sizes].forEach((size, j) => expect(size).toBeCloseTo(check.sizes[j]!, 10));
			// Numbered by decreasing weighted size.
			for (let j = 1; j < k; j++)
				expect(result.sizes[j]!).toBeLessThanOrEqual(result.sizes[j - 1]!);
			expect([...result.counts].reduce((a, b) => a + b, 0)).toBe(input.n);
		}
		expect(kmeans(weighted, { k: 1, seed: 1 }).withinSS).toBeCloseTo(
			direct(weighted, new Int32Array(input.n), 1).totalSS,
			8
		);
	});

	it('keeps invariants on awkward data: ties, duplicates, zero weights, more clusters than points', () => {
		for (let seed = 1; seed <= 40; seed++) {
			const rng = mulberry32(seed);
			const n = 3 + Math.floor(rng() * 40);
			const d = 1 + Math.floor(rng() * 3);
			// Few distinct values, so many rows coincide.
			const data = Float64Array.from({ length: n * d }, () => Math.floor(rng() * 3));
			const weights = Float64Array.from({ length: n }, () =>
				rng() < 0.2 ? 0 : Math.floor(rng() * 3) + 1
			);
			if (weights.every((w) => w === 0)) weights[0] = 1;
			const input = { data, n, d, weights };
			const k = 1 + Math.floor(rng() * Math.min(n, 8));
			const result = kmeans(input, { k, seed, tolerance: 0 });
			expect(result.assignment.every((j) => j >= 0 && j < k)).toBe(true);
			expect(result.centers.every(Number.isFinite)).toBe(true);
			const check = direct(input, result.assignment, k);
			expect(result.withinSS).toBeCloseTo(check.withinSS, 9);
			for (let j = 0; j < k; j++) {
				if (check.sizes[j]! > 0) {
					for (let t = 0; t < d; t++)
						expect(result.centers[j * d + t]).toBeCloseTo(check.centers[j]![t]!, 9);
				}
			}
			// Lloyd's fixed point: no row, weighted or not, is closer to another centre than to its own.
			if (result.converged) {
				for (let i = 0; i < n; i++) {
					const distance = (j: number) => {
						let sum = 0;
						for (let t = 0; t < d; t++) sum += (data[i * d + t]! - result.centers[j * d + t]!) ** 2;
						return sum;
					};
					const own = distance(result.assignment[i]!);
					for (let j = 0; j < k; j++) expect(distance(j)).toBeGreaterThanOrEqual(own - 1e-9);
				}
			}
		}
	});

	it('gives an empty cluster when there are fewer distinct rows than clusters', () => {
		const input: KMeansInput = { data: Float64Array.from([1, 1, 1, 5, 5]), n: 5, d: 1 };
		const result = kmeans(input, { k: 3, seed: 3 });
		expect(result.withinSS).toBe(0);
		expect([...result.sizes]).toEqual([3, 2, 0]);
		expect([...result.counts]).toEqual([3, 2, 0]);
		expect([...result.assignment]).toEqual([0, 0, 0, 1, 1]);
	});

	it('re-seeds a cluster that the iterations empty', () => {
		// With this seed the k-means++ start is {4, 6.9, 28}: the middle cluster {6, 6.9, 17} has
		// its mean at 9.97, and after the first update 6 and 6.9 go to 4 and 17 to the right.
		const input: KMeansInput = { data: Float64Array.from([4, 6, 6.9, 17, 18, 25, 28]), n: 7, d: 1 };
		const result = kmeans(input, { k: 3, seed: 2120, restarts: 1 });
		expect([...result.assignment]).toEqual([0, 0, 0, 1, 1, 2, 2]);
		expect([...result.sizes]).toEqual([3, 2, 2]);
		expect(result.converged).toBe(true);
	});

	it('ignores rows of weight 0 when placing centres', () => {
		const input: KMeansInput = {
			data: Float64Array.from([0, 1, 100, 10, 11, -50]),
			n: 6,
			d: 1,
			weights: Float64Array.from([1, 1, 0, 1, 1, 0])
		};
		const result = kmeans(input, { k: 2, seed: 1 });
		expect([...result.centers].sort((a, b) => a - b)).toEqual([0.5, 10.5]);
		expect(result.withinSS).toBeCloseTo(1, 12);
		expect([...result.counts].reduce((a, b) => a + b, 0)).toBe(6);
	});

	it('refuses incomplete or inconsistent input', () => {
		const data = Float64Array.from([1, 2, 3, NaN, 5, 6]);
		expect(() => kmeans({ data, n: 3, d: 2 }, { k: 2, seed: 1 })).toThrow(
			/Row 2, column 2 is NaN.*missing values/
		);
		const ok = Float64Array.from([1, 2, 3, 4, 5, 6]);
		expect(() => kmeans({ data: ok, n: 3, d: 3 }, { k: 2, seed: 1 })).toThrow(/n×d/);
		expect(() => kmeans({ data: ok, n: 3, d: 2 }, { k: 4, seed: 1 })).toThrow(/k must be/);
		expect(() => kmeans({ data: ok, n: 3, d: 2 }, { k: 0, seed: 1 })).toThrow(/k must be/);
		expect(() =>
			kmeans({ data: ok, n: 3, d: 2, weights: Float64Array.from([1, -1, 1]) }, { k: 2, seed: 1 })
		).toThrow(/weight of row 2/);
		expect(() =>
			kmeans({ data: ok, n: 3, d: 2, weights: Float64Array.from([0, 0, 0]) }, { k: 2, seed: 1 })
		).toThrow(/sum to 0/);
		expect(() =>
			kmeans({ data: ok, n: 3, d: 2, weights: Float64Array.from([1, 1]) }, { k: 2, seed: 1 })
		).toThrow(/2 weights for 3 rows/);
	});

	it('finishes on 200,000 rows of 8 variables', () => {
		const { input } = blobs(
			Array.from({ length: 5 }, (_, j) => Array.from({ length: 8 }, (_, t) => (j === t ? 3 : 0))),
			40_000,
			1,
			12
		);
		const rng = mulberry32(13);
		const weights = Float64Array.from({ length: input.n }, () => 0.5 + rng());
		const result = kmeans({ ...input, weights }, { k: 5, seed: 1 });
		expect(result.assignment.length).toBe(200_000);
		expect(result.withinSS).toBeLessThan(result.totalSS);
	}, 30_000);
});

describe('standardize', () => {
	it('centres each column on its weighted mean and scales it to weighted sd 1', () => {
		const rng = mulberry32(21);
		const n = 500;
		const d = 3;
		const data = Float64Array.from({ length: n * d }, (_, index) =>
			index % d === 2 ? 7 : 100 * (index % d) + (index % d ? 20 : 1) * gaussian(rng)
		);
		const weights = Float64Array.from({ length: n }, () => 0.1 + 4 * rng());
		const result = standardize({ data, n, d, weights });
		const totalWeight = weights.reduce((a, b) => a + b, 0);
		for (let t = 0; t < 2; t++) {
			let mean = 0;
			let square = 0;
			let rawMean = 0;
			for (let i = 0; i < n; i++) {
				mean += weights[i]! * result.data[i * d + t]!;
				square += weights[i]! * result.data[i * d + t]! ** 2;
				rawMean += weights[i]! * data[i * d + t]!;
			}
			expect(mean / totalWeight).toBeCloseTo(0, 12);
			expect(Math.sqrt(square / totalWeight)).toBeCloseTo(1, 12);
			expect(result.means[t]).toBeCloseTo(rawMean / totalWeight, 10);
			// Population form: Σw(x − m)²/Σw.
			let variance = 0;
			for (let i = 0; i < n; i++)
				variance += weights[i]! * (data[i * d + t]! - result.means[t]!) ** 2;
			expect(result.sds[t]).toBeCloseTo(Math.sqrt(variance / totalWeight), 10);
		}
		// The constant column: sd 0, left at 0.
		expect(result.sds[2]).toBe(0);
		expect(result.means[2]).toBe(7);
		for (let i = 0; i < n; i++) expect(result.data[i * d + 2]).toBe(0);
	});

	it('uses unit weights by default', () => {
		const result = standardize({ data: Float64Array.from([1, 2, 3, 4]), n: 4, d: 1 });
		expect(result.means[0]).toBe(2.5);
		expect(result.sds[0]).toBeCloseTo(Math.sqrt(1.25), 14);
		expect([...result.data].map((x) => x * Math.sqrt(1.25))).toEqual(
			[-1.5, -0.5, 0.5, 1.5].map((x) => expect.closeTo(x, 12))
		);
	});

	it('refuses missing values', () => {
		expect(() => standardize({ data: Float64Array.from([1, NaN]), n: 2, d: 1 })).toThrow(/Row 2/);
	});
});

describe('silhouette', () => {
	it('matches a hand computation, weights included', () => {
		const input: KMeansInput = { data: Float64Array.from([0, 1, 10, 12]), n: 4, d: 1 };
		const labels = Int32Array.from([0, 0, 1, 1]);
		const s = (a: number, b: number) => (b - a) / Math.max(a, b);
		const plain = (s(1, 11) + s(1, 10) + s(2, 9.5) + s(2, 11.5)) / 4;
		expect(silhouette(input, labels, 2, { seed: 1 })).toBeCloseTo(plain, 14);
		const weights = Float64Array.from([2, 1, 1, 1]);
		// Row 0 (weight 2) counts twice in the mean and in the distances of the others.
		const weighted = (2 * s(1, 11) + s(1, 10) + s(2, 29 / 3) + s(2, 35 / 3)) / 5;
		expect(silhouette({ ...input, weights }, labels, 2, { seed: 1 })).toBeCloseTo(weighted, 14);
	});

	it('is near 1 for a clean separation and near 0 for random labels', () => {
		const { input, truth } = blobs(threeBlobs, 200, 0.1, 31);
		expect(silhouette(input, truth, 3, { seed: 1 })).toBeGreaterThan(0.95);
		const rng = mulberry32(32);
		const random = Int32Array.from({ length: input.n }, () => Math.floor(rng() * 3));
		expect(Math.abs(silhouette(input, random, 3, { seed: 1 }))).toBeLessThan(0.05);
	});

	it('counts a row alone in its cluster as 0 and is NaN with one cluster', () => {
		const input: KMeansInput = { data: Float64Array.from([0, 1, 10]), n: 3, d: 1 };
		const s = (a: number, b: number) => (b - a) / Math.max(a, b);
		expect(silhouette(input, Int32Array.from([0, 0, 1]), 2, { seed: 1 })).toBeCloseTo(
			(s(1, 10) + s(1, 9) + 0) / 3,
			14
		);
		expect(silhouette(input, Int32Array.from([0, 0, 0]), 1, { seed: 1 })).toBeNaN();
		expect(() => silhouette(input, Int32Array.from([0, 0, 2]), 2, { seed: 1 })).toThrow(
			/cluster 2/
		);
	});

	it('estimates from a seeded sample when there are more rows than the sample size', () => {
		const { input, truth } = blobs(threeBlobs, 1000, 3, 33);
		const exact = silhouette(input, truth, 3, { seed: 1, sampleSize: 3000 });
		const sampled = silhouette(input, truth, 3, { seed: 5, sampleSize: 400 });
		expect(silhouette(input, truth, 3, { seed: 5, sampleSize: 400 })).toBe(sampled);
		expect(silhouette(input, truth, 3, { seed: 6, sampleSize: 400 })).not.toBe(sampled);
		expect(sampled).toBeCloseTo(exact, 1);
	});
});

describe('chooseK', () => {
	it('has its best silhouette at the true number of clusters', () => {
		const { input } = blobs(
			[
				[0, 0],
				[10, 0],
				[0, 10],
				[10, 10]
			],
			100,
			1,
			41
		);
		const rows = chooseK(input, { kMin: 1, kMax: 7, seed: 3 });
		expect(rows.map((row) => row.k)).toEqual([1, 2, 3, 4, 5, 6, 7]);
		expect(rows[0]!.silhouette).toBeNaN();
		const best = rows.slice(1).reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
		expect(best.k).toBe(4);
		for (let i = 1; i < rows.length; i++) {
			expect(rows[i]!.withinSS).toBeLessThanOrEqual(rows[i - 1]!.withinSS);
		}
	});

	it('checks the range', () => {
		const { input } = blobs(threeBlobs, 2, 1, 1);
		expect(() => chooseK(input, { kMin: 3, kMax: 2, seed: 1 })).toThrow(/kMax/);
		expect(() => chooseK(input, { kMin: 2, kMax: 7, seed: 1 })).toThrow(/kMax/);
	});
});
