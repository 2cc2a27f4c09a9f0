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
import { analysedGroups, type AnalysedGroups } from '../estimation/analysed-groups.ts';
import { readBannerData, type AnalysisData } from '../estimation/analysis-data.ts';
import { compareCategories } from '../estimation/categories.ts';
import { domainEstimates, type AnswerSet } from '../estimation/estimate.ts';
import { influenceCovariance } from '../estimation/influence.ts';
import { chiSquareTests, type ChiSquareResult } from './chi-square.ts';
import {
	columnLetter,
	compareMeans,
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

export interface CrosstabRow {
	key: string;
	/** An answer category, a NET of several, or an option of a multi-select question. */
	kind: 'category' | 'net' | 'option';
}

export interface CrosstabMean {
	col: string;
	mean: number;
	se: number;
	ci_low: number;
	ci_high: number;
	n: number;
	sig: string;
}

export interface CrosstabTable {
	row: string;
	col: string;
	rows: CrosstabRow[];
	columns: CrosstabColumn[];
	cells: CrosstabCell[];
	/** Mean score per column (ordinal rows, codes excluded as asked), or null. */
	means: CrosstabMean[] | null;
	chi_square: ChiSquareResult | null;
}

export interface CrosstabOptions {
	/** Stub variables, or names of multi-select sets given in `multi`. */
	rows: string[];
	cols: string[];
	adjustment?: Adjustment;
	level?: number;
	/** NETs per stub variable: combined categories shown as extra rows. */
	nets?: Record<string, AnswerSet[]>;
	/** Add a mean-score row to numeric stubs. */
	means?: boolean;
	/** Codes left out of mean scores (don't know, refused). */
	excludeCodes?: number[];
	/** Multi-select sets: name → its 0/1 option variables; each option is a row, based on those asked. */
	multi?: Record<string, string[]>;
}

export async function crosstab(
	db: Queryable,
	dataset: Dataset,
	design: Design,
	options: CrosstabOptions
): Promise<CrosstabTable[]> {
	const banners = options.cols;
	// Every stub's queries start at once, so DuckDB scans for the next stubs while the tables of
	// the first are computed here.
	const reads = options.rows.map(async (row) => {
		const set = options.multi?.[row];
		if (set) {
			const parts = await Promise.all(
				set.map((option) =>
					readBannerData(db, dataset, design, { variable: option, categorical: true, banners })
				)
			);
			return { row, set, parts };
		}
		const meanRequest = {
			variable: row,
			categorical: false,
			banners,
			excludeCodes: options.excludeCodes ?? [98, 99]
		};
		const [data, meanData] = await Promise.all([
			readBannerData(db, dataset, design, { variable: row, categorical: true, banners }),
			options.means && dataset.columns.get(row) === 'numeric'
				? readBannerData(db, dataset, design, meanRequest)
				: null
		]);
		return { row, data, meanData };
	});
	const tables: CrosstabTable[] = [];
	try {
		for (const pending of reads) {
			const read = await pending;
			if ('set' in read && read.set) {
				const { parts, set } = read;
				banners.forEach((col, b) =>
					tables.push(
						multiSelectTable(
							parts.map((data) => data[b]!),
							design,
							read.row,
							set,
							col,
							options
						)
					)
				);
				continue;
			}
			const { row, data, meanData } = read as {
				row: string;
				data: AnalysisData[];
				meanData: AnalysisData[] | null;
			};
			banners.forEach((col, b) => {
				const table = tableFromData(data[b]!, design, row, col, {
					...options,
					nets: options.nets?.[row]
				});
				if (meanData)
					table.means = meanScores(meanData[b]!, design, row, col, table.columns, options);
				tables.push(table);
			});
		}
	} finally {
		// On an error, let the other stubs' queries finish before the caller closes the database.
		await Promise.allSettled(reads);
	}
	return tables;
}

export function tableFromData(
	data: AnalysisData,
	design: Design,
	row: string,
	col: string,
	options: Pick<CrosstabOptions, 'adjustment' | 'level'> & { nets?: AnswerSet[] }
): CrosstabTable {
	// The rows indexed once for the cells, the estimates and the tests.
	const groups = analysedGroups(data, Boolean(design.cluster));
	const complete: number[] = [];
	for (let g = 0; g < groups.count; g++)
		if (!groups.missing[g] && groups.domain[g] !== null) complete.push(g);
	const rowKeys = [...new Set(complete.map((g) => groups.answer[g]!))].sort(compareCategories);
	const colKeys = [...new Set(complete.map((g) => groups.domain[g]!))].sort(compareCategories);
	// n, Σw and Σw² per answer × column: each cell is one analysed group.
	const rowIndex = new Map(rowKeys.map((key, i) => [key, i]));
	const colIndex = new Map(colKeys.map((key, j) => [key, j]));
	const grid = () => rowKeys.map(() => colKeys.map(() => 0));
	const counts = grid();
	const weighted = grid();
	const squares = grid();
	for (const g of complete) {
		const i = rowIndex.get(groups.answer[g]!)!;
		const j = colIndex.get(groups.domain[g]!)!;
		counts[i]![j]! += groups.n[g]!;
		weighted[i]![j]! += groups.sw[g]!;
		squares[i]![j]! += groups.sww[g]!;
	}
	const columnSum = (table: number[][], j: number) =>
		table.reduce((total, line) => total + line[j]!, 0);
	const total = weighted.flat().reduce((a, b) => a + b, 0);
	// NETs are labelled apart from the categories ("NET …" when a label is also a code).
	const nets = (options.nets ?? []).map((net) => ({
		...net,
		label: rowKeys.includes(net.label) ? `NET ${net.label}` : net.label
	}));
	const rows: (CrosstabRow & { members: string[] })[] = [
		...rowKeys.map((key) => ({ key, kind: 'category' as const, members: [key] })),
		...nets.map((net) => ({ key: net.label, kind: 'net' as const, members: net.members }))
	];
	const combine = (table: number[][], members: string[], j: number) =>
		members.reduce(
			(total, member) => total + (rowIndex.has(member) ? table[rowIndex.get(member)!]![j]! : 0),
			0
		);
	const rowCounts = rows.map((r) => colKeys.map((_, j) => combine(counts, r.members, j)));
	const rowWeighted = rows.map((r) => colKeys.map((_, j) => combine(weighted, r.members, j)));

	const columns: CrosstabColumn[] = colKeys.map((key, j) => {
		const n = columnSum(counts, j);
		const sw = columnSum(weighted, j);
		const sww = columnSum(squares, j);
		return {
			key,
			letter: columnLetter(j),
			n,
			weighted_n: sw,
			effective_base: (sw * sw) / sww,
			base_flag: n < minimumTestBase ? 'no-test' : n < smallBase ? 'small' : null
		};
	});
	const estimates = domainEstimates(groups, design, {
		variable: row,
		categorical: true,
		by: col,
		level: options.level,
		nets
	});
	const byCell = new Map(estimates.map((e) => [`${e.category}\u001f${e.domain?.[col]}`, e]));
	const find = (r: string, c: string) => byCell.get(`${r}\u001f${c}`);
	const letters = rows.map((r) =>
		rowLetters(
			columns.map((column) => ({
				p: find(r.key, column.key)?.estimate ?? 0,
				weightedBase: column.weighted_n,
				effectiveBase: column.effective_base,
				n: column.n
			})),
			columns.map((column) => column.letter),
			options.adjustment
		)
	);
	const cells: CrosstabCell[] = rows.flatMap((r, i) =>
		colKeys.map((c, j) => {
			const estimate = find(r.key, c);
			const rowTotal = rowWeighted[i]!.reduce((a, b) => a + b, 0);
			return {
				row: r.key,
				col: c,
				n: rowCounts[i]![j]!,
				count: rowWeighted[i]![j]!,
				col_pct: rowWeighted[i]![j]! / columns[j]!.weighted_n,
				row_pct: rowTotal > 0 ? rowWeighted[i]![j]! / rowTotal : 0,
				total_pct: rowWeighted[i]![j]! / total,
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
		rows: rows.map(({ key, kind }) => ({ key, kind })),
		columns,
		cells,
		means: null,
		chi_square: tableTests(groups, rowKeys, colKeys, counts, weighted)
	};
}

function tableTests(
	groups: AnalysedGroups,
	rowKeys: string[],
	colKeys: string[],
	counts: number[][],
	weighted: number[][]
): ChiSquareResult | null {
	if (rowKeys.length < 2 || colKeys.length < 2) return null;
	const total = weighted.flat().reduce((a, b) => a + b, 0);
	// Cell proportions over the complete pairs, cells in R's order (rows vary fastest).
	const nr = rowKeys.length;
	const size = nr * colKeys.length;
	const p = new Float64Array(size);
	colKeys.forEach((_, j) => rowKeys.forEach((_, i) => (p[j * nr + i] = weighted[i]![j]! / total)));
	const rowIndex = new Map(rowKeys.map((key, i) => [key, i]));
	const colIndex = new Map(colKeys.map((key, j) => [key, j]));
	// Coefficients of each cell proportion for each complete group (others contribute nothing).
	const a = new Float64Array(groups.count * size);
	for (let g = 0; g < groups.count; g++) {
		if (groups.missing[g] || groups.domain[g] === null) continue;
		const cell = colIndex.get(groups.domain[g]!)! * nr + rowIndex.get(groups.answer[g]!)!;
		for (let k = 0; k < size; k++) a[g * size + k] = ((k === cell ? 1 : 0) - p[k]!) / total;
	}
	const covariance = influenceCovariance(groups, { size, a, b: null, from: null, to: null });
	try {
		return chiSquareTests({
			counts,
			weighted,
			covariance,
			respondents: groups.respondents,
			designDf: groups.designDf
		});
	} catch (error) {
		// Structural zeros (a variable against itself, nested categories) make the contrasts'
		// covariance singular: there is no test of independence to report, not a failure.
		if (error instanceof Error && error.message === 'The matrix is singular.') return null;
		throw error;
	}
}

/** Mean score per banner column, with letters from the column-means test on effective bases. */
function meanScores(
	data: AnalysisData,
	design: Design,
	row: string,
	col: string,
	columns: CrosstabColumn[],
	options: CrosstabOptions
): CrosstabMean[] {
	const estimates = domainEstimates(data, design, {
		variable: row,
		categorical: false,
		by: col,
		level: options.level
	});
	const stats = columns.map((column) => {
		const groups = data.rows.filter((g) => g.domain === column.key && !g.missing);
		const n = groups.reduce((total, g) => total + g.n, 0);
		const sw = groups.reduce((total, g) => total + g.sw, 0);
		const sww = groups.reduce((total, g) => total + g.sww, 0);
		const mean = groups.reduce((total, g) => total + g.swy, 0) / sw;
		const spread = groups.reduce((total, g) => total + g.swyy, 0) / sw - mean * mean;
		return { mean, variance: (spread * n) / (n - 1), effectiveBase: (sw * sw) / sww, n };
	});
	const letters = rowLetters(
		stats,
		columns.map((column) => column.letter),
		options.adjustment,
		compareMeans
	);
	return columns.map((column, j) => {
		const estimate = estimates.find((e) => e.domain?.[col] === column.key);
		return {
			col: column.key,
			mean: estimate?.estimate ?? NaN,
			se: estimate?.se ?? NaN,
			ci_low: estimate?.ci_low ?? NaN,
			ci_high: estimate?.ci_high ?? NaN,
			n: estimate?.n ?? 0,
			sig: letters[j]!
		};
	});
}

/**
 * A multi-select question as one table: each 0/1 option variable is a row, its percentage the
 * share choosing it among those asked (option not missing), tested like any column percentage.
 * No chi-square: the rows are not exclusive.
 */
function multiSelectTable(
	data: AnalysisData[],
	design: Design,
	name: string,
	options: string[],
	col: string,
	settings: CrosstabOptions
): CrosstabTable {
	const parts = data.map((part, i) =>
		tableFromData(part, design, options[i]!, col, {
			adjustment: settings.adjustment,
			level: settings.level
		})
	);
	const columns = parts[0]!.columns;
	const cells = parts.flatMap((part, i) =>
		columns.map((column) => {
			const chosen = part.cells.find((cell) => cell.row === '1' && cell.col === column.key);
			return chosen
				? { ...chosen, row: options[i]! }
				: {
						row: options[i]!,
						col: column.key,
						n: 0,
						count: 0,
						col_pct: 0,
						row_pct: 0,
						total_pct: 0,
						se: 0,
						ci_low: 0,
						ci_high: 0,
						sig: ''
					};
		})
	);
	return {
		row: name,
		col,
		rows: options.map((key) => ({ key, kind: 'option' })),
		columns,
		cells,
		means: null,
		chi_square: null
	};
}
