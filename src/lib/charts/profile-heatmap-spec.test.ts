import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import type { ChartContext } from './chart-context.ts';
import { compileWarnings } from './compile-warnings.ts';
import {
	SIGNIFICANT_INDEX_NOTE,
	profileHeatmapSpec,
	type ProfileDatum
} from './profile-heatmap-spec.ts';

const ctx: ChartContext = {
	title: 'Segment profiles',
	question: 'Index: segment share / total share × 100',
	base: 'Base: all respondents, n = 3,600',
	weighting: 'Weighted: Census 2014 margins (raking)'
};

function cell(
	segment: string,
	variable: string,
	category: string,
	index: number,
	significant = false
): ProfileDatum {
	return { segment, variable, category, index, significant };
}

const data: ProfileDatum[] = [
	cell('Cluster 1', 'Age', '18–34', 142, true),
	cell('Cluster 2', 'Age', '18–34', 71, true),
	cell('Cluster 3', 'Age', '18–34', 98),
	cell('Cluster 1', 'Age', '55+', 60, true),
	cell('Cluster 2', 'Age', '55+', 120),
	cell('Cluster 3', 'Age', '55+', 105),
	cell('Cluster 1', 'Settlement', 'Urban', 110),
	cell('Cluster 2', 'Settlement', 'Urban', 85, true),
	cell('Cluster 3', 'Settlement', 'Urban', 100.4)
];

interface Value {
	row: string;
	segment: string;
	index: number;
	significant: boolean;
	label: string;
	ink: string;
}

interface Layer {
	data?: { values: Value[] };
	mark: { type: string; fontWeight?: string };
	encoding: Record<string, Record<string, unknown>>;
}

interface Spec {
	title: { subtitle: string[] };
	data: { values: Value[] };
	encoding: { x: { sort: string[] }; y: { sort: string[] } };
	layer: Layer[];
}

const asSpec = (chart: TopLevelSpec) => chart as unknown as Spec;

describe('profileHeatmapSpec', () => {
	it('has "variable: category" rows and segment columns, in the given order', () => {
		const chart = asSpec(profileHeatmapSpec(ctx, data));
		expect(chart.encoding.y.sort).toEqual(['Age: 18–34', 'Age: 55+', 'Settlement: Urban']);
		expect(chart.encoding.x.sort).toEqual(['Cluster 1', 'Cluster 2', 'Cluster 3']);
		expect(chart.data.values[0]).toMatchObject({ row: 'Age: 18–34', segment: 'Cluster 1' });
	});

	it('colours cells by index on a scale diverging at 100', () => {
		const rect = asSpec(profileHeatmapSpec(ctx, data)).layer[0]!;
		expect(rect.mark.type).toBe('rect');
		expect(rect.encoding.color).toMatchObject({
			field: 'index',
			type: 'quantitative',
			scale: { domainMid: 100 }
		});
	});

	it('writes the rounded index in every cell, bold and starred when significant', () => {
		const chart = asSpec(profileHeatmapSpec(ctx, data));
		const texts = chart.layer.filter((layer) => layer.mark.type === 'text');
		expect(texts.map((layer) => layer.mark.fontWeight)).toEqual(['normal', 'bold']);
		const [plain, bold] = texts.map((layer) => layer.data!.values.map((v) => v.label));
		expect(bold).toEqual(['142*', '71*', '60*', '85*']);
		expect(plain).toEqual(['98', '120', '105', '110', '100']);
		expect(texts.every((layer) => layer.encoding.text!.field === 'label')).toBe(true);
		expect(chart.title.subtitle.join(' ')).toContain(SIGNIFICANT_INDEX_NOTE);
	});

	it('uses white text only on strongly coloured cells', () => {
		const inkOf = (label: string) =>
			asSpec(profileHeatmapSpec(ctx, data)).data.values.find((v) => v.label === label)!.ink;
		expect(inkOf('142*')).toBe('#ffffff');
		expect(inkOf('60*')).toBe('#ffffff');
		expect(inkOf('100')).not.toBe('#ffffff');
		expect(inkOf('110')).not.toBe('#ffffff');
	});

	it('leaves the significance note out when nothing is significant', () => {
		const quiet = data.map((datum) => ({ ...datum, significant: false }));
		const subtitle = asSpec(profileHeatmapSpec(ctx, quiet)).title.subtitle.join(' ');
		expect(subtitle).not.toContain(SIGNIFICANT_INDEX_NOTE);
		expect(subtitle).toContain(`${ctx.base} · ${ctx.weighting}`);
		expect(subtitle).toContain(ctx.question);
	});

	it('rejects negative or non-numeric indices', () => {
		expect(() => profileHeatmapSpec(ctx, [cell('A', 'B', 'C', -5)])).toThrow(RangeError);
		expect(() => profileHeatmapSpec(ctx, [cell('A', 'B', 'C', Number.NaN)])).toThrow(RangeError);
	});

	it('compiles with Vega-Lite without warnings', () => {
		expect(compileWarnings(profileHeatmapSpec(ctx, data))).toEqual([]);
		expect(compileWarnings(profileHeatmapSpec({ ...ctx, width: 600 }, data.slice(0, 1)))).toEqual(
			[]
		);
	});
});
