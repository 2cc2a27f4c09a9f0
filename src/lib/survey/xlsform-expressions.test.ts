import { describe, expect, it } from 'vitest';
import { translateXPath, type ExpressionScope, type XlsFormField } from './xlsform-expressions.ts';

const colour: XlsFormField = {
	variable: 'colour',
	kind: 'select_one',
	list: 'colours',
	codes: new Map([
		['red', 1],
		['green', 2],
		['dont_know', 98]
	])
};
const pets: XlsFormField = {
	variable: 'pets',
	kind: 'select_multiple',
	list: 'animals',
	codes: new Map([
		['1', 1],
		['11', 11]
	])
};
const scope: ExpressionScope = {
	fields: new Map<string, XlsFormField>([
		['colour', colour],
		['pets', pets],
		['age', { variable: 'age', kind: 'value' }],
		['first-name', { variable: 'first_name', kind: 'value' }],
		['intro', { variable: 'intro', kind: 'absent' }]
	])
};

const translated = (source: string, self?: XlsFormField) => {
	const result = translateXPath(source, { ...scope, self });
	return result.ok ? result.expression : `refused: ${result.reason}`;
};

describe('translateXPath', () => {
	it('translates references, comparisons, arithmetic and boolean logic', () => {
		expect(translated('${age} >= 18 and ${age}<65 or ${age} = 99')).toBe(
			'{age} >= 18 and {age} < 65 or {age} = 99'
		);
		expect(translated("(${age} + 1) * 2 div 4 mod 3 != 0 and ${first-name} = 'Nino'")).toBe(
			"({age} + 1) * 2 / 4 % 3 != 0 and {first_name} = 'Nino'"
		);
		expect(translated('not(${age} > 3) or true()')).toBe('!({age} > 3) or true');
		expect(translated('- ${age} < -5')).toBe('(0 - {age}) < -5');
		expect(translated("if(${age} >= .5, \"it's\", 'no')")).toBe(
			"iif({age} >= 0.5, 'it\\'s', 'no')"
		);
	});

	it('turns choice names into codes, with equality for a single choice', () => {
		expect(translated("selected(${colour}, 'green')")).toBe('{colour} = 2');
		expect(translated("selected(${pets}, '1')")).toBe('{pets} contains 1');
		expect(translated("${colour} != 'dont_know' and 'red' = ${colour}")).toBe(
			'{colour} != 98 and 1 = {colour}'
		);
		expect(translated('count-selected(${pets}) >= 2')).toBe('{pets.length} >= 2');
		expect(translated(". != 'red'", colour)).toBe('{colour} != 1');
		expect(translated('. > 17', scope.fields.get('age'))).toBe('{age} > 17');
	});

	it('refuses, with a reason, what it cannot translate', () => {
		expect(translated("selected(${colour}, 'blue')")).toBe(
			'refused: "blue" is not a choice of list "colours"'
		);
		expect(translated('${nope} = 1')).toBe('refused: ${nope} is not a field of the form');
		expect(translated('${intro} = 1')).toBe(
			'refused: ${intro} has no value in the converted questionnaire'
		);
		expect(translated('. > 1')).toBe('refused: "." is only meaningful in a constraint');
		expect(translated('/data/age > 1')).toMatch(/^refused: paths/);
		expect(translated('regex(${first-name}, "[a-z]+")')).toBe(
			'refused: regex() has no SurveyJS equivalent here'
		);
		expect(translated('count-selected(${colour})')).toBe(
			'refused: count-selected() needs a select_multiple question'
		);
		expect(translated('${age} > 1 = 2')).toBe('refused: chained comparisons are not supported');
		expect(translated('(${age} > 1')).toBe('refused: a ")" is missing');
		expect(translated('${age} > 1 ${age}')).toBe('refused: it has text after its end');
		expect(translated('${age} > ')).toBe('refused: it ends too early');
		expect(translated('${age} ^ 2')).toBe('refused: "^" is not understood');
	});
});
