/**
 * Taylor-linearisation variance on aggregated data.
 *
 * Every estimate the engine produces (a domain mean, a domain proportion, a total) is a smooth
 * function of weighted sums, so its influence value for respondent i is linear in two row
 * quantities: z_i = a_g·w_i + b_g·w_i·y_i, with coefficients a_g, b_g that depend only on the
 * respondent's *group* g — the combination of stratum, domain, answer category and weighting
 * cell. So DuckDB only has to return sums per group (unclustered designs: Σw, Σw², Σw²y, Σw²y²
 * per stratum and group; clustered designs: Σw, Σwy per PSU and group), and the variance
 * is finished here in small loops:
 *
 *   V_ef = Σ_h n_h/(n_h − 1) · [ Σ_j z_hje·z_hjf − (Σ_j z_hje)(Σ_j z_hjf)/n_h ]
 *
 * for PSUs j in strata h, sampled with replacement at the first stage (R: svydesign(ids=~psu,
 * strata=~strata, weights=~w, nest=TRUE), survey:::svyrecvar without fpc).
 *
 * Weights from raking or post-stratification are accounted for as R's survey package does: the
 * influence values are replaced by residuals from the weighting cells' means (svyrecvar: for a
 * raked design ten sweeps of x ← x − w·ave(x/w, margin); for post-stratification one pass with
 * means weighted by the base weights).
 */

/** Sums over one group of respondents, optionally within one PSU. */
export interface GroupSums {
	stratum: string;
	/** PSU id; null for designs without clusters (every respondent is its own PSU). */
	psu: string | null;
	/** Index of the weighting cell (raking / post-stratification) the group belongs to; 0 otherwise. */
	cell: number;
	/** Opaque key the estimate definitions use to pick their groups. */
	key: string;
	n: number;
	sw: number;
	swy: number;
	/** Only for unclustered designs: Σw², Σw²y, Σw²y². */
	sww: number;
	swwy: number;
	swwyy: number;
	/** Σy, for the raking correction of means. */
	sy: number;
}

/** Influence coefficients of one estimate for one group: z_i = a·w_i + b·w_i·y_i. */
export interface Coefficients {
	a: number;
	b: number;
}

export type Calibration =
	| { kind: 'none' }
	| {
			kind: 'raking';
			/** For each margin, each cell's category index within the margin. */
			marginOfCell: Int32Array[];
	  }
	| {
			kind: 'poststratification';
			/** Each cell's post-stratum. */
			stratumOfCell: Int32Array;
			/** Each cell's weight adjustment factor (final weight / base weight). */
			factorOfCell: Float64Array;
	  };

export interface VarianceInput {
	groups: GroupSums[];
	/** Coefficients per estimate per group (same order as groups); null = group not in estimate. */
	coefficients: (Coefficients | null)[][];
	cellCount: number;
	calibration: Calibration;
	clustered: boolean;
}

export class LonelyPsuError extends Error {
	constructor(readonly stratum: string) {
		super(
			`Stratum ${stratum} has only one PSU, so its variance cannot be estimated; merge it with another stratum.`
		);
		this.name = 'LonelyPsuError';
	}
}

/**
 * The calibration correction per cell and estimate: the amount A_c such that the corrected
 * influence is z_i − w_i·A_c(i).
 */
function calibrationCorrection(input: VarianceInput, estimate: number): Float64Array {
	const { groups, cellCount, calibration } = input;
	const correction = new Float64Array(cellCount);
	if (calibration.kind === 'none') return correction;
	const coefficients = input.coefficients[estimate]!;
	// s[c] = Σ_{i in c} z_i / w_i and t[c] = Σ_{i in c} z_i; n[c] = respondents in c.
	const s = new Float64Array(cellCount);
	const t = new Float64Array(cellCount);
	const n = new Float64Array(cellCount);
	const baseWeights = new Float64Array(cellCount);
	groups.forEach((group, g) => {
		n[group.cell]! += group.n;
		if (calibration.kind === 'poststratification') {
			baseWeights[group.cell]! += group.sw / calibration.factorOfCell[group.cell]!;
		}
		const coefficient = coefficients[g];
		if (!coefficient) return;
		s[group.cell]! += coefficient.a * group.n + coefficient.b * group.sy;
		t[group.cell]! += coefficient.a * group.sw + coefficient.b * group.swy;
	});
	if (calibration.kind === 'raking') {
		for (let sweep = 0; sweep < 10; sweep++) {
			for (const categoryOf of calibration.marginOfCell) {
				const size = Math.max(...categoryOf) + 1;
				const sums = new Float64Array(size);
				const counts = new Float64Array(size);
				for (let c = 0; c < cellCount; c++) {
					sums[categoryOf[c]!]! += s[c]!;
					counts[categoryOf[c]!]! += n[c]!;
				}
				for (let c = 0; c < cellCount; c++) {
					const mean =
						counts[categoryOf[c]!]! > 0 ? sums[categoryOf[c]!]! / counts[categoryOf[c]!]! : 0;
					correction[c]! += mean;
					s[c]! -= n[c]! * mean;
				}
			}
		}
	} else {
		// One pass: means of z/w weighted by the base weights b = w/f, i.e. Σ z/f over Σ b.
		const { stratumOfCell, factorOfCell } = calibration;
		const size = Math.max(...stratumOfCell) + 1;
		const sums = new Float64Array(size);
		const bases = new Float64Array(size);
		for (let c = 0; c < cellCount; c++) {
			sums[stratumOfCell[c]!]! += t[c]! / factorOfCell[c]!;
			bases[stratumOfCell[c]!]! += baseWeights[c]!;
		}
		for (let c = 0; c < cellCount; c++) {
			const k = stratumOfCell[c]!;
			correction[c] = bases[k]! > 0 ? sums[k]! / bases[k]! : 0;
		}
	}
	return correction;
}

/** Final coefficients after calibration: a ← a − A_cell (the correction applies to every row). */
function correctedCoefficients(input: VarianceInput): Coefficients[][] {
	return input.coefficients.map((coefficients, e) => {
		const correction = calibrationCorrection(input, e);
		return input.groups.map((group, g) => {
			const coefficient = coefficients[g] ?? { a: 0, b: 0 };
			return { a: coefficient.a - correction[group.cell]!, b: coefficient.b };
		});
	});
}

/** Covariance matrix of the estimates (row-major, E × E). */
export function linearisedCovariance(input: VarianceInput): Float64Array {
	const coefficients = correctedCoefficients(input);
	const estimates = coefficients.length;
	const covariance = new Float64Array(estimates * estimates);
	// Per stratum: Σ z_e z_f over PSUs, Σ z_e over PSUs, number of PSUs.
	interface StratumSums {
		cross: Float64Array;
		totals: Float64Array;
		psus: number;
	}
	const strata = new Map<string, StratumSums>();
	const stratum = (name: string) => {
		let sums = strata.get(name);
		if (!sums) {
			sums = {
				cross: new Float64Array(estimates * estimates),
				totals: new Float64Array(estimates),
				psus: 0
			};
			strata.set(name, sums);
		}
		return sums;
	};
	if (input.clustered) {
		// Sum the influence over each PSU first.
		const psus = new Map<string, { stratum: string; z: Float64Array }>();
		input.groups.forEach((group, g) => {
			const id = `${group.stratum}\u001f${group.psu}`;
			let psu = psus.get(id);
			if (!psu) {
				psu = { stratum: group.stratum, z: new Float64Array(estimates) };
				psus.set(id, psu);
			}
			for (let e = 0; e < estimates; e++) {
				const c = coefficients[e]![g]!;
				psu.z[e]! += c.a * group.sw + c.b * group.swy;
			}
		});
		for (const psu of psus.values()) {
			const sums = stratum(psu.stratum);
			sums.psus++;
			for (let e = 0; e < estimates; e++) {
				sums.totals[e]! += psu.z[e]!;
				for (let f = 0; f <= e; f++) sums.cross[e * estimates + f]! += psu.z[e]! * psu.z[f]!;
			}
		}
	} else {
		input.groups.forEach((group, g) => {
			const sums = stratum(group.stratum);
			sums.psus += group.n;
			for (let e = 0; e < estimates; e++) {
				const ce = coefficients[e]![g]!;
				sums.totals[e]! += ce.a * group.sw + ce.b * group.swy;
				for (let f = 0; f <= e; f++) {
					const cf = coefficients[f]![g]!;
					sums.cross[e * estimates + f]! +=
						ce.a * cf.a * group.sww +
						(ce.a * cf.b + ce.b * cf.a) * group.swwy +
						ce.b * cf.b * group.swwyy;
				}
			}
		});
	}
	for (const [name, sums] of strata) {
		if (sums.psus < 2) throw new LonelyPsuError(name);
		const scale = sums.psus / (sums.psus - 1);
		for (let e = 0; e < estimates; e++) {
			for (let f = 0; f <= e; f++) {
				const value =
					scale *
					(sums.cross[e * estimates + f]! - (sums.totals[e]! * sums.totals[f]!) / sums.psus);
				covariance[e * estimates + f]! += value;
				if (f !== e) covariance[f * estimates + e]! += value;
			}
		}
	}
	return covariance;
}
