/**
 * What every analysis chart carries besides its data: title, question wording, base and
 * weighting, so that a chart copied into a report or slide on its own still says what it shows.
 * Also the shared pieces of the chart spec builders: the title block, the common config (font,
 * accessible palette) and small pure helpers for proportions. Pure, for browser and server alike.
 */
import type { TopLevelSpec } from 'vega-lite';

export interface ChartContext {
	title: string;
	/** Question wording, shown under the title. */
	question?: string;
	/** e.g. "Base: all respondents, n = 3,600 (effective 2,950)" */
	base: string;
	/** e.g. "Weighted: Census 2014 margins (raking)" or "Unweighted" */
	weighting: string;
	/** Fixed pixel width; default 'container' (browser). */
	width?: number;
}

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** DejaVu Sans first: it has Georgian glyphs and is the font the server renders PNGs with. */
export const CHART_FONT = 'DejaVu Sans, Arial, sans-serif';

/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), grey last. */
export const PALETTE = [
	'#0072B2',
	'#E69F00',
	'#009E73',
	'#CC79A7',
	'#56B4E9',
	'#D55E00',
	'#F0E442',
	'#7F7F7F'
] as const;

/** The one colour of single-series charts (as in barChartSpec). */
export const PRIMARY = '#1f4e79';
export const INK = '#1a1a1a';
export const MUTED = '#555555';
export const GRID = '#e6e6e6';

/** Subtitle lines are wrapped at about this many characters when the width is 'container'. */
const CONTAINER_LINE_CHARS = 96;
/** Width assumed for 'container' charts when laying out legends (the server's default width). */
const CONTAINER_WIDTH_GUESS = 640;
/**
 * Approximate width of one subtitle character (12 px DejaVu Sans, mixed text) for fixed-width
 * charts. Vega does not wrap titles, and a subtitle wider than the chart squeezes the plot.
 */
const SUBTITLE_CHAR_PX = 7.2;

type Title = Exclude<TopLevelSpec['title'], string | string[] | undefined>;
type Config = NonNullable<TopLevelSpec['config']>;

/**
 * The parts of a top-level spec every chart shares. `autosize: fit-x` keeps the total width
 * (axes, legend and title included) at `ctx.width`, or at the container's width in the browser.
 */
export function chartFrame(
	ctx: ChartContext,
	notes: string[] = []
): {
	$schema: string;
	title: Title;
	width: number | 'container';
	autosize: { type: 'fit-x'; contains: 'padding' };
	config: Config;
	padding: number;
} {
	return {
		$schema: VEGA_LITE_SCHEMA,
		title: chartTitle(ctx, notes),
		width: ctx.width ?? 'container',
		autosize: { type: 'fit-x', contains: 'padding' },
		padding: 8,
		config: chartConfig()
	};
}

/**
 * Title with the subtitle lines [question…, "base · weighting"…, notes…]; long lines are wrapped
 * because Vega does not wrap text.
 */
export function chartTitle(ctx: ChartContext, notes: string[] = []): Title {
	const chars = lineChars(ctx.width);
	const question = ctx.question?.trim() ? wrapText(ctx.question.trim(), chars) : [];
	const base = wrapText(`${ctx.base} · ${ctx.weighting}`, chars);
	const subtitle = [...question, ...base, ...notes.flatMap((note) => wrapText(note, chars))];
	return { text: ctx.title, subtitle, anchor: 'start' };
}

export function chartConfig(): Config {
	return {
		font: CHART_FONT,
		background: 'white',
		view: { stroke: null },
		title: {
			fontSize: 15,
			fontWeight: 'bold',
			color: INK,
			subtitleFontSize: 12,
			subtitleColor: MUTED,
			subtitlePadding: 4,
			offset: 12
		},
		axis: {
			labelFontSize: 11,
			labelColor: INK,
			titleFontSize: 11,
			titleFontWeight: 'normal',
			titleColor: MUTED,
			gridColor: GRID,
			domainColor: '#999999',
			tickColor: '#999999'
		},
		// Numeric axes drop labels that would touch (e.g. "40%45%"); category axes keep them all.
		axisQuantitative: { labelOverlap: true, labelSeparation: 6 },
		legend: {
			orient: 'bottom',
			labelFontSize: 11,
			titleFontSize: 11,
			titleFontWeight: 'normal',
			titleColor: MUTED,
			labelLimit: 220
		},
		range: { category: [...PALETTE] }
	};
}

function lineChars(width: number | undefined): number {
	return width === undefined
		? CONTAINER_LINE_CHARS
		: Math.max(30, Math.floor(width / SUBTITLE_CHAR_PX));
}

/**
 * Height of `rows` bands of `px` each. A number rather than `{ step }`: with a step height
 * Vega-Lite warns on every compile that it drops "fit-y" (which fit-x never asked for).
 */
export function rowsHeight(rows: number, px: number): number {
	return Math.max(1, rows) * px;
}

/**
 * Columns for a bottom legend so that it wraps instead of running past the chart's right edge.
 * Label widths are estimated as Vega does without a canvas (0.8 em per character), which
 * over-estimates real text, so the legend fits in the browser and on the server alike.
 */
export function legendColumns(ctx: ChartContext, labels: string[]): number {
	const available = (ctx.width ?? CONTAINER_WIDTH_GUESS) - 40;
	const longest = Math.max(0, ...labels.map((label) => label.length));
	const entry = 36 + longest * 0.8 * 11;
	return Math.max(1, Math.min(labels.length, Math.floor(available / entry)));
}

/** Greedy word wrap; a single word longer than the line stays whole. */
export function wrapText(text: string, maxChars: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (line && line.length + 1 + word.length > maxChars) {
			lines.push(line);
			line = word;
		} else {
			line = line ? `${line} ${word}` : word;
		}
	}
	if (line) lines.push(line);
	return lines;
}

/** Throws unless `value` is a proportion 0–1 (a percentage passed by mistake fails loudly). */
export function assertFraction(value: number, what: string): void {
	if (!Number.isFinite(value) || value < -1e-9 || value > 1 + 1e-9) {
		throw new RangeError(`${what} must be a proportion between 0 and 1, got ${value}`);
	}
}

/** "43%" (digits = 0) or "43.2%". */
export function formatPercent(value: number, digits = 0): string {
	return `${(value * 100).toFixed(digits)}%`;
}

/** "41.2%–47.9%" */
export function formatInterval(low: number, high: number): string {
	return `${formatPercent(low, 1)}–${formatPercent(high, 1)}`;
}

/** Distinct values in order of first appearance. */
export function distinct<T>(values: Iterable<T>): T[] {
	return [...new Set(values)];
}

/** White or near-black text, whichever contrasts more with the hex colour `fill` (WCAG 2). */
export function inkOn(fill: string): string {
	const contrast = (a: string, b: string) => {
		const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
		return (light + 0.05) / (dark + 0.05);
	};
	return contrast(fill, '#ffffff') > contrast(fill, INK) ? '#ffffff' : INK;
}

function luminance(colour: string): number {
	const hex = colour.replace('#', '');
	const channel = (offset: number) => {
		const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
		return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/** `count` colours spread evenly over `ramp` (light to dark or dark to light, as given). */
export function spread(ramp: readonly string[], count: number): string[] {
	if (count <= 0) return [];
	if (count === 1) return [ramp[Math.floor((ramp.length - 1) / 2)] as string];
	return Array.from(
		{ length: count },
		(_, index) => ramp[Math.round((index * (ramp.length - 1)) / (count - 1))] as string
	);
}
