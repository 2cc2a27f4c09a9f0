/**
 * Banner tables: every stub (row) variable against every banner (column) variable. Each table
 * comes from one grouped pass over the data; cells carry unweighted n, weighted count, column,
 * row and total percentages, the column percentage's linearised SE and logit CI (a domain
 * proportion, as svyby(~row, ~col, svyciprop)), and significance letters; each table carries
 * Pearson and Rao–Scott tests.
 */
import type { Queryable } from '../../server/db/database.ts';
import type { Dataset } from '../dataset.ts';
import type { Design } from '../design.ts';
import { readAnalysisData, type AnalysisData } from '../estimation/analysis-data.ts';
import { compareCategories } from '../estimation/categories.ts';
import { designDegreesOfFreedom, estimateFromData, groupSums } from '../estimation/estimate.ts';
import type { GroupRow } from '../estimation/group-sums.ts';
import { groupKey, linearisedCovariance } from '../estimation/influence.ts';
import { chiSquareTests, type ChiSquareResult } from './chi-square.ts';
import {
	columnLetter,
	minimumTestBase,
	rowLetters,
	smallBase,
	type Adjustment
} from './column-tests.ts';

export interface CrosstabColumn {
	key: string;
	letter: string;
	n: number;
	weighted_n: number;
	effective_base: number;
	/** "no-test" under 30 respondents, "small" under 100. */
	base_flag: 'no-test' | 'small' | null;
}

export interface CrosstabCell {
	row: string;
	col: string;
	n: number;
	count: number;
	col_pct: number;
	row_pct: number;
	total_pct: number;
	se: number;
	ci_low: number;
	ci_high: number;
	sig: string;
}

export interface CrosstabTable {
	row: string;
	col: string;
	columns: CrosstabColumn[];
	cells: CrosstabCell[];
	chi_square: ChiSquareResult | null;
}

export interface CrosstabOptions {
	rows: string[];
	cols: string[];
	adjustment?: Adjustment;
	level?: number;
}

export async function crosstab(
	db: Queryable,
	dataset: Dataset,
	design: Design,
	options: CrosstabOptions
): Promise<CrosstabTable[]> {
	const tables: CrosstabTable[] = [];
	for (const row of options.rows) {
		for (const col of options.cols) {
			const data = await readAnalysisData(db, dataset, design, {
				variable: row,
				categorical: true,
				by: col
			});
			tables.push(tableFromData(data, design, row, col, options));
		}
	}
	return tables;
}

export function tableFromData(
	data: AnalysisData,
	design: Design,
	row: string,
	col: string,
	options: Pick<CrosstabOptions, 'adjustment' | 'level'>
): CrosstabTable {
	const groups = data.rows;
	const complete = groups.filter((group) => !group.missing && group.domain !== null);
	const rowKeys = [...new Set(complete.map((group) => group.answer!))].sort(compareCategories);
	const colKeys = [...new Set(complete.map((group) => group.domain!))].sort(compareCategories);
	const sum = (filter: (group: GroupRow) => boolean, field: 'n' | 'sw' | 'sww') =>
		complete.filter(filter).reduce((total, group) => total + group[field], 0);
	const counts = rowKeys.map((r) =>
		colKeys.map((c) => sum((g) => g.answer === r && g.domain === c, 'n'))
	);
	const weighted = rowKeys.map((r) =>
		colKeys.map((c) => sum((g) => g.answer === r && g.domain === c, 'sw'))
	);
	const total = weighted.flat().reduce((a, b) => a + b, 0);

	const columns: CrosstabColumn[] = colKeys.map((key, j) => {
		const n = sum((g) => g.domain === key, 'n');
		const sw = sum((g) => g.domain === key, 'sw');
		const sww = sum((g) => g.domain === key, 'sww');
		return {
			key,
			letter: columnLetter(j),
			n,
			weighted_n: sw,
			effective_base: (sw * sw) / sww,
			base_flag: n < minimumTestBase ? 'no-test' : n < smallBase ? 'small' : null
		};
	});
	const { estimates } = estimateFromData(data, design, {
		variable: row,
		categorical: true,
		by: col,
		level: options.level
	});
	const find = (r: string, c: string) =>
		estimates.find((e) => e.category === r && e.domain?.[col] === c);
	const letters = rowKeys.map((r) =>
		rowLetters(
			columns.map((column) => ({
				p: find(r, column.key)?.estimate ?? 0,
				weightedBase: column.weighted_n,
				effectiveBase: column.effective_base,
				n: column.n
			})),
			columns.map((column) => column.letter),
			options.adjustment
		)
	);
	const cells: CrosstabCell[] = rowKeys.flatMap((r, i) =>
		colKeys.map((c, j) => {
			const estimate = find(r, c);
			const rowTotal = weighted[i]!.reduce((a, b) => a + b, 0);
			return {
				row: r,
				col: c,
				n: counts[i]![j]!,
				count: weighted[i]![j]!,
				col_pct: weighted[i]![j]! / columns[j]!.weighted_n,
				row_pct: rowTotal > 0 ? weighted[i]![j]! / rowTotal : 0,
				total_pct: weighted[i]![j]! / total,
				se: estimate?.se ?? 0,
				ci_low: estimate?.ci_low ?? 0,
				ci_high: estimate?.ci_high ?? 0,
				sig: letters[i]![j]!
			};
		})
	);
	return {
		row,
		col,
		columns,
		cells,
		chi_square: tableTests(data, design, rowKeys, colKeys, counts, weighted)
	};
}

function tableTests(
	data: AnalysisData,
	design: Design,
	rowKeys: string[],
	colKeys: string[],
	counts: number[][],
	weighted: number[][]
): ChiSquareResult | null {
	if (rowKeys.length < 2 || colKeys.length < 2) return null;
	const groups = data.rows;
	const total = weighted.flat().reduce((a, b) => a + b, 0);
	// Cell proportions over the complete pairs, cells in R's order (rows vary fastest).
	const order = colKeys.flatMap((c, j) =>
		rowKeys.map((r, i) => ({ r, c, p: weighted[i]![j]! / total }))
	);
	const complete = [
		...new Set(
			groups
				.filter((g) => !g.missing && g.domain !== null)
				.map((g) => `${g.domain}\u0000${g.answer}`)
		)
	];
	const estimates = order.map(
		({ r, c, p }) =>
			new Map(
				complete.map((pair) => {
					const [domain, answer] = pair.split('\u0000') as [string, string];
					return [
						groupKey(domain, answer, false),
						{ a: ((answer === r && domain === c ? 1 : 0) - p) / total, b: 0 }
					];
				})
			)
	);
	const covariance = linearisedCovariance({
		groups: groupSums(groups),
		estimates,
		clustered: Boolean(design.cluster),
		calibration: data.calibration
	});
	const respondents = groups.reduce((n, group) => n + group.n, 0);
	return chiSquareTests({
		counts,
		weighted,
		covariance,
		respondents,
		designDf: designDegreesOfFreedom(groups, Boolean(design.cluster))
	});
}
