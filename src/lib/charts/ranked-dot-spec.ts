/**
 * A ranked dot plot (e.g. trust by region, awareness by brand): one dot per unit with its
 * confidence interval as a line, highest estimate on top, and optionally a dashed vertical line
 * at the overall value so units above and below it stand out.
 */
import type { TopLevelSpec } from 'vega-lite';
import {
	MUTED,
	PALETTE,
	PRIMARY,
	assertFraction,
	chartFrame,
	formatInterval,
	formatPercent,
	rowsHeight,
	type ChartContext
} from './chart-context.ts';

export interface RankedDotDatum {
	unit: string;
	estimate: number;
	ci_low: number;
	ci_high: number;
	n?: number;
}

export interface RankedDotOptions {
	/** Overall (all units together) proportion, drawn as a dashed vertical line. */
	overall?: number;
}

const ROW_PX = 22;
const OVERALL_COLOUR = PALETTE[5];

export function rankedDotSpec(
	ctx: ChartContext,
	data: RankedDotDatum[],
	options: RankedDotOptions = {}
): TopLevelSpec {
	const units = data.map((datum) => datum.unit);
	if (new Set(units).size !== units.length) throw new Error('rankedDotSpec: units must be unique');
	for (const datum of data) {
		assertFraction(datum.estimate, `Estimate of "${datum.unit}"`);
		assertFraction(datum.ci_low, `Lower bound of "${datum.unit}"`);
		assertFraction(datum.ci_high, `Upper bound of "${datum.unit}"`);
	}
	// Descending; Array.prototype.sort is stable, so ties keep the input order.
	const ranked = [...data].sort((a, b) => b.estimate - a.estimate);
	const hasN = data.some((datum) => datum.n !== undefined);
	const values = ranked.map((datum, index) => ({
		unit: datum.unit,
		rank: index + 1,
		estimate: datum.estimate,
		ci_low: datum.ci_low,
		ci_high: datum.ci_high,
		n: datum.n ?? null,
		ci_text: formatInterval(datum.ci_low, datum.ci_high)
	}));
	const { overall } = options;
	if (overall !== undefined) assertFraction(overall, 'Overall value');
	const tooltip = [
		{ field: 'unit', title: 'Unit' },
		{ field: 'rank', title: 'Rank' },
		{ field: 'estimate', type: 'quantitative' as const, title: 'Estimate', format: '.1%' },
		{ field: 'ci_text', title: 'Confidence interval' },
		...(hasN ? [{ field: 'n', type: 'quantitative' as const, title: 'n', format: ',' }] : [])
	];
	// y per layer, not shared: the overall line has no unit and spans the whole height.
	const y = {
		field: 'unit',
		type: 'nominal' as const,
		sort: values.map((value) => value.unit),
		title: null,
		axis: { labelLimit: 220, grid: true, gridDash: [2, 2] }
	};
	const notes = [
		`Lines: confidence intervals${overall === undefined ? '' : `; dashed line: overall, ${formatPercent(overall)}`}`
	];

	return {
		...chartFrame(ctx, notes),
		height: rowsHeight(values.length, ROW_PX),
		data: { values },
		layer: [
			{
				mark: { type: 'rule', color: MUTED, strokeWidth: 2 },
				encoding: {
					y,
					x: {
						field: 'ci_low',
						type: 'quantitative',
						title: 'Estimate',
						scale: { zero: false },
						axis: { format: '.0%' }
					},
					x2: { field: 'ci_high' },
					tooltip
				}
			},
			{
				mark: { type: 'point', filled: true, size: 70, color: PRIMARY, opacity: 1 },
				encoding: { y, x: { field: 'estimate', type: 'quantitative' }, tooltip }
			},
			...(overall === undefined
				? []
				: [
						{
							data: { values: [{ overall, overall_text: formatPercent(overall, 1) }] },
							mark: {
								type: 'rule' as const,
								color: OVERALL_COLOUR,
								strokeDash: [5, 3],
								strokeWidth: 1.5
							},
							encoding: {
								x: { field: 'overall', type: 'quantitative' as const },
								tooltip: [{ field: 'overall_text', title: 'Overall' }]
							}
						}
					])
		]
	};
}
