import { describe, expect, it } from 'vitest';
import type { ChartContext } from './chart-context.ts';
import { compileWarnings } from './compile-warnings.ts';
import { ciBarSpec, type CiBarDatum } from './ci-bar-spec.ts';

const ctx: ChartContext = {
	title: 'Vote intention',
	question: 'If elections were held next Sunday, which party would you vote for?',
	base: 'Base: all respondents, n = 3,600 (effective 2,950)',
	weighting: 'Weighted: Census 2014 margins (raking)'
};

const ungrouped: CiBarDatum[] = [
	{ label: 'Party B', estimate: 0.22, ci_low: 0.2, ci_high: 0.25, n: 3600 },
	{ label: 'Party A', estimate: 0.42, ci_low: 0.39, ci_high: 0.45, n: 3600 },
	{ label: 'Party C', estimate: 0.08, ci_low: 0.06, ci_high: 0.1, n: 3600 }
];

const grouped: CiBarDatum[] = [
	{ label: 'Party A', group: 'Tbilisi', estimate: 0.42, ci_low: 0.39, ci_high: 0.45 },
	{ label: 'Party A', group: 'Rest', estimate: 0.35, ci_low: 0.31, ci_high: 0.39 },
	{ label: 'Party B', group: 'Tbilisi', estimate: 0.22, ci_low: 0.2, ci_high: 0.25 },
	{ label: 'Party B', group: 'Rest', estimate: 0.28, ci_low: 0.25, ci_high: 0.31 }
];

interface Spec {
	title: { text: string; subtitle: string[] };
	data: { values: Record<string, unknown>[] };
	encoding: Record<string, { field?: string; sort?: unknown }> & {
		tooltip: { field: string }[];
	};
	layer: {
		mark: { type: string };
		encoding: Record<string, { field?: string; scale?: unknown }>;
	}[];
}

function spec(data: CiBarDatum[], context = ctx): Spec {
	return ciBarSpec(context, data) as unknown as Spec;
}

describe('ciBarSpec', () => {
	it('titles the chart with the question, base and weighting', () => {
		const { title } = spec(ungrouped);
		expect(title.text).toBe('Vote intention');
		const subtitle = title.subtitle.join(' ');
		expect(subtitle).toContain(ctx.question);
		expect(subtitle).toContain('n = 3,600 (effective 2,950)');
		expect(subtitle).toContain('Census 2014 margins (raking)');
	});

	it('keeps the bars in the given order, not sorted by value', () => {
		expect(spec(ungrouped).encoding.y).toMatchObject({
			field: 'label',
			sort: ['Party B', 'Party A', 'Party C']
		});
	});

	it('passes proportions through as fractions, with percentage texts for labels and tooltips', () => {
		const [first] = spec(ungrouped).data.values;
		expect(first).toMatchObject({
			label: 'Party B',
			estimate: 0.22,
			ci_low: 0.2,
			ci_high: 0.25,
			n: 3600,
			estimate_text: '22%',
			ci_text: '20.0%–25.0%'
		});
	});

	it('draws bars, whiskers from ci_low to ci_high, and value labels', () => {
		const { layer } = spec(ungrouped);
		expect(layer.map((l) => l.mark.type)).toEqual(['bar', 'rule', 'text']);
		expect(layer[0]!.encoding.x!.field).toBe('estimate');
		expect(layer[1]!.encoding.x!.field).toBe('ci_low');
		expect(layer[1]!.encoding.x2!.field).toBe('ci_high');
	});

	it('colours and offsets bars by group when there are groups', () => {
		const chart = spec(grouped);
		expect(chart.encoding.yOffset).toMatchObject({ field: 'group', sort: ['Tbilisi', 'Rest'] });
		expect(chart.layer[0]!.encoding.color).toMatchObject({
			field: 'group',
			scale: { domain: ['Tbilisi', 'Rest'] }
		});
		expect(chart.encoding.y!.sort).toEqual(['Party A', 'Party B']);
	});

	it('has no colour or offset channel without groups', () => {
		const chart = spec(ungrouped);
		expect(chart.encoding.yOffset).toBeUndefined();
		expect(chart.layer[0]!.encoding.color).toBeUndefined();
	});

	it('shows %, CI and n in the tooltip, n only when known', () => {
		const fields = (data: CiBarDatum[]) => spec(data).encoding.tooltip.map((t) => t.field);
		expect(fields(ungrouped)).toEqual(['label', 'estimate', 'ci_text', 'n']);
		expect(fields(grouped)).toEqual(['label', 'group', 'estimate', 'ci_text']);
	});

	it('rejects percentages and a mix of grouped and ungrouped bars', () => {
		expect(() => ciBarSpec(ctx, [{ label: 'A', estimate: 42, ci_low: 39, ci_high: 45 }])).toThrow(
			RangeError
		);
		expect(() => ciBarSpec(ctx, [...grouped, { ...ungrouped[0]! }])).toThrow(/group/);
	});

	it('compiles with Vega-Lite without warnings, grouped or not, fixed width or not', () => {
		expect(compileWarnings(ciBarSpec(ctx, ungrouped))).toEqual([]);
		expect(compileWarnings(ciBarSpec({ ...ctx, width: 500 }, grouped))).toEqual([]);
		expect(compileWarnings(ciBarSpec(ctx, []))).toEqual([]);
	});
});
