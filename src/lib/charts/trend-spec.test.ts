import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import type { ChartContext } from './chart-context.ts';
import { compileWarnings } from './compile-warnings.ts';
import { SIGNIFICANT_MARKER_NOTE, trendSpec, type TrendDatum } from './trend-spec.ts';

const ctx: ChartContext = {
	title: 'Party support over time',
	question: 'Which party is closest to you?',
	base: 'Base: all respondents in each wave, n ≈ 2,000',
	weighting: 'Weighted: Census 2014 margins (raking)'
};

const data: TrendDatum[] = [
	{ wave: 'Spring 2019', series: 'Party A', estimate: 0.3, ci_low: 0.27, ci_high: 0.33 },
	{ wave: 'Spring 2019', series: 'Party B', estimate: 0.2, ci_low: 0.18, ci_high: 0.23 },
	{
		wave: 'Autumn 2020',
		series: 'Party A',
		estimate: 0.36,
		ci_low: 0.33,
		ci_high: 0.39,
		change_significant: true
	},
	{ wave: 'Autumn 2020', series: 'Party B', estimate: 0.21, ci_low: 0.18, ci_high: 0.24 },
	{ wave: 'Autumn 2022', series: 'Party A', estimate: 0.35, ci_low: 0.32, ci_high: 0.38 },
	{
		wave: 'Autumn 2022',
		series: 'Party B',
		estimate: 0.15,
		ci_low: 0.13,
		ci_high: 0.17,
		change_significant: true
	}
];

interface Layer {
	data?: { values: { wave: string; series: string; change_significant: boolean }[] };
	mark: { type: string; shape?: string; size?: number };
	encoding: Record<string, { field?: string }>;
}

interface Spec {
	title: { subtitle: string[] };
	data: { values: Record<string, unknown>[] };
	encoding: { x: { type: string; sort: string[] }; color: { scale: { domain: string[] } } };
	layer: Layer[];
}

const asSpec = (chart: TopLevelSpec) => chart as unknown as Spec;

describe('trendSpec', () => {
	it('puts waves on an ordinal axis in the given order, one colour per series', () => {
		const chart = asSpec(trendSpec(ctx, data));
		expect(chart.encoding.x).toMatchObject({
			field: 'wave',
			type: 'ordinal',
			sort: ['Spring 2019', 'Autumn 2020', 'Autumn 2022']
		});
		expect(chart.encoding.color.scale.domain).toEqual(['Party A', 'Party B']);
	});

	it('draws a CI band, lines and points', () => {
		const [band, line, points] = asSpec(trendSpec(ctx, data)).layer;
		expect(band!.mark.type).toBe('area');
		expect(band!.encoding.y!.field).toBe('ci_low');
		expect(band!.encoding.y2!.field).toBe('ci_high');
		expect(line!.mark.type).toBe('line');
		expect(line!.encoding.y!.field).toBe('estimate');
		expect(points!.mark.type).toBe('point');
	});

	it('marks and labels exactly the points whose change is significant', () => {
		const chart = asSpec(trendSpec(ctx, data));
		const marker = chart.layer.find((layer) => layer.mark.shape === 'diamond')!;
		const label = chart.layer.find((layer) => layer.mark.type === 'text')!;
		const flagged = (layer: Layer) => layer.data!.values.map((v) => `${v.series} ${v.wave}`);
		expect(flagged(marker)).toEqual(['Party A Autumn 2020', 'Party B Autumn 2022']);
		expect(flagged(label)).toEqual(flagged(marker));
		expect(label.encoding.text!.field).toBe('estimate_text');
		expect(chart.data.values.filter((v) => v.change_significant)).toHaveLength(2);
		expect(chart.data.values[0]).toMatchObject({ change_significant: false, estimate: 0.3 });
		expect(chart.title.subtitle.join(' ')).toContain(SIGNIFICANT_MARKER_NOTE);
	});

	it('has no marker layer or note when no change is significant', () => {
		const quiet = data.map((datum) => ({ ...datum, change_significant: false }));
		const chart = asSpec(trendSpec(ctx, quiet));
		expect(chart.layer).toHaveLength(3);
		expect(chart.title.subtitle.join(' ')).not.toContain(SIGNIFICANT_MARKER_NOTE);
	});

	it('titles the chart with question, base and weighting', () => {
		const subtitle = asSpec(trendSpec(ctx, data)).title.subtitle.join(' ');
		expect(subtitle).toContain(ctx.question);
		expect(subtitle).toContain(`${ctx.base} · ${ctx.weighting}`);
	});

	it('rejects percentages', () => {
		expect(() => trendSpec(ctx, [{ ...data[0]!, estimate: 30 }])).toThrow(RangeError);
	});

	it('compiles with Vega-Lite without warnings', () => {
		expect(compileWarnings(trendSpec(ctx, data))).toEqual([]);
		expect(compileWarnings(trendSpec({ ...ctx, width: 720 }, data.slice(0, 2)))).toEqual([]);
	});
});
