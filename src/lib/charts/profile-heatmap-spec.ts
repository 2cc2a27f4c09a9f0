/**
 * A segment profile heatmap: rows are "variable: category" (e.g. "Age: 18–34"), columns are
 * segments (clusters, regions…), each cell the index of the segment against the total (100 = same
 * as everyone). Colour diverges around 100; every cell shows its index, bold and starred when the
 * difference is significant, so the chart reads in greyscale and in a static export too.
 */
import type { TopLevelSpec } from 'vega-lite';
import { INK, chartFrame, distinct, rowsHeight, type ChartContext } from './chart-context.ts';

export interface ProfileDatum {
	segment: string;
	variable: string;
	category: string;
	/** Index against the total: 100 × segment share / total share. */
	index: number;
	significant: boolean;
}

export const SIGNIFICANT_INDEX_NOTE = 'Bold with *: significantly different from the total';

const ROW_PX = 22;
/** Cells this far (as a fraction of the colour scale's half-range) from 100 get white text. */
const WHITE_TEXT_FROM = 0.6;

export function profileHeatmapSpec(ctx: ChartContext, data: ProfileDatum[]): TopLevelSpec {
	for (const datum of data) {
		if (!Number.isFinite(datum.index) || datum.index < 0) {
			throw new RangeError(`Index of "${datum.segment}" must be a number ≥ 0, got ${datum.index}`);
		}
	}
	const rowOf = (datum: ProfileDatum) => `${datum.variable}: ${datum.category}`;
	const rows = distinct(data.map(rowOf));
	const segments = distinct(data.map((datum) => datum.segment));
	// The same reach either side of 100 as the colour scale uses (domainMid splits it there).
	const above = Math.max(1e-9, ...data.map((datum) => datum.index - 100));
	const below = Math.max(1e-9, ...data.map((datum) => 100 - datum.index));
	const values = data.map((datum) => {
		const strength = datum.index >= 100 ? (datum.index - 100) / above : (100 - datum.index) / below;
		const rounded = String(Math.round(datum.index));
		return {
			row: rowOf(datum),
			segment: datum.segment,
			variable: datum.variable,
			category: datum.category,
			index: datum.index,
			significant: datum.significant,
			label: datum.significant ? `${rounded}*` : rounded,
			ink: strength >= WHITE_TEXT_FROM ? '#ffffff' : INK,
			significance: datum.significant ? 'Significant' : 'Not significant'
		};
	});
	const tooltip = [
		{ field: 'segment', title: 'Segment' },
		{ field: 'variable', title: 'Variable' },
		{ field: 'category', title: 'Category' },
		{ field: 'index', type: 'quantitative' as const, title: 'Index', format: '.0f' },
		{ field: 'significance', title: 'Difference from total' }
	];
	const text = (significant: boolean) => ({
		// Significant and other cells are separate data sets: bold is a mark property, not a channel.
		data: { values: values.filter((value) => value.significant === significant) },
		mark: {
			type: 'text' as const,
			fontSize: 11,
			fontWeight: significant ? ('bold' as const) : ('normal' as const)
		},
		encoding: {
			text: { field: 'label' },
			fill: { field: 'ink', type: 'nominal' as const, scale: null },
			tooltip
		}
	});

	return {
		...chartFrame(ctx, data.some((datum) => datum.significant) ? [SIGNIFICANT_INDEX_NOTE] : []),
		height: rowsHeight(rows.length, ROW_PX),
		data: { values },
		encoding: {
			y: { field: 'row', type: 'nominal', sort: rows, title: null, axis: { labelLimit: 240 } },
			x: {
				field: 'segment',
				type: 'nominal',
				sort: segments,
				title: null,
				axis: { orient: 'top', labelAngle: 0, labelLimit: 120, domain: false, ticks: false }
			}
		},
		layer: [
			{
				mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
				encoding: {
					color: {
						field: 'index',
						type: 'quantitative',
						title: 'Index (100 = total)',
						scale: { type: 'linear', scheme: 'blueorange', domainMid: 100 },
						legend: { direction: 'horizontal', gradientLength: 200 }
					},
					tooltip
				}
			},
			text(false),
			text(true)
		]
	};
}
