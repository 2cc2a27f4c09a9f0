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
import { analysedGroups, domainDegreesOfFreedom, type AnalysedGroups } from './analysed-groups.ts';
import { readAnalysisData, type AnalysisData } from './analysis-data.ts';
import { compareCategories } from './categories.ts';
import type { GroupRow } from './group-sums.ts';
import {
	groupKey,
	influenceCovariance,
	type CoefficientTable,
	type GroupSums
} from './influence.ts';

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
	base: number;
	weightedBase: number;
	/** Weighted variance of y in the domain (R's svyvar, before the n/(n−1) factor). */
	spread: number;
}

/** The estimates' definitions and their influence coefficients by analysed group. */
interface Definitions {
	list: Definition[];
	coefficients: CoefficientTable;
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
		const estimates = domainEstimates(
			await readAnalysisData(db, dataset, design, inDomain),
			design,
			inDomain
		);
		return estimates
			.filter((e) => e.domain?.[design.domain!] === '1')
			.map((e) => ({ ...e, domain: null }));
	}
	return domainEstimates(await readAnalysisData(db, dataset, design, options), design, options);
}

/**
 * Definitions per domain (sorted), each domain's estimates contiguous: a group's coefficients are
 * zero outside its domain's estimates, which the variance uses to skip them.
 */
function definitionsFor(groups: AnalysedGroups, options: EstimateOptions): Definitions {
	const seen: string[] = [];
	const membersOf = new Map<string, number[]>();
	for (let g = 0; g < groups.count; g++) {
		const domain = groups.domain[g] ?? null;
		if (domain === null) continue;
		let members = membersOf.get(domain);
		if (!members) {
			membersOf.set(domain, (members = []));
			seen.push(domain);
		}
		if (!groups.missing[g]) members.push(g);
	}
	const domains = seen.sort(compareCategories);
	const list: Definition[] = [];
	// Coefficients as (estimate, group, a, b), placed in the table once its size is known.
	const entries: number[] = [];
	const range: number[] = [];
	let numeric = false;
	for (const domain of domains) {
		const members = membersOf.get(domain)!;
		let base = 0;
		let weightedBase = 0;
		for (const g of members) base += groups.n[g]!;
		for (const g of members) weightedBase += groups.sw[g]!;
		if (base === 0 || weightedBase === 0) continue;
		const first = list.length;
		if (options.categorical) {
			const categories = [...new Set(members.map((g) => groups.answer[g]!))].sort(
				compareCategories
			);
			const sets = [
				...categories.map((category) => ({ label: category, members: [category] })),
				...(options.nets ?? [])
			];
			for (const set of sets) {
				const inSet = new Set(set.members);
				const chosen = members.map((g) => inSet.has(groups.answer[g]!));
				let sum = 0;
				members.forEach((g, i) => {
					if (chosen[i]) sum += groups.sw[g]!;
				});
				const p = sum / weightedBase;
				const definition = (statistic: Statistic, estimate: number): Definition => ({
					statistic,
					category: set.label,
					domain,
					estimate,
					base,
					weightedBase,
					spread: p * (1 - p)
				});
				const e = list.length;
				list.push(definition('proportion', p));
				members.forEach((g, i) => entries.push(e, g, ((chosen[i] ? 1 : 0) - p) / weightedBase, 0));
				if (options.totals) {
					list.push(definition('total', p * weightedBase));
					members.forEach((g, i) => {
						if (chosen[i]) entries.push(e + 1, g, 1, 0);
					});
				}
			}
		} else {
			numeric = true;
			let sumWy = 0;
			for (const g of members) sumWy += groups.swy[g]!;
			const mean = sumWy / weightedBase;
			let sumWyy = 0;
			for (const g of members) sumWyy += groups.swyy[g]!;
			const spread = sumWyy / weightedBase - mean * mean;
			const definition = (statistic: Statistic, estimate: number): Definition => ({
				statistic,
				category: null,
				domain,
				estimate,
				base,
				weightedBase,
				spread
			});
			const e = list.length;
			list.push(definition('mean', mean));
			for (const g of members) entries.push(e, g, -mean / weightedBase, 1 / weightedBase);
			if (options.totals) {
				list.push(definition('total', sumWy));
				for (const g of members) entries.push(e + 1, g, 0, 1);
			}
		}
		for (const g of members) range.push(g, first, list.length);
	}
	const size = list.length;
	const a = new Float64Array(groups.count * size);
	const b = numeric ? new Float64Array(groups.count * size) : null;
	let finite = true;
	for (let i = 0; i < entries.length; i += 4) {
		const at = entries[i + 1]! * size + entries[i]!;
		a[at] = entries[i + 2]!;
		if (b) b[at] = entries[i + 3]!;
		finite &&= Number.isFinite(entries[i + 2]!) && Number.isFinite(entries[i + 3]!);
	}
	// Without non-finite coefficients, the terms outside a group's domain are exact zeros.
	let from: Int32Array | null = null;
	let to: Int32Array | null = null;
	if (finite) {
		from = new Int32Array(groups.count);
		to = new Int32Array(groups.count);
		for (let i = 0; i < range.length; i += 3) {
			from[range[i]!] = range[i + 1]!;
			to[range[i]!] = range[i + 2]!;
		}
	}
	return { list, coefficients: { size, a, b, from, to } };
}

/** The estimates of the definitions, given each one's variance. */
function estimatesOf(
	groups: AnalysedGroups,
	definitions: Definition[],
	variances: (e: number) => number,
	options: EstimateOptions
): Estimate[] {
	const degrees = domainDegreesOfFreedom(groups);
	const level = options.level ?? 0.95;
	const quantiles = new Map<number, number>();
	const quantile = (df: number) => {
		let t = quantiles.get(df);
		if (t === undefined) quantiles.set(df, (t = tQuantileOf(1 - (1 - level) / 2, df)));
		return t;
	};
	return definitions.map((definition, e): Estimate => {
		const variance = Math.max(0, variances(e));
		const se = Math.sqrt(variance);
		const df = degrees.get(definition.domain)!;
		const [low, high] = interval(definition, se, quantile(df));
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
}

export function groupSums(rows: GroupRow[]): GroupSums[] {
	return rows.map((row) => ({ ...row, key: groupKey(row.domain, row.answer, row.missing) }));
}

export function estimateFromData(
	data: AnalysisData,
	design: Design,
	options: EstimateOptions
): { estimates: Estimate[]; covariance: Float64Array; designDf: number } {
	const groups = analysedGroups(data, Boolean(design.cluster));
	const { list, coefficients } = definitionsFor(groups, options);
	const designDf = groups.designDf;
	if (list.length === 0) return { estimates: [], covariance: new Float64Array(), designDf };
	const covariance = influenceCovariance(groups, coefficients);
	const size = list.length;
	const estimates = estimatesOf(groups, list, (e) => covariance[e * size + e]!, options);
	return { estimates, covariance, designDf };
}

/**
 * The estimates of estimateFromData without their covariances (variances alone), from groups
 * already indexed (a banner table shares them with its tests).
 */
export function domainEstimates(
	data: AnalysisData | AnalysedGroups,
	design: Design,
	options: EstimateOptions
): Estimate[] {
	const groups = 'groupOf' in data ? data : analysedGroups(data, Boolean(design.cluster));
	const { list, coefficients } = definitionsFor(groups, options);
	if (list.length === 0) return [];
	const variances = influenceCovariance(groups, coefficients, true);
	return estimatesOf(groups, list, (e) => variances[e]!, options);
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
