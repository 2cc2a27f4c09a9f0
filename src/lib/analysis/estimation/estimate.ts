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
import { readAnalysisData, type AnalysisData } from './analysis-data.ts';
import { compareCategories } from './categories.ts';
import type { GroupRow } from './group-sums.ts';
import { groupKey, linearisedCovariance, type Coefficients, type GroupSums } from './influence.ts';

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

export interface AnswerSet {
	/** Shown as the estimate's category. */
	label: string;
	/** The categories it combines. */
	members: string[];
}

export interface EstimateOptions {
	variable: string;
	categorical: boolean;
	by?: string;
	totals?: boolean;
	level?: number;
	/** Numeric codes treated as missing in a numeric analysis (e.g. 98 don't know, 99 refused). */
	excludeCodes?: number[];
	/** Combined categories (NETs) of a categorical variable, estimated as proportions too. */
	nets?: AnswerSet[];
}

interface Definition {
	statistic: Statistic;
	category: string | null;
	domain: string;
	estimate: number;
	coefficients: Map<string, Coefficients>;
	base: number;
	weightedBase: number;
	/** Weighted variance of y in the domain (R's svyvar, before the n/(n−1) factor). */
	spread: number;
}

/** Sums of the analysed groups (domain × answer), over strata and PSUs. */
interface GroupTotal {
	domain: string | null;
	answer: string | null;
	missing: boolean;
	n: number;
	sw: number;
	swy: number;
	swyy: number;
}

const expit = (x: number) => 1 / (1 + Math.exp(-x));

export async function estimate(
	db: Queryable,
	dataset: Dataset,
	design: Design,
	options: EstimateOptions
): Promise<Estimate[]> {
	if (design.domain && !options.by) {
		// Inside a filter: the estimate of the filter's domain, shown as an overall estimate.
		const inDomain = { ...options, by: design.domain };
		const { estimates } = estimateFromData(
			await readAnalysisData(db, dataset, design, inDomain),
			design,
			inDomain
		);
		return estimates
			.filter((e) => e.domain?.[design.domain!] === '1')
			.map((e) => ({ ...e, domain: null }));
	}
	return estimateFromData(await readAnalysisData(db, dataset, design, options), design, options)
		.estimates;
}

function groupTotals(rows: GroupRow[]): GroupTotal[] {
	const totals = new Map<string, GroupTotal>();
	for (const row of rows) {
		const key = groupKey(row.domain, row.answer, row.missing);
		const total = totals.get(key) ?? {
			domain: row.domain,
			answer: row.answer,
			missing: row.missing,
			n: 0,
			sw: 0,
			swy: 0,
			swyy: 0
		};
		total.n += row.n;
		total.sw += row.sw;
		total.swy += row.swy;
		total.swyy += row.swyy;
		totals.set(key, total);
	}
	return [...totals.values()];
}

function definitionsFor(totals: GroupTotal[], options: EstimateOptions): Definition[] {
	const domains = [
		...new Set(totals.map((t) => t.domain).filter((d): d is string => d !== null))
	].sort(compareCategories);
	const definitions: Definition[] = [];
	for (const domain of domains) {
		const members = totals.filter((t) => t.domain === domain && !t.missing);
		const base = members.reduce((sum, t) => sum + t.n, 0);
		const weightedBase = members.reduce((sum, t) => sum + t.sw, 0);
		if (base === 0 || weightedBase === 0) continue;
		const keyOf = (t: GroupTotal) => groupKey(t.domain, t.answer, t.missing);
		if (options.categorical) {
			const categories = [...new Set(members.map((t) => t.answer!))].sort(compareCategories);
			const sets = [
				...categories.map((category) => ({ label: category, members: [category] })),
				...(options.nets ?? [])
			];
			for (const set of sets) {
				const inSet = new Set(set.members);
				const chosen = (t: GroupTotal) => inSet.has(t.answer!);
				const p = members.filter(chosen).reduce((sum, t) => sum + t.sw, 0) / weightedBase;
				const shared = { category: set.label, domain, base, weightedBase, spread: p * (1 - p) };
				const coefficients = new Map(
					members.map((t) => [keyOf(t), { a: ((chosen(t) ? 1 : 0) - p) / weightedBase, b: 0 }])
				);
				definitions.push({ ...shared, statistic: 'proportion', estimate: p, coefficients });
				if (options.totals) {
					const total = new Map(members.filter(chosen).map((t) => [keyOf(t), { a: 1, b: 0 }]));
					definitions.push({
						...shared,
						statistic: 'total',
						estimate: p * weightedBase,
						coefficients: total
					});
				}
			}
		} else {
			const sumWy = members.reduce((sum, t) => sum + t.swy, 0);
			const mean = sumWy / weightedBase;
			const spread = members.reduce((sum, t) => sum + t.swyy, 0) / weightedBase - mean * mean;
			const shared = { category: null, domain, base, weightedBase, spread };
			const coefficients = new Map(
				members.map((t) => [keyOf(t), { a: -mean / weightedBase, b: 1 / weightedBase }])
			);
			definitions.push({ ...shared, statistic: 'mean', estimate: mean, coefficients });
			if (options.totals) {
				const total = new Map(members.map((t) => [keyOf(t), { a: 0, b: 1 }]));
				definitions.push({ ...shared, statistic: 'total', estimate: sumWy, coefficients: total });
			}
		}
	}
	return definitions;
}

export function groupSums(rows: GroupRow[]): GroupSums[] {
	return rows.map((row) => ({ ...row, key: groupKey(row.domain, row.answer, row.missing) }));
}

export function estimateFromData(
	data: AnalysisData,
	design: Design,
	options: EstimateOptions
): { estimates: Estimate[]; covariance: Float64Array; designDf: number } {
	const { rows } = data;
	const definitions = definitionsFor(groupTotals(rows), options);
	const designDf = designDegreesOfFreedom(rows, Boolean(design.cluster));
	if (definitions.length === 0) return { estimates: [], covariance: new Float64Array(), designDf };
	const covariance = linearisedCovariance({
		groups: groupSums(rows),
		estimates: definitions.map((definition) => definition.coefficients),
		clustered: Boolean(design.cluster),
		calibration: data.calibration
	});
	const degrees = domainDegreesOfFreedom(rows, Boolean(design.cluster));
	const level = options.level ?? 0.95;
	const estimates = definitions.map((definition, e): Estimate => {
		const variance = Math.max(0, covariance[e * definitions.length + e]!);
		const se = Math.sqrt(variance);
		const df = degrees.get(definition.domain)!;
		const [low, high] = interval(definition, se, tQuantileOf(1 - (1 - level) / 2, df));
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
	return { estimates, covariance, designDf };
}

/** Logit interval for proportions (svyciprop), t interval otherwise. */
function interval(definition: Definition, se: number, t: number): [number, number] {
	if (definition.statistic !== 'proportion')
		return [definition.estimate - t * se, definition.estimate + t * se];
	const p = definition.estimate;
	if (p <= 0 || p >= 1 || se === 0) return [p, p];
	const logit = Math.log(p / (1 - p));
	const half = (t * se) / (p * (1 - p));
	return [expit(logit - half), expit(logit + half)];
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
 * covariance of the two domain estimates (waves share PSUs when the same clusters are revisited):
 * se = √(V_a + V_b − 2·C_ab), t on the design's degrees of freedom.
 */
export async function trend(
	db: Queryable,
	dataset: Dataset,
	design: Design,
	options: EstimateOptions & { by: string }
): Promise<{ estimates: Estimate[]; changes: WaveChange[] }> {
	const { estimates, covariance, designDf } = estimateFromData(
		await readAnalysisData(db, dataset, design, options),
		design,
		options
	);
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
			const variance =
				covariance[i * size + i]! + covariance[j * size + j]! - 2 * covariance[i * size + j]!;
			const se = Math.sqrt(Math.max(0, variance));
			const change = estimates[j]!.estimate - a.estimate;
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

/** PSUs − strata of the whole design. */
export function designDegreesOfFreedom(rows: GroupRow[], clustered: boolean): number {
	const strata = new Set(rows.map((row) => row.stratum)).size;
	const psus = clustered
		? new Set(rows.map((row) => `${row.stratum}\u001f${row.psu}`)).size
		: rows.reduce((n, row) => n + row.n, 0);
	return psus - strata;
}

/** df per domain: PSUs with respondents in the domain − strata with respondents in the domain. */
function domainDegreesOfFreedom(rows: GroupRow[], clustered: boolean): Map<string, number> {
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
	for (const [domain, count] of psus)
		df.set(domain, (typeof count === 'number' ? count : count.size) - strata.get(domain)!.size);
	return df;
}
