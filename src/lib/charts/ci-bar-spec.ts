/**
 * A horizontal bar chart of estimated proportions with confidence-interval whiskers, optionally
 * grouped (e.g. by region: one coloured bar per group within each answer). Bars keep the order of
 * the input; each carries its percentage as a label, so a static export reads without tooltips.
 */
import type { TopLevelSpec } from 'vega-lite';
import {
	INK,
	PALETTE,
	PRIMARY,
	assertFraction,
	chartFrame,
	distinct,
	formatInterval,
	formatPercent,
	legendColumns,
	rowsHeight,
	type ChartContext
} from './chart-context.ts';

export interface CiBarDatum {
	label: string;
	estimate: number;
	ci_low: number;
	ci_high: number;
	group?: string;
	n?: number;
}

export function ciBarSpec(ctx: ChartContext, data: CiBarDatum[]): TopLevelSpec {
	const labels = distinct(data.map((datum) => datum.label));
	const groups = distinct(
		data.flatMap((datum) => (datum.group === undefined ? [] : [datum.group]))
	);
	const grouped = groups.length > 0;
	if (grouped && data.some((datum) => datum.group === undefined)) {
		throw new Error('ciBarSpec: either every bar has a group or none has');
	}
	const hasN = data.some((datum) => datum.n !== undefined);
	const values = data.map((datum, order) => {
		assertFraction(datum.estimate, `Estimate of "${datum.label}"`);
		assertFraction(datum.ci_low, `Lower bound of "${datum.label}"`);
		assertFraction(datum.ci_high, `Upper bound of "${datum.label}"`);
		return {
			label: datum.label,
			group: datum.group ?? null,
			estimate: datum.estimate,
			ci_low: datum.ci_low,
			ci_high: datum.ci_high,
			n: datum.n ?? null,
			estimate_text: formatPercent(datum.estimate),
			ci_text: formatInterval(datum.ci_low, datum.ci_high),
			order
		};
	});

	// Colour only on the bars: whiskers and labels stay dark whatever the group.
	const colour = grouped
		? {
				color: {
					field: 'group',
					type: 'nominal' as const,
					title: null,
					scale: { domain: groups, range: [...PALETTE] },
					legend: { columns: legendColumns(ctx, groups) }
				}
			}
		: {};
	const offset = grouped
		? { yOffset: { field: 'group', type: 'nominal' as const, sort: groups } }
		: {};
	const tooltip = [
		{ field: 'label', title: 'Answer' },
		...(grouped ? [{ field: 'group', title: 'Group' }] : []),
		{ field: 'estimate', type: 'quantitative' as const, title: 'Estimate', format: '.1%' },
		{ field: 'ci_text', title: 'Confidence interval' },
		...(hasN ? [{ field: 'n', type: 'quantitative' as const, title: 'n', format: ',' }] : [])
	];

	return {
		...chartFrame(ctx, ['Whiskers: confidence intervals']),
		height: rowsHeight(labels.length, grouped ? groups.length * 16 + 8 : 28),
		data: { values },
		encoding: {
			y: {
				field: 'label',
				type: 'nominal',
				sort: labels,
				title: null,
				axis: { labelLimit: 260 }
			},
			...offset,
			tooltip
		},
		layer: [
			{
				mark: { type: 'bar', ...(grouped ? {} : { color: PRIMARY }) },
				encoding: {
					...colour,
					x: {
						field: 'estimate',
						type: 'quantitative',
						title: 'Estimate',
						axis: { format: '.0%' },
						scale: { domainMin: 0 }
					}
				}
			},
			{
				mark: { type: 'rule', color: INK, strokeWidth: 1.5 },
				encoding: { x: { field: 'ci_low', type: 'quantitative' }, x2: { field: 'ci_high' } }
			},
			{
				mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: INK },
				encoding: {
					x: { field: 'ci_high', type: 'quantitative' },
					text: { field: 'estimate_text' }
				}
			}
		]
	};
}
