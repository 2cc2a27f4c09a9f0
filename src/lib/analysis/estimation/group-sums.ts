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
 * summed over the other banner variables (every sum is additive). Each raw row is read once; its
 * key and sums are taken once and merged by index into typed arrays, in raw-row order.
 */
export function bannerRows<T extends { domain: string | null }>(
	rows: Record<string, unknown>[],
	banners: number,
	read: (row: Record<string, unknown>) => T,
	keyOf: (row: T) => string,
	sumFields: readonly (keyof T)[]
): T[][] {
	const fields = sumFields.length;
	const parsed: T[] = new Array(rows.length);
	const values = new Float64Array(rows.length * fields);
	// The key of each row without its domain, as an index.
	const keys = new Int32Array(rows.length);
	const keyIndex = new Map<string, number>();
	for (let r = 0; r < rows.length; r++) {
		const row = read(rows[r]!);
		parsed[r] = row;
		for (let f = 0; f < fields; f++) values[r * fields + f] = row[sumFields[f]!] as number;
		const key = keyOf(row);
		let k = keyIndex.get(key);
		if (k === undefined) keyIndex.set(key, (k = keyIndex.size));
		keys[r] = k;
	}
	const width = keyIndex.size;
	const sums = new Float64Array(rows.length * fields);
	const first = new Int32Array(rows.length);
	return Array.from({ length: banners }, (_, b) => {
		const column = `d${b}`;
		// Each distinct value's category text once; domains are told apart by that text.
		const valueIndex = new Map<unknown, number>();
		const valueText: (string | null)[] = [];
		const valueDomain: number[] = [];
		const domainIndex = new Map<string, number>();
		const merged = new Map<number, number>();
		const text: (string | null)[] = [];
		for (let r = 0; r < rows.length; r++) {
			const value = rows[r]![column];
			let v = valueIndex.get(value);
			if (v === undefined) {
				const domain = categoryText(value);
				let d = domainIndex.get(`${domain}`);
				if (d === undefined) domainIndex.set(`${domain}`, (d = domainIndex.size));
				valueIndex.set(value, (v = valueText.length));
				valueText.push(domain);
				valueDomain.push(d);
			}
			const key = valueDomain[v]! * width + keys[r]!;
			const slot = merged.get(key);
			if (slot === undefined) {
				const next = text.length;
				merged.set(key, next);
				first[next] = r;
				text.push(valueText[v]!);
				for (let f = 0; f < fields; f++) sums[next * fields + f] = values[r * fields + f]!;
			} else {
				for (let f = 0; f < fields; f++) sums[slot * fields + f]! += values[r * fields + f]!;
			}
		}
		return text.map((domain, slot) => {
			const row: T = { ...parsed[first[slot]!]!, domain };
			for (let f = 0; f < fields; f++) (row[sumFields[f]!] as number) = sums[slot * fields + f]!;
			return row;
		});
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

/**
 * Counts of respondents whose weight cannot be used (missing, negative, infinite or NaN), checked
 * before any estimate: those whose weight is not in [0, ∞) — NaN compares above ∞ in DuckDB and
 * count_if does not count NULL. One range test costs several times less than four tests per row.
 */
export function invalidWeightsQuery(dataset: Dataset, design: Design): SqlQuery {
	const w = weightExpression(dataset, design);
	return {
		sql: `SELECT count(*) - count_if(${w} >= 0 AND ${w} < 'inf'::DOUBLE) AS bad FROM ${tableRef(dataset)}`,
		params: []
	};
}
