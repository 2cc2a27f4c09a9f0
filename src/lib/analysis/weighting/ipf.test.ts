import { describe, expect, it } from 'vitest';
import { marginKey, rakeCells, splitMarginKey, type MarginTargets, type RakeCell } from './ipf.ts';

const cell = (keys: string[], baseWeight: number, count = 1): RakeCell => ({
	keys,
	baseWeight,
	count
});

/** A 2 × 3 table (rows r1, r2 × columns c1, c2, c3), base weights given row by row. */
function table(base: number[][]): RakeCell[] {
	return base.flatMap((row, r) => row.map((value, c) => cell([`r${r + 1}`, `c${c + 1}`], value)));
}

function margin(variables: number[], targets: Record<string, number>): MarginTargets {
	return {
		variables,
		targets: new Map(
			Object.entries(targets).map(([key, value]) => [marginKey(key.split('*')), value])
		)
	};
}

/** Weighted total of each margin category after raking. */
function achieved(cells: RakeCell[], factors: Float64Array, target: MarginTargets) {
	const totals = new Map<string, number>();
	cells.forEach((c, i) => {
		const key = marginKey(target.variables.map((v) => c.keys[v]!));
		totals.set(key, (totals.get(key) ?? 0) + c.baseWeight * factors[i]!);
	});
	return totals;
}

function worstGap(cells: RakeCell[], factors: Float64Array, margins: MarginTargets[]): number {
	let worst = 0;
	for (const target of margins) {
		const totals = achieved(cells, factors, target);
		for (const [key, value] of target.targets)
			worst = Math.max(worst, Math.abs((totals.get(key) ?? 0) - value) / value);
	}
	return worst;
}

const rows = margin([0], { r1: 40, r2: 60 });
const columns = margin([1], { c1: 20, c2: 30, c3: 50 });
const options = { tolerance: 1e-10, maxIterations: 100 };

describe('marginKey', () => {
	it('joins categories so that splitMarginKey gives them back', () => {
		expect(splitMarginKey(marginKey(['North', '1']))).toEqual(['North', '1']);
		expect(marginKey(['a', 'b'])).not.toBe(marginKey(['a*b']));
	});
});

describe('rakeCells', () => {
	it('rakes equal base weights to row total × column total / N in one sweep', () => {
		const cells = table([
			[1, 1, 1],
			[1, 1, 1]
		]);
		const result = rakeCells(cells, [rows, columns], options);
		// By hand: rows give 40/3 and 20 per cell, then columns scale by 0.6, 0.9 and 1.5.
		const weights = cells.map((c, i) => c.baseWeight * result.factors[i]!);
		const expected = [8, 12, 20, 12, 18, 30];
		weights.forEach((w, i) => expect(w).toBeCloseTo(expected[i]!, 10));
		expect(result.converged).toBe(true);
		expect(result.iterations).toBe(1);
		expect(result.maxDeviation).toBeLessThanOrEqual(options.tolerance);
	});

	it('matches a first sweep computed by hand on unequal base weights', () => {
		const cells = table([
			[1, 2, 3],
			[4, 5, 6]
		]);
		const result = rakeCells(
			cells,
			[margin([0], { r1: 10, r2: 10 }), margin([1], { c1: 5, c2: 5, c3: 10 })],
			{ tolerance: 1e-10, maxIterations: 1 }
		);
		// Rows: ×10/6 and ×10/15. Columns then: ×15/13, ×3/4, ×10/9.
		const expected = [
			(10 / 6) * (15 / 13),
			(10 / 6) * (3 / 4),
			(10 / 6) * (10 / 9),
			(10 / 15) * (15 / 13),
			(10 / 15) * (3 / 4),
			(10 / 15) * (10 / 9)
		];
		[...result.factors].forEach((f, i) => expect(f).toBeCloseTo(expected[i]!, 12));
		expect(result.iterations).toBe(1);
		expect(result.converged).toBe(false);
		// Row r1 reaches 25/13 + 5/2 + 50/9 = 2335/234, so the gap is (10 − 2335/234)/10 = 1/468.
		expect(result.maxDeviation).toBeCloseTo(1 / 468, 12);
	});

	it('converges on unequal base weights and keeps the odds ratios of the base table', () => {
		const base = [
			[1, 2, 3],
			[4, 5, 6]
		];
		const cells = table(base);
		const margins = [margin([0], { r1: 10, r2: 10 }), margin([1], { c1: 5, c2: 5, c3: 10 })];
		const result = rakeCells(cells, margins, options);
		expect(result.converged).toBe(true);
		expect(result.iterations).toBeGreaterThan(1);
		expect(worstGap(cells, result.factors, margins)).toBeLessThanOrEqual(1e-10);
		const w = (r: number, c: number) => base[r]![c]! * result.factors[r * 3 + c]!;
		// IPF only rescales rows and columns: cross-product ratios are those of the base table.
		expect((w(0, 0) * w(1, 2)) / (w(0, 2) * w(1, 0))).toBeCloseTo((1 * 6) / (3 * 4), 8);
		expect((w(0, 1) * w(1, 2)) / (w(0, 2) * w(1, 1))).toBeCloseTo((2 * 6) / (3 * 5), 8);
	});

	it('rakes to a joint margin and a simple one', () => {
		// Variables: sex, age, region. Margins: sex × age (joint) and region.
		const cells = [
			cell(['M', 'A', 'N'], 3),
			cell(['M', 'A', 'S'], 1),
			cell(['M', 'B', 'N'], 2),
			cell(['M', 'B', 'S'], 2),
			cell(['F', 'A', 'N'], 1),
			cell(['F', 'A', 'S'], 4),
			cell(['F', 'B', 'N'], 2),
			cell(['F', 'B', 'S'], 1)
		];
		const margins = [
			margin([0, 1], { 'M*A': 0.2, 'M*B': 0.3, 'F*A': 0.25, 'F*B': 0.25 }),
			margin([2], { N: 0.45, S: 0.55 })
		];
		const result = rakeCells(cells, margins, options);
		expect(result.converged).toBe(true);
		const joint = achieved(cells, result.factors, margins[0]!);
		expect(joint.get(marginKey(['M', 'A']))).toBeCloseTo(0.2, 9);
		expect(joint.get(marginKey(['M', 'B']))).toBeCloseTo(0.3, 9);
		expect(joint.get(marginKey(['F', 'A']))).toBeCloseTo(0.25, 9);
		expect(joint.get(marginKey(['F', 'B']))).toBeCloseTo(0.25, 9);
		const region = achieved(cells, result.factors, margins[1]!);
		expect(region.get('N')).toBeCloseTo(0.45, 9);
		expect(region.get('S')).toBeCloseTo(0.55, 9);
	});

	it('does no sweep when the start already fits the margins', () => {
		const cells = table([
			[8, 12, 20],
			[12, 18, 30]
		]);
		const result = rakeCells(cells, [rows, columns], options);
		expect(result.iterations).toBe(0);
		expect(result.converged).toBe(true);
		expect([...result.factors]).toEqual([1, 1, 1, 1, 1, 1]);
	});

	it('does no sweep when the start factors already fit', () => {
		const cells = table([
			[1, 1, 1],
			[1, 1, 1]
		]);
		const start = Float64Array.from([8, 12, 20, 12, 18, 30]);
		const result = rakeCells(cells, [rows, columns], options, start);
		expect(result.iterations).toBe(0);
		expect(result.converged).toBe(true);
		expect([...result.factors]).toEqual([...start]);
		expect(start[0]).toBe(8);
	});

	it('reports non-convergence and the remaining gap when maxIterations is too small', () => {
		const cells = table([
			[1, 2, 3],
			[4, 5, 6]
		]);
		const margins = [margin([0], { r1: 10, r2: 10 }), margin([1], { c1: 5, c2: 5, c3: 10 })];
		const result = rakeCells(cells, margins, { tolerance: 1e-12, maxIterations: 2 });
		expect(result.converged).toBe(false);
		expect(result.iterations).toBe(2);
		expect(result.maxDeviation).toBeGreaterThan(1e-12);
		expect(result.maxDeviation).toBeCloseTo(worstGap(cells, result.factors, margins), 14);
	});

	it('stops once every margin total is within the tolerance of its target', () => {
		const cells = table([
			[1, 2, 3],
			[4, 5, 6]
		]);
		const margins = [margin([0], { r1: 10, r2: 10 }), margin([1], { c1: 5, c2: 5, c3: 10 })];
		const loose = rakeCells(cells, margins, { tolerance: 1e-3, maxIterations: 100 });
		const tight = rakeCells(cells, margins, { tolerance: 1e-12, maxIterations: 100 });
		expect(loose.converged).toBe(true);
		const gap = worstGap(cells, loose.factors, margins);
		expect(gap).toBeLessThanOrEqual(1e-3);
		expect(loose.maxDeviation).toBeCloseTo(gap, 14);
		// The first sweep leaves 1/468 > 1e-3, so a second one was needed, and no more.
		expect(loose.iterations).toBe(2);
		expect(tight.iterations).toBeGreaterThan(loose.iterations);
	});

	it('refuses a cell whose category has no target', () => {
		const cells = [cell(['r1', 'c1'], 1), cell(['r3', 'c1'], 1)];
		expect(() => rakeCells(cells, [rows], options)).toThrow(/"r3".*no target/);
	});
});
