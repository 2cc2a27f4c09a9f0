/**
 * A Vega-Lite bar chart of complete responses per fieldwork day (UTC), for the fieldwork
 * dashboard. Days without responses are gaps on a time axis rather than missing bars, so a pause
 * in fieldwork shows. Pure, like barChartSpec.
 */
import type { TopLevelSpec } from 'vega-lite';

export interface DailyCount {
	/** ISO date, YYYY-MM-DD (UTC). */
	day: string;
	complete: number;
}

export function dailyCompletesSpec(days: DailyCount[]): TopLevelSpec {
	const total = days.reduce((sum, day) => sum + day.complete, 0);
	const day = { field: 'day', type: 'temporal', timeUnit: 'utcyearmonthdate' } as const;
	return {
		$schema: 'https://vega.github.io/schema/vega-lite/v6.json',
		title: { text: 'Complete responses per day', subtitle: `UTC, n = ${total}`, anchor: 'start' },
		width: 'container',
		height: 180,
		data: { values: days.map(({ day, complete }) => ({ day, complete })) },
		mark: { type: 'bar', color: '#1f4e79' },
		encoding: {
			x: { ...day, title: null, axis: { format: '%d %b', labelAngle: 0 } },
			y: { field: 'complete', type: 'quantitative', title: 'Complete', axis: { tickMinStep: 1 } },
			tooltip: [
				{ ...day, title: 'Day (UTC)', format: '%d %b %Y' },
				{ field: 'complete', type: 'quantitative', title: 'Complete responses' }
			]
		}
	};
}
