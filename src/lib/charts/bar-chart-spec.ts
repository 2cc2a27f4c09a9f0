/**
 * A Vega-Lite horizontal bar chart of one coded question: share of respondents per answer, with
 * the count in the tooltip. Pure: the same spec serves the browser (vega-embed) and, later, the
 * server (vega to SVG) for exported reports.
 */
import type { TopLevelSpec } from 'vega-lite';

export interface BarDatum {
	label: string;
	n: number;
}

export function barChartSpec(title: string, data: BarDatum[]): TopLevelSpec {
	const total = data.reduce((sum, datum) => sum + datum.n, 0);
	const values = data.map((datum, order) => ({
		label: datum.label,
		n: datum.n,
		share: total > 0 ? datum.n / total : 0,
		order
	}));
	return {
		$schema: 'https://vega.github.io/schema/vega-lite/v6.json',
		title: { text: title, subtitle: `Unweighted, n = ${total}`, anchor: 'start' },
		width: 'container',
		height: { step: 26 },
		data: { values },
		mark: { type: 'bar', color: '#1f4e79' },
		encoding: {
			y: {
				field: 'label',
				type: 'nominal',
				sort: { field: 'order' },
				title: null,
				axis: { labelLimit: 260 }
			},
			x: {
				field: 'share',
				type: 'quantitative',
				title: 'Share of respondents',
				axis: { format: '.0%' }
			},
			tooltip: [
				{ field: 'label', title: 'Answer' },
				{ field: 'n', title: 'Respondents' },
				{ field: 'share', title: 'Share', format: '.1%' }
			]
		}
	};
}
