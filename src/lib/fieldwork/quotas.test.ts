import { describe, expect, it } from 'vitest';
import type { Codebook, CodebookVariable } from '../survey/codebook.ts';
import {
	cellKey,
	cellOf,
	countCells,
	crossCells,
	describeCellKey,
	labelCell,
	quotaVariables,
	validateQuotaDefinition,
	type Quota
} from './quotas.ts';

function single(name: string, codes: (number | string | boolean)[]): CodebookVariable {
	return {
		name,
		question: name,
		questionType: 'radiogroup',
		type: 'single',
		measure: 'nominal',
		label: { en: name },
		values: codes.map((code) => ({ code, label: { en: String(code) } }))
	};
}

const codebook: Codebook = {
	defaultLanguage: 'en',
	languages: ['en'],
	variables: [
		single('gender', [1, 2]),
		single('age_group', [1, 2, 3]),
		single('voted', [true, false]),
		{ ...single('trust_police', [1, 2]), question: 'trust', row: 'police' },
		{
			name: 'age',
			question: 'age',
			questionType: 'text',
			type: 'numeric',
			measure: 'scale',
			label: { en: 'Age' }
		}
	]
};

const genderByAge: Quota = {
	id: 1,
	name: 'Gender by age',
	definition: {
		variables: ['gender', 'age_group'],
		cells: [
			{ values: { gender: 1, age_group: [1, 2] }, target: 10 },
			{ values: { gender: 1, age_group: 3 }, target: 5 },
			{ values: { gender: 2, age_group: 1 }, target: 7 }
		]
	}
};

describe('cellKey', () => {
	it('does not depend on the order the variables were written in', () => {
		expect(cellKey({ gender: 1, age_group: 2 })).toBe(cellKey({ age_group: 2, gender: 1 }));
		expect(cellKey({ gender: 1 })).not.toBe(cellKey({ gender: 2 }));
	});
});

describe('describeCellKey', () => {
	it('reads a cell back from its key, in the key’s order, any-of lists joined with "or"', () => {
		expect(describeCellKey(cellKey({ gender: 1, age_group: [1, 2] }))).toBe(
			'age_group = 1 or 2, gender = 1'
		);
		expect(describeCellKey(cellKey({ region: 'Tbilisi' }))).toBe('region = Tbilisi');
	});
});

describe('labelCell', () => {
	it('shows the labels of the codes, any-of lists joined with "or"', () => {
		const variables = [
			{ ...single('gender', []), values: [{ code: 2, label: { en: 'Female' } }] },
			single('age_group', [1, 2])
		];
		expect(labelCell({ gender: 2, age_group: [1, 2] }, variables, 'en')).toBe(
			'gender: Female · age_group: 1 or 2'
		);
		expect(labelCell({ region: 4 }, variables, 'en')).toBe('region: 4');
	});
});

describe('cellOf', () => {
	it('is null until every quota variable is answered', () => {
		expect(cellOf(genderByAge, {})).toBeNull();
		expect(cellOf(genderByAge, { gender: 1 })).toBeNull();
		expect(cellOf(genderByAge, { gender: 1, age_group: '' })).toBeNull();
		expect(cellOf(genderByAge, { gender: 1, age_group: null })).toBeNull();
	});

	it('finds the cell, where a list of codes means any of them', () => {
		const young = cellKey({ gender: 1, age_group: [1, 2] });
		expect(cellOf(genderByAge, { gender: 1, age_group: 1 })).toBe(young);
		expect(cellOf(genderByAge, { gender: 1, age_group: 2, other: 'x' })).toBe(young);
		expect(cellOf(genderByAge, { gender: 1, age_group: 3 })).toBe(
			cellKey({ gender: 1, age_group: 3 })
		);
	});

	it('matches codes whether they arrive as numbers or as text', () => {
		expect(cellOf(genderByAge, { gender: '2', age_group: '1' })).toBe(
			cellKey({ gender: 2, age_group: 1 })
		);
	});

	it('is null when the answered combination has no cell', () => {
		expect(cellOf(genderByAge, { gender: 2, age_group: 3 })).toBeNull();
	});
});

describe('countCells', () => {
	it('adds groups of answers into their cells and reports empty cells as zero', () => {
		const counts = countCells(genderByAge, [
			{ answers: { gender: '1', age_group: '1' }, n: 3 },
			{ answers: { gender: '1', age_group: '2' }, n: 4 },
			{ answers: { gender: '2', age_group: '3' }, n: 9 },
			{ answers: { gender: null, age_group: '1' }, n: 2 }
		]);
		expect(counts.get(cellKey({ gender: 1, age_group: [1, 2] }))).toBe(7);
		expect(counts.get(cellKey({ gender: 1, age_group: 3 }))).toBe(0);
		expect(counts.get(cellKey({ gender: 2, age_group: 1 }))).toBe(0);
		expect(counts.size).toBe(3);
	});
});

describe('quotaVariables and crossCells', () => {
	it('offers single-choice questions but not matrix rows or numbers', () => {
		expect(quotaVariables(codebook).map((variable) => variable.name)).toEqual([
			'gender',
			'age_group',
			'voted'
		]);
	});

	it('crosses every code of every variable, first variable outermost', () => {
		expect(crossCells(['gender', 'age_group'], codebook)).toEqual([
			{ gender: 1, age_group: 1 },
			{ gender: 1, age_group: 2 },
			{ gender: 1, age_group: 3 },
			{ gender: 2, age_group: 1 },
			{ gender: 2, age_group: 2 },
			{ gender: 2, age_group: 3 }
		]);
		expect(crossCells(['voted'], codebook)).toEqual([{ voted: 'true' }, { voted: 'false' }]);
	});

	it('refuses a variable a quota cannot use', () => {
		expect(() => crossCells(['age'], codebook)).toThrow(/age/);
	});
});

describe('validateQuotaDefinition', () => {
	const messages = (definition: Quota['definition']) =>
		validateQuotaDefinition(definition, codebook).map((problem) => problem.message);

	it('accepts a sound definition, including "any of" cells and boolean codes', () => {
		expect(validateQuotaDefinition(genderByAge.definition, codebook)).toEqual([]);
		expect(
			messages({ variables: ['voted'], cells: [{ values: { voted: 'true' }, target: 3 }] })
		).toEqual([]);
	});

	it('names an unknown variable and one that is not single-choice', () => {
		const problems = validateQuotaDefinition(
			{ variables: ['region', 'age', 'trust_police'], cells: [] },
			codebook
		);
		expect(problems).toContainEqual({
			field: 'variables.0',
			message: 'There is no variable "region" in the latest published version.'
		});
		expect(problems.find((problem) => problem.field === 'variables.1')?.message).toMatch(
			/"age" is not a single-choice question/
		);
		expect(problems.find((problem) => problem.field === 'variables.2')?.message).toMatch(
			/"trust_police" is not a single-choice question/
		);
		expect(problems).toContainEqual({
			field: 'cells',
			message: 'Give at least one cell a target.'
		});
	});

	it('names a code the variable does not have', () => {
		const problems = validateQuotaDefinition(
			{ variables: ['gender'], cells: [{ values: { gender: [1, 7] }, target: 5 }] },
			codebook
		);
		expect(problems).toEqual([
			{
				field: 'cells.0.values.gender',
				message: 'Cell 1 (gender = 1 or 7): 7 is not a code of "gender" (its codes are 1, 2).'
			}
		]);
	});

	it('names cells with a missing or foreign variable', () => {
		expect(
			messages({
				variables: ['gender', 'age_group'],
				cells: [{ values: { gender: 1 }, target: 5 }]
			})
		).toEqual(['Cell 1 (gender = 1) has no code for "age_group".']);
		expect(
			messages({
				variables: ['gender'],
				cells: [{ values: { gender: 1, voted: 'true' }, target: 5 }]
			})
		).toEqual([
			'Cell 1 (gender = 1, voted = true) names "voted", which is not one of the quota\'s variables.'
		]);
	});

	it('refuses targets that are not positive whole numbers', () => {
		const problems = validateQuotaDefinition(
			{
				variables: ['gender'],
				cells: [
					{ values: { gender: 1 }, target: 0 },
					{ values: { gender: 2 }, target: -3 }
				]
			},
			codebook
		);
		expect(problems.map((problem) => problem.field)).toEqual(['cells.0.target', 'cells.1.target']);
		expect(problems[0]!.message).toBe(
			'Cell 1 (gender = 1) needs a whole-number target above zero.'
		);
	});

	it('refuses a duplicate cell and one that overlaps an earlier cell', () => {
		expect(
			messages({
				variables: ['gender'],
				cells: [
					{ values: { gender: 1 }, target: 5 },
					{ values: { gender: '1' }, target: 5 }
				]
			})
		).toEqual(['Cell 2 (gender = 1) repeats a combination of cell 1 (gender = 1).']);
		expect(
			messages({
				variables: ['gender', 'age_group'],
				cells: [
					{ values: { gender: 1, age_group: [1, 2] }, target: 5 },
					{ values: { gender: 1, age_group: 2 }, target: 5 }
				]
			})
		).toEqual([
			'Cell 2 (gender = 1, age_group = 2) repeats a combination of cell 1 (gender = 1, age_group = 1 or 2).'
		]);
	});
});
