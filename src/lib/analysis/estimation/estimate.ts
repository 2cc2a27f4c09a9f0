/**
 * Design-based estimates: proportions (each category of a categorical variable), means and totals
 * (numeric variables), overall or per domain, with linearised standard errors, confidence
 * intervals and design effects, matching R's survey package:
 * - proportions: svymean of the indicator, CI by svyciprop(method = "logit") with df = degf;
 * - means and totals: svymean / svytotal, CI from the t distribution with df = degf;
 * - deff: against simple random sampling with replacement (R's deff = "replace");
 * - missing values are dropped per variable (the respondent stays in the design: na.rm = TRUE);
 * - domains use all PSUs of the design (svyby), and df = PSUs − strata with respondents in the domain.
 */
import type { Queryable } from '../../server/db/database.ts';
import type { Dataset } from '../dataset.ts';
import type { Design } from '../design.ts';
import { tQuantileOf, tTwoSided } from '../distributions.ts';
import { compareCategories, designCells } from './design-cells.ts';
import { groupSumsQuery, type GroupRow } from './group-sums.ts';
import { linearisedCovariance, type Coefficients, type GroupSums } from './influence.ts';

export type Statistic = 'proportion' | 'mean' | 'total';

export interface Estimate {
	variable: string;
	statistic: Statistic;
	/** The category, for a proportion; null for a mean or total. */
	category: string | null;
	/** `{ [by]: value }` for a domain estimate, else null. */
	domain: Record<string, string> | null;
	estimate: number;
	se: number;
	ci_low: number;
	ci_high: number;
	deff: number;
	df: number;
	/** Respondents with an answer in the domain (the base). */
	n: number;
	/** Their weighted count. */
	weighted_n: number;
}

export interface EstimateOptions {
	variable: string;
	categorical: boolean;
	by?: string;
	totals?: boolean;
	level?: number;
}

interface Definition {
	statistic: Statistic;
	category: string | null;
	domain: string;
	estimate: number;
	coefficients: (Coefficients | null)[];
	base: number;
	weightedBase: number;
	/** Weighted variance of y in the domain (R's svyvar, before the n/(n−1) factor). */
	spread: number;
}

const expit = (x: number) => 1 / (1 + Math.exp(-x));

export async function estimate(
	db: Queryable,
	dataset: Dataset,
	design: Design,
	options: EstimateOptions
): Promise<Estimate[]> {
	const rows = await db.all<GroupRow>(groupSumsQuery(dataset, design, options));
	return estimateFromGroups(rows, design, options);
}

export function estimateFromGroups(
	rows: GroupRow[],
	design: Design,
	options: EstimateOptions
): Estimate[] {
	return computeEstimates(rows, design, options).estimates;
}

function computeEstimates(
	rows: GroupRow[],
	design: Design,
	options: EstimateOptions
): { estimates: Estimate[]; covariance: Float64Array; designDf: number } {
	const cells = designCells(design, rows as unknown as Record<string, unknown>[]);
	const groups: GroupSums[] = rows.map((row, g) => ({
		stratum: row.stratum,
		psu: row.psu,
		cell: cells.cellOfRow[g]!,
		key: '',
		n: row.n,
		sw: row.sw,
		swy: row.swy,
		sww: row.sww,
		swwy: row.swwy,
		swwyy: row.swwyy,
		sy: row.sy
	}));
	const inDomain = (row: GroupRow, domain: string) => row.domain === domain && !row.missing;
	const domains = [
		...new Set(rows.map((row) => row.domain).filter((d): d is string => d !== null))
	].sort(compareCategories);
	const definitions: Definition[] = [];
	for (const domain of domains) {
		const members = rows.filter((row) => inDomain(row, domain));
		const base = members.reduce((sum, row) => sum + row.n, 0);
		const weightedBase = members.reduce((sum, row) => sum + row.sw, 0);
		if (base === 0 || weightedBase === 0) continue;
		if (options.categorical) {
			const categories = [...new Set(members.map((row) => row.answer!))].sort(compareCategories);
			for (const category of categories) {
				const p =
					members.filter((row) => row.answer === category).reduce((sum, row) => sum + row.sw, 0) /
					weightedBase;
				const coefficients = rows.map((row) =>
					inDomain(row, domain)
						? { a: ((row.answer === category ? 1 : 0) - p) / weightedBase, b: 0 }
						: null
				);
				definitions.push({
					statistic: 'proportion',
					category,
					domain,
					estimate: p,
					coefficients,
					base,
					weightedBase,
					spread: p * (1 - p)
				});
				if (options.totals) {
					const totalCoefficients = rows.map((row) =>
						inDomain(row, domain) && row.answer === category ? { a: 1, b: 0 } : null
					);
					definitions.push({
						statistic: 'total',
						category,
						domain,
						estimate: p * weightedBase,
						coefficients: totalCoefficients,
						base,
						weightedBase,
						spread: p * (1 - p)
					});
				}
			}
		} else {
			const sumWy = members.reduce((sum, row) => sum + row.swy, 0);
			const sumWyy = members.reduce((sum, row) => sum + row.swyy, 0);
			const mean = sumWy / weightedBase;
			const spread = sumWyy / weightedBase - mean * mean;
			const coefficients = rows.map((row) =>
				inDomain(row, domain) ? { a: -mean / weightedBase, b: 1 / weightedBase } : null
			);
			definitions.push({
				statistic: 'mean',
				category: null,
				domain,
				estimate: mean,
				coefficients,
				base,
				weightedBase,
				spread
			});
			if (options.totals) {
				const totalCoefficients = rows.map((row) =>
					inDomain(row, domain) ? { a: 0, b: 1 } : null
				);
				definitions.push({
					statistic: 'total',
					category: null,
					domain,
					estimate: sumWy,
					coefficients: totalCoefficients,
					base,
					weightedBase,
					spread
				});
			}
		}
	}
	if (definitions.length === 0)
		return { estimates: [], covariance: new Float64Array(), designDf: 0 };
	const covariance = linearisedCovariance({
		groups,
		coefficients: definitions.map((definition) => definition.coefficients),
		cellCount: cells.count,
		calibration: cells.calibration,
		clustered: Boolean(design.cluster)
	});
	const degrees = degreesOfFreedom(rows, Boolean(design.cluster));
	const level = options.level ?? 0.95;
	const estimates = definitions.map((definition, e): Estimate => {
		const variance = Math.max(0, covariance[e * definitions.length + e]!);
		const se = Math.sqrt(variance);
		const df = degrees.get(definition.domain)!;
		const t = tQuantileOf(1 - (1 - level) / 2, df);
		let low: number;
		let high: number;
		if (definition.statistic === 'proportion') {
			const p = definition.estimate;
			if (p <= 0 || p >= 1 || se === 0) [low, high] = [p, p];
			else {
				const logit = Math.log(p / (1 - p));
				const half = (t * se) / (p * (1 - p));
				[low, high] = [expit(logit - half), expit(logit + half)];
			}
		} else {
			[low, high] = [definition.estimate - t * se, definition.estimate + t * se];
		}
		// R's deff = "replace": variance under simple random sampling with replacement of n.
		const svyvar = (definition.base / (definition.base - 1)) * definition.spread;
		const srs =
			definition.statistic === 'total'
				? (svyvar * definition.weightedBase * definition.weightedBase) / definition.base
				: svyvar / definition.base;
		return {
			variable: options.variable,
			statistic: definition.statistic,
			category: definition.category,
			domain: options.by ? { [options.by]: definition.domain } : null,
			estimate: definition.estimate,
			se,
			ci_low: low,
			ci_high: high,
			deff: srs > 0 ? variance / srs : NaN,
			df,
			n: definition.base,
			weighted_n: definition.weightedBase
		};
	});
	return { estimates, covariance, designDf: designDegreesOfFreedom(rows, Boolean(design.cluster)) };
}

export interface WaveChange {
	variable: string;
	statistic: Statistic;
	category: string | null;
	from_wave: string;
	to_wave: string;
	change: number;
	se: number;
	t: number;
	df: number;
	p: number;
}

/**
 * Estimates per wave and the change between consecutive waves, tested with the linearised
 * covariance of the two domain estimates (waves share PSUs when a panel or the same clusters are
 * revisited): se = √(V_a + V_b − 2·C_ab), t on the design's degrees of freedom.
 */
export function trendFromGroups(
	rows: GroupRow[],
	design: Design,
	options: EstimateOptions & { by: string }
): { estimates: Estimate[]; changes: WaveChange[] } {
	const { estimates, covariance, designDf } = computeEstimates(rows, design, options);
	const size = estimates.length;
	const waves = [...new Set(estimates.map((e) => e.domain![options.by]!))];
	const changes: WaveChange[] = [];
	for (let w = 1; w < waves.length; w++) {
		const [from, to] = [waves[w - 1]!, waves[w]!];
		estimates.forEach((a, i) => {
			if (a.domain![options.by] !== from) return;
			const j = estimates.findIndex(
				(b) =>
					b.domain![options.by] === to && b.statistic === a.statistic && b.category === a.category
			);
			if (j < 0) return;
			const b = estimates[j]!;
			const variance =
				covariance[i * size + i]! + covariance[j * size + j]! - 2 * covariance[i * size + j]!;
			const se = Math.sqrt(Math.max(0, variance));
			const change = b.estimate - a.estimate;
			const t = se > 0 ? change / se : 0;
			changes.push({
				variable: options.variable,
				statistic: a.statistic,
				category: a.category,
				from_wave: from,
				to_wave: to,
				change,
				se,
				t,
				df: designDf,
				p: se > 0 ? tTwoSided(t, designDf) : 1
			});
		});
	}
	return { estimates, changes };
}

export async function trend(
	db: Queryable,
	dataset: Dataset,
	design: Design,
	options: EstimateOptions & { by: string }
): Promise<{ estimates: Estimate[]; changes: WaveChange[] }> {
	const rows = await db.all<GroupRow>(groupSumsQuery(dataset, design, options));
	return trendFromGroups(rows, design, options);
}

/** PSUs − strata of the whole design. */
function designDegreesOfFreedom(rows: GroupRow[], clustered: boolean): number {
	const strata = new Set(rows.map((row) => row.stratum)).size;
	const psus = clustered
		? new Set(rows.map((row) => `${row.stratum}\u001f${row.psu}`)).size
		: rows.reduce((n, row) => n + row.n, 0);
	return psus - strata;
}

/** df per domain: PSUs with respondents in the domain − strata with respondents in the domain. */
function degreesOfFreedom(rows: GroupRow[], clustered: boolean): Map<string, number> {
	const psus = new Map<string, Set<string> | number>();
	const strata = new Map<string, Set<string>>();
	for (const row of rows) {
		if (row.domain === null) continue;
		if (!strata.has(row.domain)) strata.set(row.domain, new Set());
		strata.get(row.domain)!.add(row.stratum);
		if (clustered) {
			const set = (psus.get(row.domain) as Set<string> | undefined) ?? new Set<string>();
			set.add(`${row.stratum}\u001f${row.psu}`);
			psus.set(row.domain, set);
		} else {
			psus.set(row.domain, ((psus.get(row.domain) as number | undefined) ?? 0) + row.n);
		}
	}
	const df = new Map<string, number>();
	for (const [domain, count] of psus) {
		const n = typeof count === 'number' ? count : count.size;
		df.set(domain, n - strata.get(domain)!.size);
	}
	return df;
}
