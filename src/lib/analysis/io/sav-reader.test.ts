import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSav, type SavFile, type SavVariable } from './sav-reader.ts';

/** Fixtures made by fixtures/survey.sps and fixtures/legacy-1252.sps with PSPP (see README). */
function fixture(name: string): Uint8Array {
	return new Uint8Array(
		readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)))
	);
}

function variable(file: SavFile, name: string): SavVariable {
	const found = file.variables.find((v) => v.name === name);
	if (!found) throw new Error(`no variable ${name}`);
	return found;
}

const byValue = (labels: SavVariable['valueLabels']) =>
	[...labels].sort((a, b) => String(a.value).localeCompare(String(b.value)));

/** Seconds from 14 Oct 1582, SPSS's date origin, to a calendar date. */
const spssDate = (year: number, month: number, day: number) =>
	(Date.UTC(year, month - 1, day) - Date.UTC(1582, 9, 14)) / 1000;

/** open_comment_text of row 1: a two-byte Ж straddles the first segment's 255-byte end. */
const LONG_COMMENT_1 = `${'a'.repeat(254)}Жизнь ცხოვრება`;
const LONG_COMMENT_5 = `b${'z'.repeat(299)}`;

const SURVEY_ROWS = [
	[1, 'თბილისი', 'f', 4, 1520.5, 34, spssDate(2024, 3, 14), 'Привет, мир', LONG_COMMENT_1],
	[2, 'Москва', 'm', 9, -5, 130, spssDate(2024, 1, 1), 'Да', 'short comment'],
	[3, 'unknown', 'x', null, null, null, null, '', ''],
	[4, 'Batumi', '', 1, 99999, -1, spssDate(2024, 2, 29), 'ok', ''],
	[5, 'Kutaisi', 'f', 5, 0.25, 120, spssDate(2023, 12, 31), 'Ёжик в тумане', LONG_COMMENT_5]
];

describe.each([
	['bytecode-compressed', 'survey-utf8-compressed.sav'],
	['uncompressed', 'survey-utf8-uncompressed.sav'],
	['ZLIB-compressed', 'survey-utf8.zsav']
])('readSav on a %s UTF-8 file from PSPP', (_, name) => {
	let file: SavFile;
	beforeAll(() => {
		file = readSav(fixture(name));
	});

	it('reads the encoding record, the file label and the documents', () => {
		expect(file.encoding).toBe('utf-8');
		expect(file.fileLabel).toBe('Barometer fixture — ბარომეტრი');
		expect(file.documents.slice(0, 2)).toEqual([
			'DOCUMENT Made by survey.sps for the Barometer SAV reader tests',
			'  Second line of the document.'
		]);
	});

	it('merges the very long string segments into one variable with its long name', () => {
		expect(file.variables.map((v) => [v.name, v.type, v.width, v.format])).toEqual([
			['id', 'numeric', 0, 'F4.0'],
			['region', 'string', 24, 'A24'],
			['sex', 'string', 1, 'A1'],
			['satisfaction_score', 'numeric', 0, 'F2.0'],
			['income', 'numeric', 0, 'F8.2'],
			['age', 'numeric', 0, 'F3.0'],
			['interview_date', 'numeric', 0, 'DATE11'],
			['ru_text', 'string', 40, 'A40'],
			['open_comment_text', 'string', 300, 'A300']
		]);
	});

	it('decodes variable labels, and null where there is none', () => {
		expect(file.variables.map((v) => v.label)).toEqual([
			'Respondent ID',
			'Region of residence — регион',
			'Sex',
			'Satisfaction with the government (1–5)',
			'Monthly income, GEL',
			null,
			'Date of interview',
			null,
			'Open comment (very long string)'
		]);
	});

	it('reads numeric value labels', () => {
		expect(byValue(variable(file, 'satisfaction_score').valueLabels)).toEqual([
			{ value: 1, label: 'Very dissatisfied' },
			{ value: 2, label: 'Dissatisfied' },
			{ value: 3, label: 'Neutral' },
			{ value: 4, label: 'Satisfied' },
			{ value: 5, label: 'Very satisfied' },
			{ value: 8, label: "Don't know" },
			{ value: 9, label: 'Refused — უარი' }
		]);
		expect(variable(file, 'id').valueLabels).toEqual([]);
	});

	it('reads short string value labels trimmed to the variable width', () => {
		expect(byValue(variable(file, 'sex').valueLabels)).toEqual([
			{ value: 'f', label: 'Female' },
			{ value: 'm', label: 'Male' },
			{ value: 'x', label: 'Not recorded' }
		]);
	});

	it('reads long string value labels (subtype 21) with Georgian and Russian values', () => {
		expect(byValue(variable(file, 'region').valueLabels)).toEqual([
			{ value: 'unknown', label: 'Not known' },
			{ value: 'Москва', label: 'Moscow' },
			{ value: 'თბილისი', label: 'Tbilisi (capital)' }
		]);
	});

	it('reads discrete user-missing values', () => {
		expect(variable(file, 'satisfaction_score').missingValues).toEqual([8, 9]);
		expect(variable(file, 'satisfaction_score').missingRange).toBeUndefined();
		expect(variable(file, 'id').missingValues).toEqual([]);
		expect(variable(file, 'id').missingRange).toBeUndefined();
	});

	it('reads missing ranges, with LOWEST and HIGHEST as infinities', () => {
		const income = variable(file, 'income');
		expect(income.missingRange).toEqual({ low: -Infinity, high: -1 });
		expect(income.missingValues).toEqual([99999]);
		const age = variable(file, 'age');
		expect(age.missingRange).toEqual({ low: 120, high: Infinity });
		expect(age.missingValues).toEqual([]);
	});

	it('reads string missing values, short and long (subtype 22)', () => {
		expect(variable(file, 'sex').missingValues).toEqual(['x']);
		expect(variable(file, 'region').missingValues).toEqual(['unknown', 'n/a']);
	});

	it('reads measurement levels', () => {
		expect(file.variables.map((v) => v.measure)).toEqual([
			'scale',
			'nominal',
			'nominal',
			'ordinal',
			'scale',
			'scale',
			'scale',
			'nominal',
			'nominal'
		]);
	});

	it('reads every case, with system-missing as null and strings right-trimmed', () => {
		expect(file.caseCount).toBe(5);
		expect(file.rows).toEqual(SURVEY_ROWS);
	});

	it('joins very long string segments before decoding', () => {
		const comments = file.rows.map((row) => row[8]);
		expect(comments[0]).toBe(LONG_COMMENT_1);
		expect(new TextEncoder().encode(String(comments[0])).length).toBe(254 + 10 + 1 + 24);
		expect(String(comments[4]).length).toBe(300);
	});
});

describe('readSav against pspp-convert', () => {
	/**
	 * `pspp-convert survey-utf8-compressed.sav out.csv` (PSPP 1.6.2) printed these lines; dates in
	 * its CSV are mm/dd/yyyy and system-missing is a space.
	 */
	const PSPP_CSV = [
		'id,region,sex,satisfaction_score,income,age,interview_date,ru_text,open_comment_text',
		`1,თბილისი,f,4,1520.5,34,03/14/2024,"Привет, мир",${'a'.repeat(254)}Жизнь ცხოვრება`,
		'2,Москва,m,9,-5,130,01/01/2024,Да,short comment',
		'3,unknown,x, , , , ,,',
		'4,Batumi,,1,99999,-1,02/29/2024,ok,',
		`5,Kutaisi,f,5,0.25,120,12/31/2023,Ёжик в тумане,b${'z'.repeat(299)}`
	];

	function asPsppCsv(value: number | string | null, format: string): string {
		if (value === null) return ' ';
		if (typeof value === 'string') return /[",]/.test(value) ? `"${value}"` : value;
		if (!format.startsWith('DATE')) return String(value);
		const date = new Date(Date.UTC(1582, 9, 14) + value * 1000);
		const pad = (n: number) => String(n).padStart(2, '0');
		return `${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}/${date.getUTCFullYear()}`;
	}

	it('gives the same cells as PSPP for every case', () => {
		const file = readSav(fixture('survey-utf8-compressed.sav'));
		const lines = [
			file.variables.map((v) => v.name).join(','),
			...file.rows.map((row) =>
				row.map((cell, i) => asPsppCsv(cell, file.variables[i]?.format ?? '')).join(',')
			)
		];
		expect(lines).toEqual(PSPP_CSV);
	});
});

describe('readSav encodings', () => {
	it('decodes a windows-1252 file, including the euro sign at 0x80', () => {
		const file = readSav(fixture('legacy-1252.sav'));
		expect(file.encoding).toBe('windows-1252');
		expect(file.rows).toEqual([
			[1, 'Zürich'],
			[2, 'Café'],
			[3, '€ and £']
		]);
		expect(variable(file, 'city').label).toBe('Ville où habite');
		expect(variable(file, 'q1').valueLabels).toEqual([
			{ value: 1, label: 'Oui' },
			{ value: 2, label: 'Non, très peu' }
		]);
	});

	it('falls back to character_code (subtype 3) without an encoding record', () => {
		const utf8 = withoutExtension(fixture('survey-utf8-compressed.sav'), 20);
		const file = readSav(utf8);
		expect(file.encoding).toBe('utf-8');
		expect(file.rows[0]?.[1]).toBe('თბილისი');

		// 0xa3 is £ in windows-1252 but Ł in windows-1250: the code page decides.
		const legacy = withCharacterCode(withoutExtension(fixture('legacy-1252.sav'), 20), 1250);
		const central = readSav(legacy);
		expect(central.encoding).toBe('windows-1250');
		expect(central.rows[2]?.[1]).toBe('€ and Ł');
	});

	it('falls back to windows-1252 when the file names no encoding at all', () => {
		const file = readSav(tinySav({ littleEndian: true }));
		expect(file.encoding).toBe('windows-1252');
		expect(file.rows[0]?.[2]).toBe('Montréal €');
	});
});

describe('readSav byte order', () => {
	it('reads a big-endian file (built here: PSPP writes only its own byte order)', () => {
		const big = readSav(tinySav({ littleEndian: false }));
		expect(big).toEqual(readSav(tinySav({ littleEndian: true })));
		expect(big.fileLabel).toBe('Tiny test file');
		expect(big.variables).toEqual([
			{
				name: 'SCORE',
				label: 'Score',
				type: 'numeric',
				width: 0,
				valueLabels: [
					{ value: 1, label: 'one' },
					{ value: 2.5, label: 'two and a half' }
				],
				missingValues: [-9],
				missingRange: { low: -Infinity, high: -1 },
				measure: 'unknown',
				format: 'F5.1'
			},
			{
				name: 'NAME',
				label: null,
				type: 'string',
				width: 8,
				valueLabels: [{ value: 'ann', label: 'Ann' }],
				missingValues: ['none'],
				measure: 'unknown',
				format: 'A8'
			},
			{
				name: 'CITY',
				label: null,
				type: 'string',
				width: 12,
				valueLabels: [],
				missingValues: [],
				measure: 'unknown',
				format: 'A12'
			}
		]);
		expect(big.rows).toEqual([
			[1, 'ann', 'Montréal €'],
			[null, '', ''],
			[1520.25, 'bob', 'Rome'],
			[-99, '', 'x']
		]);
	});

	it('reads to the end-of-data code when the header does not know the case count', () => {
		const file = readSav(tinySav({ littleEndian: false, caseCount: -1 }));
		expect(file.caseCount).toBe(4);
	});
});

describe('readSav errors', () => {
	const oneSentence = /^[A-Z][^\n]*\.$/;

	it.each([
		['a CSV file', new TextEncoder().encode('id,name\n1,Tbilisi\n')],
		['an empty file', new Uint8Array(0)],
		['a PNG image', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])]
	])('refuses %s as not an SPSS system file', (_, bytes) => {
		expect(() => readSav(bytes)).toThrow(/^This is not an SPSS system file/);
		expect(() => readSav(bytes)).toThrow(oneSentence);
	});

	it.each([
		['survey-utf8-compressed.sav', 100],
		['survey-utf8-compressed.sav', 1000],
		['survey-utf8-compressed.sav', -20],
		['survey-utf8-uncompressed.sav', 2000],
		['survey-utf8-uncompressed.sav', -300],
		['survey-utf8.zsav', -100],
		['legacy-1252.sav', -10]
	])('reports %s cut at %d bytes as truncated', (name, cut) => {
		const bytes = fixture(name);
		const cutBytes = bytes.subarray(0, cut < 0 ? bytes.length + cut : cut);
		expect(() => readSav(cutBytes)).toThrow(/truncated/);
		expect(() => readSav(cutBytes)).toThrow(oneSentence);
	});

	it('says how many cases a file cut at a case boundary holds', () => {
		const bytes = fixture('survey-utf8-uncompressed.sav');
		const caseBytes = 8 * (1 + 3 + 1 + 1 + 1 + 1 + 1 + 5 + 32 + 6);
		expect(() => readSav(bytes.subarray(0, bytes.length - caseBytes))).toThrow(
			'The SPSS file is truncated: it holds 4 of the 5 cases its header promises.'
		);
	});

	it('refuses an unknown record type in the dictionary', () => {
		const bytes = tinySav({ littleEndian: true });
		new DataView(bytes.buffer).setInt32(176, 5, true);
		expect(() => readSav(bytes)).toThrow('unknown record type (5)');
	});
});

// --- Helpers that edit or build system files ---------------------------------------------------

/** Removes one extension record (type 7) from a little-endian $FL2 file: nothing points past it. */
function withoutExtension(bytes: Uint8Array, subtype: number): Uint8Array {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	for (let at = 176; at + 16 <= bytes.length; at++) {
		if (view.getInt32(at, true) !== 7 || view.getInt32(at + 4, true) !== subtype) continue;
		const size = view.getInt32(at + 8, true);
		if (size !== 1) continue;
		const end = at + 16 + view.getInt32(at + 12, true);
		const result = new Uint8Array(bytes.length - (end - at));
		result.set(bytes.subarray(0, at));
		result.set(bytes.subarray(end), at);
		return result;
	}
	throw new Error(`no extension record ${subtype}`);
}

/** Sets character_code in the machine integer info record (subtype 3) of a little-endian file. */
function withCharacterCode(bytes: Uint8Array, code: number): Uint8Array {
	const copy = bytes.slice();
	const view = new DataView(copy.buffer);
	for (let at = 176; at + 48 <= copy.length; at++) {
		if (view.getInt32(at, true) === 7 && view.getInt32(at + 4, true) === 3) {
			view.setInt32(at + 16 + 7 * 4, code, true);
			return copy;
		}
	}
	throw new Error('no machine integer info record');
}

/**
 * Builds a tiny bytecode-compressed system file in either byte order, with no extension records
 * at all (so no encoding, measures or long names): a numeric SCORE with a label, value labels and
 * a missing range plus value; a string NAME (A8) with a value label and a missing value; a string
 * CITY (A12) that needs a continuation record. Strings are windows-1252.
 */
function tinySav(options: { littleEndian: boolean; caseCount?: number }): Uint8Array {
	const out = new SavWriter(options.littleEndian);
	out.text('$FL2').text('@(#) SPSS DATA FILE tiny test writer', 60);
	out.int32(2, 4, 1, 0, options.caseCount ?? 4).float64(100);
	out.text('01 Jan 70').text('00:00:00').text('Tiny test file', 64).text('', 3);

	out.int32(2, 0, 1, -3, 0x050501, 0x050501).text('SCORE', 8).int32(5).text('Score', 8);
	// LOWEST as first written (0xffeffffffffffffe), with no float info record to name it.
	out.float64(-(Number.MAX_VALUE - 2 ** 971), -1, -9);
	out.int32(2, 8, 0, 1, 0x010800, 0x010800).text('NAME', 8).text('none', 8);
	out.int32(2, 12, 0, 0, 0x010c00, 0x010c00).text('CITY', 8);
	out.int32(2, -1, 0, 0, 0, 0).text('', 8);

	out
		.int32(3, 2)
		.float64(1)
		.byte(3)
		.text('one', 7)
		.float64(2.5)
		.byte(14)
		.text('two and a half', 15);
	out.int32(4, 1, 1);
	out.int32(3, 1).text('ann', 8).byte(3).text('Ann', 7).int32(4, 1, 2);
	out.int32(999, 0);

	out.compressed([
		[1, 'ann     ', 'Montr\xe9al', ' \x80      '],
		[null, '        ', '        ', '        '],
		[1520.25, 'bob     ', 'Rome    ', '        '],
		[-99, '        ', 'x       ', '        ']
	]);
	return out.bytes();
}

/** Writes system file pieces in one byte order; strings are Latin-1 code units, one byte each. */
class SavWriter {
	private readonly chunks: number[] = [];

	constructor(private readonly littleEndian: boolean) {}

	byte(value: number): this {
		this.chunks.push(value);
		return this;
	}

	int32(...values: number[]): this {
		for (const value of values)
			this.number(4, (view) => view.setInt32(0, value, this.littleEndian));
		return this;
	}

	float64(...values: number[]): this {
		for (const value of values) {
			this.number(8, (view) => view.setFloat64(0, value, this.littleEndian));
		}
		return this;
	}

	/** Text padded with spaces to `width` bytes (its own length when omitted). */
	text(value: string, width = value.length): this {
		for (let i = 0; i < width; i++) this.chunks.push(i < value.length ? value.charCodeAt(i) : 0x20);
		return this;
	}

	/** Bytecode compression ("Data Record"): 8 codes, then the raw values that code 253 announces. */
	compressed(rows: (number | string | null)[][]): this {
		const codes: number[] = [];
		const raws: (() => void)[] = [];
		const flush = () => {
			while (codes.length < 8) codes.push(0);
			for (const code of codes.splice(0)) this.byte(code);
			for (const raw of raws.splice(0)) raw();
		};
		const push = (code: number, raw?: () => void) => {
			codes.push(code);
			if (raw) raws.push(raw);
			if (codes.length === 8) flush();
		};
		for (const cell of rows.flat()) {
			if (cell === null) push(255);
			else if (typeof cell === 'string') {
				push(
					cell.trim() === '' ? 254 : 253,
					cell.trim() === '' ? undefined : () => this.text(cell, 8)
				);
			} else if (Number.isInteger(cell) && cell >= -99 && cell <= 151) push(cell + 100);
			else push(253, () => this.float64(cell));
		}
		push(252);
		flush();
		return this;
	}

	bytes(): Uint8Array {
		return Uint8Array.from(this.chunks);
	}

	private number(size: number, write: (view: DataView) => void): void {
		const view = new DataView(new ArrayBuffer(size));
		write(view);
		for (let i = 0; i < size; i++) this.chunks.push(view.getUint8(i));
	}
}
