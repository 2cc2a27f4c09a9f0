/**
 * Low-level pieces of the SPSS system file writer (sav-writer.ts): a growable little-endian byte
 * buffer, UTF-8 helpers, print formats, and every record of the PSPP manual's appendix "System
 * File Format" that the writer emits, in the order the manual requires. sav-writer.ts validates
 * the input and plans the variables; this file only turns a valid plan into bytes.
 */
import { DBL_MAX } from './sav-records.ts';

/** System-missing is -DBL_MAX ("System File Format" introduction). */
const SYSMIS = -DBL_MAX;
/** Bytecode compression bias: codes 1–251 stand for the integers -99 to 151. */
const BIAS = 100;
const SPACE = 0x20;

/** A byte buffer that grows as records are appended; integers and doubles are little-endian. */
export class ByteWriter {
	private buffer = new Uint8Array(4096);
	private view = new DataView(this.buffer.buffer);
	length = 0;

	private reserve(n: number): void {
		if (this.length + n <= this.buffer.length) return;
		let size = this.buffer.length * 2;
		while (size < this.length + n) size *= 2;
		const next = new Uint8Array(size);
		next.set(this.buffer.subarray(0, this.length));
		this.buffer = next;
		this.view = new DataView(next.buffer);
	}

	int32(value: number): void {
		this.reserve(4);
		this.view.setInt32(this.length, value, true);
		this.length += 4;
	}

	float64(value: number): void {
		this.reserve(8);
		this.view.setFloat64(this.length, value, true);
		this.length += 8;
	}

	bytes(bytes: Uint8Array): void {
		this.reserve(bytes.length);
		this.buffer.set(bytes, this.length);
		this.length += bytes.length;
	}

	/** `bytes` cut or right-padded with `pad` to exactly `size` bytes. */
	field(bytes: Uint8Array, size: number, pad = SPACE): void {
		this.reserve(size);
		const used = Math.min(bytes.length, size);
		this.buffer.set(bytes.subarray(0, used), this.length);
		this.buffer.fill(pad, this.length + used, this.length + size);
		this.length += size;
	}

	toBytes(): Uint8Array {
		return this.buffer.slice(0, this.length);
	}
}

const encoder = new TextEncoder();
export const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** The longest prefix of UTF-8 `bytes` within `max` bytes that does not split a character. */
export function truncateUtf8(bytes: Uint8Array, max: number): Uint8Array {
	if (bytes.length <= max) return bytes;
	let cut = max;
	while (cut > 0 && ((bytes[cut] as number) & 0xc0) === 0x80) cut--;
	return bytes.subarray(0, cut);
}

const padTo = (n: number, unit: number): number => Math.ceil(n / unit) * unit;

// --- Formats -----------------------------------------------------------------------------------

/** Format type codes from the "Variable Record" section: code = index + 1; '-' is unused. */
const FORMAT_TYPES = (
	'A AHEX COMMA DOLLAR F IB PIBHEX P PIB PK RB RBHEX - - Z N E - - DATE TIME DATETIME ADATE ' +
	'JDATE DTIME WKDAY MONTH MOYR QYR WKYR PCT DOT CCA CCB CCC CCD CCE EDATE SDATE MTIME YMDHMS'
).split(' ');

export interface Format {
	type: string;
	width: number;
	decimals: number;
}

/** Parses a format such as F8.2, A300 or DATE11; null when it is not one the file can hold. */
export function parseFormat(text: string): Format | null {
	const match = /^([A-Z]+)(\d{1,5})(?:\.(\d{1,2}))?$/.exec(text.trim().toUpperCase());
	if (!match || !FORMAT_TYPES.includes(match[1] as string) || match[1] === '-') return null;
	const format = {
		type: match[1] as string,
		width: Number(match[2]),
		decimals: Number(match[3] ?? 0)
	};
	// Only string formats may be wider than the one byte the record packs a width into.
	const string = format.type === 'A' || format.type === 'AHEX';
	if (format.width < 1 || (!string && format.width > 255)) return null;
	if (format.decimals >= format.width || (string && format.decimals > 0)) return null;
	return format;
}

/** Type, width and decimals packed into the low three bytes of an int32, as the record wants. */
export const packFormat = (f: Format): number =>
	((FORMAT_TYPES.indexOf(f.type) + 1) << 16) | (f.width << 8) | f.decimals;

// --- The plan sav-writer.ts hands over ---------------------------------------------------------

/** One variable, validated and laid out: strings are already UTF-8 and cut to size. */
export interface PlannedVariable {
	name: string;
	numeric: boolean;
	/** String width in bytes; 0 for numeric. */
	width: number;
	/** One per segment: a short name (at most 8 ASCII bytes) and the segment's width (0 numeric). */
	segments: { shortName: string; width: number }[];
	/** 1-based dictionary index of the first variable record, counting continuation records. */
	dictionaryIndex: number;
	/** Packed print and write format (numeric only; strings get A of each segment's width). */
	format: number;
	label: Uint8Array | null;
	valueLabels: { value: number | Uint8Array; label: Uint8Array }[];
	missing: (number | Uint8Array)[];
	/** 1 nominal, 2 ordinal, 3 scale. */
	measure: number;
}

/** 8-byte slots a segment of this width occupies in each case. */
export const slotsOf = (width: number): number => (width === 0 ? 1 : padTo(width, 8) / 8);

// --- Header and dictionary ----------------------------------------------------------------------

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const two = (n: number): string => String(n).padStart(2, '0');
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** "File Header Record": 176 bytes; ncases is known up front because all rows are in memory. */
export function writeHeader(
	w: ByteWriter,
	h: { caseSize: number; compressed: boolean; weightIndex: number; cases: number; label: string }
): void {
	const now = new Date();
	w.bytes(ascii('$FL2'));
	w.field(ascii('@(#) SPSS DATA FILE Barometer sav-writer'), 60);
	w.int32(2); // layout_code
	w.int32(h.caseSize);
	w.int32(h.compressed ? 1 : 0);
	w.int32(h.weightIndex);
	w.int32(h.cases);
	w.float64(BIAS);
	w.bytes(ascii(`${two(now.getDate())} ${MONTHS[now.getMonth()]} ${two(now.getFullYear() % 100)}`));
	w.bytes(ascii(`${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}`));
	w.field(truncateUtf8(utf8(h.label), 64), 64);
	w.field(new Uint8Array(0), 3, 0);
}

/** "Variable Record"s: one per segment, each string segment followed by its continuations. */
function writeVariableRecords(w: ByteWriter, variables: PlannedVariable[]): void {
	for (const v of variables) {
		v.segments.forEach((segment, s) => {
			const first = s === 0;
			// Strings wider than 8 bytes keep their missing values in subtype 22 instead.
			const missing = first && (v.numeric || v.width <= 8) ? v.missing : [];
			const format = v.numeric
				? v.format
				: packFormat({ type: 'A', width: segment.width, decimals: 0 });
			w.int32(2);
			w.int32(segment.width);
			w.int32(first && v.label ? 1 : 0);
			w.int32(missing.length);
			w.int32(format); // print
			w.int32(format); // write
			w.field(ascii(segment.shortName), 8);
			if (first && v.label) {
				w.int32(v.label.length);
				w.field(v.label, padTo(v.label.length, 4));
			}
			for (const m of missing) {
				if (typeof m === 'number') w.float64(m);
				else w.field(m, 8);
			}
			for (let slot = 1; slot < slotsOf(segment.width); slot++) {
				for (const field of [2, -1, 0, 0, 0, 0]) w.int32(field);
				w.field(new Uint8Array(0), 8); // a continuation's name is empty
			}
		});
	}
}

/** "Value Labels Records" (type 3, then type 4 naming the variable) for numbers and short strings. */
function writeValueLabels(w: ByteWriter, variables: PlannedVariable[]): void {
	for (const v of variables) {
		if (v.valueLabels.length === 0 || (!v.numeric && v.width > 8)) continue;
		w.int32(3);
		w.int32(v.valueLabels.length);
		for (const { value, label } of v.valueLabels) {
			if (typeof value === 'number') w.float64(value);
			else w.field(value, 8);
			w.field(Uint8Array.of(label.length), 1);
			// label_len and the label together fill a multiple of 8 bytes.
			w.field(label, padTo(label.length + 1, 8) - 1);
		}
		w.int32(4);
		w.int32(1);
		w.int32(v.dictionaryIndex);
	}
}

function writeExtension(w: ByteWriter, subtype: number, size: number, data: Uint8Array): void {
	w.int32(7);
	w.int32(subtype);
	w.int32(size);
	w.int32(data.length / size);
	w.bytes(data);
}

function int32s(values: number[]): Uint8Array {
	const w = new ByteWriter();
	for (const value of values) w.int32(value);
	return w.toBytes();
}

/** Length-prefixed UTF-8, as the subtype 21 and 22 records write names, values and labels. */
function counted(w: ByteWriter, bytes: Uint8Array): void {
	w.int32(bytes.length);
	w.bytes(bytes);
}

/**
 * The whole dictionary after the header: variable records, value labels, the extension records
 * in ascending subtype, and the "Dictionary Termination Record" (type 999 and a zero filler),
 * after which the data begin.
 */
export function writeDictionary(w: ByteWriter, variables: PlannedVariable[]): void {
	writeVariableRecords(w, variables);
	writeValueLabels(w, variables);

	// "Machine Integer Info Record": version 1.0.0, machine -1, IEEE 754, compression 1,
	// little-endian, character code 65001 (UTF-8).
	writeExtension(w, 3, 4, int32s([1, 0, 0, -1, 1, 1, 2, 65001]));
	// "Machine Floating-Point Info Record": SYSMIS, HIGHEST, LOWEST (SPSS 21 and later).
	const floats = new ByteWriter();
	for (const value of [SYSMIS, DBL_MAX, -DBL_MAX]) floats.float64(value);
	writeExtension(w, 4, 8, floats.toBytes());
	// "Variable Display Parameter Record": measure, column width, alignment for every segment.
	const display = variables.flatMap((v) =>
		v.segments.flatMap(() => [v.measure, v.numeric ? 8 : Math.min(v.width, 32), v.numeric ? 1 : 0])
	);
	writeExtension(w, 11, 4, int32s(display));
	// "Long Variable Names Record": SHORT=long pairs separated by tabs.
	writeExtension(
		w,
		13,
		1,
		utf8(variables.map((v) => `${v.segments[0]?.shortName}=${v.name}`).join('\t'))
	);
	// "Very Long String Record": SHORT=00300 tuples, each ended by NUL and tab.
	const veryLong = variables.filter((v) => v.segments.length > 1);
	if (veryLong.length > 0) {
		const tuples = veryLong.map(
			(v) => `${v.segments[0]?.shortName}=${String(v.width).padStart(5, '0')}\0\t`
		);
		writeExtension(w, 14, 1, ascii(tuples.join('')));
	}
	// "Character Encoding Record".
	writeExtension(w, 20, 1, ascii('UTF-8'));

	const longStrings = variables.filter((v) => !v.numeric && v.width > 8);
	// "Long String Value Labels Record": each value padded to the variable's full width.
	const labels = new ByteWriter();
	for (const v of longStrings.filter((v) => v.valueLabels.length > 0)) {
		counted(labels, utf8(v.name));
		labels.int32(v.width);
		labels.int32(v.valueLabels.length);
		for (const { value, label } of v.valueLabels) {
			labels.int32(v.width);
			labels.field(value as Uint8Array, v.width);
			counted(labels, label);
		}
	}
	if (labels.length > 0) writeExtension(w, 21, 1, labels.toBytes());
	// "Long String Missing Values Record": a one-byte count, then each value with its length 8.
	const missing = new ByteWriter();
	for (const v of longStrings.filter((v) => v.missing.length > 0)) {
		counted(missing, utf8(v.name));
		missing.field(Uint8Array.of(v.missing.length), 1);
		for (const value of v.missing) {
			missing.int32(8);
			missing.field(value as Uint8Array, 8);
		}
	}
	if (missing.length > 0) writeExtension(w, 22, 1, missing.toBytes());

	w.int32(999);
	w.int32(0);
}

// --- Data -------------------------------------------------------------------------------------

/** Receives a case's 8-byte slots in order: numbers (null = system-missing) or string bytes. */
interface SlotSink {
	number(value: number | null): void;
	chunk(bytes: Uint8Array): void;
	end(): void;
}

function uncompressedSink(w: ByteWriter): SlotSink {
	return {
		number: (value) => w.float64(value ?? SYSMIS),
		chunk: (bytes) => w.bytes(bytes),
		end: () => undefined
	};
}

/**
 * Bytecode compression: blocks of 8 command bytes, each block followed by the raw 8-byte values
 * its 253 codes announce. 1–251 is a small integer plus the bias, 254 an all-spaces string slot,
 * 255 system-missing, 252 the end of the data; 0 pads the last block.
 */
function bytecodeSink(w: ByteWriter): SlotSink {
	const codes = new Uint8Array(8);
	const raw = new Uint8Array(64);
	const rawView = new DataView(raw.buffer);
	let count = 0;
	let rawLength = 0;
	const flush = () => {
		w.bytes(codes);
		w.bytes(raw.subarray(0, rawLength));
		codes.fill(0);
		count = 0;
		rawLength = 0;
	};
	const code = (value: number) => {
		codes[count++] = value;
		if (count === 8) flush();
	};
	return {
		number(value) {
			if (value === null) return code(255);
			if (
				Number.isInteger(value) &&
				value >= 1 - BIAS &&
				value <= 251 - BIAS &&
				!Object.is(value, -0)
			) {
				return code(value + BIAS);
			}
			rawView.setFloat64(rawLength, value, true);
			rawLength += 8;
			code(253);
		},
		chunk(bytes) {
			if (bytes.every((b) => b === SPACE)) return code(254);
			raw.set(bytes, rawLength);
			rawLength += 8;
			code(253);
		},
		end() {
			code(252);
			if (count > 0) flush();
		}
	};
}

/**
 * The "Data Record". Cells are validated already: numbers or null for numeric variables, UTF-8
 * bytes no wider than the variable for strings. A very long string is packed 255 bytes per
 * segment ("Very Long String Record"); the unused tail of each segment is spaces.
 */
export function writeCases(
	w: ByteWriter,
	variables: PlannedVariable[],
	rows: (number | Uint8Array | null)[][],
	compressed: boolean
): void {
	const sink = compressed ? bytecodeSink(w) : uncompressedSink(w);
	const widest = Math.max(8, ...variables.flatMap((v) => v.segments.map((s) => padTo(s.width, 8))));
	const scratch = new Uint8Array(widest);
	for (const row of rows) {
		variables.forEach((v, i) => {
			const cell = row[i] ?? null;
			if (v.numeric) return sink.number(cell as number | null);
			const bytes = (cell as Uint8Array | null) ?? new Uint8Array(0);
			v.segments.forEach((segment, s) => {
				const size = padTo(segment.width, 8);
				scratch.fill(SPACE, 0, size);
				scratch.set(bytes.subarray(s * 255, Math.min((s + 1) * 255, bytes.length)));
				for (let at = 0; at < size; at += 8) sink.chunk(scratch.subarray(at, at + 8));
			});
		});
	}
	sink.end();
}
