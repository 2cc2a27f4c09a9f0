/**
 * A funnel (e.g. aware → considered → used → preferred): one bar per stage, centred on a common
 * axis, in the given stage order, labelled with its percentage. Confidence intervals, when given,
 * show as whiskers at both ends of the bar. Positions are computed here, in plain JS.
 */
import type { TopLevelSpec } from 'vega-lite';
import {
	INK,
	PRIMARY,
	assertFraction,
	chartFrame,
	formatInterval,
	formatPercent,
	inkOn,
	rowsHeight,
	type ChartContext
} from './chart-context.ts';

export interface FunnelDatum {
	stage: string;
	estimate: number;
	ci_low?: number;
	ci_high?: number;
}

/** Bars narrower than this share of the widest get their label beside them, not inside. */
const INSIDE_LABEL_MIN = 0.14;
const ROW_PX = 36;

export function funnelSpec(ctx: ChartContext, data: FunnelDatum[]): TopLevelSpec {
	const stages = data.map((datum) => datum.stage);
	if (new Set(stages).size !== stages.length) throw new Error('funnelSpec: stages must be unique');
	const widest = Math.max(1e-9, ...data.flatMap((datum) => [datum.estimate, datum.ci_high ?? 0]));
	const values = data.map((datum, index) => {
		assertFraction(datum.estimate, `Estimate of "${datum.stage}"`);
		if (datum.ci_low !== undefined) assertFraction(datum.ci_low, `Lower bound of "${datum.stage}"`);
		if (datum.ci_high !== undefined) {
			assertFraction(datum.ci_high, `Upper bound of "${datum.stage}"`);
		}
		const previous = data[index - 1]?.estimate;
		const inside = datum.estimate / widest >= INSIDE_LABEL_MIN;
		const hasCi = datum.ci_low !== undefined && datum.ci_high !== undefined;
		return {
			stage: datum.stage,
			estimate: datum.estimate,
			x0: -datum.estimate / 2,
			x1: datum.estimate / 2,
			estimate_text: formatPercent(datum.estimate),
			ci_text: hasCi ? formatInterval(datum.ci_low!, datum.ci_high!) : '',
			/** Conversion from the previous stage (null for the first or after a zero). */
			of_previous: previous !== undefined && previous > 0 ? datum.estimate / previous : null,
			inside,
			/** Where an outside label starts: right of the bar or of its whisker. */
			label_x: Math.max(datum.estimate, datum.ci_high ?? 0) / 2
		};
	});
	// Whiskers: the bar's half-width ranges over [ci_low, ci_high] / 2 at both ends.
	const whiskers = data.flatMap((datum) =>
		datum.ci_low === undefined || datum.ci_high === undefined
			? []
			: [
					{ stage: datum.stage, lo: -datum.ci_high / 2, hi: -datum.ci_low / 2 },
					{ stage: datum.stage, lo: datum.ci_low / 2, hi: datum.ci_high / 2 }
				]
	);
	const tooltip = [
		{ field: 'stage', title: 'Stage' },
		{ field: 'estimate', type: 'quantitative' as const, title: 'Estimate', format: '.1%' },
		...(whiskers.length ? [{ field: 'ci_text', title: 'Confidence interval' }] : []),
		{
			field: 'of_previous',
			type: 'quantitative' as const,
			title: 'Of previous stage',
			format: '.0%'
		}
	];

	return {
		...chartFrame(ctx, whiskers.length ? ['Whiskers: confidence intervals'] : []),
		height: rowsHeight(stages.length, ROW_PX),
		data: { values },
		encoding: {
			y: {
				field: 'stage',
				type: 'nominal',
				sort: stages,
				title: null,
				axis: { labelLimit: 220, domain: false, ticks: false, labelPadding: 8 }
			}
		},
		layer: [
			{
				mark: { type: 'bar', color: PRIMARY },
				encoding: {
					x: {
						field: 'x0',
						type: 'quantitative',
						// Centred on 0, with room on the right for labels beside narrow bars.
						scale: { domain: [-widest / 2, (widest / 2) * 1.12], nice: false, zero: false },
						axis: null
					},
					x2: { field: 'x1' },
					tooltip
				}
			},
			...(whiskers.length
				? [
						{
							data: { values: whiskers },
							mark: { type: 'rule' as const, color: INK, strokeWidth: 1.5 },
							encoding: { x: { field: 'lo', type: 'quantitative' as const }, x2: { field: 'hi' } }
						}
					]
				: []),
			{
				data: { values: values.filter((value) => value.inside) },
				mark: { type: 'text', color: inkOn(PRIMARY), fontWeight: 'bold', fontSize: 11 },
				encoding: { x: { datum: 0, type: 'quantitative' }, text: { field: 'estimate_text' } }
			},
			{
				data: { values: values.filter((value) => !value.inside) },
				mark: { type: 'text', color: INK, align: 'left', dx: 4, fontSize: 11 },
				encoding: {
					x: { field: 'label_x', type: 'quantitative' },
					text: { field: 'estimate_text' }
				}
			}
		]
	};
}
