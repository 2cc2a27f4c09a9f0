import { describe, expect, it } from 'vitest';
import { barChartSpec, type BarDatum } from './bar-chart-spec.ts';

interface SpecValue {
	label: string;
	n: number;
	share: number;
	order: number;
}

function bars(...counts: number[]): BarDatum[] {
	return counts.map((n, index) => ({ label: `Answer ${index + 1}`, n }));
}

function valuesOf(data: BarDatum[]): SpecValue[] {
	const spec = barChartSpec('Trust in parliament', data) as { data: { values: SpecValue[] } };
	return spec.data.values;
}

function subtitleOf(data: BarDatum[]): unknown {
	const spec = barChartSpec('Trust in parliament', data) as { title: { subtitle: unknown } };
	return spec.title.subtitle;
}

describe('barChartSpec', () => {
	it('gives each answer its share of respondents, summing to 1', () => {
		const values = valuesOf(bars(10, 30, 0, 60));
		expect(values.map((value) => value.share)).toEqual([0.1, 0.3, 0, 0.6]);
		expect(values.reduce((sum, value) => sum + value.share, 0)).toBeCloseTo(1, 12);
	});

	it('sums to 1 for counts that do not divide evenly', () => {
		const total = valuesOf(bars(1, 1, 1)).reduce((sum, value) => sum + value.share, 0);
		expect(total).toBeCloseTo(1, 12);
	});

	it('states the unweighted base n in the subtitle', () => {
		expect(subtitleOf(bars(10, 30, 2))).toBe('Unweighted, n = 42');
	});

	it('keeps counts, labels and the given order', () => {
		const values = valuesOf([
			{ label: 'Yes', n: 3 },
			{ label: 'No', n: 1 }
		]);
		expect(values).toEqual([
			{ label: 'Yes', n: 3, share: 0.75, order: 0 },
			{ label: 'No', n: 1, share: 0.25, order: 1 }
		]);
	});

	it('gives zero shares and n = 0 when nobody answered', () => {
		expect(valuesOf(bars(0, 0)).map((value) => value.share)).toEqual([0, 0]);
		expect(subtitleOf(bars(0, 0))).toBe('Unweighted, n = 0');
	});

	it('sorts bars by the given order and formats shares as percentages', () => {
		const spec = barChartSpec('Q', bars(1)) as unknown as {
			title: { text: string };
			encoding: { y: { sort: unknown }; x: { field: string; axis: { format: string } } };
		};
		expect(spec.title.text).toBe('Q');
		expect(spec.encoding.y.sort).toEqual({ field: 'order' });
		expect(spec.encoding.x).toMatchObject({ field: 'share', axis: { format: '.0%' } });
	});
});
