import { describe, expect, it } from 'vitest';
import { quoteIdent, sql, UnknownIdentifierError } from './sql.ts';

describe('sql', () => {
	it('keeps the text and the values when placeholders and values match', () => {
		const query = sql(
			'SELECT * FROM users WHERE email = ? AND is_admin = ?',
			'a@example.org',
			true
		);
		expect(query).toEqual({
			sql: 'SELECT * FROM users WHERE email = ? AND is_admin = ?',
			params: ['a@example.org', true]
		});
	});

	it('accepts text without placeholders and no values', () => {
		expect(sql('SELECT 1').params).toEqual([]);
	});

	it('refuses fewer values than placeholders', () => {
		expect(() => sql('SELECT ? + ?', 1)).toThrow('SQL has 2 placeholders but 1 values were given.');
	});

	it('refuses more values than placeholders', () => {
		expect(() => sql('SELECT ?', 1, 2)).toThrow('SQL has 1 placeholders but 2 values were given.');
	});

	it('counts placeholders at the start and end of the text', () => {
		expect(sql('? = ?', 1, 1).params).toEqual([1, 1]);
	});
});

describe('quoteIdent', () => {
	const known = ['age', 'aware_programmes_1', 'odd"name'];

	it('quotes a known name', () => {
		expect(quoteIdent('age', known)).toBe('"age"');
	});

	it('accepts a Set of known names as well as an array', () => {
		expect(quoteIdent('aware_programmes_1', new Set(known))).toBe('"aware_programmes_1"');
	});

	it('doubles double quotes inside a known name', () => {
		expect(quoteIdent('odd"name', known)).toBe('"odd""name"');
	});

	it('refuses a name that is not known, naming it', () => {
		const attempt = () => quoteIdent('age"; DROP TABLE users; --', known);
		expect(attempt).toThrow(UnknownIdentifierError);
		expect(attempt).toThrow('Unknown name "age"; DROP TABLE users; --".');
	});

	it('refuses a name that differs from a known one only in case', () => {
		expect(() => quoteIdent('AGE', known)).toThrow(UnknownIdentifierError);
	});

	it('exposes the refused identifier on the error', () => {
		try {
			quoteIdent('region', known);
			expect.unreachable('quoteIdent should have thrown');
		} catch (error) {
			expect(error).toBeInstanceOf(UnknownIdentifierError);
			expect((error as UnknownIdentifierError).identifier).toBe('region');
		}
	});
});
