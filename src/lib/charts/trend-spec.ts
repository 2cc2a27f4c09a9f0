/**
 * A trend across survey waves: one line per series (e.g. per party), a shaded confidence band,
 * a point per wave, and a larger diamond with its percentage where the change from the previous
 * wave is statistically significant, so a reader sees which movements are real. Waves are an
 * ordinal axis in the given order (waves need not be evenly spaced dates).
 */
import type { TopLevelSpec } from 'vega-lite';
import {
	PALETTE,
	assertFraction,
	chartFrame,
	distinct,
	formatInterval,
	formatPercent,
	legendColumns,
	type ChartContext
} from './chart-context.ts';

export interface TrendDatum {
	wave: string;
	series: string;
	estimate: number;
	ci_low: number;
	ci_high: number;
	/** The change from this series' previous wave is significant. */
	change_significant?: boolean;
}

export const SIGNIFICANT_MARKER_NOTE = '◆ significant change from the previous wave';

export function trendSpec(ctx: ChartContext, data: TrendDatum[]): TopLevelSpec {
	const waves = distinct(data.map((datum) => datum.wave));
	const series = distinct(data.map((datum) => datum.series));
	const values = data.map((datum) => {
		const what = `"${datum.series}" in wave "${datum.wave}"`;
		assertFraction(datum.estimate, `Estimate of ${what}`);
		assertFraction(datum.ci_low, `Lower bound of ${what}`);
		assertFraction(datum.ci_high, `Upper bound of ${what}`);
		return {
			wave: datum.wave,
			series: datum.series,
			estimate: datum.estimate,
			ci_low: datum.ci_low,
			ci_high: datum.ci_high,
			change_significant: datum.change_significant === true,
			estimate_text: formatPercent(datum.estimate),
			ci_text: formatInterval(datum.ci_low, datum.ci_high),
			change_text: datum.change_significant === true ? 'Significant' : 'Not significant'
		};
	});
	// The significant points are a data set of their own (no filter expression in the spec).
	const significant = values.filter((value) => value.change_significant);

	const colour = {
		field: 'series',
		type: 'nominal' as const,
		title: null,
		scale: { domain: series, range: [...PALETTE] },
		// The band layer comes first; without these the legend would show its pale fill.
		legend: {
			columns: legendColumns(ctx, series),
			symbolType: 'stroke',
			symbolStrokeWidth: 2,
			symbolOpacity: 1
		}
	};
	const tooltip = [
		{ field: 'series', title: 'Series' },
		{ field: 'wave', title: 'Wave' },
		{ field: 'estimate', type: 'quantitative' as const, title: 'Estimate', format: '.1%' },
		{ field: 'ci_text', title: 'Confidence interval' },
		{ field: 'change_text', title: 'Change from previous wave' }
	];
	const notes = [
		'Bands: confidence intervals',
		...(significant.length ? [SIGNIFICANT_MARKER_NOTE] : [])
	];

	return {
		...chartFrame(ctx, [notes.join('; ')]),
		height: 280,
		data: { values },
		encoding: {
			x: {
				field: 'wave',
				type: 'ordinal',
				sort: waves,
				title: null,
				axis: { labelAngle: 0, labelLimit: 120 }
			},
			color: colour
		},
		layer: [
			{
				mark: { type: 'area', opacity: 0.15 },
				encoding: {
					y: { field: 'ci_low', type: 'quantitative', stack: null },
					y2: { field: 'ci_high' }
				}
			},
			{
				mark: { type: 'line', strokeWidth: 2 },
				encoding: {
					y: {
						field: 'estimate',
						type: 'quantitative',
						title: null,
						axis: { format: '.0%' }
					}
				}
			},
			{
				mark: { type: 'point', filled: true, size: 40, opacity: 1 },
				encoding: { y: { field: 'estimate', type: 'quantitative' }, tooltip }
			},
			...(significant.length
				? [
						{
							data: { values: significant },
							mark: {
								type: 'point' as const,
								shape: 'diamond',
								filled: true,
								size: 160,
								opacity: 1,
								stroke: 'white',
								strokeWidth: 1
							},
							encoding: { y: { field: 'estimate', type: 'quantitative' as const }, tooltip }
						},
						{
							data: { values: significant },
							mark: { type: 'text' as const, dy: -12, fontSize: 10, fontWeight: 'bold' as const },
							encoding: {
								y: { field: 'estimate', type: 'quantitative' as const },
								text: { field: 'estimate_text' }
							}
						}
					]
				: [])
		]
	};
}
