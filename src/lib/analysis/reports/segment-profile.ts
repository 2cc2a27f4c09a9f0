/**
 * The segment profile: who each segment is and which channels reach it. For every profile
 * variable's category (or multi-select option), the segment's share against the total as an index
 * (×100), tested segment against the rest of the population with the column-proportions test on
 * effective bases (as banner letters are), and sorted by distinctiveness (the size of that test
 * statistic). Segment sizes come with their CIs.
 *
 * The rest's figures follow from the segment and the total: W_rest = W − W_s, p_rest =
 * (pW − p_sW_s)/W_rest, Σw²_rest = W²/e − W_s²/e_s, so one banner pass gives all of them.
 */
import { z } from 'zod';
import type { Queryable } from '../../server/db/database.ts';
import { quoteIdent } from '../../server/db/sql.ts';
import { col, describeDataset, tableRef, type Dataset } from '../dataset.ts';
import type { Design } from '../design.ts';
import { crosstab, type CrosstabTable } from '../crosstab/crosstab.ts';
import { comparePair, minimumTestBase } from '../crosstab/column-tests.ts';
import { compareCategories } from '../estimation/categories.ts';

export const profileSpecSchema = z.object({
	segment: z.string().min(1).max(64),
	variables: z.array(z.string().min(1).max(64)).min(1, 'variables: choose at least one').max(120)
});

export type ProfileSpec = z.infer<typeof profileSpecSchema>;

export interface ProfileLine {
	variable: string;
	category: string;
	segmentShare: number;
	totalShare: number;
	index: number;
	t: number;
	p: number;
	significant: boolean;
}

export interface SegmentProfile {
	segment: string;
	code: string;
	size: { estimate: number; ci_low: number; ci_high: number; n: number; weighted_n: number };
	/** Sorted by distinctiveness, most distinctive first. */
	lines: ProfileLine[];
}

const totalColumn = 'profile_total';

export async function segmentProfile(
	db: Queryable,
	dataset: Dataset,
	design: Design,
	spec: ProfileSpec,
	/** Variables that are 0/1 options of a multi-select: only "chosen" is profiled. */
	isOption: (variable: string) => boolean
): Promise<SegmentProfile[]> {
	const view = `${dataset.table}_profile`;
	const viewRef = quoteIdent(view, [view]);
	await db.run({
		// The total is everyone (inside the filter, when there is one).
		sql: `CREATE OR REPLACE VIEW ${viewRef} AS SELECT *, ${design.domain ? col(dataset, design.domain) : '1'} AS ${quoteIdent(totalColumn, [totalColumn])} FROM ${tableRef(dataset)}`,
		params: []
	});
	try {
		const withTotal = await describeDataset(db, view);
		const rows = spec.variables.filter((v) => v !== spec.segment);
		const [sizeTables, tables] = await Promise.all([
			crosstab(db, withTotal, design, { rows: [spec.segment], cols: [totalColumn] }),
			crosstab(db, withTotal, design, { rows, cols: [spec.segment, totalColumn] })
		]);
		const find = (row: string, col: string) => tables.find((t) => t.row === row && t.col === col);
		const sizes = sizeTables[0]!;
		const segmentCodes = [...new Set(sizes.cells.map((c) => c.row))].sort(compareCategories);
		return segmentCodes.map((code) => {
			const cell = sizes.cells.find((c) => c.row === code)!;
			const lines = rows.flatMap((variable) =>
				profileLines(
					find(variable, spec.segment),
					find(variable, totalColumn),
					code,
					isOption(variable)
				)
			);
			lines.sort((a, b) => Math.abs(b.t) - Math.abs(a.t));
			return {
				segment: spec.segment,
				code,
				size: {
					estimate: cell.col_pct,
					ci_low: cell.ci_low,
					ci_high: cell.ci_high,
					n: cell.n,
					weighted_n: cell.count
				},
				lines
			};
		});
	} finally {
		await db.run({ sql: `DROP VIEW IF EXISTS ${viewRef}`, params: [] });
	}
}

function profileLines(
	bySegment: CrosstabTable | undefined,
	total: CrosstabTable | undefined,
	code: string,
	optionOnly: boolean
): ProfileLine[] {
	if (!bySegment || !total) return [];
	const segmentColumn = bySegment.columns.find((c) => c.key === code);
	const totalColumnStats = total.columns[0];
	if (!segmentColumn || !totalColumnStats) return [];
	const keys = total.rows.filter((r) => r.kind === 'category').map((r) => r.key);
	// A 0/1 indicator (a multi-select option, with or without a codebook) is profiled by its 1s.
	const indicator =
		optionOnly || (keys.length <= 2 && keys.every((key) => key === '0' || key === '1'));
	const categories = keys.filter((key) => !indicator || key === '1');
	const W = totalColumnStats.weighted_n;
	const Ws = segmentColumn.weighted_n;
	const Wr = W - Ws;
	const sumSquares = (w: number, e: number) => (e > 0 ? (w * w) / e : 0);
	const swwRest =
		sumSquares(W, totalColumnStats.effective_base) - sumSquares(Ws, segmentColumn.effective_base);
	const effectiveRest = swwRest > 0 ? (Wr * Wr) / swwRest : 0;
	const restN = totalColumnStats.n - segmentColumn.n;
	return categories.map((category) => {
		const ps = bySegment.cells.find((c) => c.row === category && c.col === code)?.col_pct ?? 0;
		const p = total.cells.find((c) => c.row === category)?.col_pct ?? 0;
		const pr = Wr > 0 ? (p * W - ps * Ws) / Wr : 0;
		const testable =
			segmentColumn.n >= minimumTestBase && restN >= minimumTestBase && effectiveRest > 0;
		const test = testable
			? comparePair(
					{
						p: ps,
						weightedBase: Ws,
						effectiveBase: segmentColumn.effective_base,
						n: segmentColumn.n
					},
					{ p: pr, weightedBase: Wr, effectiveBase: effectiveRest, n: restN }
				)
			: { t: 0, p: 1 };
		return {
			variable: bySegment.row,
			category,
			segmentShare: ps,
			totalShare: p,
			index: p > 0 ? (100 * ps) / p : NaN,
			t: test.t,
			p: test.p,
			significant: test.p < 0.05
		};
	});
}
