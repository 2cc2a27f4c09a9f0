/**
 * Tests for sav-writer.ts: round trips through our own readSav, the exact bytes the PSPP manual
 * prescribes where a lenient reader would not notice a mistake, input validation, and GNU PSPP
 * reading the written files (dictionary, CROSSTABS chi-square, weights, and SAVE back).
 *
 * The PSPP tests skip when /usr/bin/pspp is missing, unless BAROMETER_REQUIRE_PSPP=1 (as in CI
 * images that install it), in which case they fail instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSav, type SavFile } from './sav-reader.ts';
import { readDictionary, readHeader, type ExtensionRecord } from './sav-records.ts';
import { writeSav, type SavWriteInput, type SavWriteVariable } from './sav-writer.ts';

// --- A survey with every feature the writer supports -------------------------------------------

/** A deterministic pseudo-random sequence (a 32-bit LCG), so that a failure reproduces. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

const pick = <T>(next: () => number, items: readonly T[]): T =>
	items[Math.floor(next() * items.length)] as T;

/** A two-byte Ж straddles the end of the first 255-byte segment (bytes 254–255). */
const LONG_COMMENT = `${'a'.repeat(254)}Жизнь ცხოვრება`;

const AWARE_LABELS = [
	{ value: 1, label: 'Yes — დიახ' },
	{ value: 2, label: 'No — нет' },
	{ value: 9, label: 'Refused — უარი' }
];

const SURVEY_VARIABLES: SavWriteVariable[] = [
	{ name: 'id', type: 'numeric', label: 'Respondent ID', format: 'F6.0', measure: 'scale' },
	{
		name: 'region',
		type: 'string',
		width: 24,
		label: 'Регион — რეგიონი',
		valueLabels: [
			{ value: 'თბილისი', label: 'Tbilisi — თბილისი' },
			{ value: 'Москва', label: 'Москва (Moscow)' },
			{ value: 'unknown', label: 'Not known' }
		],
		missingValues: ['unknown'],
		measure: 'nominal',
		format: 'A24'
	},
	{
		name: 'sex',
		type: 'string',
		width: 1,
		label: 'Sex — სქესი',
		valueLabels: [
			{ value: 'f', label: 'Female — ქალი' },
			{ value: 'm', label: 'Male — мужской' },
			{ value: 'x', label: 'Not recorded' }
		],
		missingValues: ['x'],
		measure: 'nominal',
		format: 'A1'
	},
	{
		name: 'aware_programmes_1',
		type: 'numeric',
		label: 'Heard of the programmes — слышали о программах',
		valueLabels: AWARE_LABELS,
		missingValues: [9],
		measure: 'nominal',
		format: 'F1.0'
	},
	{
		name: 'aware_programmes_2',
		type: 'numeric',
		label: 'Heard of the reforms — გსმენიათ რეფორმების შესახებ',
		valueLabels: AWARE_LABELS,
		missingValues: [9],
		measure: 'nominal',
		format: 'F1.0'
	},
	{
		name: 'satisfaction',
		type: 'numeric',
		label: 'Satisfaction (1–5) — удовлетворённость',
		valueLabels: [
			{ value: 1, label: 'Very dissatisfied — очень недоволен' },
			{ value: 2, label: 'Dissatisfied' },
			{ value: 3, label: 'Neutral — ნეიტრალური' },
			{ value: 4, label: 'Satisfied' },
			{ value: 5, label: 'Very satisfied — ძალიან კმაყოფილი' },
			{ value: 8, label: "Don't know" },
			{ value: 9, label: 'Refused' }
		],
		missingValues: [8, 9],
		measure: 'ordinal',
		format: 'F2.0'
	},
	{
		name: 'income',
		type: 'numeric',
		label: 'Monthly income, GEL',
		format: 'F10.2',
		measure: 'scale'
	},
	{ name: 'weight', type: 'numeric', label: 'Design weight', format: 'F4.1', measure: 'scale' },
	{
		name: 'comment',
		type: 'string',
		width: 300,
		label: 'Open comment — კომენტარი',
		valueLabels: [{ value: LONG_COMMENT, label: 'The long one — длинный' }],
		measure: 'nominal',
		format: 'A300'
	},
	{ name: 'ru_text', type: 'string', width: 40, measure: 'nominal', format: 'A40' }
];

const CASES = 1200;

/** Rows where satisfaction leans on awareness, so the chi-square is large and checks digits. */
function surveyRows(): (number | string | null)[][] {
	const next = random(20240314);
	const rows: (number | string | null)[][] = [];
	for (let id = 1; id <= CASES; id++) {
		const aware = pick(next, [1, 1, 1, 2, 2, 2, 9, null]);
		const satisfaction =
			next() < 0.08
				? pick(next, [8, 9, null])
				: aware === 1
					? pick(next, [3, 4, 4, 5, 5])
					: pick(next, [1, 1, 2, 3, 4]);
		const income =
			next() < 0.1
				? null
				: id % 7 === 0
					? (id % 251) - 99 // integers the bytecode stores as codes 1–251
					: Math.round((next() * 6000 - 300) * 100) / 100;
		rows.push([
			id,
			pick(next, ['თბილისი', 'ქუთაისი', 'Москва', 'Batumi', 'unknown', null]),
			pick(next, ['f', 'm', 'x', null]),
			aware,
			pick(next, [1, 2, 9, null]),
			satisfaction,
			income,
			pick(next, [1, 2, 3]),
			id % 50 === 1 ? LONG_COMMENT : id % 3 === 0 ? null : `комментарий ${id} — კომენტარი`,
			pick(next, ['Привет, мир', 'Да', '', null, 'Ёжик в тумане'])
		]);
	}
	return rows;
}

const SURVEY: SavWriteInput = {
	fileLabel: 'Barometer export — ბარომეტრი',
	variables: SURVEY_VARIABLES,
	rows: surveyRows(),
	weightVariable: 'weight'
};

/** What readSav gives back: empty strings for null strings, nothing else changed. */
const EXPECTED_ROWS = SURVEY.rows.map((row) =>
	row.map((cell, i) => (SURVEY_VARIABLES[i]?.type === 'string' ? (cell ?? '') : cell))
);

const COMPRESSIONS = ['none', 'bytecode'] as const;

// --- Round trips through readSav ---------------------------------------------------------------

function dictionaryOf(file: SavFile) {
	return file.variables.map((v) => ({
		name: v.name,
		label: v.label,
		type: v.type,
		width: v.width,
		valueLabels: v.valueLabels,
		missingValues: v.missingValues,
		measure: v.measure,
		format: v.format
	}));
}

const EXPECTED_DICTIONARY = SURVEY_VARIABLES.map((v) => ({
	name: v.name,
	label: v.label ?? null,
	type: v.type,
	width: v.type === 'string' ? v.width : 0,
	valueLabels: v.valueLabels ?? [],
	missingValues: v.missingValues ?? [],
	measure: v.measure,
	format: v.format
}));

describe.each(COMPRESSIONS)('writeSav then readSav (compression %s)', (compression) => {
	let bytes: Uint8Array = new Uint8Array(0);
	let file: SavFile;
	beforeAll(() => {
		bytes = writeSav({ ...SURVEY, compression });
		file = readSav(bytes);
	});

	it('keeps the file label, the UTF-8 encoding and the case count', () => {
		const other = writeSav({
			...SURVEY,
			compression: compression === 'none' ? 'bytecode' : 'none'
		});
		expect(bytes.length < other.length).toBe(compression === 'bytecode');
		expect(file.encoding).toBe('utf-8');
		expect(file.fileLabel).toBe('Barometer export — ბარომეტრი');
		expect(file.caseCount).toBe(CASES);
		expect(file.documents).toEqual([]);
	});

	it('keeps long names, labels, types, widths, formats, value labels, missing values and measures', () => {
		expect(dictionaryOf(file)).toEqual(EXPECTED_DICTIONARY);
	});

	it('keeps every cell: numbers, system-missing, Georgian and Cyrillic text, very long strings', () => {
		expect(file.rows).toEqual(EXPECTED_ROWS);
		expect(file.rows.filter((row) => row[8] === LONG_COMMENT)).toHaveLength(CASES / 50);
	});

	it('fills in the header: magic, case size, compression, weight index, case count, bias', () => {
		const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('$FL2');
		expect(String.fromCharCode(...bytes.subarray(4, 23))).toBe('@(#) SPSS DATA FILE');
		expect(view.getInt32(64, true)).toBe(2);
		// id 1, region 3, sex 1, aware ×2, satisfaction, income, weight 1 each, comment 32 + 6, ru_text 5
		expect(view.getInt32(68, true)).toBe(1 + 3 + 1 + 1 + 1 + 1 + 1 + 1 + 38 + 5);
		expect(view.getInt32(72, true)).toBe(compression === 'bytecode' ? 1 : 0);
		// weight's dictionary index: region's two continuation records count.
		expect(view.getInt32(76, true)).toBe(10);
		expect(view.getInt32(80, true)).toBe(CASES);
		expect(view.getFloat64(84, true)).toBe(100);
		expect(String.fromCharCode(...bytes.subarray(92, 101))).toMatch(/^\d\d [A-Z][a-z]{2} \d\d$/);
		expect(String.fromCharCode(...bytes.subarray(101, 109))).toMatch(/^\d\d:\d\d:\d\d$/);
	});
});

// --- The bytes the manual prescribes -----------------------------------------------------------

/** The data record: the bytes after the dictionary termination record. */
function dataOf(bytes: Uint8Array): Uint8Array {
	const { cursor } = readHeader(bytes);
	readDictionary(cursor);
	return bytes.subarray(cursor.pos);
}

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
const float = (value: number) => [...new Uint8Array(new Float64Array([value]).buffer)];

describe('writeSav records', () => {
	it('bytecode-compresses with bias 100: 1–251 small integers, 253 raw, 254 spaces, 255 sysmis, 252 end', () => {
		const bytes = writeSav({
			variables: [
				{ name: 'n', type: 'numeric' },
				{ name: 's', type: 'string', width: 8 },
				{ name: 't', type: 'string', width: 3 }
			],
			rows: [
				[5, 'abcdefgh', null],
				[1000.5, null, 'ab'],
				[-99, '', 'x']
			]
		});
		expect([...dataOf(bytes)]).toEqual([
			...[105, 253, 254, 253, 254, 253, 1, 254],
			...ascii('abcdefgh'),
			...float(1000.5),
			...ascii('ab      '),
			...[253, 252, 0, 0, 0, 0, 0, 0],
			...ascii('x       ')
		]);
		const edges = writeSav({
			variables: [{ name: 'n', type: 'numeric' }],
			rows: [[151], [152], [-100], [-0.5], [0], [null]]
		});
		expect([...dataOf(edges)]).toEqual([
			...[251, 253, 253, 253, 100, 255, 252, 0],
			...float(152),
			...float(-100),
			...float(-0.5)
		]);
	});

	it('writes uncompressed cases as 8-byte slots with -DBL_MAX for system-missing', () => {
		const bytes = writeSav({
			variables: [
				{ name: 'n', type: 'numeric' },
				{ name: 's', type: 'string', width: 10 }
			],
			rows: [
				[1.5, 'Жа'],
				[null, null]
			],
			compression: 'none'
		});
		expect([...dataOf(bytes)]).toEqual([
			...float(1.5),
			...[0xd0, 0x96, 0xd0, 0xb0, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32],
			...float(-Number.MAX_VALUE),
			...ascii(' '.repeat(16))
		]);
	});

	it('writes unique ASCII short names, the long names, the encoding and the extensions in order', () => {
		const bytes = writeSav(SURVEY);
		const { cursor } = readHeader(bytes);
		const dictionary = readDictionary(cursor);
		const text = (data: Uint8Array) => new TextDecoder().decode(data);
		const records = dictionary.variables.filter((v) => v.type !== -1);
		expect(records.map((v) => String.fromCharCode(...v.shortName))).toEqual([
			'ID      ',
			'REGION  ',
			'SEX     ',
			'AWARE_PR',
			'AWARE_P1',
			'SATISFAC',
			'INCOME  ',
			'WEIGHT  ',
			'COMMENT ',
			'COMMENT1',
			'RU_TEXT '
		]);
		const header = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		expect(dictionary.variables).toHaveLength(header.getInt32(68, true));
		expect(dictionary.extensions.map((e) => e.subtype)).toEqual([3, 4, 11, 13, 14, 20, 21, 22]);
		const byType = (subtype: number) =>
			dictionary.extensions.find((e) => e.subtype === subtype) as ExtensionRecord;
		const { data } = byType(3);
		const integers = new DataView(data.buffer, data.byteOffset, data.byteLength);
		// floating_point_rep IEEE 754, endianness little, character_code UTF-8
		expect([4, 6, 7].map((i) => integers.getInt32(i * 4, true))).toEqual([1, 2, 65001]);
		expect(text(byType(13).data)).toBe(
			'ID=id\tREGION=region\tSEX=sex\tAWARE_PR=aware_programmes_1\tAWARE_P1=aware_programmes_2\t' +
				'SATISFAC=satisfaction\tINCOME=income\tWEIGHT=weight\tCOMMENT=comment\tRU_TEXT=ru_text'
		);
		expect(text(byType(14).data)).toBe('COMMENT=00300\0\t');
		expect(text(byType(20).data)).toBe('UTF-8');
		expect(byType(11).count).toBe(3 * records.length);
		// Value labels: numbers and strings up to 8 bytes in type 3; wider strings go to subtype 21.
		expect(dictionary.valueLabelSets.map((set) => set.indexes)).toEqual([[5], [6], [7], [8]]);
	});

	it('splits a 600-byte string into segments of 255, 255 and 96 and packs 255 bytes in each', () => {
		// 600 bytes; a two-byte ж and a three-byte ც straddle the segment ends at bytes 255 and 510.
		const value = 'ж'.repeat(127) + 'ც'.repeat(85) + 'ж' + 'y'.repeat(89);
		expect(new TextEncoder().encode(value)).toHaveLength(600);
		for (const compression of COMPRESSIONS) {
			const bytes = writeSav({
				variables: [{ name: 'very_long_text', type: 'string', width: 600 }],
				rows: [[value], ['short'], [null]],
				compression
			});
			const dictionary = readDictionary(readHeader(bytes).cursor);
			expect(dictionary.variables.filter((v) => v.type !== -1).map((v) => v.type)).toEqual([
				255, 255, 96
			]);
			expect(dictionary.variables).toHaveLength(32 + 32 + 12);
			const file = readSav(bytes);
			expect(file.variables[0]).toMatchObject({
				name: 'very_long_text',
				width: 600,
				format: 'A600'
			});
			expect(file.rows).toEqual([[value], ['short'], ['']]);
		}
	});

	it('cuts over-long values, labels and file labels at a UTF-8 character boundary', () => {
		const file = readSav(
			writeSav({
				fileLabel: 'ბ'.repeat(30), // 90 bytes: 21 characters fit in 64
				variables: [
					{ name: 'ka', type: 'string', width: 5, label: 'ა'.repeat(100) },
					{ name: 'ru', type: 'string', width: 5 }
				],
				rows: [
					['აბგ', 'Жизнь'],
					['abcdefg', 'abcdЖ']
				]
			})
		);
		expect(file.fileLabel).toBe('ბ'.repeat(21));
		expect(file.variables[0]?.label).toBe('ა'.repeat(85));
		expect(file.rows).toEqual([
			['ა', 'Жи'],
			['abcde', 'abcd']
		]);
	});

	it('chooses default widths, formats and measures', () => {
		const file = readSav(
			writeSav({
				variables: [
					{ name: 'code', type: 'numeric', valueLabels: [{ value: 100, label: 'Hundred' }] },
					{ name: 'amount', type: 'numeric' },
					{ name: 'empty', type: 'numeric' },
					{ name: 'city', type: 'string' },
					{ name: 'tag', type: 'string', format: 'A12' }
				],
				rows: [
					[1, 1.5, null, 'თბილისი', 'a'],
					[-5, 2, null, null, null]
				]
			})
		);
		expect(file.variables.map((v) => [v.name, v.width, v.format, v.measure])).toEqual([
			['code', 0, 'F3.0', 'nominal'],
			['amount', 0, 'F8.2', 'scale'],
			['empty', 0, 'F8.2', 'scale'],
			['city', 21, 'A21', 'nominal'],
			['tag', 12, 'A12', 'nominal']
		]);
		expect(file.variables.map((v) => v.label)).toEqual([null, null, null, null, null]);
	});

	it('writes a file without cases', () => {
		const file = readSav(writeSav({ variables: [{ name: 'x', type: 'numeric' }], rows: [] }));
		expect(file.caseCount).toBe(0);
		expect(file.variables.map((v) => v.name)).toEqual(['x']);
	});
});

// --- Validation ----------------------------------------------------------------------------------

const numeric = (name: string, extra: Partial<SavWriteVariable> = {}): SavWriteVariable => ({
	name,
	type: 'numeric',
	...extra
});

describe('writeSav validation', () => {
	it.each([['1abc'], ['a b'], [''], ['#scratch'], ['$sys'], ['ends.'], ['q-1'], ['a'.repeat(65)]])(
		'refuses the variable name %j',
		(name) => {
			expect(() => writeSav({ variables: [numeric(name)], rows: [] })).toThrow(
				name.length > 64 ? /longer than 64 bytes/ : `"${name}" is not valid`
			);
		}
	);

	it('accepts Georgian, Cyrillic and @ # $ . _ in names', () => {
		const names = ['რეგიონი', 'Вопрос_1', '@at', 'a.b', 'x#1', 'y$'];
		const file = readSav(writeSav({ variables: names.map((n) => numeric(n)), rows: [] }));
		expect(file.variables.map((v) => v.name)).toEqual(names);
	});

	it.each<[string, Partial<SavWriteInput>, string | RegExp]>([
		[
			'a reserved word',
			{ variables: [numeric('BY')] },
			'The variable name "BY" is a reserved word'
		],
		[
			'a duplicate name',
			{ variables: [numeric('Age'), numeric('AGE')] },
			'The variable name "AGE" is used twice'
		],
		[
			'a row of the wrong length',
			{ variables: [numeric('a'), numeric('b')], rows: [[1, 2], [3]] },
			'Row 2 has 1 values, but there are 2 variables.'
		],
		[
			'text in a numeric variable',
			{ variables: [numeric('age')], rows: [[30], ['thirty']] },
			'Variable "age" has a non-numeric value "thirty" in row 2.'
		],
		[
			'NaN in a numeric variable',
			{ variables: [numeric('age')], rows: [[Number.NaN]] },
			'Variable "age" has a non-numeric value NaN in row 1.'
		],
		[
			'a number in a string variable',
			{ variables: [{ name: 'city', type: 'string', width: 5 }], rows: [[5]] },
			'Variable "city" has a value that is not text in row 1.'
		],
		[
			'four missing values',
			{ variables: [numeric('q1', { missingValues: [7, 8, 9, 10] })] },
			'Variable "q1" has 4 missing values, but at most 3 are allowed.'
		],
		[
			'a text missing value for a number',
			{ variables: [numeric('q1', { missingValues: ['x'] })] },
			'Variable "q1" has a non-numeric missing value "x".'
		],
		[
			'a string missing value over 8 bytes',
			{
				variables: [{ name: 'city', type: 'string', width: 20, missingValues: ['ქალაქი'] }]
			},
			'Variable "city" has the missing value "ქალაქი", which is longer than 8 bytes.'
		],
		[
			'a string value label wider than the variable',
			{
				variables: [
					{ name: 'sex', type: 'string', width: 1, valueLabels: [{ value: 'fe', label: 'F' }] }
				]
			},
			'Variable "sex" has the value label value "fe", which is longer than 1 byte.'
		],
		[
			'two labels for one value',
			{
				variables: [
					numeric('q1', {
						valueLabels: [
							{ value: 1, label: 'Yes' },
							{ value: 1, label: 'Da' }
						]
					})
				]
			},
			'Variable "q1" has two labels for the value 1.'
		],
		[
			'a bad string width',
			{ variables: [{ name: 'city', type: 'string', width: 40000 }] },
			'Variable "city" has width 40000'
		],
		[
			'an A format for a number',
			{ variables: [numeric('q1', { format: 'A8' })] },
			'Variable "q1" has format "A8", which is not a numeric SPSS format.'
		],
		[
			'an unknown format',
			{ variables: [numeric('q1', { format: 'Q8.2' })] },
			'Variable "q1" has format "Q8.2"'
		],
		[
			'an unknown measure',
			{ variables: [numeric('q1', { measure: 'interval' as 'scale' })] },
			'Variable "q1" has measure "interval"'
		],
		[
			'an unknown type',
			{ variables: [{ name: 'q1', type: 'date' as 'numeric' }] },
			'Variable "q1" has type "date"'
		],
		[
			'a missing weight variable',
			{ variables: [numeric('q1')], weightVariable: 'w' },
			'The weight variable "w" is not one of the variables.'
		],
		[
			'a string weight variable',
			{ variables: [{ name: 'w', type: 'string', width: 2 }], weightVariable: 'w' },
			'The weight variable "w" is a string, but it must be numeric.'
		],
		['no variables', { variables: [] }, 'An SPSS file needs at least one variable.'],
		[
			'an unknown compression',
			{ variables: [numeric('q1')], compression: 'zlib' as 'none' },
			"The compression must be 'none' or 'bytecode', not 'zlib'."
		]
	])('refuses %s with one plain sentence', (_, input, message) => {
		expect(() => writeSav({ rows: [], ...input } as SavWriteInput)).toThrow(message);
	});
});

// --- GNU PSPP reads the files ------------------------------------------------------------------

const PSPP = '/usr/bin/pspp';
const HAVE_PSPP = existsSync(PSPP);
const REQUIRE_PSPP = process.env.BAROMETER_REQUIRE_PSPP === '1';

/** Runs a syntax file in `dir` and returns its text output; PSPP's own messages must be clean. */
function runPspp(dir: string, name: string, syntax: string[]): string {
	if (!HAVE_PSPP) {
		throw new Error(`BAROMETER_REQUIRE_PSPP=1, but ${PSPP} is not installed.`);
	}
	writeFileSync(join(dir, `${name}.sps`), ['SET DECIMAL=DOT.', ...syntax, ''].join('\n'));
	const run = spawnSync(PSPP, [`${name}.sps`, '-o', `${name}.txt`, '-O', 'width=400'], {
		cwd: dir,
		encoding: 'utf8'
	});
	const output = readFileSync(join(dir, `${name}.txt`), 'utf8');
	const messages = `${run.stdout}${run.stderr}${output}`;
	expect(run.status, messages).toBe(0);
	expect(messages).not.toMatch(/warning|error/i);
	return output;
}

/** Pearson's chi-square of a two-way table of (weighted) counts, with its df and N. */
function pearson(pairs: { row: number; column: number; weight: number }[]) {
	const rows = new Map<number, number>();
	const columns = new Map<number, number>();
	const cells = new Map<string, number>();
	let n = 0;
	for (const { row, column, weight } of pairs) {
		rows.set(row, (rows.get(row) ?? 0) + weight);
		columns.set(column, (columns.get(column) ?? 0) + weight);
		cells.set(`${row}|${column}`, (cells.get(`${row}|${column}`) ?? 0) + weight);
		n += weight;
	}
	let chi = 0;
	for (const [row, rowTotal] of rows) {
		for (const [column, columnTotal] of columns) {
			const expected = (rowTotal * columnTotal) / n;
			chi += ((cells.get(`${row}|${column}`) ?? 0) - expected) ** 2 / expected;
		}
	}
	return { chi, df: (rows.size - 1) * (columns.size - 1), n };
}

/** aware_programmes_1 BY satisfaction, leaving out user-missing and system-missing cases. */
function crosstab(weighted: boolean) {
	const pairs = SURVEY.rows
		.filter(
			(row) => [1, 2].includes(row[3] as number) && [1, 2, 3, 4, 5].includes(row[5] as number)
		)
		.map((row) => ({
			row: row[3] as number,
			column: row[5] as number,
			weight: weighted ? (row[7] as number) : 1
		}));
	return pearson(pairs);
}

/** The Pearson chi-square, its df and "N of Valid Cases" of every Chi-Square Tests table. */
function chiSquareTables(output: string) {
	return output
		.split('Chi-Square Tests')
		.slice(1)
		.map((table) => {
			// Weighted tables show df as 4.0.
			const chi = /\|Pearson Chi-Square\s*\|\s*([\d.]+)\|\s*([\d.]+)\|/.exec(table);
			const n = /\|N of Valid Cases\s*\|\s*([\d.]+)\|/.exec(table);
			return { chi: Number(chi?.[1]), df: Number(chi?.[2]), n: Number(n?.[1]) };
		});
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!HAVE_PSPP && !REQUIRE_PSPP).each(COMPRESSIONS)(
	'GNU PSPP reads the written file (compression %s)',
	(compression) => {
		let dir = '';
		let output = '';
		/**
		 * PSPP runs once, from the first test rather than a beforeAll hook, so that with
		 * BAROMETER_REQUIRE_PSPP=1 and no PSPP every test fails instead of being reported skipped.
		 */
		function psppOutput(): string {
			if (output) return output;
			dir = mkdtempSync(join(tmpdir(), 'sav-writer-'));
			writeFileSync(join(dir, 'survey.sav'), writeSav({ ...SURVEY, compression }));
			output = runPspp(dir, 'survey', [
				"GET FILE='survey.sav'.",
				'DISPLAY DICTIONARY.',
				// The file's weight applies first, then none, then WEIGHT BY again.
				'CROSSTABS /TABLES=aware_programmes_1 BY satisfaction /STATISTICS=CHISQ.',
				'WEIGHT OFF.',
				'CROSSTABS /TABLES=aware_programmes_1 BY satisfaction /STATISTICS=CHISQ.',
				'WEIGHT BY weight.',
				'CROSSTABS /TABLES=aware_programmes_1 BY satisfaction /STATISTICS=CHISQ.',
				"SAVE OUTFILE='back.sav'."
			]);
			return output;
		}
		afterAll(() => {
			if (dir) rmSync(dir, { recursive: true, force: true });
		});

		it('shows the long names, variable labels, measures, formats and missing values', () => {
			const output = psppOutput();
			const variablesTable = output.slice(0, output.indexOf('Value Labels'));
			const rowOf = (name: string) =>
				variablesTable
					.split('\n')
					.map((line) =>
						line
							.split('|')
							.slice(1, -1)
							.map((cell) => cell.trim())
					)
					.find((cells) => cells[0] === name);
			for (const v of SURVEY_VARIABLES) {
				const row = rowOf(v.name);
				expect(row, v.name).toBeDefined();
				const [, , label, measure, , , , print] = row ?? [];
				expect(label).toBe(v.label ?? '');
				expect(measure?.toLowerCase()).toBe(v.measure);
				expect(print).toBe(v.format);
			}
			expect(rowOf('satisfaction')?.at(-1)).toBe('8; 9');
			expect(rowOf('aware_programmes_2')?.at(-1)).toBe('9');
			expect(rowOf('sex')?.at(-1)).toBe('"x"');
			expect(rowOf('region')?.at(-1)).toBe('"unknown "');
		});

		it('shows the value labels, Georgian and Cyrillic ones included', () => {
			const output = psppOutput();
			const table = output.slice(output.indexOf('Value Labels'), output.indexOf('Summary'));
			for (const v of SURVEY_VARIABLES) {
				for (const { value, label } of v.valueLabels ?? []) {
					const shown = String(value).length > 40 ? '' : escape(String(value));
					const marker = v.missingValues?.includes(value) ? '\\[a\\]' : '';
					expect(table, `${v.name} ${value}`).toMatch(
						new RegExp(`${shown}${marker}\\s*\\|${escape(label)}\\s*\\|`)
					);
				}
			}
		});

		it('gives the Pearson chi-square computed from the data, weighted by the file, then not, then again', () => {
			const output = psppOutput();
			const tables = chiSquareTables(output);
			const weighted = crosstab(true);
			const unweighted = crosstab(false);
			expect(tables, output).toHaveLength(3);
			expect(weighted.chi).toBeGreaterThan(100);
			for (const [table, expected] of [
				[tables[0], weighted],
				[tables[1], unweighted],
				[tables[2], weighted]
			] as const) {
				expect(table?.chi).toBeCloseTo(expected.chi, 2);
				expect(table?.df).toBe(4);
				expect(table?.n).toBe(expected.n);
			}
			expect(weighted.n).toBeGreaterThan(unweighted.n);
			expect(output).toContain('Yes — დიახ');
			expect(output).toContain('Very satisfied — ძალიან კმაყოფილი');
		});

		it('reads every case: what PSPP saves back reads as the rows we wrote', () => {
			psppOutput();
			const back = readSav(new Uint8Array(readFileSync(join(dir, 'back.sav'))));
			// PSPP writes value labels in its own order.
			const sorted = <T extends { valueLabels: { label: string }[] }>(dictionary: T[]) =>
				dictionary.map((v) => ({
					...v,
					valueLabels: [...v.valueLabels].sort((x, y) => x.label.localeCompare(y.label))
				}));
			expect(sorted(dictionaryOf(back))).toEqual(sorted(EXPECTED_DICTIONARY));
			expect(back.fileLabel).toBe(SURVEY.fileLabel);
			expect(back.rows).toEqual(EXPECTED_ROWS);
		});
	}
);
