import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import type { ChartContext } from './chart-context.ts';
import { compileWarnings } from './compile-warnings.ts';
import { funnelSpec, type FunnelDatum } from './funnel-spec.ts';

const ctx: ChartContext = {
	title: 'Brand funnel',
	question: 'Which of these brands have you heard of / considered / used / prefer?',
	base: 'Base: all respondents, n = 3,600 (effective 2,950)',
	weighting: 'Weighted: Census 2014 margins (raking)'
};

const data: FunnelDatum[] = [
	{ stage: 'Aware', estimate: 0.92, ci_low: 0.9, ci_high: 0.94 },
	{ stage: 'Considered', estimate: 0.55, ci_low: 0.52, ci_high: 0.58 },
	{ stage: 'Used', estimate: 0.31, ci_low: 0.28, ci_high: 0.34 },
	{ stage: 'Preferred', estimate: 0.08, ci_low: 0.06, ci_high: 0.1 }
];

interface Value {
	stage: string;
	estimate: number;
	x0: number;
	x1: number;
	of_previous: number | null;
	inside: boolean;
	estimate_text: string;
}

interface Layer {
	data?: { values: Record<string, unknown>[] };
	mark: { type: string };
	encoding: Record<string, Record<string, unknown>>;
}

interface Spec {
	title: { subtitle: string[] };
	data: { values: Value[] };
	encoding: { y: { sort: string[] } };
	layer: Layer[];
}

const asSpec = (chart: TopLevelSpec) => chart as unknown as Spec;

describe('funnelSpec', () => {
	it('centres each bar on zero, as wide as its estimate', () => {
		for (const value of asSpec(funnelSpec(ctx, data)).data.values) {
			expect(value.x0).toBeCloseTo(-value.x1, 12);
			expect(value.x1 - value.x0).toBeCloseTo(value.estimate, 12);
		}
	});

	it('keeps the stages in the given order', () => {
		const chart = asSpec(funnelSpec(ctx, [...data].reverse()));
		expect(chart.encoding.y.sort).toEqual(['Preferred', 'Used', 'Considered', 'Aware']);
	});

	it('labels every stage with its percentage, inside wide bars and beside narrow ones', () => {
		const chart = asSpec(funnelSpec(ctx, data));
		const texts = chart.layer.filter((layer) => layer.mark.type === 'text');
		const stages = texts.map((layer) => layer.data!.values.map((v) => v.stage));
		expect(stages).toEqual([['Aware', 'Considered', 'Used'], ['Preferred']]);
		expect(chart.data.values.map((v) => v.estimate_text)).toEqual(['92%', '55%', '31%', '8%']);
		// The outside label starts right of the whisker.
		expect(texts[1]!.data!.values[0]).toMatchObject({ label_x: 0.05 });
	});

	it('gives the conversion from the previous stage', () => {
		const conversions = asSpec(funnelSpec(ctx, data)).data.values.map((v) => v.of_previous);
		expect(conversions[0]).toBeNull();
		expect(conversions[1]).toBeCloseTo(0.55 / 0.92, 12);
		expect(conversions[3]).toBeCloseTo(0.08 / 0.31, 12);
	});

	it('draws CI whiskers at both ends of each bar, only when intervals are given', () => {
		const rules = (chart: TopLevelSpec) =>
			asSpec(chart).layer.filter((layer) => layer.mark.type === 'rule');
		const [whiskers] = rules(funnelSpec(ctx, data));
		expect(whiskers!.data!.values.slice(0, 2)).toEqual([
			{ stage: 'Aware', lo: -0.47, hi: -0.45 },
			{ stage: 'Aware', lo: 0.45, hi: 0.47 }
		]);
		const bare = data.map(({ stage, estimate }) => ({ stage, estimate }));
		expect(rules(funnelSpec(ctx, bare))).toEqual([]);
	});

	it('titles the chart with question, base and weighting', () => {
		const subtitle = asSpec(funnelSpec(ctx, data)).title.subtitle.join(' ');
		expect(subtitle).toContain(ctx.question);
		expect(subtitle).toContain(`${ctx.base} · ${ctx.weighting}`);
	});

	it('rejects percentages and repeated stages', () => {
		expect(() => funnelSpec(ctx, [{ stage: 'Aware', estimate: 92 }])).toThrow(RangeError);
		expect(() => funnelSpec(ctx, [data[0]!, data[0]!])).toThrow(/unique/);
	});

	it('compiles with Vega-Lite without warnings', () => {
		expect(compileWarnings(funnelSpec(ctx, data))).toEqual([]);
		const bare = data.map(({ stage, estimate }) => ({ stage, estimate }));
		expect(compileWarnings(funnelSpec({ ...ctx, width: 500 }, bare))).toEqual([]);
	});
});
