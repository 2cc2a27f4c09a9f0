/**
 * Stacked horizontal bars of answer shares per item (a battery of questions, or one question
 * across groups): a 100% stacked bar, and a diverging Likert bar centred at zero with negative
 * answers to the left and a neutral answer split across the centre. The segment positions are
 * computed here, in plain JS, rather than with Vega stack/calculate transforms: they are testable,
 * and the charts need no expression evaluation beyond axis formatting.
 */
import type { TopLevelSpec } from 'vega-lite';
import {
	INK,
	PALETTE,
	assertFraction,
	chartFrame,
	distinct,
	formatPercent,
	inkOn,
	legendColumns,
	rowsHeight,
	spread,
	type ChartContext
} from './chart-context.ts';

export interface StackedDatum {
	item: string;
	category: string;
	/** Proportion 0–1 of the item's base giving this answer. */
	share: number;
	/** Position of the category on its scale (legend and stacking order). */
	order: number;
}

export interface LikertOptions {
	/** Categories drawn left of the centre line; every other one but `neutral` goes right. */
	negative: string[];
	/** Category split half each side of the centre line. */
	neutral?: string;
}

/** Segments narrower than this fraction of the axis carry no percentage label (it would not fit). */
const LABEL_MIN_WIDTH = 0.07;
const ROW_PX = 30;

/** Dark (extreme) to light (mild); ColorBrewer Oranges. */
const NEGATIVE_RAMP = ['#a63603', '#d94801', '#f16913', '#fd8d3c', '#fdae6b'];
/** Light (mild) to dark (extreme); ColorBrewer Blues. Blue/orange stays apart for colour-blindness. */
const POSITIVE_RAMP = ['#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c'];
const NEUTRAL_COLOUR = '#bdbdbd';

interface Segment {
	item: string;
	category: string;
	share: number;
	order: number;
	x0: number;
	x1: number;
	mid: number;
	label: string;
	ink: string;
}

/**
 * 100% stacked bars, categories stacked by `order`. Each item's bar is scaled to its total, so
 * bars fill 0–100% even when shares round to 0.99; labels and tooltips show the shares as given.
 */
export function stackedBarSpec(ctx: ChartContext, data: StackedDatum[]): TopLevelSpec {
	validate(data);
	const items = distinct(data.map((datum) => datum.item));
	const categories = categoriesByOrder(data);
	const colours = categories.map((_, index) => PALETTE[index % PALETTE.length] as string);
	const inkOf = new Map(categories.map((category, index) => [category, inkOn(colours[index]!)]));
	const values: Segment[] = items.flatMap((item) => {
		const shares = sharesOf(data, item);
		const total = [...shares.values()].reduce((sum, share) => sum + share, 0);
		let start = 0;
		return categories.flatMap((category) => {
			const share = shares.get(category);
			if (share === undefined) return [];
			const width = total > 0 ? share / total : 0;
			const segment = makeSegment(item, category, share, data, [start, start + width], 1, inkOf);
			start += width;
			return [segment];
		});
	});
	return {
		...chartFrame(ctx),
		height: rowsHeight(items.length, ROW_PX),
		data: { values },
		encoding: { y: itemAxis(items), tooltip: tooltip() },
		layer: [
			{
				mark: { type: 'bar' },
				encoding: {
					x: {
						field: 'x0',
						type: 'quantitative',
						title: null,
						scale: { domain: [0, 1] },
						axis: { format: '.0%' }
					},
					x2: { field: 'x1' },
					color: categoryColour(ctx, categories, colours)
				}
			},
			segmentLabels()
		]
	};
}

/**
 * Diverging stacked bars centred at 0: the negative categories to the left (the most extreme
 * farthest out), the neutral one straddling 0, the rest to the right. Shares are drawn as given
 * (not rescaled), so an item whose shares leave out "Don't know" has a shorter bar; drop such
 * categories before calling, or they count as positive.
 */
export function divergingLikertSpec(
	ctx: ChartContext,
	data: StackedDatum[],
	options: LikertOptions
): TopLevelSpec {
	validate(data);
	const items = distinct(data.map((datum) => datum.item));
	const categories = categoriesByOrder(data);
	const negativeSet = new Set(options.negative);
	const { neutral } = options;
	const isPositive = (category: string) => !negativeSet.has(category) && category !== neutral;

	// Scales may run either way (agree…disagree or disagree…agree); lay them out left to right
	// from the most negative answer.
	const negatives = categories.filter((category) => negativeSet.has(category));
	const positives = categories.filter(isPositive);
	const reversed =
		negatives.length > 0 &&
		positives.length > 0 &&
		mean(negatives.map((c) => categories.indexOf(c))) >
			mean(positives.map((c) => categories.indexOf(c)));
	const leftToRight = (list: string[]) => (reversed ? [...list].reverse() : list);
	const neutralPresent = neutral !== undefined && categories.includes(neutral);
	const layout = [
		...leftToRight(negatives),
		...(neutralPresent ? [neutral] : []),
		...leftToRight(positives)
	];

	const colourOf = new Map<string, string>();
	leftToRight(negatives).forEach((category, index, list) =>
		colourOf.set(category, spread(NEGATIVE_RAMP, list.length)[index]!)
	);
	if (neutral !== undefined && neutralPresent) colourOf.set(neutral, NEUTRAL_COLOUR);
	leftToRight(positives).forEach((category, index, list) =>
		colourOf.set(category, spread(POSITIVE_RAMP, list.length)[index]!)
	);
	const inkOf = new Map([...colourOf].map(([category, colour]) => [category, inkOn(colour)]));

	const rows = items.map((item) => {
		const shares = sharesOf(data, item);
		const sum = (list: string[]) => list.reduce((total, c) => total + (shares.get(c) ?? 0), 0);
		const half = neutral !== undefined ? (shares.get(neutral) ?? 0) / 2 : 0;
		return { item, shares, left: sum(negatives) + half, right: sum(positives) + half };
	});
	const extent = Math.max(0, ...rows.flatMap(({ left, right }) => [left, right]));
	// Symmetric axis, so that 0 sits in the middle; in steps of 10%.
	const bound = Math.min(1, Math.max(0.1, Math.ceil(extent * 10 - 1e-9) / 10));
	const span = 2 * bound;
	const values: Segment[] = rows.flatMap(({ item, shares, left }) => {
		let start = -left;
		return layout.flatMap((category) => {
			const share = shares.get(category);
			if (share === undefined) return [];
			const segment = makeSegment(item, category, share, data, [start, start + share], span, inkOf);
			start += share;
			return [segment];
		});
	});

	const notes = neutralPresent ? [`“${neutral}” is split evenly across the centre line`] : [];
	return {
		...chartFrame(ctx, notes),
		height: rowsHeight(items.length, ROW_PX),
		data: { values },
		encoding: { y: itemAxis(items), tooltip: tooltip() },
		layer: [
			{
				mark: { type: 'bar' },
				encoding: {
					x: {
						field: 'x0',
						type: 'quantitative',
						title: null,
						scale: { domain: [-bound, bound] },
						// Shares to the left are still positive percentages.
						axis: { labelExpr: 'format(abs(datum.value), ".0%")' }
					},
					x2: { field: 'x1' },
					color: categoryColour(
						ctx,
						categories,
						categories.map((category) => colourOf.get(category)!)
					)
				}
			},
			segmentLabels(),
			{
				mark: { type: 'rule', color: INK, strokeWidth: 1 },
				encoding: { x: { datum: 0, type: 'quantitative' } }
			}
		]
	};
}

function validate(data: StackedDatum[]): void {
	const seen = new Set<string>();
	for (const datum of data) {
		assertFraction(datum.share, `Share of "${datum.category}" for "${datum.item}"`);
		const key = JSON.stringify([datum.item, datum.category]);
		if (seen.has(key)) {
			throw new Error(`"${datum.category}" appears twice for "${datum.item}"`);
		}
		seen.add(key);
	}
}

/** Categories sorted by their `order` (ties keep the input order). */
function categoriesByOrder(data: StackedDatum[]): string[] {
	const orderOf = new Map<string, number>();
	for (const { category, order } of data) {
		orderOf.set(category, Math.min(order, orderOf.get(category) ?? Infinity));
	}
	return [...orderOf.keys()].sort((a, b) => orderOf.get(a)! - orderOf.get(b)!);
}

function sharesOf(data: StackedDatum[], item: string): Map<string, number> {
	return new Map(
		data.filter((datum) => datum.item === item).map((datum) => [datum.category, datum.share])
	);
}

function makeSegment(
	item: string,
	category: string,
	share: number,
	data: StackedDatum[],
	[x0, x1]: [number, number],
	axisSpan: number,
	inkOf: Map<string, string>
): Segment {
	const order = data.find((datum) => datum.category === category)!.order;
	return {
		item,
		category,
		share,
		order,
		x0,
		x1,
		mid: (x0 + x1) / 2,
		label: (x1 - x0) / axisSpan >= LABEL_MIN_WIDTH - 1e-9 ? formatPercent(share) : '',
		ink: inkOf.get(category) ?? INK
	};
}

function mean(values: number[]): number {
	return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function itemAxis(items: string[]) {
	return {
		field: 'item',
		type: 'nominal' as const,
		sort: items,
		title: null,
		axis: { labelLimit: 260 }
	};
}

function categoryColour(ctx: ChartContext, categories: string[], colours: string[]) {
	return {
		field: 'category',
		type: 'nominal' as const,
		title: null,
		scale: { domain: categories, range: colours },
		legend: { columns: legendColumns(ctx, categories) }
	};
}

function tooltip() {
	return [
		{ field: 'item', title: 'Item' },
		{ field: 'category', title: 'Answer' },
		{ field: 'share', type: 'quantitative' as const, title: 'Share', format: '.1%' }
	];
}

/** Percentages inside the segments, dark or white to contrast with the segment's colour. */
function segmentLabels() {
	return {
		mark: { type: 'text' as const, fontSize: 10 },
		encoding: {
			x: { field: 'mid', type: 'quantitative' as const },
			text: { field: 'label' },
			// `fill`, not `color`: a colour encoding here would share the bars' colour scale and legend.
			fill: { field: 'ink', type: 'nominal' as const, scale: null }
		}
	};
}
