/**
 * Sums by weighting-margin category, for the variance correction of raked or post-stratified
 * weights without ever grouping by the full cross-classification of the weighting variables.
 *
 * R's correction (survey:::svyrecvar) subtracts from each influence value w_i times the mean of
 * z/w in the respondent's category of each margin, sweep after sweep, so the total correction is
 * additive over margins: z_i − w_i·Σ_m α_{m, k_m(i)}. The α follow from sums by margin category
 * (for the analysed groups) and from the counts of each pair of margins' categories; the variance
 * needs the weights by PSU and margin category (clustered designs) or the sums of squared weights
 * by stratum and pairs of margin categories (unclustered designs). Only the sums by analysed group
 * depend on the variable; the rest belongs to the design and is computed once per design.
 */
import type { Queryable } from '../../server/db/database.ts';
import type { SqlQuery } from '../../server/db/sql.ts';
import { col, tableRef, type Dataset } from '../dataset.ts';
import type { Design } from '../design.ts';
import { categoryExpression } from '../weighting/cells.ts';
import { weightExpression, type GroupSumsRequest } from './group-sums.ts';

/** SQL text of a margin's category: its variables' categories joined by U+001F. */
function marginExpression(
	dataset: Dataset,
	design: Design,
	variables: string[]
): { sql: string; params: string[] } {
	const parts = variables.map((name) =>
		categoryExpression(dataset, name, design.calibration?.missingLevel)
	);
	return {
		sql:
			parts.length === 1
				? parts[0]!.sql
				: `concat_ws(chr(31), ${parts.map((part) => part.sql).join(', ')})`,
		params: parts.flatMap((part) => part.params)
	};
}

function stratumExpression(dataset: Dataset, design: Design): { sql: string; params: string[] } {
	return design.strata ? categoryExpression(dataset, design.strata) : { sql: `'all'`, params: [] };
}

function psuExpression(dataset: Dataset, design: Design): { sql: string; params: string[] } {
	return design.cluster ? categoryExpression(dataset, design.cluster) : { sql: 'NULL', params: [] };
}

export interface MarginGroupRow {
	stratum: string;
	domain: string | null;
	answer: string | null;
	missing: boolean;
	category: string;
	n: number;
	sy: number;
	sw: number;
	swy: number;
	sww: number;
	swwy: number;
}

/** Per analysed group and margin category (and stratum, for unclustered designs). */
export function marginGroupQuery(
	dataset: Dataset,
	design: Design,
	request: GroupSumsRequest,
	margin: string[]
): SqlQuery {
	const params: string[] = [];
	const take = (expression: { sql: string; params: string[] }) => (
		params.push(...expression.params),
		expression.sql
	);
	const w = weightExpression(dataset, design);
	const y = col(dataset, request.variable);
	const value = request.categorical ? '0.0' : `CAST(${y} AS DOUBLE)`;
	const keys = [
		`${design.cluster ? `'all'` : take(stratumExpression(dataset, design))} AS stratum`,
		`${request.by ? take(categoryExpression(dataset, request.by)) : `'all'`} AS domain`,
		`${request.categorical ? take(categoryExpression(dataset, request.variable)) : 'NULL'} AS answer`,
		`${y} IS NULL AS missing`,
		`${take(marginExpression(dataset, design, margin))} AS category`
	];
	return {
		sql: `SELECT ${keys.join(', ')}, count(*) AS n, coalesce(sum(${value}), 0) AS sy, sum(${w}) AS sw,
			coalesce(sum(${w} * ${value}), 0) AS swy, sum(${w} * ${w}) AS sww,
			coalesce(sum(${w} * ${w} * ${value}), 0) AS swwy
			FROM ${tableRef(dataset)} GROUP BY ALL`,
		params
	};
}

export interface DesignMarginSums {
	/** Category keys of each margin, and index lookup. */
	categories: string[][];
	index: Map<string, number>[];
	/** Respondents per category of each margin. */
	counts: Float64Array[];
	/** pairCounts[m][m'][k·K_m' + k']: respondents in category k of m and k' of m' (m ≠ m'). */
	pairCounts: Float64Array[][];
	/** Clustered: Σw per PSU ("stratum\u001fpsu") and category, per margin. */
	psuWeights: Map<string, Float64Array>[];
	/** Unclustered: per stratum, Σw and Σw² per category of each margin. */
	stratumWeights: Map<string, { sw: Float64Array; sww: Float64Array }>[];
	/** Unclustered: per stratum, Σw² over pairs of categories of margins m < m'. */
	pairSquares: Map<string, Float64Array>[][];
}

const cache = new WeakMap<Design, Promise<DesignMarginSums>>();

/** The design's margin sums, computed once per design object (the data must not change under it). */
export function designMarginSums(
	db: Queryable,
	dataset: Dataset,
	design: Design
): Promise<DesignMarginSums> {
	let sums = cache.get(design);
	if (!sums) {
		sums = computeDesignMarginSums(db, dataset, design);
		cache.set(design, sums);
		sums.catch(() => cache.delete(design));
	}
	return sums;
}

async function computeDesignMarginSums(
	db: Queryable,
	dataset: Dataset,
	design: Design
): Promise<DesignMarginSums> {
	const margins = design.calibration?.margins ?? [];
	const w = weightExpression(dataset, design);
	const clustered = Boolean(design.cluster);
	const categories: string[][] = [];
	const index: Map<string, number>[] = [];
	const counts: Float64Array[] = [];
	const psuWeights: Map<string, Float64Array>[] = [];
	const stratumWeights: DesignMarginSums['stratumWeights'] = [];
	for (const margin of margins) {
		const stratum = stratumExpression(dataset, design);
		const psu = psuExpression(dataset, design);
		const category = marginExpression(dataset, design, margin);
		const rows = await db.all<{
			stratum: string;
			psu: string | null;
			category: string;
			n: number;
			sw: number;
			sww: number;
		}>({
			sql: `SELECT ${stratum.sql} AS stratum, ${psu.sql} AS psu, ${category.sql} AS category, count(*) AS n,
				sum(${w}) AS sw, sum(${w} * ${w}) AS sww FROM ${tableRef(dataset)} GROUP BY ALL`,
			params: [...stratum.params, ...psu.params, ...category.params]
		});
		const keys = [...new Set(rows.map((row) => row.category))].sort();
		const at = new Map(keys.map((key, k) => [key, k]));
		const count = new Float64Array(keys.length);
		const byPsu = new Map<string, Float64Array>();
		const byStratum = new Map<string, { sw: Float64Array; sww: Float64Array }>();
		for (const row of rows) {
			const k = at.get(row.category)!;
			count[k]! += row.n;
			if (clustered) {
				const id = `${row.stratum}\u001f${row.psu}`;
				if (!byPsu.has(id)) byPsu.set(id, new Float64Array(keys.length));
				byPsu.get(id)![k]! += row.sw;
			} else {
				if (!byStratum.has(row.stratum))
					byStratum.set(row.stratum, {
						sw: new Float64Array(keys.length),
						sww: new Float64Array(keys.length)
					});
				byStratum.get(row.stratum)!.sw[k]! += row.sw;
				byStratum.get(row.stratum)!.sww[k]! += row.sww;
			}
		}
		categories.push(keys);
		index.push(at);
		counts.push(count);
		psuWeights.push(byPsu);
		stratumWeights.push(byStratum);
	}
	const pairCounts: Float64Array[][] = margins.map(() => []);
	const pairSquares: Map<string, Float64Array>[][] = margins.map(() => []);
	for (let m = 0; m < margins.length; m++) {
		for (let n = m + 1; n < margins.length; n++) {
			const stratum = stratumExpression(dataset, design);
			const a = marginExpression(dataset, design, margins[m]!);
			const b = marginExpression(dataset, design, margins[n]!);
			const rows = await db.all<{ stratum: string; a: string; b: string; n: number; sww: number }>({
				sql: `SELECT ${clustered ? `'all'` : stratum.sql} AS stratum, ${a.sql} AS a, ${b.sql} AS b, count(*) AS n,
					sum(${w} * ${w}) AS sww FROM ${tableRef(dataset)} GROUP BY ALL`,
				params: [...(clustered ? [] : stratum.params), ...a.params, ...b.params]
			});
			const km = categories[m]!.length;
			const kn = categories[n]!.length;
			const together = new Float64Array(km * kn);
			const squares = new Map<string, Float64Array>();
			for (const row of rows) {
				const cell = index[m]!.get(row.a)! * kn + index[n]!.get(row.b)!;
				together[cell]! += row.n;
				if (!clustered) {
					if (!squares.has(row.stratum)) squares.set(row.stratum, new Float64Array(km * kn));
					squares.get(row.stratum)![cell]! += row.sww;
				}
			}
			pairCounts[m]![n] = together;
			pairSquares[m]![n] = squares;
		}
	}
	return { categories, index, counts, pairCounts, psuWeights, stratumWeights, pairSquares };
}
