/**
 * Low-level pieces of the SPSS system file reader: a byte cursor, the file header and the
 * dictionary records, as laid out in the PSPP manual, appendix "System File Format".
 *
 * Strings stay raw bytes here. The character encoding is only known once the whole dictionary has
 * been read (it sits in an extension record near its end), so sav-reader.ts decodes them after.
 */

/** The largest finite double: SYSMIS is its negation ("System File Format" introduction). */
export const DBL_MAX = Number.MAX_VALUE;

export type DataPart = 'dictionary' | 'data';

/** Strings in the file are padded with spaces (and sometimes NULs) on the right. */
export const trimRight = (text: string): string => text.replace(/[ \0]+$/, '');

/** Reads integers and doubles in the file's byte order; throws one plain sentence past the end. */
export class ByteCursor {
	pos = 0;
	part: DataPart = 'dictionary';
	private readonly view: DataView;

	constructor(
		readonly bytes: Uint8Array,
		readonly littleEndian: boolean
	) {
		this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	}

	get remaining(): number {
		return this.bytes.length - this.pos;
	}

	need(n: number): void {
		if (n < 0 || this.pos + n > this.bytes.length) {
			throw new Error(`The SPSS file is truncated: it ends in the middle of its ${this.part}.`);
		}
	}

	int32(): number {
		this.need(4);
		const value = this.view.getInt32(this.pos, this.littleEndian);
		this.pos += 4;
		return value;
	}

	int64(): number {
		this.need(8);
		const value = this.view.getBigInt64(this.pos, this.littleEndian);
		this.pos += 8;
		return Number(value);
	}

	float64(): number {
		this.need(8);
		const value = this.view.getFloat64(this.pos, this.littleEndian);
		this.pos += 8;
		return value;
	}

	byte(): number {
		this.need(1);
		return this.bytes[this.pos++] as number;
	}

	raw(n: number): Uint8Array {
		this.need(n);
		const slice = this.bytes.subarray(this.pos, this.pos + n);
		this.pos += n;
		return slice;
	}
}

/** Reads a double from 8 raw bytes, e.g. a numeric value label or missing value. */
export function float64Of(bytes: Uint8Array, littleEndian: boolean): number {
	return new DataView(bytes.buffer, bytes.byteOffset, 8).getFloat64(0, littleEndian);
}

export interface SavHeader {
	/** '$FL3' marks a ZLIB-compressed (.zsav) file. */
	zlib: boolean;
	littleEndian: boolean;
	/** 0 none, 1 bytecode, 2 ZLIB (then bytecode inside). */
	compression: number;
	/** -1 when the writer did not know. */
	caseCount: number;
	bias: number;
	fileLabel: Uint8Array;
}

const HEADER_LENGTH = 176;
const LAYOUT_CODE_OFFSET = 64;

function magicOf(bytes: Uint8Array): string {
	return String.fromCharCode(...bytes.subarray(0, 4));
}

/**
 * "File Header Record". The integer byte order is found from layout_code, which is 2 (or 3) when
 * read in the right order; floats share the integers' byte order in every file observed.
 */
export function readHeader(bytes: Uint8Array): { header: SavHeader; cursor: ByteCursor } {
	const magic = magicOf(bytes);
	if (magic !== '$FL2' && magic !== '$FL3') {
		if (magic === '\x5b\xc6\xd3\xf2') {
			throw new Error('EBCDIC-encoded SPSS system files are not supported.');
		}
		throw new Error('This is not an SPSS system file: it does not start with $FL2 or $FL3.');
	}
	if (bytes.length < HEADER_LENGTH) {
		throw new Error('The SPSS file is truncated: it ends in the middle of its header.');
	}
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const layoutLittle = view.getInt32(LAYOUT_CODE_OFFSET, true);
	const layoutBig = view.getInt32(LAYOUT_CODE_OFFSET, false);
	let littleEndian: boolean;
	if (layoutLittle === 2 || layoutLittle === 3) littleEndian = true;
	else if (layoutBig === 2 || layoutBig === 3) littleEndian = false;
	else
		throw new Error(
			'The SPSS file header has an unknown layout code, so its byte order is unknown.'
		);

	const cursor = new ByteCursor(bytes, littleEndian);
	cursor.pos = LAYOUT_CODE_OFFSET + 4;
	cursor.int32(); // nominal_case_size: unreliable by the manual's own word, so it is not used
	const compression = cursor.int32();
	cursor.int32(); // weight_index
	const caseCount = cursor.int32();
	const bias = cursor.float64();
	cursor.raw(9 + 8); // creation date and time
	const fileLabel = cursor.raw(64);
	cursor.raw(3);

	const zlib = magic === '$FL3';
	if (zlib ? compression !== 2 : compression !== 0 && compression !== 1) {
		throw new Error(`The SPSS file uses an unknown compression code (${compression}).`);
	}
	return { header: { zlib, littleEndian, compression, caseCount, bias, fileLabel }, cursor };
}

/** One "Variable Record": a variable, a segment of a very long string, or a continuation. */
export interface VariableRecord {
	/** 0 numeric, 1–255 string width, -1 continuation of the previous long string. */
	type: number;
	shortName: Uint8Array;
	label: Uint8Array | null;
	/** n_missing_values: 0–3 discrete, -2 a range, -3 a range then one discrete value. */
	missingCode: number;
	missing: Uint8Array[];
	print: number;
}

/** A "Value Labels Records" pair: labels (type 3) and the dictionary indexes they apply to (4). */
export interface ValueLabelSet {
	labels: { value: Uint8Array; label: Uint8Array }[];
	/** 1-based dictionary indexes, counting continuation records. */
	indexes: number[];
}

export interface ExtensionRecord {
	subtype: number;
	size: number;
	count: number;
	data: Uint8Array;
}

export interface Dictionary {
	variables: VariableRecord[];
	valueLabelSets: ValueLabelSet[];
	documents: Uint8Array[];
	extensions: ExtensionRecord[];
}

const padTo = (n: number, unit: number): number => Math.ceil(n / unit) * unit;

function readVariableRecord(c: ByteCursor): VariableRecord {
	const type = c.int32();
	const hasLabel = c.int32();
	const missingCode = c.int32();
	const print = c.int32();
	c.int32(); // write format: the print format is the one analysts see
	const shortName = c.raw(8);
	let label: Uint8Array | null = null;
	if (hasLabel === 1) {
		const length = c.int32();
		label = c.raw(padTo(length, 4)).subarray(0, length);
	}
	if (![0, 1, 2, 3, -2, -3].includes(missingCode)) {
		throw new Error(`The SPSS file has an invalid missing-value count (${missingCode}).`);
	}
	const missing: Uint8Array[] = [];
	for (let i = 0; i < Math.abs(missingCode); i++) missing.push(c.raw(8));
	return { type, shortName, label, missingCode, missing, print };
}

function readValueLabelSet(c: ByteCursor): ValueLabelSet {
	const count = c.int32();
	const labels: ValueLabelSet['labels'] = [];
	for (let i = 0; i < count; i++) {
		const value = c.raw(8);
		const length = c.byte();
		// label_len and the label together are padded to a multiple of 8 bytes.
		const label = c.raw(padTo(length + 1, 8) - 1).subarray(0, length);
		labels.push({ value, label });
	}
	if (c.int32() !== 4) {
		throw new Error('The SPSS file has a value label record without its variable list.');
	}
	const indexCount = c.int32();
	c.need(indexCount * 4);
	const indexes: number[] = [];
	for (let i = 0; i < indexCount; i++) indexes.push(c.int32());
	return { labels, indexes };
}

function readExtension(c: ByteCursor): ExtensionRecord {
	const subtype = c.int32();
	const size = c.int32();
	const count = c.int32();
	if (size < 0 || count < 0) throw new Error('The SPSS file has a damaged extension record.');
	return { subtype, size, count, data: c.raw(size * count) };
}

/** Reads every record up to and including the "Dictionary Termination Record" (type 999). */
export function readDictionary(c: ByteCursor): Dictionary {
	const dictionary: Dictionary = {
		variables: [],
		valueLabelSets: [],
		documents: [],
		extensions: []
	};
	for (;;) {
		const recordType = c.int32();
		switch (recordType) {
			case 2:
				dictionary.variables.push(readVariableRecord(c));
				break;
			case 3:
				dictionary.valueLabelSets.push(readValueLabelSet(c));
				break;
			case 6: {
				const lines = c.int32();
				for (let i = 0; i < lines; i++) dictionary.documents.push(c.raw(80));
				break;
			}
			case 7:
				dictionary.extensions.push(readExtension(c));
				break;
			case 999:
				c.int32(); // filler
				return dictionary;
			default:
				throw new Error(
					`The SPSS file has an unknown record type (${recordType}) in its dictionary.`
				);
		}
	}
}

/** A cursor over one extension record's data, in the file's byte order. */
export function extensionCursor(record: ExtensionRecord, littleEndian: boolean): ByteCursor {
	return new ByteCursor(record.data, littleEndian);
}

/** "Long String Value Labels Record" (subtype 21): labels for strings wider than 8 bytes. */
export function readLongStringValueLabels(
	record: ExtensionRecord,
	littleEndian: boolean
): { name: Uint8Array; labels: { value: Uint8Array; label: Uint8Array }[] }[] {
	const c = extensionCursor(record, littleEndian);
	const result = [];
	while (c.remaining > 0) {
		const name = c.raw(c.int32());
		c.int32(); // var_width
		const count = c.int32();
		const labels = [];
		for (let i = 0; i < count; i++) {
			const value = c.raw(c.int32());
			const label = c.raw(c.int32());
			labels.push({ value, label });
		}
		result.push({ name, labels });
	}
	return result;
}

/**
 * "Long String Missing Values Record" (subtype 22). PSPP writes a length before every value; the
 * manual notes SPSS writes one length for all of them. A length before the second value would be
 * the int32 8, which no text starts with, so peeking there tells the two layouts apart.
 */
export function readLongStringMissingValues(
	record: ExtensionRecord,
	littleEndian: boolean
): { name: Uint8Array; values: Uint8Array[] }[] {
	const c = extensionCursor(record, littleEndian);
	const result = [];
	while (c.remaining > 0) {
		const name = c.raw(c.int32());
		const count = c.byte();
		const values: Uint8Array[] = [];
		const length = c.int32();
		values.push(c.raw(length));
		const lengthEachTime = count > 1 && c.remaining >= 4 && peekInt32(c) === length;
		for (let i = 1; i < count; i++) {
			if (lengthEachTime) c.int32();
			values.push(c.raw(length));
		}
		result.push({ name, values });
	}
	return result;
}

function peekInt32(c: ByteCursor): number {
	const at = c.pos;
	const value = c.int32();
	c.pos = at;
	return value;
}

/**
 * "Variable Display Parameter Record" (subtype 11): measure per variable record that is not a
 * continuation, in order, with 2 or 3 int32s each (the display width is not always present).
 */
export function readMeasures(record: ExtensionRecord, littleEndian: boolean, n: number): number[] {
	if (n === 0 || record.size !== 4 || (record.count !== 2 * n && record.count !== 3 * n)) return [];
	const step = record.count / n;
	const c = extensionCursor(record, littleEndian);
	const measures: number[] = [];
	for (let i = 0; i < n; i++) {
		c.pos = i * step * 4;
		measures.push(c.int32());
	}
	return measures;
}

// --- Character encoding ---------------------------------------------------------------------

/** Windows code pages and other character_code values with a WHATWG decoder name. */
const CODE_PAGES: Record<number, string> = {
	2: 'windows-1252', // "7-bit ASCII", also written by old SPSS whatever the real encoding was
	3: 'windows-1252',
	866: 'ibm866',
	874: 'windows-874',
	932: 'shift_jis',
	936: 'gbk',
	949: 'euc-kr',
	950: 'big5',
	20127: 'windows-1252',
	65001: 'utf-8'
};

function codePageName(code: number): string | undefined {
	if (code >= 1250 && code <= 1258) return `windows-${code}`;
	if (code >= 28591 && code <= 28605) return `iso-8859-${code - 28590}`;
	return CODE_PAGES[code];
}

function isKnownEncoding(label: string): boolean {
	try {
		new TextDecoder(label);
		return true;
	} catch {
		return false;
	}
}

/**
 * "Character Encoding Record" (subtype 20) names the encoding; failing that, character_code in the
 * "Machine Integer Info Record" (subtype 3); failing both, windows-1252, which older SPSS wrote.
 */
export function resolveEncoding(
	encodingRecord: ExtensionRecord | undefined,
	integerInfo: ExtensionRecord | undefined,
	le: boolean
): string {
	if (encodingRecord) {
		const name = String.fromCharCode(...encodingRecord.data).trim();
		if (isKnownEncoding(name)) return name;
	}
	if (integerInfo && integerInfo.size === 4 && integerInfo.count >= 8) {
		const characterCode = extensionCursor(integerInfo, le);
		characterCode.pos = 7 * 4;
		const name = codePageName(characterCode.int32());
		if (name && isKnownEncoding(name)) return name;
	}
	return 'windows-1252';
}

export type Decode = (bytes: Uint8Array) => string;

/** WHATWG windows-1252 for bytes 0x80–0x9f; the rest of the code page equals Latin-1. */
const WINDOWS_1252_HIGH =
	'\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f' +
	'\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';

/**
 * A decoder for the resolved encoding. windows-1252 is decoded here because Node 20's TextDecoder
 * treats it as ISO-8859-1 (0x80 gives U+0080, not the euro sign), and old SPSS files use it most.
 */
export function textDecoder(label: string): { encoding: string; decode: Decode } {
	const decoder = new TextDecoder(label);
	if (decoder.encoding !== 'windows-1252') {
		return { encoding: decoder.encoding, decode: (bytes) => decoder.decode(bytes) };
	}
	const decode: Decode = (bytes) => {
		let text = '';
		for (const byte of bytes) {
			text +=
				byte >= 0x80 && byte < 0xa0 ? WINDOWS_1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
		}
		return text;
	};
	return { encoding: 'windows-1252', decode };
}

// --- Special numbers ----------------------------------------------------------------------------

export interface FloatInfo {
	sysmis: number;
	highest: number;
	lowest: number;
}

/** LOWEST as first written: the second-largest negative double (0xffeffffffffffffe). */
export const OLD_LOWEST = -(DBL_MAX - 2 ** 971);

/** "Machine Floating-Point Info Record" (subtype 4); the manual's values when it is absent. */
export function floatInfo(record: ExtensionRecord | undefined, le: boolean): FloatInfo {
	if (!record || record.size !== 8 || record.count !== 3) {
		return { sysmis: -DBL_MAX, highest: DBL_MAX, lowest: -DBL_MAX };
	}
	const c = extensionCursor(record, le);
	return { sysmis: c.float64(), highest: c.float64(), lowest: c.float64() };
}

/** "Extended Number of Cases Record" (subtype 16) when the header's int32 says -1. */
export function expectedCases(
	header: SavHeader,
	record: ExtensionRecord | undefined,
	le: boolean
): number {
	if (header.caseCount >= 0 || !record || record.size !== 8 || record.count !== 2) {
		return header.caseCount;
	}
	const c = extensionCursor(record, le);
	c.int64();
	return c.int64();
}

/** Parses KEY=VALUE pairs of the text extension records, keyed by upper-case short name. */
export function keyValuePairs(
	record: ExtensionRecord | undefined,
	decode: Decode
): Map<string, string> {
	const pairs = new Map<string, string>();
	if (!record) return pairs;
	// Long names are separated by tabs; very long string widths by NUL then tab.
	for (const pair of decode(record.data).split(/\0?\t|\0/)) {
		const at = pair.indexOf('=');
		if (at > 0) pairs.set(pair.slice(0, at).trim().toUpperCase(), pair.slice(at + 1));
	}
	return pairs;
}

/** Format type codes from the "Variable Record" section, in code order from 0. */
const FORMAT_NAMES = (
	'- A AHEX COMMA DOLLAR F IB PIBHEX P PIB PK RB RBHEX - - Z N E - - DATE TIME DATETIME ADATE ' +
	'JDATE DTIME WKDAY MONTH MOYR QYR WKYR PCT DOT CCA CCB CCC CCD CCE EDATE SDATE MTIME YMDHMS'
)
	.split(' ')
	.map((name) => (name === '-' ? '' : name));

/** Formats whose name always carries decimals, as SPSS prints them (F8.0, not F8). */
const DECIMAL_FORMATS = new Set(
	'COMMA DOLLAR F IB P PIB PK RB Z N E PCT DOT CCA CCB CCC CCD CCE'.split(' ')
);

/**
 * Turns a packed print format (type, width, decimals in the low three bytes) into its name, e.g.
 * F8.2, A20, DATE11. An invalid format, which the manual says occurs, falls back to the default.
 */
export function formatName(packed: number, stringWidth: number): string {
	const type = FORMAT_NAMES[(packed >>> 16) & 0xff] ?? '';
	const width = (packed >>> 8) & 0xff;
	const decimals = packed & 0xff;
	if (stringWidth > 0) {
		return type === 'AHEX' ? `AHEX${stringWidth * 2}` : `A${stringWidth}`;
	}
	if (type === '' || type === 'A' || type === 'AHEX' || width === 0) return 'F8.2';
	return DECIMAL_FORMATS.has(type) || decimals > 0
		? `${type}${width}.${decimals}`
		: `${type}${width}`;
}
