/**
 * Taylor-linearisation variance on aggregated data.
 *
 * Every estimate the engine produces (a domain mean, a domain proportion, a total) is a smooth
 * function of weighted sums, so its influence value for respondent i is linear in two row
 * quantities: z_i = a_g·w_i + b_g·w_i·y_i, with coefficients a_g, b_g that depend only on the
 * respondent's analysed *group* g (domain, answer, missing or not). DuckDB returns sums per
 * stratum, PSU and group, and the variance is finished here:
 *
 *   V_ef = Σ_h n_h/(n_h − 1) · [ Σ_j z_hje·z_hjf − (Σ_j z_hje)(Σ_j z_hjf)/n_h ]
 *
 * for PSUs j in strata h, sampled with replacement at the first stage (R: svydesign(ids=~psu,
 * strata=~strata, weights=~w, nest=TRUE); survey:::svyrecvar without fpc). Unclustered designs
 * have one respondent per PSU, so Σ_j z_je·z_jf comes from sums of squared weights.
 *
 * Raking and post-stratification are accounted for as R does (svyrecvar): the influence values
 * become residuals z_i − w_i·Σ_m α_{m,k_m(i)}, additive over the weighting margins m — for raking
 * ten sweeps of "subtract w times the mean of z/w in the margin category", for
 * post-stratification one pass with the base-weighted mean, which is Σz/Σw in the post-stratum.
 * See margin-sums.ts for the sums this needs.
 */
import type { DesignMarginSums, MarginGroupRow } from './margin-sums.ts';

/** Sums over one analysed group of respondents within one stratum (and PSU). */
export interface GroupSums {
	stratum: string;
	/** PSU id; null for designs without clusters (every respondent is its own PSU). */
	psu: string | null;
	/** The analysed group (see groupKey). */
	key: string;
	n: number;
	sw: number;
	swy: number;
	/** Unclustered designs: Σw², Σw²y, Σw²y². */
	sww: number;
	swwy: number;
	swwyy: number;
}

/** Influence coefficients of one estimate for one group: z_i = a·w_i + b·w_i·y_i. */
export interface Coefficients {
	a: number;
	b: number;
}

export function groupKey(domain: string | null, answer: string | null, missing: boolean): string {
	return `${domain}\u001f${answer}\u001f${missing}`;
}

export interface Calibration {
	kind: 'raking' | 'poststratification';
	sums: DesignMarginSums;
	/** For each margin: sums by analysed group and margin category (and stratum if unclustered). */
	marginGroups: MarginGroupRow[][];
}

export interface VarianceInput {
	groups: GroupSums[];
	/** Per estimate: coefficients by group key; groups not listed contribute nothing. */
	estimates: Map<string, Coefficients>[];
	clustered: boolean;
	calibration: Calibration | null;
}

export class LonelyPsuError extends Error {
	constructor(readonly stratum: string) {
		super(
			`Stratum ${stratum} has only one PSU, so its variance cannot be estimated; merge it with another stratum.`
		);
		this.name = 'LonelyPsuError';
	}
}

const none: Coefficients = { a: 0, b: 0 };

/** α[m][k]: the calibration correction of one estimate per margin category. */
function calibrationCorrection(
	calibration: Calibration,
	coefficients: Map<string, Coefficients>
): Float64Array[] {
	const { sums, marginGroups } = calibration;
	const margins = sums.categories.length;
	const alpha = sums.categories.map((keys) => new Float64Array(keys.length));
	const coefficient = (row: MarginGroupRow) =>
		coefficients.get(groupKey(row.domain, row.answer, row.missing)) ?? none;
	if (calibration.kind === 'poststratification') {
		const numerator = new Float64Array(alpha[0]!.length);
		const weights = new Float64Array(alpha[0]!.length);
		for (const row of marginGroups[0]!) {
			const k = sums.index[0]!.get(row.category)!;
			const c = coefficient(row);
			numerator[k]! += c.a * row.sw + c.b * row.swy;
			weights[k]! += row.sw;
		}
		for (let k = 0; k < numerator.length; k++)
			alpha[0]![k] = weights[k]! > 0 ? numerator[k]! / weights[k]! : 0;
		return alpha;
	}
	// T[m][k] = Σ z/w over category k of margin m, updated as each sweep removes the means.
	const totals = sums.categories.map((keys) => new Float64Array(keys.length));
	marginGroups.forEach((rows, m) => {
		for (const row of rows) {
			const c = coefficient(row);
			totals[m]![sums.index[m]!.get(row.category)!]! += c.a * row.n + c.b * row.sy;
		}
	});
	for (let sweep = 0; sweep < 10; sweep++) {
		for (let m = 0; m < margins; m++) {
			const counts = sums.counts[m]!;
			const mean = Float64Array.from(totals[m]!, (total, k) =>
				counts[k]! > 0 ? total / counts[k]! : 0
			);
			for (let k = 0; k < mean.length; k++) {
				alpha[m]![k]! += mean[k]!;
				totals[m]![k]! -= counts[k]! * mean[k]!;
			}
			for (let other = 0; other < margins; other++) {
				if (other === m) continue;
				const [low, high] = other < m ? [other, m] : [m, other];
				const together = sums.pairCounts[low]![high]!;
				const width = sums.categories[high]!.length;
				const target = totals[other]!;
				for (let k = 0; k < mean.length; k++) {
					if (mean[k] === 0) continue;
					for (let j = 0; j < target.length; j++) {
						const n = other < m ? together[j * width + k]! : together[k * width + j]!;
						target[j]! -= n * mean[k]!;
					}
				}
			}
		}
	}
	return alpha;
}

interface StratumSums {
	cross: Float64Array;
	totals: Float64Array;
	psus: number;
}

/** Covariance matrix of the estimates (row-major, E × E). */
export function linearisedCovariance(input: VarianceInput): Float64Array {
	const size = input.estimates.length;
	const alphas = input.calibration
		? input.estimates.map((estimate) => calibrationCorrection(input.calibration!, estimate))
		: null;
	const strata = new Map<string, StratumSums>();
	const stratum = (name: string) => {
		let sums = strata.get(name);
		if (!sums) {
			sums = { cross: new Float64Array(size * size), totals: new Float64Array(size), psus: 0 };
			strata.set(name, sums);
		}
		return sums;
	};
	const coefficientsOf = (key: string) =>
		input.estimates.map((estimate) => estimate.get(key) ?? none);
	if (input.clustered) addClustered(input, alphas, stratum, coefficientsOf);
	else addUnclustered(input, alphas, stratum, coefficientsOf);
	const covariance = new Float64Array(size * size);
	for (const [name, sums] of strata) {
		if (sums.psus < 2) throw new LonelyPsuError(name);
		const scale = sums.psus / (sums.psus - 1);
		for (let e = 0; e < size; e++) {
			for (let f = 0; f <= e; f++) {
				const value =
					scale * (sums.cross[e * size + f]! - (sums.totals[e]! * sums.totals[f]!) / sums.psus);
				covariance[e * size + f]! += value;
				if (f !== e) covariance[f * size + e]! += value;
			}
		}
	}
	return covariance;
}

/** PSU totals of the influence, then their cross-products per stratum. */
function addClustered(
	input: VarianceInput,
	alphas: Float64Array[][] | null,
	stratum: (name: string) => StratumSums,
	coefficientsOf: (key: string) => Coefficients[]
) {
	const size = input.estimates.length;
	const psus = new Map<string, { stratum: string; z: Float64Array }>();
	const cache = new Map<string, Coefficients[]>();
	for (const group of input.groups) {
		const id = `${group.stratum}\u001f${group.psu}`;
		let psu = psus.get(id);
		if (!psu) psus.set(id, (psu = { stratum: group.stratum, z: new Float64Array(size) }));
		let coefficients = cache.get(group.key);
		if (!coefficients) cache.set(group.key, (coefficients = coefficientsOf(group.key)));
		for (let e = 0; e < size; e++)
			psu.z[e]! += coefficients[e]!.a * group.sw + coefficients[e]!.b * group.swy;
	}
	if (alphas) {
		input.calibration!.sums.psuWeights.forEach((byPsu, m) => {
			for (const [id, weights] of byPsu) {
				const psu = psus.get(id);
				if (!psu) continue;
				for (let e = 0; e < size; e++) {
					const alpha = alphas[e]![m]!;
					let correction = 0;
					for (let k = 0; k < weights.length; k++) correction += alpha[k]! * weights[k]!;
					psu.z[e]! -= correction;
				}
			}
		});
	}
	for (const psu of psus.values()) {
		const sums = stratum(psu.stratum);
		sums.psus++;
		for (let e = 0; e < size; e++) {
			sums.totals[e]! += psu.z[e]!;
			for (let f = 0; f <= e; f++) sums.cross[e * size + f]! += psu.z[e]! * psu.z[f]!;
		}
	}
}

/** One respondent per PSU: Σ z_e·z_f from sums of squared weights by group and margin category. */
function addUnclustered(
	input: VarianceInput,
	alphas: Float64Array[][] | null,
	stratum: (name: string) => StratumSums,
	coefficientsOf: (key: string) => Coefficients[]
) {
	const size = input.estimates.length;
	for (const group of input.groups) {
		const sums = stratum(group.stratum);
		sums.psus += group.n;
		const c = coefficientsOf(group.key);
		for (let e = 0; e < size; e++) {
			sums.totals[e]! += c[e]!.a * group.sw + c[e]!.b * group.swy;
			for (let f = 0; f <= e; f++) {
				sums.cross[e * size + f]! +=
					c[e]!.a * c[f]!.a * group.sww +
					(c[e]!.a * c[f]!.b + c[e]!.b * c[f]!.a) * group.swwy +
					c[e]!.b * c[f]!.b * group.swwyy;
			}
		}
	}
	if (!alphas) return;
	const { sums: design, marginGroups } = input.calibration!;
	const margins = design.categories.length;
	// Group × margin terms: −Σ α_f(k)·(a_e Σw² + b_e Σw²y) − (e ↔ f).
	marginGroups.forEach((rows, m) => {
		for (const row of rows) {
			const sums = stratum(row.stratum);
			const k = design.index[m]!.get(row.category)!;
			const c = coefficientsOf(groupKey(row.domain, row.answer, row.missing));
			for (let e = 0; e < size; e++) {
				const ue = c[e]!.a * row.sww + c[e]!.b * row.swwy;
				for (let f = 0; f <= e; f++) {
					const uf = c[f]!.a * row.sww + c[f]!.b * row.swwy;
					sums.cross[e * size + f]! -= alphas[f]![m]![k]! * ue + alphas[e]![m]![k]! * uf;
				}
			}
		}
	});
	// Margin × margin terms: Σ α_e α_f Σw² within a margin, and across pairs of margins.
	for (let m = 0; m < margins; m++) {
		for (const [name, weights] of design.stratumWeights[m]!) {
			const sums = stratum(name);
			for (let k = 0; k < weights.sw.length; k++) {
				for (let e = 0; e < size; e++) {
					sums.totals[e]! -= alphas[e]![m]![k]! * weights.sw[k]!;
					for (let f = 0; f <= e; f++)
						sums.cross[e * size + f]! += alphas[e]![m]![k]! * alphas[f]![m]![k]! * weights.sww[k]!;
				}
			}
		}
		for (let n = m + 1; n < margins; n++) {
			const width = design.categories[n]!.length;
			for (const [name, squares] of design.pairSquares[m]![n]!) {
				const sums = stratum(name);
				// u_e[k] = Σ_k' Σw²(k, k')·α_e(n, k')
				const projected = alphas.map((alpha) => {
					const u = new Float64Array(design.categories[m]!.length);
					for (let k = 0; k < u.length; k++) {
						let total = 0;
						for (let j = 0; j < width; j++) total += squares[k * width + j]! * alpha[n]![j]!;
						u[k] = total;
					}
					return u;
				});
				for (let e = 0; e < size; e++) {
					for (let f = 0; f <= e; f++) {
						let value = 0;
						for (let k = 0; k < projected[0]!.length; k++) {
							value +=
								alphas[e]![m]![k]! * projected[f]![k]! + alphas[f]![m]![k]! * projected[e]![k]!;
						}
						sums.cross[e * size + f]! += value;
					}
				}
			}
		}
	}
}
