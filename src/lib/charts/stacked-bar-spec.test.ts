import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import type { ChartContext } from './chart-context.ts';
import { compileWarnings } from './compile-warnings.ts';
import { divergingLikertSpec, stackedBarSpec, type StackedDatum } from './stacked-bar-spec.ts';

const ctx: ChartContext = {
	title: 'Trust in institutions',
	question: 'How much do you agree: "The institution serves people like me"?',
	base: 'Base: all respondents, n = 1,200',
	weighting: 'Unweighted'
};

const scale = ['Strongly disagree', 'Disagree', 'Neither', 'Agree', 'Strongly agree'];

function likert(item: string, shares: number[], categories = scale): StackedDatum[] {
	return shares.map((share, index) => ({
		item,
		category: categories[index]!,
		share,
		order: index + 1
	}));
}

const data = [
	...likert('Government', [0.2, 0.25, 0.15, 0.3, 0.1]),
	...likert('Parliament', [0.05, 0.1, 0.2, 0.4, 0.25]),
	...likert('Courts', [0.1, 0.1, 0.3, 0.3, 0.2])
];
const options = { negative: ['Strongly disagree', 'Disagree'], neutral: 'Neither' };

interface Segment {
	item: string;
	category: string;
	share: number;
	x0: number;
	x1: number;
	mid: number;
	label: string;
}

interface Spec {
	title: { subtitle: string[] };
	data: { values: Segment[] };
	encoding: { y: { sort: string[] } };
	layer: { mark: { type: string }; encoding: Record<string, Record<string, unknown>> }[];
}

const asSpec = (chart: TopLevelSpec) => chart as unknown as Spec;
const segmentsOf = (chart: TopLevelSpec, item: string) =>
	asSpec(chart).data.values.filter((segment) => segment.item === item);

describe('stackedBarSpec', () => {
	it('stacks categories by order, contiguously from 0 to 1', () => {
		const shuffled = [...data].reverse();
		for (const item of ['Government', 'Parliament', 'Courts']) {
			const segments = segmentsOf(stackedBarSpec(ctx, shuffled), item);
			expect(segments.map((s) => s.category)).toEqual(scale);
			expect(segments[0]!.x0).toBe(0);
			expect(segments.at(-1)!.x1).toBeCloseTo(1, 12);
			for (let i = 1; i < segments.length; i++) {
				expect(segments[i]!.x0).toBeCloseTo(segments[i - 1]!.x1, 12);
			}
		}
	});

	it('keeps the items in the given order and the shares as fractions', () => {
		const chart = asSpec(stackedBarSpec(ctx, data));
		expect(chart.encoding.y.sort).toEqual(['Government', 'Parliament', 'Courts']);
		expect(chart.data.values[0]).toMatchObject({ share: 0.2, label: '20%' });
		expect(chart.layer[0]!.encoding.color).toMatchObject({ scale: { domain: scale } });
	});

	it('fills the bar even when the shares do not add up exactly, labelling them as given', () => {
		const segments = segmentsOf(stackedBarSpec(ctx, likert('X', [0.33, 0.33, 0.33])), 'X');
		expect(segments.at(-1)!.x1).toBeCloseTo(1, 12);
		expect(segments.map((s) => s.share)).toEqual([0.33, 0.33, 0.33]);
	});

	it('leaves segments too narrow for a label unlabelled', () => {
		const segments = segmentsOf(stackedBarSpec(ctx, likert('X', [0.02, 0.98])), 'X');
		expect(segments.map((s) => s.label)).toEqual(['', '98%']);
	});

	it('titles the chart with question, base and weighting', () => {
		const subtitle = asSpec(stackedBarSpec(ctx, data)).title.subtitle.join(' ');
		expect(subtitle).toContain(ctx.question);
		expect(subtitle).toContain('Base: all respondents, n = 1,200 · Unweighted');
	});

	it('rejects percentages and repeated categories', () => {
		expect(() => stackedBarSpec(ctx, likert('X', [20, 80]))).toThrow(RangeError);
		expect(() => stackedBarSpec(ctx, [...likert('X', [0.5]), ...likert('X', [0.5])])).toThrow(
			/twice/
		);
	});

	it('compiles with Vega-Lite without warnings', () => {
		expect(compileWarnings(stackedBarSpec(ctx, data))).toEqual([]);
		expect(compileWarnings(stackedBarSpec({ ...ctx, width: 480 }, data))).toEqual([]);
	});
});

describe('divergingLikertSpec', () => {
	it('centres each bar at zero: negatives plus half the neutral left of it', () => {
		for (const item of ['Government', 'Parliament', 'Courts']) {
			const segments = segmentsOf(divergingLikertSpec(ctx, data, options), item);
			const share = (category: string) => segments.find((s) => s.category === category)!.share;
			const left = share('Strongly disagree') + share('Disagree') + share('Neither') / 2;
			const right = share('Agree') + share('Strongly agree') + share('Neither') / 2;
			expect(segments[0]!.x0).toBeCloseTo(-left, 12);
			expect(segments.at(-1)!.x1).toBeCloseTo(right, 12);
			// Contiguous, each as wide as its share.
			for (let i = 0; i < segments.length; i++) {
				expect(segments[i]!.x1 - segments[i]!.x0).toBeCloseTo(segments[i]!.share, 12);
				if (i > 0) expect(segments[i]!.x0).toBeCloseTo(segments[i - 1]!.x1, 12);
			}
			// The neutral segment straddles 0 symmetrically.
			const neutral = segments.find((s) => s.category === 'Neither')!;
			expect(neutral.x0).toBeCloseTo(-neutral.x1, 12);
			expect(neutral.mid).toBeCloseTo(0, 12);
		}
	});

	it('puts the most extreme negative answer farthest left', () => {
		const segments = segmentsOf(divergingLikertSpec(ctx, data, options), 'Government');
		expect(segments.map((s) => s.category)).toEqual(scale);
		expect(segments.filter((s) => s.x1 <= 1e-12).map((s) => s.category)).toEqual([
			'Strongly disagree',
			'Disagree'
		]);
	});

	it('lays out a scale that runs from agree to disagree the same way', () => {
		const reversed = [...scale].reverse();
		const rows = likert('Government', [0.1, 0.3, 0.15, 0.25, 0.2], reversed);
		const segments = segmentsOf(divergingLikertSpec(ctx, rows, options), 'Government');
		expect(segments.map((s) => s.category)).toEqual(scale);
		expect(segments[0]!.x0).toBeCloseTo(-(0.2 + 0.25 + 0.075), 12);
	});

	it('starts the positives at zero when there is no neutral category', () => {
		const rows = likert('X', [0.1, 0.3, 0.4, 0.2], ['SD', 'D', 'A', 'SA']);
		const segments = segmentsOf(divergingLikertSpec(ctx, rows, { negative: ['SD', 'D'] }), 'X');
		expect(segments[0]!.x0).toBeCloseTo(-0.4, 12);
		expect(segments.find((s) => s.category === 'A')!.x0).toBeCloseTo(0, 12);
		expect(segments.at(-1)!.x1).toBeCloseTo(0.6, 12);
	});

	it('uses a symmetric axis with a rule at zero and unsigned percentage labels', () => {
		const chart = asSpec(divergingLikertSpec(ctx, data, options));
		const x = chart.layer[0]!.encoding.x as { scale: { domain: number[] }; axis: object };
		const [low, high] = x.scale.domain as [number, number];
		expect(low).toBe(-high);
		// Parliament reaches 0.65 + 0.1 = 0.75 to the right.
		expect(high).toBeCloseTo(0.8, 12);
		expect(x.axis).toMatchObject({ labelExpr: expect.stringContaining('abs(datum.value)') });
		expect(chart.layer.at(-1)).toMatchObject({
			mark: { type: 'rule' },
			encoding: { x: { datum: 0 } }
		});
	});

	it('colours the categories in scale order, legend included', () => {
		const chart = asSpec(divergingLikertSpec(ctx, data, options));
		const colour = chart.layer[0]!.encoding.color as {
			scale: { domain: string[]; range: string[] };
		};
		expect(colour.scale.domain).toEqual(scale);
		expect(new Set(colour.scale.range).size).toBe(5);
	});

	it('notes how the neutral answer is drawn', () => {
		const subtitle = asSpec(divergingLikertSpec(ctx, data, options)).title.subtitle;
		expect(subtitle.at(-1)).toContain('“Neither” is split evenly');
	});

	it('compiles with Vega-Lite without warnings', () => {
		expect(compileWarnings(divergingLikertSpec(ctx, data, options))).toEqual([]);
		expect(compileWarnings(divergingLikertSpec(ctx, [], options))).toEqual([]);
	});
});
