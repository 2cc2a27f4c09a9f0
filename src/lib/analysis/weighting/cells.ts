/**
 * SQL for the table of distinct cells. Their values become category text in TypeScript
 * (estimation/categories.ts), so that data codes (1, 1.0, '1') meet target categories ("1").
 */
import type { SqlQuery } from '../../server/db/sql.ts';
import { col, tableRef, type Dataset } from '../dataset.ts';

export function baseWeightExpression(
	dataset: Dataset,
	baseWeight: string | undefined,
	alias?: string
): string {
	return baseWeight
		? `CAST(${alias ? `${alias}.` : ''}${col(dataset, baseWeight)} AS DOUBLE)`
		: '1.0::DOUBLE';
}

/**
 * One row per combination of the raking variables' values with its count and base-weight sums
 * (`byBase` false), or one per combination and distinct base weight (`byBase` true: trimming
 * needs each respondent's weight, so respondents with different base weights are kept apart).
 * Keys are the columns' own values (grouping on typed values is fast); missing values form their
 * own cells, and `bad` counts base weights that are missing, zero, negative or infinite.
 */
export function cellsQuery(
	dataset: Dataset,
	variables: string[],
	baseWeight: string | undefined,
	byBase = false
): SqlQuery {
	const select = variables.map((name, i) => `${col(dataset, name)} AS k${i}`).join(', ');
	const b = baseWeightExpression(dataset, baseWeight);
	const sums = byBase
		? `${b} AS base, count(*) AS n`
		: `count(*) AS n, sum(${b}) AS sb, sum(${b} * ${b}) AS sbb, min(${b}) AS minb, max(${b}) AS maxb`;
	const bad = `count(*) FILTER (WHERE ${b} IS NULL OR NOT (${b} > 0) OR isinf(${b})) AS bad`;
	return {
		sql: `SELECT ${select}, ${sums}, ${bad} FROM ${tableRef(dataset)} GROUP BY ALL`,
		params: []
	};
}
