import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { barChartSpec } from '../../charts/bar-chart-spec.ts';
import type { ChartContext } from '../../charts/chart-context.ts';
import { ciBarSpec } from '../../charts/ci-bar-spec.ts';
import { funnelSpec } from '../../charts/funnel-spec.ts';
import { profileHeatmapSpec } from '../../charts/profile-heatmap-spec.ts';
import { rankedDotSpec } from '../../charts/ranked-dot-spec.ts';
import { divergingLikertSpec, stackedBarSpec } from '../../charts/stacked-bar-spec.ts';
import { trendSpec } from '../../charts/trend-spec.ts';
import { chartToPng, chartToSvg } from './render-chart.ts';

const ctx: ChartContext = {
	title: 'Awareness of institutions',
	question: 'Have you heard of …? (ცნობადობა)',
	base: 'Base: all respondents, n = 3,600 (effective 2,950)',
	weighting: 'Weighted: Census 2014 margins (raking)'
};

const likert = ['Strongly disagree', 'Disagree', 'Neither', 'Agree', 'Strongly agree'].flatMap(
	(category, order) =>
		['Government', 'Parliament'].map((item, row) => ({
			item,
			category,
			order,
			share: [
				[0.2, 0.25, 0.15, 0.3, 0.1],
				[0.05, 0.1, 0.2, 0.4, 0.25]
			][row]![order]!
		}))
);

const charts: [string, TopLevelSpec][] = [
	[
		'ciBarSpec',
		ciBarSpec(ctx, [
			{ label: 'Parliament', estimate: 0.81, ci_low: 0.79, ci_high: 0.83, n: 3600 },
			{ label: 'Ombudsman', estimate: 0.44, ci_low: 0.41, ci_high: 0.47, n: 3600 }
		])
	],
	['stackedBarSpec', stackedBarSpec(ctx, likert)],
	[
		'divergingLikertSpec',
		divergingLikertSpec(ctx, likert, {
			negative: ['Strongly disagree', 'Disagree'],
			neutral: 'Neither'
		})
	],
	[
		'trendSpec',
		trendSpec(ctx, [
			{ wave: '2019', series: 'Ombudsman', estimate: 0.38, ci_low: 0.35, ci_high: 0.41 },
			{
				wave: '2021',
				series: 'Ombudsman',
				estimate: 0.44,
				ci_low: 0.41,
				ci_high: 0.47,
				change_significant: true
			}
		])
	],
	[
		'funnelSpec',
		funnelSpec(ctx, [
			{ stage: 'Aware', estimate: 0.8, ci_low: 0.78, ci_high: 0.82 },
			{ stage: 'Trust', estimate: 0.3, ci_low: 0.28, ci_high: 0.32 }
		])
	],
	[
		'rankedDotSpec',
		rankedDotSpec(
			ctx,
			[
				{ unit: 'Tbilisi', estimate: 0.42, ci_low: 0.39, ci_high: 0.45 },
				{ unit: 'Kutaisi', estimate: 0.51, ci_low: 0.46, ci_high: 0.56 }
			],
			{ overall: 0.45 }
		)
	],
	[
		'profileHeatmapSpec',
		profileHeatmapSpec(ctx, [
			{ segment: 'Cluster 1', variable: 'Age', category: '18–34', index: 140, significant: true },
			{ segment: 'Cluster 2', variable: 'Age', category: '18–34', index: 80, significant: false }
		])
	]
];

/** Root <svg> width and height attributes. */
function svgSize(svg: string): { width: number; height: number } {
	const root = /<svg[^>]*>/.exec(svg)![0];
	return {
		width: Number(/\swidth="([\d.]+)"/.exec(root)![1]),
		height: Number(/\sheight="([\d.]+)"/.exec(root)![1])
	};
}

describe('chartToSvg', () => {
	it.each(charts)('renders %s with its title, Georgian question and base', async (_, spec) => {
		const svg = await chartToSvg(spec);
		expect(svg.startsWith('<svg')).toBe(true);
		expect(svg).toContain('>Awareness of institutions</text>');
		expect(svg).toContain('Have you heard of …? (ცნობადობა)');
		expect(svg).toContain('Base: all respondents, n = 3,600 (effective 2,950)');
		expect(svg).toContain('Weighted: Census 2014 margins (raking)');
		expect(svg).toContain('DejaVu Sans');
		expect(svg).not.toMatch(/<script/i);
		expect(svg.match(/https?:\/\/[^\s"'<>]*/g)).toEqual(['http://www.w3.org/2000/svg']);
		expect(svgSize(svg).width).toBe(640);
	});

	it('evaluates expressions without generating code (no Function constructor)', async () => {
		const original = globalThis.Function;
		const calls: string[] = [];
		const refuse = () => {
			calls.push('Function');
			throw new Error('Function constructor called');
		};
		globalThis.Function = new Proxy(original, { apply: refuse, construct: refuse });
		try {
			// The diverging chart has an axis label expression; the trend chart layers and legends.
			await chartToSvg(charts[2]![1]);
			await chartToSvg(charts[3]![1]);
		} finally {
			globalThis.Function = original;
		}
		expect(calls).toEqual([]);
	});

	it('renders a container-width chart at the width asked for', async () => {
		const svg = await chartToSvg(charts[0]![1], 900);
		expect(svgSize(svg).width).toBe(900);
	});

	it('keeps a fixed-width chart at its width', async () => {
		const spec = ciBarSpec({ ...ctx, width: 480 }, [
			{ label: 'A', estimate: 0.5, ci_low: 0.4, ci_high: 0.6 }
		]);
		expect(svgSize(await chartToSvg(spec, 900)).width).toBe(480);
	});

	it('renders other Vega-Lite specs with a container width, such as barChartSpec', async () => {
		const svg = await chartToSvg(barChartSpec('Answers', [{ label: 'Yes', n: 3 }]), 500);
		expect(svgSize(svg).width).toBe(500);
		expect(svg).toContain('>Answers</text>');
	});

	it('measures text like DejaVu Sans, so a subtitle that fits does not squeeze the plot', async () => {
		// 82 characters: ~560 px in DejaVu Sans 12 px, but ~790 px by Vega's canvas-less estimate
		// (0.8 em per character), which would narrow the plot to make room for it.
		const base = 'Base: all respondents, n = 3,600 (effective 2,950)';
		const weighting = 'Weighted: Census 2014 margins';
		const spec = ciBarSpec({ title: 'T', base, weighting, width: 640 }, [
			{ label: 'A', estimate: 0.5, ci_low: 0.4, ci_high: 0.6 }
		]);
		const svg = await chartToSvg(spec);
		expect(svg).toContain(`${base} · ${weighting}`);
		// The x axis' last grid line: ~580 px from the plot's left edge (~480 with the estimate).
		const grid = [...svg.matchAll(/role-axis-grid[\s\S]*?<\/g>/g)][0]![0];
		const positions = [...grid.matchAll(/translate\(([\d.]+),0\)/g)].map((m) => Number(m[1]));
		expect(Math.max(...positions)).toBeGreaterThan(540);
	});

	it('escapes markup in texts and allows URLs quoted as text', async () => {
		const spec = ciBarSpec(
			{ ...ctx, title: '<script>alert(1)</script>', question: 'See https://example.org/q' },
			[{ label: 'A', estimate: 0.5, ci_low: 0.4, ci_high: 0.6 }]
		);
		const svg = await chartToSvg(spec);
		expect(svg).not.toMatch(/<script/i);
		expect(svg).toContain('&lt;script&gt;');
		expect(svg).toContain('See https://example.org/q');
	});

	it('refuses to load data from a URL', async () => {
		const spec: TopLevelSpec = {
			data: { url: 'https://example.org/data.json' },
			mark: 'bar',
			encoding: { x: { field: 'a', type: 'quantitative' } }
		};
		await expect(chartToSvg(spec)).rejects.toThrow(
			/refused to load "https:\/\/example.org\/data.json"/
		);
	});

	it('refuses links and images pointing elsewhere', async () => {
		const link: TopLevelSpec = {
			data: { values: [{ a: 1 }] },
			mark: 'bar',
			encoding: {
				x: { field: 'a', type: 'quantitative' },
				href: { value: 'https://example.org/' }
			}
		};
		await expect(chartToSvg(link)).rejects.toThrow(/refused to link "https:\/\/example.org\/"/);
		const image: TopLevelSpec = {
			data: { values: [{ a: 1 }] },
			mark: { type: 'image', url: 'https://example.org/a.png', width: 10, height: 10 },
			encoding: { x: { field: 'a', type: 'quantitative' } }
		};
		await expect(chartToSvg(image)).rejects.toThrow(
			/refused to load "https:\/\/example.org\/a.png"/
		);
	});
});

describe('chartToPng', () => {
	const pngMagic = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

	/** Width and height from the PNG's IHDR chunk. */
	function pngSize(png: Uint8Array): { width: number; height: number } {
		const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
		return { width: view.getUint32(16), height: view.getUint32(20) };
	}

	it('renders a PNG the width asked for times the scale', async () => {
		const result = await chartToPng(charts[2]![1], { width: 500, scale: 2 });
		expect([...result.png.slice(0, 8)]).toEqual(pngMagic);
		expect(result.width).toBe(1000);
		expect(pngSize(result.png)).toEqual({ width: result.width, height: result.height });
		const svg = svgSize(await chartToSvg(charts[2]![1], 500));
		expect(result.height).toBe(Math.round(svg.height * 2));
	});

	it('defaults to 640 px at scale 1', async () => {
		const result = await chartToPng(charts[0]![1]);
		expect([...result.png.slice(0, 8)]).toEqual(pngMagic);
		expect(result.width).toBe(640);
	});

	it('scales a fixed-width chart to the width asked for', async () => {
		const spec = rankedDotSpec({ ...ctx, width: 400 }, [
			{ unit: 'A', estimate: 0.5, ci_low: 0.4, ci_high: 0.6 }
		]);
		expect((await chartToPng(spec, { scale: 1.5 })).width).toBe(600);
		expect((await chartToPng(spec, { width: 800 })).width).toBe(800);
	});

	it('draws the Georgian text (more ink than the same chart without it)', async () => {
		const spec = (question: string) =>
			funnelSpec({ ...ctx, question, width: 400 }, [{ stage: 'Aware', estimate: 0.8 }]);
		const dark = (png: Uint8Array) => png.length;
		const withGeorgian = await chartToPng(spec('ცნობადობა ცნობადობა ცნობადობა'));
		const blank = await chartToPng(spec('.'));
		// The compressed size grows with the glyphs drawn; missing glyphs would draw nothing.
		expect(dark(withGeorgian.png)).toBeGreaterThan(dark(blank.png) + 500);
	});

	it('rejects a bad scale or width', async () => {
		await expect(chartToPng(charts[0]![1], { scale: 0 })).rejects.toThrow(RangeError);
		await expect(chartToPng(charts[0]![1], { width: -1 })).rejects.toThrow(RangeError);
		await expect(chartToSvg(charts[0]![1], Number.NaN)).rejects.toThrow(RangeError);
	});
});
