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
 *
 * The work is done on indexed data (see InfluenceLayout): rows carry the index of their analysed
 * group, and the coefficients of all estimates form one dense table by group, so that no string
 * key is built or looked up while summing.
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

/** The sums of one row of the analysis (one stratum, PSU and analysed group). */
export interface InfluenceRow {
	stratum: string;
	n: number;
	sw: number;
	swy: number;
	sww: number;
	swwy: number;
	swwyy: number;
}

/** Rows of an analysis indexed for the variance: each row's analysed group and PSU. */
export interface InfluenceLayout {
	rows: readonly InfluenceRow[];
	/** Per row: index of its analysed group (0 … groups − 1). */
	groupOf: Int32Array;
	clustered: boolean;
	/** Clustered designs: per row, index of its PSU (in order of first appearance). */
	psuOf: Int32Array | null;
	/** Per PSU: its stratum. */
	psuStratum: string[];
	/** PSU id ("stratum\u001fpsu", as in DesignMarginSums.psuWeights) → index. */
	psuIndex: Map<string, number>;
	calibration: Calibration | null;
	/** Calibrated designs, per margin and margin row: analysed group (−1: none) and category. */
	marginGroupOf: Int32Array[];
	marginCategoryOf: Int32Array[];
}

/**
 * Coefficients of E estimates by analysed group, dense: a[g·E + e] (b likewise; null when every
 * b is 0). With `from`/`to`, group g's coefficients are zero outside estimates [from[g], to[g])
 * (only for finite coefficients: the skipped terms are then exact zeros).
 */
export interface CoefficientTable {
	size: number;
	a: Float64Array;
	b: Float64Array | null;
	from: Int32Array | null;
	to: Int32Array | null;
}

interface StratumSums {
	/** Lower triangle of Σ z_e·z_f (row-major, E × E), or its diagonal alone (E). */
	cross: Float64Array;
	totals: Float64Array;
	psus: number;
}

/**
 * α for every estimate at once: alpha[m][k·E + e] is the calibration correction of estimate e in
 * category k of margin m. Each estimate's arithmetic is that of R's sweeps, term by term.
 */
function calibrationCorrections(layout: InfluenceLayout, table: CoefficientTable): Float64Array[] {
	const { sums, marginGroups } = layout.calibration!;
	const size = table.size;
	const { a, b } = table;
	const margins = sums.categories.length;
	const alpha = sums.categories.map((keys) => new Float64Array(keys.length * size));
	if (layout.calibration!.kind === 'poststratification') {
		const categories = sums.categories[0]!.length;
		const numerator = new Float64Array(categories * size);
		const weights = new Float64Array(categories);
		const rows = marginGroups[0]!;
		const groupOf = layout.marginGroupOf[0]!;
		const categoryOf = layout.marginCategoryOf[0]!;
		for (let i = 0; i < rows.length; i++) {
			const k = categoryOf[i]!;
			if (k < 0) continue;
			const row = rows[i]!;
			const g = groupOf[i]!;
			if (g >= 0) {
				const at = g * size;
				const into = k * size;
				for (let e = 0; e < size; e++)
					numerator[into + e]! += b
						? a[at + e]! * row.sw + b[at + e]! * row.swy
						: a[at + e]! * row.sw;
			}
			weights[k]! += row.sw;
		}
		for (let k = 0; k < categories; k++)
			for (let e = 0; e < size; e++)
				alpha[0]![k * size + e] = weights[k]! > 0 ? numerator[k * size + e]! / weights[k]! : 0;
		return alpha;
	}
	// T[m][k] = Σ z/w over category k of margin m, updated as each sweep removes the means.
	const totals = sums.categories.map((keys) => new Float64Array(keys.length * size));
	marginGroups.forEach((rows, m) => {
		const groupOf = layout.marginGroupOf[m]!;
		const categoryOf = layout.marginCategoryOf[m]!;
		const total = totals[m]!;
		for (let i = 0; i < rows.length; i++) {
			const g = groupOf[i]!;
			const k = categoryOf[i]!;
			if (g < 0 || k < 0) continue;
			const row = rows[i]!;
			const at = g * size;
			const into = k * size;
			for (let e = 0; e < size; e++)
				total[into + e]! += b ? a[at + e]! * row.n + b[at + e]! * row.sy : a[at + e]! * row.n;
		}
	});
	for (let sweep = 0; sweep < 10; sweep++) {
		for (let m = 0; m < margins; m++) {
			const counts = sums.counts[m]!;
			const total = totals[m]!;
			const mean = new Float64Array(total.length);
			for (let k = 0; k < counts.length; k++) {
				const count = counts[k]!;
				for (let e = 0; e < size; e++) {
					const at = k * size + e;
					const value = count > 0 ? total[at]! / count : 0;
					mean[at] = value;
					alpha[m]![at]! += value;
					total[at]! -= count * value;
				}
			}
			for (let other = 0; other < margins; other++) {
				if (other === m) continue;
				const [low, high] = other < m ? [other, m] : [m, other];
				const together = sums.pairCounts[low]![high]!;
				const width = sums.categories[high]!.length;
				const target = totals[other]!;
				const targetCategories = sums.categories[other]!.length;
				for (let k = 0; k < counts.length; k++) {
					for (let j = 0; j < targetCategories; j++) {
						const n = other < m ? together[j * width + k]! : together[k * width + j]!;
						for (let e = 0; e < size; e++) {
							const value = mean[k * size + e]!;
							if (value !== 0) target[j * size + e]! -= n * value;
						}
					}
				}
			}
		}
	}
	return alpha;
}

/**
 * Covariance matrix of the estimates (row-major, E × E) or, with `diagonal`, their variances
 * alone (E): the same sums, element by element, without the covariances nobody reads.
 */
export function influenceCovariance(
	layout: InfluenceLayout,
	table: CoefficientTable,
	diagonal = false
): Float64Array {
	const size = table.size;
	const alphas = layout.calibration ? calibrationCorrections(layout, table) : null;
	const strata = new Map<string, StratumSums>();
	const crossLength = diagonal ? size : size * size;
	const stratum = (name: string) => {
		let sums = strata.get(name);
		if (!sums) {
			sums = { cross: new Float64Array(crossLength), totals: new Float64Array(size), psus: 0 };
			strata.set(name, sums);
		}
		return sums;
	};
	if (layout.clustered) addClustered(layout, table, alphas, stratum, diagonal);
	else addUnclustered(layout, table, alphas, stratum, diagonal);
	const covariance = new Float64Array(crossLength);
	for (const [name, sums] of strata) {
		if (sums.psus < 2) throw new LonelyPsuError(name);
		const scale = sums.psus / (sums.psus - 1);
		if (diagonal) {
			for (let e = 0; e < size; e++)
				covariance[e]! +=
					scale * (sums.cross[e]! - (sums.totals[e]! * sums.totals[e]!) / sums.psus);
			continue;
		}
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
	layout: InfluenceLayout,
	table: CoefficientTable,
	alphas: Float64Array[] | null,
	stratum: (name: string) => StratumSums,
	diagonal: boolean
) {
	const size = table.size;
	const { a, b, from, to } = table;
	const { rows, groupOf } = layout;
	const psuOf = layout.psuOf!;
	const psuCount = layout.psuStratum.length;
	const z = new Float64Array(psuCount * size);
	for (let r = 0; r < rows.length; r++) {
		const row = rows[r]!;
		const g = groupOf[r]!;
		const at = g * size;
		const into = psuOf[r]! * size;
		const first = from ? from[g]! : 0;
		const last = to ? to[g]! : size;
		const { sw, swy } = row;
		if (b) for (let e = first; e < last; e++) z[into + e]! += a[at + e]! * sw + b[at + e]! * swy;
		else for (let e = first; e < last; e++) z[into + e]! += a[at + e]! * sw;
	}
	if (alphas) {
		const correction = new Float64Array(size);
		layout.calibration!.sums.psuWeights.forEach((byPsu, m) => {
			const alpha = alphas[m]!;
			for (const [id, weights] of byPsu) {
				const p = layout.psuIndex.get(id);
				if (p === undefined) continue;
				correction.fill(0);
				for (let k = 0; k < weights.length; k++) {
					const weight = weights[k]!;
					for (let e = 0; e < size; e++) correction[e]! += alpha[k * size + e]! * weight;
				}
				for (let e = 0; e < size; e++) z[p * size + e]! -= correction[e]!;
			}
		});
	}
	for (let p = 0; p < psuCount; p++) {
		const sums = stratum(layout.psuStratum[p]!);
		sums.psus++;
		const at = p * size;
		for (let e = 0; e < size; e++) {
			const ze = z[at + e]!;
			sums.totals[e]! += ze;
			if (diagonal) sums.cross[e]! += ze * ze;
			else for (let f = 0; f <= e; f++) sums.cross[e * size + f]! += ze * z[at + f]!;
		}
	}
}

/** One respondent per PSU: Σ z_e·z_f from sums of squared weights by group and margin category. */
function addUnclustered(
	layout: InfluenceLayout,
	table: CoefficientTable,
	alphas: Float64Array[] | null,
	stratum: (name: string) => StratumSums,
	diagonal: boolean
) {
	const size = table.size;
	const { a, b, from, to } = table;
	const { rows, groupOf } = layout;
	for (let r = 0; r < rows.length; r++) {
		const row = rows[r]!;
		const sums = stratum(row.stratum);
		sums.psus += row.n;
		const g = groupOf[r]!;
		const at = g * size;
		const first = from ? from[g]! : 0;
		const last = to ? to[g]! : size;
		const { totals, cross } = sums;
		const { sw, swy, sww, swwy, swwyy } = row;
		if (b) {
			for (let e = first; e < last; e++) {
				const ae = a[at + e]!;
				const be = b[at + e]!;
				totals[e]! += ae * sw + be * swy;
				if (diagonal) {
					cross[e]! += ae * ae * sww + (ae * be + be * ae) * swwy + be * be * swwyy;
					continue;
				}
				for (let f = first; f <= e; f++) {
					const af = a[at + f]!;
					const bf = b[at + f]!;
					cross[e * size + f]! += ae * af * sww + (ae * bf + be * af) * swwy + be * bf * swwyy;
				}
			}
		} else {
			for (let e = first; e < last; e++) {
				const ae = a[at + e]!;
				totals[e]! += ae * sw;
				if (diagonal) {
					cross[e]! += ae * ae * sww;
					continue;
				}
				for (let f = first; f <= e; f++) cross[e * size + f]! += ae * a[at + f]! * sww;
			}
		}
	}
	if (!alphas) return;
	const { sums: design, marginGroups } = layout.calibration!;
	const margins = design.categories.length;
	// Group × margin terms: −Σ α_f(k)·(a_e Σw² + b_e Σw²y) − (e ↔ f).
	const u = new Float64Array(size);
	marginGroups.forEach((rows, m) => {
		const alpha = alphas[m]!;
		const groupOf = layout.marginGroupOf[m]!;
		const categoryOf = layout.marginCategoryOf[m]!;
		for (let i = 0; i < rows.length; i++) {
			const row = rows[i]!;
			const sums = stratum(row.stratum);
			const k = categoryOf[i]!;
			const g = groupOf[i]!;
			if (k < 0 || g < 0) continue;
			const at = g * size;
			for (let e = 0; e < size; e++)
				u[e] = b ? a[at + e]! * row.sww + b[at + e]! * row.swwy : a[at + e]! * row.sww;
			const base = k * size;
			for (let e = 0; e < size; e++) {
				const ue = u[e]!;
				const alphaE = alpha[base + e]!;
				if (diagonal) {
					sums.cross[e]! -= alphaE * ue + alphaE * ue;
					continue;
				}
				for (let f = 0; f <= e; f++)
					sums.cross[e * size + f]! -= alpha[base + f]! * ue + alphaE * u[f]!;
			}
		}
	});
	// Margin × margin terms: Σ α_e α_f Σw² within a margin, and across pairs of margins.
	for (let m = 0; m < margins; m++) {
		const alpha = alphas[m]!;
		for (const [name, weights] of design.stratumWeights[m]!) {
			const sums = stratum(name);
			for (let k = 0; k < weights.sw.length; k++) {
				const base = k * size;
				const sw = weights.sw[k]!;
				const sww = weights.sww[k]!;
				for (let e = 0; e < size; e++) {
					const alphaE = alpha[base + e]!;
					sums.totals[e]! -= alphaE * sw;
					if (diagonal) sums.cross[e]! += alphaE * alphaE * sww;
					else
						for (let f = 0; f <= e; f++)
							sums.cross[e * size + f]! += alphaE * alpha[base + f]! * sww;
				}
			}
		}
		const categories = design.categories[m]!.length;
		for (let n = m + 1; n < margins; n++) {
			const width = design.categories[n]!.length;
			const second = alphas[n]!;
			for (const [name, squares] of design.pairSquares[m]![n]!) {
				const sums = stratum(name);
				// u_e[k] = Σ_k' Σw²(k, k')·α_e(n, k'), as projected[k·E + e]
				const projected = new Float64Array(categories * size);
				for (let k = 0; k < categories; k++) {
					for (let j = 0; j < width; j++) {
						const square = squares[k * width + j]!;
						for (let e = 0; e < size; e++)
							projected[k * size + e]! += square * second[j * size + e]!;
					}
				}
				for (let e = 0; e < size; e++) {
					for (let f = diagonal ? e : 0; f <= e; f++) {
						let value = 0;
						for (let k = 0; k < categories; k++) {
							value +=
								alpha[k * size + e]! * projected[k * size + f]! +
								alpha[k * size + f]! * projected[k * size + e]!;
						}
						sums.cross[diagonal ? e : e * size + f]! += value;
					}
				}
			}
		}
	}
}

/** Covariance matrix of the estimates (row-major, E × E). */
export function linearisedCovariance(input: VarianceInput): Float64Array {
	const size = input.estimates.length;
	const index = new Map<string, number>();
	const indexOf = (key: string) => {
		let g = index.get(key);
		if (g === undefined) index.set(key, (g = index.size));
		return g;
	};
	const groupOf = Int32Array.from(input.groups, (group) => indexOf(group.key));
	const psuIndex = new Map<string, number>();
	const psuStratum: string[] = [];
	const psuOf = input.clustered
		? Int32Array.from(input.groups, (group) => {
				const id = `${group.stratum}\u001f${group.psu}`;
				let p = psuIndex.get(id);
				if (p === undefined) {
					psuIndex.set(id, (p = psuStratum.length));
					psuStratum.push(group.stratum);
				}
				return p;
			})
		: null;
	const calibration = input.calibration;
	const marginGroupOf = (calibration?.marginGroups ?? []).map((rows) =>
		Int32Array.from(rows, (row) => indexOf(groupKey(row.domain, row.answer, row.missing)))
	);
	const marginCategoryOf = (calibration?.marginGroups ?? []).map((rows, m) =>
		Int32Array.from(rows, (row) => calibration!.sums.index[m]!.get(row.category) ?? -1)
	);
	const a = new Float64Array(index.size * size);
	const b = new Float64Array(index.size * size);
	for (const [key, g] of index) {
		input.estimates.forEach((estimate, e) => {
			const c = estimate.get(key);
			if (!c) return;
			a[g * size + e] = c.a;
			b[g * size + e] = c.b;
		});
	}
	return influenceCovariance(
		{
			rows: input.groups,
			groupOf,
			clustered: input.clustered,
			psuOf,
			psuStratum,
			psuIndex,
			calibration,
			marginGroupOf,
			marginCategoryOf
		},
		{ size, a, b, from: null, to: null }
	);
}
