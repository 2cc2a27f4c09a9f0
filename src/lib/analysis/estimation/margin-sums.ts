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
import { marginKey } from '../weighting/ipf.ts';
import { categoryText } from './categories.ts';
import {
	analysedMissing,
	analysedSource,
	analysedValueColumn,
	domainColumns,
	weightExpression,
	type GroupSumsRequest
} from './group-sums.ts';

/** The margin's variables as columns m0, m1, … (raw values; see marginCategory). */
function marginColumns(dataset: Dataset, variables: string[]): string {
	return variables.map((name, i) => `${col(dataset, name)} AS m${i}`).join(', ');
}

/** A row's category of a margin: its variables' category texts joined by U+001F. */
export function marginCategory(
	row: Record<string, unknown>,
	size: number,
	missingLevel?: string
): string {
	return marginKey(
		Array.from({ length: size }, (_, i) => categoryText(row[`m${i}`]) ?? missingLevel ?? 'NA')
	);
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
	const w = weightExpression(dataset, design);
	const y = col(dataset, request.variable);
	const value = analysedValueColumn;
	const source = analysedSource(dataset, request);
	const keys = [
		`${design.cluster || !design.strata ? `'all'` : col(dataset, design.strata)} AS stratum`,
		...domainColumns(dataset, request),
		`${request.categorical ? y : 'NULL'} AS answer`,
		`${analysedMissing} AS missing`,
		marginColumns(dataset, margin)
	];
	return {
		sql: `SELECT ${keys.join(', ')}, count(*) AS n, coalesce(sum(${value}), 0::DOUBLE) AS sy, sum(${w}) AS sw,
			coalesce(sum(${w} * ${value}), 0::DOUBLE) AS swy, sum(${w} * ${w}) AS sww,
			coalesce(sum(${w} * ${w} * ${value}), 0::DOUBLE) AS swwy
			FROM ${source.sql} GROUP BY ALL`,
		params: source.params
	};
}

export function readMarginGroupRow(
	row: Record<string, unknown>,
	size: number,
	missingLevel?: string
): MarginGroupRow {
	return {
		stratum: categoryText(row.stratum) ?? 'NA',
		domain: categoryText(row.domain),
		answer: categoryText(row.answer),
		missing: Boolean(row.missing),
		category: marginCategory(row, size, missingLevel),
		n: Number(row.n),
		sy: Number(row.sy),
		sw: Number(row.sw),
		swy: Number(row.swy),
		sww: Number(row.sww),
		swwy: Number(row.swwy)
	};
}

export function readMarginGroupRows(
	rows: Record<string, unknown>[],
	size: number,
	missingLevel?: string
): MarginGroupRow[] {
	return rows.map((row) => readMarginGroupRow(row, size, missingLevel));
}

export const marginSumFields = ['n', 'sy', 'sw', 'swy', 'sww', 'swwy'] as const;

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
	const missingLevel = design.calibration?.missingLevel;
	const stratum = design.strata ? col(dataset, design.strata) : `'all'`;
	const psu = design.cluster ? col(dataset, design.cluster) : 'NULL';
	for (const margin of margins) {
		const raw = await db.all<Record<string, unknown>>({
			sql: `SELECT ${stratum} AS stratum, ${psu} AS psu, ${marginColumns(dataset, margin)}, count(*) AS n,
				sum(${w}) AS sw, sum(${w} * ${w}) AS sww FROM ${tableRef(dataset)} GROUP BY ALL`,
			params: []
		});
		const rows = raw.map((row) => ({
			stratum: categoryText(row.stratum) ?? 'NA',
			psu: categoryText(row.psu),
			category: marginCategory(row, margin.length, missingLevel),
			n: Number(row.n),
			sw: Number(row.sw),
			sww: Number(row.sww)
		}));
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
			const first = margins[m]!;
			const second = margins[n]!;
			const columns = [...first, ...second]
				.map((name, i) => `${col(dataset, name)} AS m${i}`)
				.join(', ');
			const raw = await db.all<Record<string, unknown>>({
				sql: `SELECT ${clustered ? `'all'` : stratum} AS stratum, ${columns}, count(*) AS n,
					sum(${w} * ${w}) AS sww FROM ${tableRef(dataset)} GROUP BY ALL`,
				params: []
			});
			const rows = raw.map((row) => {
				const values = Array.from(
					{ length: first.length + second.length },
					(_, i) => categoryText(row[`m${i}`]) ?? missingLevel ?? 'NA'
				);
				return {
					stratum: categoryText(row.stratum) ?? 'NA',
					a: marginKey(values.slice(0, first.length)),
					b: marginKey(values.slice(first.length)),
					n: Number(row.n),
					sww: Number(row.sww)
				};
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
