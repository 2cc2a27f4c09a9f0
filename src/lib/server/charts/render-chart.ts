/**
 * Server-side rendering of the Vega-Lite chart specs to SVG and PNG, for exported reports (PPTX
 * slides, PNG downloads), where there is no browser. Vega runs headless (renderer 'none') with
 * the AST expression interpreter, so no `new Function` is used here either; data loading is
 * refused (the specs carry inline data), and the SVG is checked to be self-contained: no scripts,
 * no external references. resvg rasterises it with the system's DejaVu Sans (Georgian included).
 */
import { renderAsync } from '@resvg/resvg-js';
import * as vega from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile, type TopLevelSpec } from 'vega-lite';

export const DEFAULT_CHART_WIDTH = 640;
const DEFAULT_CHART_HEIGHT = 400;

export interface ChartPng {
	png: Uint8Array;
	width: number;
	height: number;
}

/**
 * Renders a Vega-Lite spec to a standalone SVG string. A 'container' width (the browser default)
 * becomes `width ?? 640` pixels for the whole chart, axes and legend included.
 */
export async function chartToSvg(spec: TopLevelSpec, width?: number): Promise<string> {
	checkPositive(width, 'width');
	useDejaVuTextMetrics();
	const { spec: vegaSpec } = compile(withFixedSize(spec, width), { logger: quietLogger() });
	const problems: string[] = [];
	const view = new vega.View(vega.parse(vegaSpec, undefined, { ast: true }), {
		renderer: 'none',
		expr: expressionInterpreter,
		loader: offlineLoader(problems),
		logger: collectingLogger(problems)
	});
	try {
		const svg = await view.toSVG();
		// Vega logs rather than throws runtime errors (a refused data URL, a bad expression):
		// an export fails instead of showing an empty or half-drawn chart.
		if (problems.length) throw new Error(`The chart could not be rendered: ${problems.join('; ')}`);
		return selfContained(svg);
	} finally {
		view.finalize();
	}
}

/**
 * Renders a Vega-Lite spec to PNG. The image is `width × scale` pixels wide when `width` is
 * given (a fixed-width spec is scaled to it), otherwise the SVG's width × scale.
 */
export async function chartToPng(
	spec: TopLevelSpec,
	options: { width?: number; scale?: number } = {}
): Promise<ChartPng> {
	const scale = options.scale ?? 1;
	checkPositive(scale, 'scale');
	const svg = await chartToSvg(spec, options.width);
	const image = await renderAsync(svg, {
		font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
		fitTo:
			options.width === undefined
				? { mode: 'zoom', value: scale }
				: { mode: 'width', value: Math.round(options.width * scale) },
		background: 'white'
	});
	const png = image.asPng();
	return {
		png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
		width: image.width,
		height: image.height
	};
}

function checkPositive(value: number | undefined, what: string): void {
	if (value !== undefined && !(value > 0 && Number.isFinite(value))) {
		throw new RangeError(`The chart ${what} must be a positive number, got ${value}`);
	}
}

/** Replaces 'container' sizes, which only mean something in a browser, by pixels. */
function withFixedSize(spec: TopLevelSpec, width: number | undefined): TopLevelSpec {
	const sized = spec as TopLevelSpec & { width?: unknown; height?: unknown };
	if (sized.width !== 'container' && sized.height !== 'container') return spec;
	return {
		...spec,
		...(sized.width === 'container' ? { width: width ?? DEFAULT_CHART_WIDTH } : {}),
		...(sized.height === 'container' ? { height: DEFAULT_CHART_HEIGHT } : {}),
		// What Vega-Lite does for a 'container' width: the given width is the whole chart's.
		autosize: spec.autosize ?? { type: 'fit-x', contains: 'padding' }
	} as TopLevelSpec;
}

/**
 * Charts carry their data inline; a URL in a spec (data, image, link) is refused, not fetched,
 * and noted in `problems`. `sanitize` resolves to an empty URL rather than rejecting: Vega's
 * hyperlink code does not catch a rejection, which would surface as an unhandled rejection.
 */
function offlineLoader(problems: string[]): vega.Loader {
	const refuse = (uri: string) => {
		problems.push(`refused to load ${JSON.stringify(uri)} (charts are rendered offline)`);
		return Promise.reject(new Error(`Charts are rendered offline; not loading ${uri}`));
	};
	return {
		load: refuse,
		http: refuse,
		file: refuse,
		sanitize: (uri: string, options: { context?: string }) => {
			const verb = options?.context === 'href' ? 'link' : 'load';
			problems.push(`refused to ${verb} ${JSON.stringify(uri)} (charts are rendered offline)`);
			return Promise.resolve({ href: '' });
		}
	};
}

/** Vega-Lite warnings (e.g. about autosize) would go to the console on every export. */
function quietLogger() {
	return vega.logger(vega.Error);
}

/** Vega's errors, collected instead of printed. */
function collectingLogger(problems: string[]) {
	const logger = vega.logger(vega.Error);
	logger.error = (...args: readonly unknown[]) => {
		problems.push(args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' '));
		return logger;
	};
	return logger;
}

const XLINK_NAMESPACE = ' xmlns:xlink="http://www.w3.org/1999/xlink"';
const DISALLOWED_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'image', 'use', 'a']);

/**
 * Drops the unused XLink namespace declaration and fails if the SVG could run script or fetch
 * anything: no <script> (and the like), event handlers, or href/url() other than a local #id.
 * Text (a question may quote a URL) is escaped by Vega and allowed, in content and aria-labels.
 */
function selfContained(svg: string): string {
	const withoutXlink = svg.replace(XLINK_NAMESPACE, '');
	const cleaned = /\sxlink:/.test(withoutXlink) ? svg : withoutXlink;
	for (const [tag] of cleaned.matchAll(/<[^>]*>/g)) {
		const element = /^<\/?\s*([\w:-]+)/.exec(tag)?.[1]?.toLowerCase();
		if (element !== undefined && DISALLOWED_ELEMENTS.has(element)) {
			throw new Error(`Chart SVG contains a disallowed element: ${tag.slice(0, 80)}`);
		}
		for (const [, name = '', value = ''] of tag.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) {
			const attribute = name.toLowerCase();
			if (attribute.startsWith('aria-') || attribute === 'xmlns') continue;
			const external =
				attribute.startsWith('on') ||
				((attribute === 'href' || attribute === 'xlink:href') && !value.startsWith('#')) ||
				/url\(\s*['"]?(?!#)/i.test(value);
			if (external)
				throw new Error(`Chart SVG contains a script or external reference: ${tag.slice(0, 80)}`);
		}
	}
	return cleaned;
}

interface TextItem {
	fontSize?: number | string;
	fontWeight?: string | number;
	limit?: number;
}

let textMetricsInstalled = false;

/**
 * Without a canvas (the optional `canvas` package is not installed) Vega estimates every
 * character at 0.8 em, far wider than real text: titles squeeze the plot and labels are cut early.
 * Vega supports replacing its width function (vl-convert does the same); this one sums DejaVu Sans
 * advance widths, the font resvg draws with. Process-wide, but only the server renders Vega.
 */
function useDejaVuTextMetrics(): void {
	if (textMetricsInstalled) return;
	const metrics = (vega as unknown as { textMetrics: { width: unknown } }).textMetrics;
	metrics.width = (item: TextItem, text: unknown): number => {
		const line = text == null ? '' : String(text).trim();
		const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
		const weight = String(item.fontWeight ?? '');
		const bold = weight === 'bold' || Number(weight) >= 600 ? 1.1 : 1;
		const width = emWidth(line) * size * bold;
		// Vega measures the truncated label; a label over its limit is cut to fit within it.
		return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
	};
	textMetricsInstalled = true;
}

/**
 * DejaVu Sans advance widths in em for printable ASCII (32–126), measured from the font with
 * resvg; other characters: 0.62 em (Georgian averages 0.59), 1 em for CJK and Hangul.
 */
const ASCII_EM = [
	0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361, 0.318,
	0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838,
	0.838, 0.838, 0.531, 1, 0.712, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295,
	0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.593, 0.732, 0.684, 0.989, 0.685,
	0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635,
	0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612, 0.635, 0.635, 0.394, 0.521, 0.392, 0.634,
	0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838
];

function emWidth(text: string): number {
	let em = 0;
	for (const char of text) {
		const code = char.codePointAt(0)!;
		if (code >= 32 && code < 127) em += ASCII_EM[code - 32]!;
		else if (
			(code >= 0x2e80 && code <= 0x9fff) ||
			(code >= 0xac00 && code <= 0xd7af) ||
			(code >= 0xff00 && code <= 0xffef)
		) {
			em += 1;
		} else em += 0.62;
	}
	return em;
}
