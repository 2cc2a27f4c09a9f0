import { describe, expect, it } from 'vitest';
import { chiSquareUpper, fUpper, tQuantileOf, tTwoSided } from './distributions.ts';

// Reference values from R 4 (Rscript, options(digits = 15)); each case names its call.

describe('tTwoSided', () => {
	it.each([
		['2 * pt(-2, 5)', 2, 5, 0.10193947882985828],
		['2 * pt(-1.5, 12.3)', -1.5, 12.3, 0.15883884676551105],
		['2 * pt(-3, 1000)', 3, 1000, 0.00276670904423819],
		['2 * pt(-2.82842712474619, 198)', 2.82842712474619, 198, 0.00515884891203047]
	])('matches R %s', (_, t, df, expected) => {
		expect(tTwoSided(t, df)).toBeCloseTo(expected, 12);
	});

	it('is symmetric in t and 1 at t = 0', () => {
		expect(tTwoSided(-2, 5)).toBe(tTwoSided(2, 5));
		expect(tTwoSided(0, 5)).toBe(1);
	});
});

describe('tQuantileOf', () => {
	it.each([
		['qt(0.975, 10)', 0.975, 10, 2.22813885198627],
		['qt(0.975, 3.5)', 0.975, 3.5, 2.94008863798273],
		['qt(0.95, 1)', 0.95, 1, 6.31375151467504]
	])('matches R %s', (_, q, df, expected) => {
		expect(tQuantileOf(q, df)).toBeCloseTo(expected, 11);
	});

	it('gives the normal quantile for infinite df (R: qt(0.975, Inf) = qnorm(0.975))', () => {
		const value = tQuantileOf(0.975, Infinity);
		expect(Number.isNaN(value)).toBe(false);
		expect(value).toBeCloseTo(1.95996398454005, 10);
		expect(tQuantileOf(0.025, Infinity)).toBeCloseTo(-1.95996398454005, 10);
	});
});

describe('chiSquareUpper', () => {
	it.each([
		['pchisq(3.84, 1, lower.tail = FALSE)', 3.84, 1, 0.05004352124870522],
		['pchisq(10, 4, lower.tail = FALSE)', 10, 4, 0.04042768199451281],
		['pchisq(25.3, 6, lower.tail = FALSE)', 25.3, 6, 0.00030042408940686]
	])('matches R %s', (_, x, df, expected) => {
		expect(chiSquareUpper(x, df)).toBeCloseTo(expected, 12);
	});

	it('is 1 at 0', () => {
		expect(chiSquareUpper(0, 3)).toBe(1);
	});
});

describe('fUpper', () => {
	it.each([
		['pf(3.5, 2, 30, lower.tail = FALSE)', 3.5, 2, 30, 0.0430321415445366],
		['pf(1.2, 4.5, 60.7, lower.tail = FALSE)', 1.2, 4.5, 60.7, 0.3202744803397448],
		['pf(0.5, 3, 10, lower.tail = FALSE)', 0.5, 3, 10, 0.6906222455335573]
	])('matches R %s, fractional df included', (_, x, df1, df2, expected) => {
		expect(fUpper(x, df1, df2)).toBeCloseTo(expected, 12);
	});
});
