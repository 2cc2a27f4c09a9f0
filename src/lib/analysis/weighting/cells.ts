/**
 * SQL for the table of distinct cells: one row per combination of the raking variables' values
 * and the base weight, with its respondent count. Values are compared as text so that data codes
 * (1, 1.0, '1') and target categories ("1") meet; integral numbers print without decimals.
 */
import type { SqlQuery } from '../../server/db/sql.ts';
import { col, tableRef, type Dataset } from '../dataset.ts';

/** SQL text of variable `name` as a category string. */
export function categoryExpression(
	dataset: Dataset,
	name: string,
	missingLevel?: string,
	alias?: string
): { sql: string; params: string[] } {
	const column = (alias ? `${alias}.` : '') + col(dataset, name);
	const text =
		dataset.columns.get(name) === 'numeric'
			? `CASE WHEN ${column} = trunc(${column}) AND abs(${column}) < 1e15 THEN CAST(CAST(${column} AS BIGINT) AS VARCHAR) ELSE CAST(${column} AS VARCHAR) END`
			: `CAST(${column} AS VARCHAR)`;
	return missingLevel === undefined
		? { sql: text, params: [] }
		: { sql: `coalesce(${text}, ?)`, params: [missingLevel] };
}

export function baseWeightExpression(
	dataset: Dataset,
	baseWeight: string | undefined,
	alias?: string
): string {
	return baseWeight
		? `CAST(${alias ? `${alias}.` : ''}${col(dataset, baseWeight)} AS DOUBLE)`
		: '1.0';
}

/**
 * One row per combination of the raking variables with its count and base-weight sums
 * (`byBase` false), or one per combination and distinct base weight (`byBase` true: trimming
 * needs each respondent's weight, so respondents with different base weights are kept apart).
 */
export function cellsQuery(
	dataset: Dataset,
	variables: string[],
	baseWeight: string | undefined,
	missingLevel?: string,
	byBase = false
): SqlQuery {
	const keys = variables.map((name) => categoryExpression(dataset, name, missingLevel));
	const select = keys.map((key, i) => `${key.sql} AS k${i}`).join(', ');
	const b = baseWeightExpression(dataset, baseWeight);
	const sums = byBase
		? `${b} AS base, count(*) AS n`
		: `count(*) AS n, sum(${b}) AS sb, sum(${b} * ${b}) AS sbb, min(${b}) AS minb, max(${b}) AS maxb`;
	return {
		sql: `SELECT ${select}, ${sums} FROM ${tableRef(dataset)} GROUP BY ALL`,
		params: keys.flatMap((key) => key.params)
	};
}

/** Counts of missing values per raking variable, and of unusable base weights. */
export function missingCountsQuery(
	dataset: Dataset,
	variables: string[],
	baseWeight: string | undefined
): SqlQuery {
	const parts = variables.map(
		(name, i) => `count(*) FILTER (WHERE ${col(dataset, name)} IS NULL) AS m${i}`
	);
	if (baseWeight) {
		const w = col(dataset, baseWeight);
		parts.push(
			`count(*) FILTER (WHERE ${w} IS NULL OR NOT (${w} > 0) OR isinf(CAST(${w} AS DOUBLE))) AS bad_base`
		);
	}
	return { sql: `SELECT count(*) AS n, ${parts.join(', ')} FROM ${tableRef(dataset)}`, params: [] };
}
