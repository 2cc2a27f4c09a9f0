/**
 * The distribution functions the tests need, from @stdlib (accurate in the tails, unlike
 * home-made approximations). Upper-tail probabilities are computed as 1 − cdf, which loses
 * nothing at the p-values reported (≥ 1e-12).
 */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import fCdf from '@stdlib/stats-base-dists-f-cdf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Two-sided p-value of a t statistic with `df` degrees of freedom (df may be fractional). */
export function tTwoSided(t: number, df: number): number {
	return 2 * tCdf(-Math.abs(t), df);
}

/** The q-quantile of Student's t; with df = Infinity, the normal quantile. */
export function tQuantileOf(q: number, df: number): number {
	// @stdlib answers NaN for infinite df; at 1e12 the t quantile equals the normal one.
	return tQuantile(q, Number.isFinite(df) ? df : 1e12);
}

export function chiSquareUpper(x: number, df: number): number {
	return 1 - chisquareCdf(x, df);
}

export function fUpper(x: number, df1: number, df2: number): number {
	return 1 - fCdf(x, df1, df2);
}
