/**
 * The rows of an analysis indexed once, for every estimate and test made from them: each row's
 * analysed group (domain × answer × missing) and PSU, the groups' sums over strata and PSUs, and
 * — for calibrated designs — each margin row's group and margin category. Estimates, tables and
 * their tests then work with indices and typed arrays instead of string keys.
 */
import type { AnalysisData } from './analysis-data.ts';
import type { GroupRow } from './group-sums.ts';
import type { InfluenceLayout } from './influence.ts';

export interface AnalysedGroups extends InfluenceLayout {
	rows: GroupRow[];
	/** Number of analysed groups. */
	count: number;
	/** Per analysed group, in order of first appearance among the rows. */
	domain: (string | null)[];
	answer: (string | null)[];
	missing: boolean[];
	/** Per analysed group: its sums over strata and PSUs (added in row order). */
	n: Float64Array;
	sw: Float64Array;
	sww: Float64Array;
	swy: Float64Array;
	swyy: Float64Array;
	/** The analysed group of (domain, answer, missing), or −1. */
	indexOf(domain: string | null, answer: string | null, missing: boolean): number;
	/** PSUs − strata of the whole design. */
	designDf: number;
	/** Respondents (Σ n over the rows). */
	respondents: number;
}

export function analysedGroups(data: AnalysisData, clustered: boolean): AnalysedGroups {
	const { rows, calibration } = data;
	// missing → domain → answer → group
	const lookup = [
		new Map<string | null, Map<string | null, number>>(),
		new Map<string | null, Map<string | null, number>>()
	];
	const domain: (string | null)[] = [];
	const answer: (string | null)[] = [];
	const missing: boolean[] = [];
	const groupOf = new Int32Array(rows.length);
	const capacity = rows.length;
	const n = new Float64Array(capacity);
	const sw = new Float64Array(capacity);
	const sww = new Float64Array(capacity);
	const swy = new Float64Array(capacity);
	const swyy = new Float64Array(capacity);
	const psuOf = clustered ? new Int32Array(rows.length) : null;
	const psuIndex = new Map<string, number>();
	const psuStratum: string[] = [];
	const strata = new Set<string>();
	let respondents = 0;
	for (let r = 0; r < rows.length; r++) {
		const row = rows[r]!;
		const byMissing = lookup[row.missing ? 1 : 0]!;
		let byDomain = byMissing.get(row.domain);
		if (!byDomain) byMissing.set(row.domain, (byDomain = new Map()));
		let g = byDomain.get(row.answer);
		if (g === undefined) {
			g = domain.length;
			byDomain.set(row.answer, g);
			domain.push(row.domain);
			answer.push(row.answer);
			missing.push(row.missing);
		}
		groupOf[r] = g;
		n[g]! += row.n;
		sw[g]! += row.sw;
		sww[g]! += row.sww;
		swy[g]! += row.swy;
		swyy[g]! += row.swyy;
		respondents += row.n;
		strata.add(row.stratum);
		if (psuOf) {
			const id = `${row.stratum}\u001f${row.psu}`;
			let p = psuIndex.get(id);
			if (p === undefined) {
				psuIndex.set(id, (p = psuStratum.length));
				psuStratum.push(row.stratum);
			}
			psuOf[r] = p;
		}
	}
	const indexOf = (d: string | null, a: string | null, m: boolean) =>
		lookup[m ? 1 : 0]!.get(d)?.get(a) ?? -1;
	const count = domain.length;
	return {
		rows,
		count,
		groupOf,
		domain,
		answer,
		missing,
		n: n.subarray(0, count),
		sw: sw.subarray(0, count),
		sww: sww.subarray(0, count),
		swy: swy.subarray(0, count),
		swyy: swyy.subarray(0, count),
		indexOf,
		clustered,
		psuOf,
		psuStratum,
		psuIndex,
		calibration,
		marginGroupOf: (calibration?.marginGroups ?? []).map((marginRows) =>
			Int32Array.from(marginRows, (row) => indexOf(row.domain, row.answer, row.missing))
		),
		marginCategoryOf: (calibration?.marginGroups ?? []).map((marginRows, m) =>
			Int32Array.from(marginRows, (row) => calibration!.sums.index[m]!.get(row.category) ?? -1)
		),
		designDf: (clustered ? psuStratum.length : respondents) - strata.size,
		respondents
	};
}

/** df per domain: PSUs with respondents in the domain − strata with respondents in the domain. */
export function domainDegreesOfFreedom(groups: AnalysedGroups): Map<string, number> {
	const { rows, psuOf } = groups;
	const psus = new Map<string, Set<number> | number>();
	const strata = new Map<string, Set<string>>();
	for (let r = 0; r < rows.length; r++) {
		const row = rows[r]!;
		if (row.domain === null) continue;
		let inDomain = strata.get(row.domain);
		if (!inDomain) strata.set(row.domain, (inDomain = new Set()));
		inDomain.add(row.stratum);
		if (psuOf) {
			let set = psus.get(row.domain) as Set<number> | undefined;
			if (!set) psus.set(row.domain, (set = new Set()));
			set.add(psuOf[r]!);
		} else {
			psus.set(row.domain, ((psus.get(row.domain) as number | undefined) ?? 0) + row.n);
		}
	}
	const df = new Map<string, number>();
	for (const [name, count] of psus)
		df.set(name, (typeof count === 'number' ? count : count.size) - strata.get(name)!.size);
	return df;
}
