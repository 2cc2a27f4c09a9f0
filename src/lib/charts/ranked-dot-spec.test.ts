import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import type { ChartContext } from './chart-context.ts';
import { compileWarnings } from './compile-warnings.ts';
import { rankedDotSpec, type RankedDotDatum } from './ranked-dot-spec.ts';

const ctx: ChartContext = {
	title: 'Trust in local government by region',
	question: 'How much do you trust your local government?',
	base: 'Base: all respondents, n = 3,600',
	weighting: 'Weighted: Census 2014 margins (raking)'
};

const data: RankedDotDatum[] = [
	{ unit: 'Tbilisi', estimate: 0.42, ci_low: 0.39, ci_high: 0.45, n: 1100 },
	{ unit: 'Imereti', estimate: 0.51, ci_low: 0.46, ci_high: 0.56, n: 500 },
	{ unit: 'Kakheti', estimate: 0.33, ci_low: 0.27, ci_high: 0.39, n: 300 },
	{ unit: 'Adjara', estimate: 0.47, ci_low: 0.41, ci_high: 0.53, n: 350 },
	{ unit: 'Guria', estimate: 0.42, ci_low: 0.33, ci_high: 0.51, n: 120 }
];

interface Layer {
	data?: { values: Record<string, unknown>[] };
	mark: { type: string; strokeDash?: number[] };
	encoding: Record<string, { field?: string; sort?: string[] }>;
}

interface Spec {
	title: { subtitle: string[] };
	data: { values: { unit: string; rank: number; estimate: number }[] };
	layer: Layer[];
}

const asSpec = (chart: TopLevelSpec) => chart as unknown as Spec;

describe('rankedDotSpec', () => {
	it('ranks the units by estimate, highest first, ties in input order', () => {
		const chart = asSpec(rankedDotSpec(ctx, data));
		const order = ['Imereti', 'Adjara', 'Tbilisi', 'Guria', 'Kakheti'];
		expect(chart.data.values.map((v) => v.unit)).toEqual(order);
		expect(chart.data.values.map((v) => v.rank)).toEqual([1, 2, 3, 4, 5]);
		expect(chart.layer[0]!.encoding.y!.sort).toEqual(order);
		expect(chart.layer[1]!.encoding.y!.sort).toEqual(order);
	});

	it('does not reorder the caller’s array', () => {
		const input = [...data];
		rankedDotSpec(ctx, input);
		expect(input).toEqual(data);
	});

	it('draws CI rules and dots at the estimates, as fractions', () => {
		const chart = asSpec(rankedDotSpec(ctx, data));
		const [rules, dots] = chart.layer;
		expect(rules!.mark.type).toBe('rule');
		expect(rules!.encoding.x!.field).toBe('ci_low');
		expect(rules!.encoding.x2!.field).toBe('ci_high');
		expect(dots!.mark.type).toBe('point');
		expect(dots!.encoding.x!.field).toBe('estimate');
		expect(chart.data.values[0]!.estimate).toBe(0.51);
	});

	it('adds a full-height dashed rule at the overall value when given', () => {
		const chart = asSpec(rankedDotSpec(ctx, data, { overall: 0.44 }));
		expect(chart.layer).toHaveLength(3);
		const overall = chart.layer[2]!;
		expect(overall.mark).toMatchObject({ type: 'rule', strokeDash: [5, 3] });
		expect(overall.data!.values).toEqual([{ overall: 0.44, overall_text: '44.0%' }]);
		expect(overall.encoding.x!.field).toBe('overall');
		expect(overall.encoding.y).toBeUndefined();
		expect(chart.title.subtitle.join(' ')).toContain('dashed line: overall, 44%');
		expect(asSpec(rankedDotSpec(ctx, data)).layer).toHaveLength(2);
	});

	it('titles the chart with question, base and weighting', () => {
		const subtitle = asSpec(rankedDotSpec(ctx, data)).title.subtitle.join(' ');
		expect(subtitle).toContain(ctx.question);
		expect(subtitle).toContain(`${ctx.base} · ${ctx.weighting}`);
	});

	it('rejects percentages and repeated units', () => {
		expect(() => rankedDotSpec(ctx, data, { overall: 44 })).toThrow(RangeError);
		expect(() => rankedDotSpec(ctx, [{ ...data[0]!, ci_high: 45 }])).toThrow(RangeError);
		expect(() => rankedDotSpec(ctx, [data[0]!, data[0]!])).toThrow(/unique/);
	});

	it('compiles with Vega-Lite without warnings', () => {
		expect(compileWarnings(rankedDotSpec(ctx, data))).toEqual([]);
		expect(compileWarnings(rankedDotSpec({ ...ctx, width: 480 }, data, { overall: 0.44 }))).toEqual(
			[]
		);
	});
});
