/**
 * The "Data Record" of an SPSS system file (PSPP manual, appendix "System File Format"): cases
 * stored uncompressed, bytecode-compressed, or bytecode-compressed inside ZLIB blocks (.zsav).
 * Each case is a row of 8-byte slots, one per variable record; a variable's cell is assembled
 * from its slots by its Layout.
 */
import { inflateSync } from 'node:zlib';
import { ByteCursor, trimRight, type Decode, type SavHeader } from './sav-records.ts';

/** Where a variable's value sits in a case: one segment, or several for a very long string. */
export interface Layout {
	numeric: boolean;
	width: number;
	segments: { firstSlot: number; width: number }[];
}

/**
 * Reads the cases that follow the dictionary. `slotIsNumeric` has one entry per variable record;
 * `expected` is the case count from the header, or -1 to read until the data end.
 */
export function readCases(
	cursor: ByteCursor,
	header: SavHeader,
	sysmis: number,
	slotIsNumeric: boolean[],
	layouts: Layout[],
	decode: Decode,
	expected: number
): (number | string | null)[][] {
	// The manual has seen files without variables, and so without data.
	if (slotIsNumeric.length === 0) return [];
	cursor.part = 'data';
	const data = header.zlib ? inflateZlibData(cursor) : cursor;
	const source =
		header.compression === 0
			? uncompressedSource(data, sysmis)
			: bytecodeSource(data, header, sysmis);
	return readRows(source, slotIsNumeric, layouts, decode, expected);
}

/** One 8-byte element of a case: a number (null when system-missing) or string bytes. */
type Slot = number | null | Uint8Array;
const END = Symbol('end of data');
type SlotSource = (numeric: boolean) => Slot | typeof END;

/** Uncompressed data ("Data Record", compression 0): 8-byte elements, one per variable record. */
function uncompressedSource(c: ByteCursor, sysmis: number): SlotSource {
	return (numeric) => {
		if (c.remaining === 0) return END;
		if (!numeric) return c.raw(8);
		const value = c.float64();
		return value === sysmis ? null : value;
	};
}

const SPACES = new Uint8Array(8).fill(0x20);

/**
 * Bytecode compression ("Data Record", compression 1): blocks of 8 command bytes, each followed
 * by the raw 8-byte values that its 253 codes announce.
 */
function bytecodeSource(c: ByteCursor, header: SavHeader, sysmis: number): SlotSource {
	let codes: Uint8Array = new Uint8Array(0);
	let next = 0;
	let ended = false;
	return (numeric) => {
		while (!ended) {
			if (next >= codes.length) {
				if (c.remaining === 0) break;
				codes = c.raw(Math.min(8, c.remaining));
				next = 0;
			}
			const code = codes[next++] as number;
			if (code === 0) continue; // padding
			if (code === 252) break; // end of data
			if (code === 253) {
				if (!numeric) return c.raw(8);
				const value = c.float64();
				return value === sysmis ? null : value;
			}
			if (code === 254) return numeric ? null : SPACES;
			if (code === 255) return numeric ? null : SPACES;
			return numeric ? code - header.bias : compressedStringBytes(code - header.bias, header);
		}
		ended = true;
		return END;
	};
}

/** A small number in a string field: the manual has seen 0 (null bytes); others are its double. */
function compressedStringBytes(value: number, header: SavHeader): Uint8Array {
	const bytes = new Uint8Array(8);
	if (value !== 0) new DataView(bytes.buffer).setFloat64(0, value, header.littleEndian);
	return bytes;
}

/**
 * ZLIB compression ("Data Record", compression 2): a header pointing at a trailer that lists the
 * compressed blocks; each inflates to bytecode-compressed data, which are joined in order.
 */
function inflateZlibData(c: ByteCursor): ByteCursor {
	c.int64(); // zheader_ofs
	const trailerOffset = c.int64();
	const trailerLength = c.int64();
	const whole = c.bytes;
	if (trailerOffset < 0 || trailerOffset + trailerLength > whole.length) {
		throw new Error('The SPSS file is truncated: it ends in the middle of its data.');
	}
	const trailer = new ByteCursor(whole, c.littleEndian);
	trailer.part = 'data';
	trailer.pos = trailerOffset + 8 + 8 + 4; // int_bias, zero, block_size
	const blockCount = trailer.int32();
	const blocks: Uint8Array[] = [];
	for (let i = 0; i < blockCount; i++) {
		trailer.int64(); // uncompressed_ofs
		const offset = trailer.int64();
		trailer.int32(); // uncompressed_size
		const size = trailer.int32();
		if (offset < 0 || offset + size > whole.length) {
			throw new Error('The SPSS file is truncated: it ends in the middle of its data.');
		}
		blocks.push(inflateBlock(whole.subarray(offset, offset + size)));
	}
	const inflated = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
	blocks.reduce((at, b) => (inflated.set(b, at), at + b.length), 0);
	const cursor = new ByteCursor(inflated, c.littleEndian);
	cursor.part = 'data';
	return cursor;
}

function inflateBlock(block: Uint8Array): Uint8Array {
	try {
		return inflateSync(block);
	} catch {
		throw new Error('The SPSS file is damaged: a block of its compressed data does not inflate.');
	}
}

/** Reads cases until the count the header promises, or until the data end when it is unknown. */
function readRows(
	source: SlotSource,
	slotIsNumeric: boolean[],
	layouts: Layout[],
	decode: Decode,
	expected: number
): (number | string | null)[][] {
	const rows: (number | string | null)[][] = [];
	while (expected < 0 || rows.length < expected) {
		const slots = readCase(source, slotIsNumeric);
		if (!slots) break;
		rows.push(layouts.map((layout) => cellOf(layout, slots, decode)));
	}
	if (expected >= 0 && rows.length < expected) {
		throw new Error(
			`The SPSS file is truncated: it holds ${rows.length} of the ${expected} cases its header promises.`
		);
	}
	return rows;
}

/** One case's slots, or null when the data end cleanly before it. */
function readCase(source: SlotSource, slotIsNumeric: boolean[]): Slot[] | null {
	const slots: Slot[] = [];
	for (const numeric of slotIsNumeric) {
		const slot = source(numeric);
		if (slot === END) {
			if (slots.length === 0) return null;
			throw new Error('The SPSS file is truncated: it ends in the middle of a case.');
		}
		slots.push(slot);
	}
	return slots;
}

/**
 * A cell from its slots. A string segment uses at most 255 bytes of its slots ("Very Long String
 * Record": data are packed 255 bytes per segment), and the joined bytes are decoded only once, so
 * a character split across two segments survives.
 */
function cellOf(layout: Layout, slots: Slot[], decode: Decode): number | string | null {
	if (layout.numeric) {
		const slot = slots[layout.segments[0]?.firstSlot ?? -1];
		return typeof slot === 'number' ? slot : null;
	}
	const bytes = new Uint8Array(layout.segments.reduce((n, s) => n + Math.ceil(s.width / 8) * 8, 0));
	let length = 0;
	for (const segment of layout.segments) {
		const segmentStart = length;
		for (let i = 0; i < Math.ceil(segment.width / 8); i++) {
			const slot = slots[segment.firstSlot + i];
			if (slot instanceof Uint8Array) bytes.set(slot, length);
			length += 8;
		}
		length = segmentStart + Math.min(segment.width, 255);
	}
	return trimRight(decode(bytes.subarray(0, Math.min(length, layout.width))));
}
