import { describe, expect, it } from 'vitest';
import type { VariableLabels } from '../../analysis/workspace/variable-labels.ts';
import { likertScale } from './banner-section.ts';

const scale = (codes: string[], missing: string[] = []): VariableLabels =>
	new Map([
		['q', { label: 'Q', values: new Map(codes.map((code) => [code, `label ${code}`])), missing }]
	]);

describe('choosing a diverging chart for a scale', () => {
	it('splits a 5-point scale at its middle code, leaving don\u2019t know aside', () => {
		expect(likertScale(scale(['1', '2', '3', '4', '5', '98'], ['98']), 'q')).toEqual({
			codes: ['1', '2', '3', '4', '5'],
			negative: ['1', '2'],
			neutral: '3'
		});
		expect(likertScale(scale(['1', '2', '3', '4']), 'q')).toEqual({
			codes: ['1', '2', '3', '4'],
			negative: ['1', '2'],
			neutral: undefined
		});
	});

	it('leaves other variables to bar charts', () => {
		expect(likertScale(scale(['1', '2', '3']), 'q')).toBeNull();
		expect(likertScale(scale(['1', '2', '4', '5', '6']), 'q')).toBeNull();
		expect(likertScale(scale(['1', '2', '3', '4', '5']), 'other')).toBeNull();
	});
});
