import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, CsvParseError, parseCsv } from './csv.ts';

describe('csvCell', () => {
	it('writes null and undefined as empty cells', () => {
		expect(csvCell(null)).toBe('');
		expect(csvCell(undefined)).toBe('');
	});

	it('writes numbers and booleans as they print', () => {
		expect(csvCell(42)).toBe('42');
		expect(csvCell(-1.5)).toBe('-1.5');
		expect(csvCell(true)).toBe('true');
	});

	it('leaves plain text unquoted', () => {
		expect(csvCell('Tbilisi')).toBe('Tbilisi');
		expect(csvCell('თბილისი')).toBe('თბილისი');
	});

	it.each([
		['a comma', 'Kvemo Kartli, Rustavi', '"Kvemo Kartli, Rustavi"'],
		['a line break', 'line one\nline two', '"line one\nline two"'],
		['a carriage return', 'one\r\ntwo', '"one\r\ntwo"'],
		['a double quote', 'the "Georgian Dream"', '"the ""Georgian Dream"""']
	])('quotes text with %s, doubling quotes', (_, value, expected) => {
		expect(csvCell(value)).toBe(expected);
	});

	it.each([
		['=1+1'],
		['+49 30 123'],
		['-5'],
		['@SUM(A1:A9)'],
		['\tleading tab'],
		['\rleading return']
	])('prefixes %j with an apostrophe so spreadsheets do not run it', (value) => {
		expect(csvCell(value).replace(/^"/, '')).toMatch(/^'/);
	});

	it('prefixes and quotes a formula that also contains quotes and commas', () => {
		expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe(
			'"\'=HYPERLINK(""http://evil.example"",""click"")"'
		);
	});

	it('does not prefix formula characters after the start', () => {
		expect(csvCell('a=b')).toBe('a=b');
	});

	it('does not prefix negative numbers given as numbers', () => {
		expect(csvCell(-5)).toBe('-5');
	});
});

describe('csvLine', () => {
	it('joins cells with commas and ends with CRLF', () => {
		expect(csvLine(['id', 1, null, 'a,b', '=x'])).toBe('id,1,,"a,b",\'=x\r\n');
	});

	it('writes an empty line for no values', () => {
		expect(csvLine([])).toBe('\r\n');
	});
});

describe('parseCsv', () => {
	it('reads quoted fields with commas, quotes and line breaks, CRLF or LF, and a BOM', () => {
		const text = '\uFEFFname,note\r\n"Smith, J.","said ""hi""\nthen left"\nნინო,\r\n';
		expect(parseCsv(text)).toEqual([
			['name', 'note'],
			['Smith, J.', 'said "hi"\nthen left'],
			['ნინო', '']
		]);
	});
	it('detects semicolons and tabs as Excel writes them in many locales', () => {
		expect(parseCsv('a;b\n1;2\n')).toEqual([
			['a', 'b'],
			['1', '2']
		]);
		expect(parseCsv('a\tb\n1\t2')).toEqual([
			['a', 'b'],
			['1', '2']
		]);
	});
	it('refuses a file that ends inside quotes', () => {
		expect(() => parseCsv('a,b\n"1,2\n')).toThrow(CsvParseError);
	});
});
