/**
 * The one pass over the data that an estimate needs: sums per stratum (and PSU), domain,
 * answer and weighting cell. Everything else is computed from these few rows.
 */
import type { SqlQuery } from '../../server/db/sql.ts';
import { col, tableRef, type Dataset } from '../dataset.ts';
import type { Design } from '../design.ts';
import { categoryExpression } from '../weighting/cells.ts';

export interface GroupSumsRequest {
	/** The analysed variable. */
	variable: string;
	/** Categorical: one estimate per category; numeric: mean and total. */
	categorical: boolean;
	/** Domain variable (estimates per category of it), if any. */
	by?: string;
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
	return design.weight ? `CAST(${col(dataset, design.weight)} AS DOUBLE)` : '1.0';
}

export function groupSumsQuery(
	dataset: Dataset,
	design: Design,
	request: GroupSumsRequest
): SqlQuery {
	const params: (string | number)[] = [];
	const text = (name: string, missingLevel?: string) => {
		const expression = categoryExpression(dataset, name, missingLevel);
		params.push(...expression.params);
		return expression.sql;
	};
	const w = weightExpression(dataset, design);
	const y = col(dataset, request.variable);
	const value = request.categorical ? '0.0' : `CAST(${y} AS DOUBLE)`;
	const keys = [
		`${design.strata ? text(design.strata) : `'all'`} AS stratum`,
		`${design.cluster ? text(design.cluster) : 'NULL'} AS psu`,
		`${request.by ? text(request.by) : `'all'`} AS domain`,
		`${request.categorical ? text(request.variable) : 'NULL'} AS answer`,
		`${y} IS NULL AS missing`
	];
	const sums = [
		'count(*) AS n',
		`sum(${w}) AS sw`,
		`coalesce(sum(${w} * ${value}), 0) AS swy`,
		`sum(${w} * ${w}) AS sww`,
		`coalesce(sum(${w} * ${w} * ${value}), 0) AS swwy`,
		`coalesce(sum(${w} * ${w} * ${value} * ${value}), 0) AS swwyy`,
		`coalesce(sum(${value}), 0) AS sy`,
		`coalesce(sum(${w} * ${value} * ${value}), 0) AS swyy`
	];
	return {
		sql: `SELECT ${keys.join(', ')}, ${sums.join(', ')} FROM ${tableRef(dataset)} GROUP BY ALL`,
		params
	};
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
