/**
 * A banner section: each stub variable against all banner variables side by side (one column
 * group per banner variable, lettered across the table), with the unweighted and weighted base
 * rows, column percentages with significance letters, NETs and mean scores, plus a chart of the
 * column percentages with their CIs.
 */
import type { Queryable } from '../../server/db/database.ts';
import type { Dataset } from '../../analysis/dataset.ts';
import type { Design } from '../../analysis/design.ts';
import { crosstab, type CrosstabTable } from '../../analysis/crosstab/crosstab.ts';
import { columnLetter } from '../../analysis/crosstab/column-tests.ts';
import { ciBarSpec } from '../../charts/ci-bar-spec.ts';
import { divergingLikertSpec } from '../../charts/stacked-bar-spec.ts';
import type { VariableLabels } from '../../analysis/workspace/variable-labels.ts';
import { ownText, valueLabel, variableLabel } from '../../analysis/workspace/variable-labels.ts';
import {
	count,
	percent,
	type ReportBlock,
	type ReportRow,
	type ReportTable
} from '../report-result.ts';
import type { BannerSectionSpec } from '../report-spec.ts';

export interface SectionContext {
	db: Queryable;
	dataset: Dataset;
	design: Design;
	labels: VariableLabels;
	weightingNote: string;
	filterNote: string | null;
}

/** Multi-select questions named as a row: their 0/1 option variables, from the labels. */
export function multiSets(
	labels: VariableLabels,
	dataset: Dataset,
	rows: string[]
): Record<string, string[]> {
	const sets: Record<string, string[]> = {};
	for (const row of rows) {
		if (dataset.columns.has(row)) continue;
		const options = [...labels.entries()]
			.filter(
				([name, entry]) =>
					entry.question === row && entry.kind === 'multi-option' && dataset.columns.has(name)
			)
			.map(([name]) => name);
		// Without a codebook (a plain CSV), `q` names the 0/1 columns q_1, q_2, … (not q_none).
		const byPrefix = [...dataset.columns.keys()].filter(
			(name) => name.startsWith(`${row}_`) && name !== `${row}_none`
		);
		if (options.length) sets[row] = options;
		else if (byPrefix.length) sets[row] = byPrefix;
	}
	return sets;
}

export async function bannerSection(
	context: SectionContext,
	spec: BannerSectionSpec
): Promise<ReportBlock[]> {
	const { db, dataset, design, labels } = context;
	const multi = multiSets(labels, dataset, spec.rows);
	const excludeCodes = [98, 99];
	const tables = await crosstab(db, dataset, design, {
		rows: spec.rows,
		cols: spec.cols,
		means: spec.means,
		nets: spec.nets,
		multi,
		adjustment: spec.adjustment,
		excludeCodes
	});
	const blocks: ReportBlock[] = [];
	for (const row of spec.rows) {
		const group = tables.filter((t) => t.row === row);
		if (!group.length) continue;
		const table = bannerTable(group, context, Boolean(multi[row]));
		blocks.push({ kind: 'table', table });
		if (spec.chart) blocks.push(bannerChart(group[0]!, context, Boolean(multi[row])));
	}
	return blocks;
}

function rowLabel(
	labels: VariableLabels,
	stub: string,
	key: string,
	kind: string,
	multi: boolean
): string {
	// A multi-select's rows are its options: their own text, the question is the table's title.
	if (multi) return ownText(labels, key);
	return kind === 'net' ? key : valueLabel(labels, stub, key);
}

export function bannerTable(
	group: CrosstabTable[],
	context: SectionContext,
	multi: boolean
): ReportTable {
	const { labels } = context;
	const stub = group[0]!.row;
	// Letters run across the whole table, so each banner's columns get their own.
	let offset = 0;
	const parts = group.map((table) => {
		const letters = new Map(table.columns.map((c, j) => [c.letter, columnLetter(offset + j)]));
		offset += table.columns.length;
		return { table, letters };
	});
	const relabel = (sig: string, letters: Map<string, string>) =>
		sig.replace(/[A-Za-z]+/g, (letter) => {
			const upper = letters.get(letter.toUpperCase()) ?? letter;
			return letter === letter.toUpperCase() ? upper : upper.toLowerCase();
		});
	const columns = parts.flatMap(({ table, letters }) =>
		table.columns.map((c) => ({
			label: valueLabel(labels, table.col, c.key),
			letter: letters.get(c.letter),
			group: variableLabel(labels, table.col)
		}))
	);
	const rowKeys: { key: string; kind: 'category' | 'net' | 'option' }[] = [];
	for (const { table } of parts)
		for (const r of table.rows)
			if (!rowKeys.some((k) => k.key === r.key && k.kind === r.kind)) rowKeys.push(r);
	const rows: ReportRow[] = [
		{
			label: 'Unweighted base',
			kind: 'base',
			cells: parts.flatMap(({ table }) =>
				table.columns.map((c) => ({
					text: count(c.n),
					value: c.n,
					format: 'count' as const,
					flag: c.base_flag ?? undefined
				}))
			)
		},
		{
			label: 'Weighted base',
			kind: 'base',
			cells: parts.flatMap(({ table }) =>
				table.columns.map((c) => ({
					text: count(c.weighted_n),
					value: c.weighted_n,
					format: 'count' as const
				}))
			)
		},
		...rowKeys.map((r) => ({
			label: rowLabel(labels, stub, r.key, r.kind, multi),
			kind: r.kind === 'net' ? ('net' as const) : ('category' as const),
			cells: parts.flatMap(({ table, letters }) =>
				table.columns.map((c) => {
					const cell = table.cells.find((x) => x.row === r.key && x.col === c.key);
					return {
						text: cell ? percent(cell.col_pct) : '–',
						value: cell?.col_pct ?? null,
						sig: cell?.sig ? relabel(cell.sig, letters) : undefined,
						format: 'percent' as const
					};
				})
			)
		}))
	];
	if (group.every((t) => t.means)) {
		rows.push({
			label: 'Mean score',
			kind: 'mean',
			cells: parts.flatMap(({ table, letters }) =>
				table.columns.map((c) => {
					const mean = table.means!.find((m) => m.col === c.key);
					return {
						text: mean && Number.isFinite(mean.mean) ? mean.mean.toFixed(2) : '–',
						value: mean?.mean ?? null,
						sig: mean?.sig ? relabel(mean.sig, letters) : undefined,
						format: 'decimal' as const
					};
				})
			)
		});
	}
	const notes = [
		multi
			? 'Base: respondents asked the question; several answers possible, so columns can add to more than 100%.'
			: 'Base: respondents who answered the question (don\u2019t know and refused shown as answers).',
		context.weightingNote + (context.filterNote ? `. ${context.filterNote}` : ''),
		'Letters: the column is significantly higher than the lettered column (upper case 95%, lower case 90%), column-proportions test on effective bases. No test where a column has fewer than 30 respondents; under 100 is a small base.'
	];
	for (const t of group) {
		const chi = t.chi_square;
		if (!chi) continue;
		const rs = chi.rao_scott_2;
		notes.push(
			`${variableLabel(labels, stub)} × ${variableLabel(labels, t.col)}: Pearson χ² = ${chi.pearson.stat.toFixed(2)} (df ${chi.pearson.df}, ${formatP(chi.pearson.p)}); Rao–Scott F = ${rs.f.toFixed(2)} (df ${rs.ndf.toFixed(2)}, ${rs.ddf.toFixed(1)}; ${formatP(rs.p)})`
		);
	}
	return {
		title: variableLabel(labels, stub),
		subtitle:
			group.length > 1
				? `by ${group.map((t) => variableLabel(labels, t.col)).join(', ')}`
				: `by ${variableLabel(labels, group[0]!.col)}`,
		columns,
		rows,
		notes
	};
}

/** "p = 0.012", or "p < 0.001" for the smallest. */
export function formatP(p: number): string {
	return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/**
 * An agreement or trust scale — codes 1…k (k of 4, 5 or 7) all labelled, don't know and refused
 * (98, 99) aside — is charted as diverging bars: the lower half left of the centre, the middle
 * code (odd k) split across it.
 */
export function likertScale(
	labels: SectionContext['labels'],
	variable: string
): { codes: string[]; negative: string[]; neutral?: string } | null {
	const entry = labels.get(variable);
	if (!entry) return null;
	const codes = [...entry.values.keys()].filter(
		(code) => !entry.missing.includes(code) && code !== '98' && code !== '99'
	);
	const k = codes.length;
	if (![4, 5, 7].includes(k) || codes.some((code, i) => code !== String(i + 1))) return null;
	const half = Math.floor(k / 2);
	return { codes, negative: codes.slice(0, half), neutral: k % 2 ? codes[half] : undefined };
}

function likertChart(
	table: CrosstabTable,
	context: SectionContext,
	scale: NonNullable<ReturnType<typeof likertScale>>
): ReportBlock {
	const { labels } = context;
	const n = table.columns.reduce((total, c) => total + c.n, 0);
	const title = variableLabel(labels, table.row);
	const data = table.columns.flatMap((column) => {
		// Shares of the scale answers only, so each bar adds up to 100%.
		const cells = scale.codes.map((code) =>
			table.cells.find((x) => x.row === code && x.col === column.key)
		);
		const total = cells.reduce((sum, cell) => sum + (cell?.count ?? 0), 0);
		return scale.codes.map((code, order) => ({
			item: valueLabel(labels, table.col, column.key),
			category: valueLabel(labels, table.row, code),
			share: total > 0 ? (cells[order]?.count ?? 0) / total : 0,
			order
		}));
	});
	const spec = divergingLikertSpec(
		{
			title: `${title} by ${variableLabel(labels, table.col)}`,
			question: labels.get(table.row)?.label,
			base: `Base: respondents giving a scale answer, n = ${count(n)}`,
			weighting: context.weightingNote
		},
		data,
		{
			negative: scale.negative.map((code) => valueLabel(labels, table.row, code)),
			neutral:
				scale.neutral === undefined ? undefined : valueLabel(labels, table.row, scale.neutral)
		}
	);
	return {
		kind: 'chart',
		chart: {
			title,
			spec,
			alt: `${title}: answers on the scale by ${variableLabel(labels, table.col)}, disagreement to the left.`
		}
	};
}

function bannerChart(table: CrosstabTable, context: SectionContext, multi: boolean): ReportBlock {
	const { labels } = context;
	const scale = multi ? null : likertScale(labels, table.row);
	if (scale) return likertChart(table, context, scale);
	const n = table.columns.reduce((total, c) => total + c.n, 0);
	const data = table.rows
		.filter((r) => r.kind !== 'net')
		.flatMap((r) =>
			table.columns.map((c) => {
				const cell = table.cells.find((x) => x.row === r.key && x.col === c.key);
				return {
					label: rowLabel(labels, table.row, r.key, r.kind, multi),
					group: valueLabel(labels, table.col, c.key),
					estimate: cell?.col_pct ?? 0,
					ci_low: cell?.ci_low ?? 0,
					ci_high: cell?.ci_high ?? 0,
					n: c.n
				};
			})
		);
	const title = variableLabel(labels, table.row);
	const spec = ciBarSpec(
		{
			title: `${title} by ${variableLabel(labels, table.col)}`,
			question: labels.get(table.row)?.label,
			base: `Base: ${multi ? 'respondents asked' : 'respondents who answered'}, n = ${count(n)}`,
			weighting: context.weightingNote
		},
		data
	);
	return {
		kind: 'chart',
		chart: {
			title,
			spec,
			alt: `${title}: column percentages with 95% confidence intervals by ${variableLabel(labels, table.col)}.`
		}
	};
}
