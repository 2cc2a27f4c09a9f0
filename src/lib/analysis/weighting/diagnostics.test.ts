import { describe, expect, it } from 'vitest';
import { weightDiagnostics, z975, type WeightedCell } from './diagnostics.ts';

const cell = (weight: number, count = 1): WeightedCell => ({ keys: [`w${weight}`], weight, count });

describe('weightDiagnostics', () => {
	it('computes Kish deff, effective n, efficiency, moe and range on a hand example', () => {
		// Respondent weights 1, 1, 2, 3: n = 4, Σw = 7, Σw² = 15.
		const d = weightDiagnostics([cell(1, 2), cell(2), cell(3)]);
		expect(d.n).toBe(4);
		expect(d.sumWeights).toBe(7);
		expect(d.deff).toBeCloseTo(60 / 49, 12);
		expect(d.effectiveN).toBeCloseTo(49 / 15, 12);
		expect(d.efficiency).toBeCloseTo(49 / 60, 12);
		expect(d.moe95).toBeCloseTo(1.96 * Math.sqrt(0.25 / (49 / 15)), 4);
		expect(d.moe95).toBeCloseTo(z975 * Math.sqrt(0.25 / (49 / 15)), 12);
		expect(d.min).toBe(1);
		expect(d.max).toBe(3);
		expect(d.maxToMin).toBe(3);
	});

	it('gives deff 1 and effective n = n for equal weights', () => {
		const d = weightDiagnostics([cell(2.5, 40), cell(2.5, 60)]);
		expect(d.deff).toBeCloseTo(1, 12);
		expect(d.effectiveN).toBeCloseTo(100, 10);
		expect(d.efficiency).toBeCloseTo(1, 12);
		expect(d.moe95).toBeCloseTo(0.0979982, 6);
		expect(d.maxToMin).toBe(1);
	});

	it('does not depend on the scale of the weights', () => {
		const small = weightDiagnostics([cell(1, 2), cell(2), cell(3)]);
		const large = weightDiagnostics([cell(100, 2), cell(200), cell(300)]);
		expect(large.deff).toBeCloseTo(small.deff, 12);
		expect(large.effectiveN).toBeCloseTo(small.effectiveN, 10);
	});

	it('ignores cells without respondents', () => {
		const d = weightDiagnostics([cell(1, 2), cell(2), cell(3), cell(50, 0), cell(0.01, 0)]);
		expect(d.n).toBe(4);
		expect(d.min).toBe(1);
		expect(d.max).toBe(3);
		expect(d.deff).toBeCloseTo(60 / 49, 12);
	});
});
