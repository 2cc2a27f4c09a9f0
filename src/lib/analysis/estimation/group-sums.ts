/**
 * The one pass over the data that an estimate needs: sums per stratum (and PSU), domain,
 * answer and weighting cell. Everything else is computed from these few rows.
 */
import type { SqlQuery } from '../../server/db/sql.ts';
import { col, tableRef, type Dataset } from '../dataset.ts';
import type { Design } from '../design.ts';
import { categoryText } from './categories.ts';

export interface GroupSumsRequest {
	/** The analysed variable. */
	variable: string;
	/** Categorical: one estimate per category; numeric: mean and total. */
	categorical: boolean;
	/** Domain variable (estimates per category of it), if any. */
	by?: string;
	/**
	 * Several domain variables at once (banner columns): the query groups by all of them, and
	 * `bannerRows` gives each one's rows by summing over the others — one scan for a whole banner.
	 */
	banners?: string[];
	/** Numeric codes treated as missing (don't know, refused) for a numeric analysis. */
	excludeCodes?: number[];
}

/** Names of the analysed value and its missing flag in `analysedSource`. */
export const analysedValueColumn = '"__barometer_value"';
export const analysedMissing = '"__barometer_missing"';

/**
 * The data with the analysed value (numeric analyses: the number, with excluded codes as NULL)
 * and its missing flag as two extra columns, so that queries name them once.
 */
export function analysedSource(
	dataset: Dataset,
	request: GroupSumsRequest
): { sql: string; params: number[] } {
	const y = col(dataset, request.variable);
	const codes = request.categorical ? [] : (request.excludeCodes ?? []);
	const list = codes.map(() => '?').join(', ');
	const value = request.categorical
		? '0::DOUBLE'
		: codes.length
			? `CASE WHEN ${y} IN (${list}) THEN NULL ELSE CAST(${y} AS DOUBLE) END`
			: `CAST(${y} AS DOUBLE)`;
	const missing = codes.length ? `(${y} IS NULL OR ${y} IN (${list}))` : `${y} IS NULL`;
	return {
		sql: `(SELECT *, ${value} AS ${analysedValueColumn}, ${missing} AS ${analysedMissing} FROM ${tableRef(dataset)})`,
		params: codes.length ? [...codes, ...codes] : []
	};
}

export interface GroupRow {
	stratum: string;
	psu: string | null;
	domain: string | null;
	answer: string | null;
	missing: boolean;
	n: number;
	sw: number;
	swy: number;
	sww: number;
	swwy: number;
	swwyy: number;
	sy: number;
	swyy: number;
}

export function weightExpression(dataset: Dataset, design: Design): string {
	return design.weight ? `CAST(${col(dataset, design.weight)} AS DOUBLE)` : '1.0::DOUBLE';
}

/**
 * Keys are the columns' own values (grouping on typed values is several times faster than on
 * their text); `readGroupRows` turns them into category text.
 */
export function groupSumsQuery(
	dataset: Dataset,
	design: Design,
	request: GroupSumsRequest
): SqlQuery {
	const w = weightExpression(dataset, design);
	const y = col(dataset, request.variable);
	const source = analysedSource(dataset, request);
	const keys = [
		`${design.strata ? col(dataset, design.strata) : `'all'`} AS stratum`,
		`${design.cluster ? col(dataset, design.cluster) : 'NULL'} AS psu`,
		...domainColumns(dataset, request),
		`${request.categorical ? y : 'NULL'} AS answer`,
		`${analysedMissing} AS missing`
	];
	const sums = ['count(*) AS n', `sum(${w}) AS sw`, `sum(${w} * ${w}) AS sww`];
	if (!request.categorical) {
		const v = analysedValueColumn;
		sums.push(
			`coalesce(sum(${w} * ${v}), 0::DOUBLE) AS swy`,
			`coalesce(sum(${w} * ${w} * ${v}), 0::DOUBLE) AS swwy`,
			`coalesce(sum(${w} * ${w} * ${v} * ${v}), 0::DOUBLE) AS swwyy`,
			`coalesce(sum(${v}), 0::DOUBLE) AS sy`,
			`coalesce(sum(${w} * ${v} * ${v}), 0::DOUBLE) AS swyy`
		);
	}
	return {
		sql: `SELECT ${keys.join(', ')}, ${sums.join(', ')} FROM ${source.sql} GROUP BY ALL`,
		params: source.params
	};
}

/** `domain`, or `d0, d1, …` for the banner variables of a banner request. */
export function domainColumns(dataset: Dataset, request: GroupSumsRequest): string[] {
	if (request.banners) return request.banners.map((name, i) => `${col(dataset, name)} AS d${i}`);
	return [`${request.by ? col(dataset, request.by) : `'all'`} AS domain`];
}

/**
 * The rows of each banner variable from a banner query: that variable's column as the domain,
 * summed over the other banner variables (every sum is additive). Each raw row is read once.
 */
export function bannerRows<T extends { domain: string | null }>(
	rows: Record<string, unknown>[],
	banners: number,
	read: (row: Record<string, unknown>) => T,
	keyOf: (row: T) => string,
	sumFields: readonly (keyof T)[]
): T[][] {
	const parsed = rows.map((raw) => ({
		row: read(raw),
		domains: Array.from({ length: banners }, (_, b) => categoryText(raw[`d${b}`]))
	}));
	return Array.from({ length: banners }, (_, b) => {
		const merged = new Map<string, T>();
		for (const { row, domains } of parsed) {
			const domain = domains[b]!;
			const key = `${domain}\u001f${keyOf(row)}`;
			const existing = merged.get(key);
			if (!existing) merged.set(key, { ...row, domain });
			else for (const field of sumFields) (existing[field] as number) += row[field] as number;
		}
		return [...merged.values()];
	});
}

export const groupSumFields = ['n', 'sw', 'sww', 'swy', 'swwy', 'swwyy', 'sy', 'swyy'] as const;

export function readGroupRow(row: Record<string, unknown>): GroupRow {
	return {
		stratum: categoryText(row.stratum) ?? 'NA',
		psu: categoryText(row.psu),
		domain: categoryText(row.domain),
		answer: categoryText(row.answer),
		missing: Boolean(row.missing),
		n: Number(row.n),
		sw: Number(row.sw),
		sww: Number(row.sww),
		swy: Number(row.swy ?? 0),
		swwy: Number(row.swwy ?? 0),
		swwyy: Number(row.swwyy ?? 0),
		sy: Number(row.sy ?? 0),
		swyy: Number(row.swyy ?? 0)
	};
}

/** Rows of groupSumsQuery with category text for the keys and zeros for sums not asked for. */
export function readGroupRows(rows: Record<string, unknown>[]): GroupRow[] {
	return rows.map(readGroupRow);
}

/** Counts of respondents whose weight cannot be used, checked before any estimate. */
export function invalidWeightsQuery(dataset: Dataset, design: Design): SqlQuery {
	const w = weightExpression(dataset, design);
	return {
		sql: `SELECT count(*) FILTER (WHERE ${w} IS NULL OR ${w} < 0 OR isinf(${w}) OR isnan(${w})) AS bad
			FROM ${tableRef(dataset)}`,
		params: []
	};
}
