import { describe, expect, it } from 'vitest';
import type { Codebook, CodebookVariable } from './codebook.ts';
import { flattenAnswers, flattenValue } from './flatten.ts';

function variable(overrides: Partial<CodebookVariable> & { name: string }): CodebookVariable {
	return {
		question: overrides.name,
		questionType: 'radiogroup',
		type: 'single',
		measure: 'nominal',
		label: { en: overrides.name },
		...overrides
	};
}

function option(question: string, code: string | number): CodebookVariable {
	return variable({
		name: `${question}_${code}`,
		question,
		questionType: 'checkbox',
		type: 'multi-option',
		option: code
	});
}

function matrixRow(question: string, row: string): CodebookVariable {
	return variable({ name: `${question}_${row}`, question, questionType: 'matrix', row });
}

const codebook: Codebook = {
	defaultLanguage: 'en',
	languages: ['en'],
	variables: [
		variable({ name: 'region' }),
		option('media', 1),
		option('media', 2),
		option('media', 'none'),
		matrixRow('trust', 'gov'),
		matrixRow('trust', 'eu'),
		variable({ name: 'age', questionType: 'text', type: 'numeric', measure: 'scale' }),
		variable({
			name: 'household_adults',
			question: 'household',
			questionType: 'multipletext',
			type: 'numeric'
		}),
		variable({ name: 'consent', questionType: 'boolean' }),
		variable({ name: 'priorities', questionType: 'ranking', type: 'json' })
	]
};

describe('flattenValue', () => {
	it('gives 1 for a chosen option and 0 for the others', () => {
		const answers = { media: [2] };
		expect(flattenValue(option('media', 1), answers)).toBe(0);
		expect(flattenValue(option('media', 2), answers)).toBe(1);
		expect(flattenValue(option('media', 'none'), answers)).toBe(0);
	});

	it('gives null for every option of an unanswered multi-select', () => {
		expect(flattenValue(option('media', 1), {})).toBeNull();
		expect(flattenValue(option('media', 1), { media: 'not a list' })).toBeNull();
	});

	it('matches options whether the code was stored as number or string', () => {
		expect(flattenValue(option('media', 1), { media: ['1'] })).toBe(1);
		expect(flattenValue(option('media', 'none'), { media: ['none'] })).toBe(1);
	});

	it('takes a matrix row from the answer object, null when the row or matrix is missing', () => {
		const answers = { trust: { gov: 3 } };
		expect(flattenValue(matrixRow('trust', 'gov'), answers)).toBe(3);
		expect(flattenValue(matrixRow('trust', 'eu'), answers)).toBeNull();
		expect(flattenValue(matrixRow('trust', 'gov'), {})).toBeNull();
	});

	it('keeps scalars as given and null when unanswered', () => {
		expect(flattenValue(variable({ name: 'region' }), { region: 4 })).toBe(4);
		expect(flattenValue(variable({ name: 'region' }), { region: 'other' })).toBe('other');
		expect(flattenValue(variable({ name: 'consent' }), { consent: false })).toBe(false);
		expect(flattenValue(variable({ name: 'region' }), {})).toBeNull();
	});

	it('takes a multiple-text item by its name', () => {
		const adults = codebook.variables.find((v) => v.name === 'household_adults')!;
		expect(flattenValue(adults, { household: { adults: 2, children: 1 } })).toBe(2);
		expect(flattenValue(adults, { household: { children: 1 } })).toBeNull();
	});

	it('keeps structured answers whole as JSON text', () => {
		const priorities = variable({ name: 'priorities', type: 'json' });
		expect(flattenValue(priorities, { priorities: ['jobs', 'prices'] })).toBe('["jobs","prices"]');
	});
});

describe('flattenAnswers', () => {
	it('gives one value per codebook variable, in codebook order', () => {
		const flat = flattenAnswers(codebook, {
			region: 1,
			media: [1, 2],
			trust: { gov: 2, eu: 98 },
			age: 37,
			household: { adults: 3 },
			consent: true,
			priorities: ['health'],
			ignored_key: 'x'
		});
		expect(flat).toEqual({
			region: 1,
			media_1: 1,
			media_2: 1,
			media_none: 0,
			trust_gov: 2,
			trust_eu: 98,
			age: 37,
			household_adults: 3,
			consent: true,
			priorities: '["health"]'
		});
		expect(Object.keys(flat)).toEqual(codebook.variables.map((v) => v.name));
	});

	it('gives nulls throughout for an empty response', () => {
		const flat = flattenAnswers(codebook, {});
		expect(Object.values(flat).every((value) => value === null)).toBe(true);
	});
});
