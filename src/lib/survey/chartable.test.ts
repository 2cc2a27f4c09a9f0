import { describe, expect, it } from 'vitest';
import { answerKeys, chartableVariables, labelCounts } from './chartable.ts';
import type { Codebook, CodebookVariable, ValueLabel } from './codebook.ts';

function value(code: string | number | boolean, en: string, ka = `${en} (ka)`): ValueLabel {
	return { code, label: { en, ka } };
}

function variable(overrides: Partial<CodebookVariable> & { name: string }): CodebookVariable {
	return {
		question: overrides.name,
		questionType: 'radiogroup',
		type: 'single',
		measure: 'nominal',
		label: { en: overrides.name, ka: overrides.name },
		...overrides
	};
}

const settlement = variable({
	name: 'settlement',
	values: [value(1, 'Town', 'ქალაქი'), value(2, 'Village', 'სოფელი'), value(98, "Don't know")]
});

describe('chartableVariables', () => {
	it('keeps coded single-answer variables, including matrix rows, and drops the rest', () => {
		const codebook: Codebook = {
			defaultLanguage: 'en',
			languages: ['en', 'ka'],
			variables: [
				settlement,
				variable({ name: 'age', type: 'numeric', measure: 'scale' }),
				variable({
					name: 'media_1',
					question: 'media',
					type: 'multi-option',
					values: [value(0, 'No'), value(1, 'Yes')]
				}),
				variable({ name: 'trust_gov', question: 'trust', row: 'gov', values: [value(1, 'Low')] }),
				variable({ name: 'empty', values: [] }),
				variable({ name: 'remarks', type: 'text' })
			]
		};
		expect(chartableVariables(codebook).map((v) => v.name)).toEqual(['settlement', 'trust_gov']);
	});
});

describe('answerKeys', () => {
	it('is the question name for a question', () => {
		expect(answerKeys(settlement)).toEqual(['settlement']);
	});

	it('is question and row for a matrix row', () => {
		expect(answerKeys(variable({ name: 'trust_eu', question: 'trust', row: 'eu' }))).toEqual([
			'trust',
			'eu'
		]);
	});

	it('writes a numeric row as text', () => {
		expect(answerKeys(variable({ name: 'grid_1', question: 'grid', row: 1 }))).toEqual([
			'grid',
			'1'
		]);
	});
});

describe('labelCounts', () => {
	it('lists answers in codebook order, not by frequency, with zero for unused codes', () => {
		const counts = [
			{ value: '2', n: 30 },
			{ value: '1', n: 10 }
		];
		expect(labelCounts(settlement, counts, 'en')).toEqual([
			{ label: 'Town', n: 10 },
			{ label: 'Village', n: 30 },
			{ label: "Don't know", n: 0 }
		]);
	});

	it('labels in the requested language', () => {
		const labels = labelCounts(settlement, [{ value: '1', n: 5 }], 'ka').map(
			(entry) => entry.label
		);
		expect(labels).toEqual(['ქალაქი', 'სოფელი', "Don't know (ka)"]);
	});

	it('shows the code where a label is missing in the language', () => {
		expect(labelCounts(settlement, [], 'ru').map((entry) => entry.label)).toEqual(['1', '2', '98']);
	});

	it('puts codes the codebook does not know last, as "code x"', () => {
		const counts = [
			{ value: '7', n: 2 },
			{ value: '1', n: 10 },
			{ value: 'abc', n: 1 }
		];
		expect(labelCounts(settlement, counts, 'en')).toEqual([
			{ label: 'Town', n: 10 },
			{ label: 'Village', n: 0 },
			{ label: "Don't know", n: 0 },
			{ label: 'code 7', n: 2 },
			{ label: 'code abc', n: 1 }
		]);
	});

	it('matches boolean codes by their text form', () => {
		const consent = variable({ name: 'consent', values: [value(true, 'Yes'), value(false, 'No')] });
		expect(labelCounts(consent, [{ value: 'false', n: 4 }], 'en')).toEqual([
			{ label: 'Yes', n: 0 },
			{ label: 'No', n: 4 }
		]);
	});
});
