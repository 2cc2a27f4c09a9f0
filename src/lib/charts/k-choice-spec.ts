/**
 * Choosing k for k-means: the within-cluster sum of squares (the elbow) and the mean silhouette
 * against k, side by side. Pure, like every spec builder here.
 */
import type { TopLevelSpec } from 'vega-lite';

export interface KChoice {
	k: number;
	withinSS: number;
	silhouette: number;
}

export function kChoiceSpec(candidates: KChoice[], n: number): TopLevelSpec {
	const values = candidates.map((c) => ({
		k: c.k,
		withinSS: c.withinSS,
		silhouette: c.silhouette
	}));
	const panel = (field: 'withinSS' | 'silhouette', title: string) => ({
		width: 260,
		height: 180,
		mark: { type: 'line' as const, point: true, color: '#1f4e79' },
		encoding: {
			x: { field: 'k', type: 'ordinal' as const, title: 'Number of segments (k)' },
			y: { field, type: 'quantitative' as const, title, scale: { zero: false } },
			tooltip: [
				{ field: 'k', title: 'k' },
				{ field, title, format: field === 'silhouette' ? '.3f' : ',.0f' }
			]
		}
	});
	return {
		$schema: 'https://vega.github.io/schema/vega-lite/v6.json',
		title: {
			text: 'Choosing the number of segments',
			subtitle: [
				`Elbow: where the within-segment sum of squares stops falling fast. Silhouette: higher is better. n = ${n.toLocaleString('en-US')}`
			],
			anchor: 'start'
		},
		data: { values },
		hconcat: [
			panel('withinSS', 'Within-segment sum of squares'),
			panel('silhouette', 'Mean silhouette')
		]
	};
}
