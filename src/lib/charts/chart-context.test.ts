import { describe, expect, it } from 'vitest';
import {
	CHART_FONT,
	assertFraction,
	chartFrame,
	chartTitle,
	formatInterval,
	formatPercent,
	inkOn,
	legendColumns,
	spread,
	wrapText,
	type ChartContext
} from './chart-context.ts';

const ctx: ChartContext = {
	title: 'Awareness',
	question: 'Have you heard of the Anti-Corruption Bureau? (ცნობადობა)',
	base: 'Base: all respondents, n = 3,600 (effective 2,950)',
	weighting: 'Weighted: Census 2014 margins (raking)'
};

function subtitleOf(context: ChartContext, notes: string[] = []): string[] {
	return chartTitle(context, notes).subtitle as string[];
}

describe('chartTitle', () => {
	it('puts the question, then "base · weighting", then notes under the title', () => {
		expect(chartTitle(ctx)).toMatchObject({ text: 'Awareness', anchor: 'start' });
		expect(subtitleOf(ctx, ['Whiskers: confidence intervals'])).toEqual([
			'Have you heard of the Anti-Corruption Bureau? (ცნობადობა)',
			'Base: all respondents, n = 3,600 (effective 2,950) · Weighted: Census 2014 margins (raking)',
			'Whiskers: confidence intervals'
		]);
	});

	it('leaves the question line out when there is no question', () => {
		expect(subtitleOf({ ...ctx, question: undefined })).toEqual([
			'Base: all respondents, n = 3,600 (effective 2,950) · Weighted: Census 2014 margins (raking)'
		]);
		expect(subtitleOf({ ...ctx, question: '  ' })).toHaveLength(1);
	});

	it('wraps long lines to the fixed width, keeping every word', () => {
		const question =
			'How much do you trust or distrust each of the following institutions? '.repeat(3);
		const lines = subtitleOf({ ...ctx, question, width: 400 });
		expect(lines.length).toBeGreaterThan(4);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(Math.floor(400 / 7.2));
		expect(lines.join(' ')).toContain(question.trim());
	});
});

describe('chartFrame', () => {
	it('uses the container width unless a width is fixed, and the common font', () => {
		expect(chartFrame(ctx).width).toBe('container');
		expect(chartFrame({ ...ctx, width: 500 }).width).toBe(500);
		expect(chartFrame(ctx).autosize).toEqual({ type: 'fit-x', contains: 'padding' });
		expect(chartFrame(ctx).config.font).toBe(CHART_FONT);
		expect(CHART_FONT.startsWith('DejaVu Sans')).toBe(true);
	});
});

describe('helpers', () => {
	it('wraps greedily and keeps over-long words whole', () => {
		expect(wrapText('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
		expect(wrapText('abcdefgh ij', 4)).toEqual(['abcdefgh', 'ij']);
		expect(wrapText('   ', 10)).toEqual([]);
	});

	it('accepts proportions and rejects percentages and non-numbers', () => {
		expect(() => assertFraction(0, 'x')).not.toThrow();
		expect(() => assertFraction(1, 'x')).not.toThrow();
		expect(() => assertFraction(42, 'Estimate')).toThrow(/Estimate must be a proportion/);
		expect(() => assertFraction(-0.1, 'x')).toThrow(RangeError);
		expect(() => assertFraction(Number.NaN, 'x')).toThrow(RangeError);
	});

	it('formats proportions as percentages', () => {
		expect(formatPercent(0.4234)).toBe('42%');
		expect(formatPercent(0.4234, 1)).toBe('42.3%');
		expect(formatInterval(0.412, 0.479)).toBe('41.2%–47.9%');
	});

	it('picks the more legible text colour', () => {
		expect(inkOn('#1f4e79')).toBe('#ffffff');
		expect(inkOn('#f0e442')).not.toBe('#ffffff');
		expect(inkOn('#ffffff')).not.toBe('#ffffff');
	});

	it('spreads colours over a ramp', () => {
		expect(spread(['a', 'b', 'c', 'd', 'e'], 2)).toEqual(['a', 'e']);
		expect(spread(['a', 'b', 'c', 'd', 'e'], 3)).toEqual(['a', 'c', 'e']);
		expect(spread(['a', 'b', 'c', 'd', 'e'], 1)).toEqual(['c']);
		expect(spread(['a'], 0)).toEqual([]);
	});

	it('wraps a legend of long labels into fewer columns', () => {
		expect(legendColumns({ ...ctx, width: 640 }, ['Yes', 'No'])).toBe(2);
		const long = ['Strongly disagree', 'Disagree', 'Neither', 'Agree', 'Strongly agree'];
		const columns = legendColumns({ ...ctx, width: 640 }, long);
		expect(columns).toBeGreaterThan(1);
		expect(columns).toBeLessThan(5);
		expect(legendColumns({ ...ctx, width: 100 }, long)).toBe(1);
	});
});
