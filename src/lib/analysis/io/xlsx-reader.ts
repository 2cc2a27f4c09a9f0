/**
 * A minimal XLSX reader: the value of every cell of every worksheet, in workbook order. Reads the
 * ZIP container with Node's zlib and the XML parts with a small tokenizer of its own; styles,
 * formulas and formatting are ignored (a formula cell gives its last computed value).
 */
import zlib from 'node:zlib';

export type XlsxCellValue = string | number | boolean | null;

export interface XlsxSheetData {
	name: string;
	/** Row by row from row 1; gaps (empty rows and cells) are null, every row as wide as the widest. */
	rows: XlsxCellValue[][];
}

export class XlsxReadError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'XlsxReadError';
	}
}

const damaged = () => new XlsxReadError('The XLSX file is damaged and cannot be read.');

interface ZipEntry {
	method: number;
	flags: number;
	crc: number;
	compressedSize: number;
	size: number;
	localHeaderOffset: number;
}

/** The entries listed in the central directory (PKWARE APPNOTE 4.3.12), by name. */
function zipDirectory(buffer: Buffer): Map<string, ZipEntry> {
	// Encrypted workbooks and .xls files are OLE compound files, not ZIP archives.
	if (buffer.length >= 8 && buffer.readUInt32BE(0) === 0xd0cf11e0) {
		throw new XlsxReadError(
			'The file is a password-protected or old-format (.xls) Excel file; save it as an .xlsx workbook without a password.'
		);
	}
	if (buffer.length < 22 || buffer.readUInt32LE(0) !== 0x04034b50) {
		throw new XlsxReadError('The file is not an XLSX workbook.');
	}
	// The end record sits in the last 22 bytes plus at most a 65535-byte archive comment.
	let end = -1;
	for (let at = buffer.length - 22; at >= Math.max(0, buffer.length - 22 - 0xffff); at--) {
		if (buffer.readUInt32LE(at) === 0x06054b50) {
			end = at;
			break;
		}
	}
	if (end < 0) throw damaged();
	const count = buffer.readUInt16LE(end + 10);
	const directoryOffset = buffer.readUInt32LE(end + 16);
	if (count === 0xffff || directoryOffset === 0xffffffff) {
		throw new XlsxReadError(
			'The XLSX file is too large to read (ZIP64 archives are not supported).'
		);
	}
	const entries = new Map<string, ZipEntry>();
	let at = directoryOffset;
	for (let i = 0; i < count; i++) {
		if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== 0x02014b50) throw damaged();
		const nameLength = buffer.readUInt16LE(at + 28);
		const extraLength = buffer.readUInt16LE(at + 30);
		const commentLength = buffer.readUInt16LE(at + 32);
		const name = buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8');
		entries.set(name.replace(/\\/g, '/'), {
			flags: buffer.readUInt16LE(at + 8),
			method: buffer.readUInt16LE(at + 10),
			crc: buffer.readUInt32LE(at + 16),
			compressedSize: buffer.readUInt32LE(at + 20),
			size: buffer.readUInt32LE(at + 24),
			localHeaderOffset: buffer.readUInt32LE(at + 42)
		});
		at += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}

function zipEntryData(buffer: Buffer, entry: ZipEntry): Buffer {
	if (entry.flags & 1) {
		throw new XlsxReadError('The XLSX file is encrypted; save it without a password.');
	}
	const local = entry.localHeaderOffset;
	if (local + 30 > buffer.length || buffer.readUInt32LE(local) !== 0x04034b50) throw damaged();
	// The local header's name and extra field may differ in length from the central directory's.
	const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
	const raw = buffer.subarray(start, start + entry.compressedSize);
	if (raw.length !== entry.compressedSize) throw damaged();
	let data: Buffer;
	if (entry.method === 0) data = raw;
	else if (entry.method === 8) {
		try {
			data = zlib.inflateRawSync(raw);
		} catch {
			throw damaged();
		}
	} else {
		throw new XlsxReadError('The XLSX file uses a compression method that is not supported.');
	}
	if (data.length !== entry.size || zlib.crc32(data) !== entry.crc) throw damaged();
	return data;
}

type XmlToken =
	| { kind: 'open'; name: string; attributes: Record<string, string>; selfClosing: boolean }
	| { kind: 'close'; name: string }
	| { kind: 'text'; text: string };

const namedEntities: Record<string, string> = {
	lt: '<',
	gt: '>',
	amp: '&',
	quot: '"',
	apos: "'"
};

function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
	return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, entity: string) => {
		if (entity[0] !== '#') return namedEntities[entity] ?? whole;
		const code =
			entity[1] === 'x' || entity[1] === 'X'
				? parseInt(entity.slice(2), 16)
				: parseInt(entity.slice(1), 10);
		return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
	});
}

/** Element names without their namespace prefix: some writers spell them `x:row`, `x:c`. */
const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** The tags and text of an XML document; comments, processing instructions and DTDs are skipped. */
function* xmlTokens(source: string): Generator<XmlToken> {
	// XML 1.0 §2.11: every line break reaches the application as a single LF.
	const xml = source.replace(/\r\n?/g, '\n');
	let at = 0;
	while (at < xml.length) {
		const lt = xml.indexOf('<', at);
		if (lt < 0) {
			yield { kind: 'text', text: decodeEntities(xml.slice(at)) };
			return;
		}
		if (lt > at) yield { kind: 'text', text: decodeEntities(xml.slice(at, lt)) };
		if (xml.startsWith('<![CDATA[', lt)) {
			const close = xml.indexOf(']]>', lt);
			if (close < 0) throw damaged();
			yield { kind: 'text', text: xml.slice(lt + 9, close) };
			at = close + 3;
			continue;
		}
		const skipTo = xml.startsWith('<!--', lt) ? '-->' : xml.startsWith('<?', lt) ? '?>' : null;
		if (skipTo || xml.startsWith('<!', lt)) {
			const close = xml.indexOf(skipTo ?? '>', lt);
			if (close < 0) throw damaged();
			at = close + (skipTo ?? '>').length;
			continue;
		}
		const gt = tagEnd(xml, lt);
		const tag = xml.slice(lt + 1, gt);
		at = gt + 1;
		if (tag.startsWith('/')) {
			yield { kind: 'close', name: localName(tag.slice(1).trim()) };
			continue;
		}
		const selfClosing = tag.endsWith('/');
		const body = selfClosing ? tag.slice(0, -1) : tag;
		const nameEnd = body.search(/[\s]|$/);
		const attributes: Record<string, string> = {};
		for (const match of body.slice(nameEnd).matchAll(/([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
			attributes[match[1]!] = decodeEntities(match[3] ?? match[4] ?? '');
		}
		yield { kind: 'open', name: localName(body.slice(0, nameEnd)), attributes, selfClosing };
	}
}

/** The `>` that ends the tag opened at `lt`, skipping `>` inside quoted attribute values. */
function tagEnd(xml: string, lt: number): number {
	let quote = '';
	for (let i = lt + 1; i < xml.length; i++) {
		const char = xml[i];
		if (quote) {
			if (char === quote) quote = '';
		} else if (char === '"' || char === "'") quote = char;
		else if (char === '>') return i;
	}
	throw damaged();
}

/** An attribute by name, also when written with a namespace prefix (`r:id`). */
function attribute(attributes: Record<string, string>, name: string): string | undefined {
	if (name in attributes) return attributes[name];
	const key = Object.keys(attributes).find((key) => localName(key) === name);
	return key === undefined ? undefined : attributes[key];
}

/** ECMA-376 escapes characters XML cannot carry as `_xHHHH_` (Excel writes CR as `_x000D_`). */
function unescapeOoxml(text: string): string {
	return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
		String.fromCharCode(parseInt(hex, 16))
	);
}

/** The text of an `<si>` or `<is>` element: its `<t>`, or its rich-text runs' `<t>`s, in order. */
class StringCollector {
	private parts: string[] = [];
	private inText = false;
	private phoneticDepth = 0;

	/** Feeds one token from inside the string element. */
	take(token: XmlToken): void {
		if (token.kind === 'open') {
			// Phonetic guides (<rPh>) carry readings, not the cell's text.
			if (token.name === 'rPh' && !token.selfClosing) this.phoneticDepth++;
			else if (token.name === 't' && !token.selfClosing && this.phoneticDepth === 0)
				this.inText = true;
		} else if (token.kind === 'close') {
			if (token.name === 'rPh') this.phoneticDepth--;
			else if (token.name === 't') this.inText = false;
		} else if (this.inText) this.parts.push(token.text);
	}

	text(): string {
		return unescapeOoxml(this.parts.join(''));
	}
}

function readSharedStrings(xml: string): string[] {
	const strings: string[] = [];
	let current: StringCollector | null = null;
	for (const token of xmlTokens(xml)) {
		if (token.kind === 'open' && token.name === 'si') {
			if (token.selfClosing) strings.push('');
			else current = new StringCollector();
		} else if (token.kind === 'close' && token.name === 'si' && current) {
			strings.push(current.text());
			current = null;
		} else current?.take(token);
	}
	return strings;
}

/** Zero-based column of a cell reference such as "AB12". */
function columnOf(reference: string): number | undefined {
	const letters = /^\$?([A-Za-z]{1,3})/.exec(reference)?.[1];
	if (!letters) return undefined;
	let column = 0;
	for (const letter of letters.toUpperCase()) column = column * 26 + letter.charCodeAt(0) - 64;
	return column - 1;
}

function rowOf(reference: string): number | undefined {
	const digits = /(\d+)$/.exec(reference)?.[1];
	return digits ? Number(digits) - 1 : undefined;
}

interface CellInProgress {
	type: string;
	value: string[];
	inline: StringCollector | null;
	inlineText: string | null;
}

function cellValue(cell: CellInProgress, shared: string[]): XlsxCellValue {
	const value = cell.value.join('');
	switch (cell.type) {
		case 's': {
			const text = shared[Number(value)];
			if (text === undefined) throw damaged();
			return text;
		}
		case 'inlineStr':
			return cell.inlineText ?? unescapeOoxml(value);
		case 'b':
			return value.trim() === '1' || value.trim().toLowerCase() === 'true';
		case 'str':
			return unescapeOoxml(value);
		case 'e': // an error such as #N/A: shown as text, as the spreadsheet shows it
		case 'd': // an ISO 8601 date written as text
			return value.trim();
		default: {
			const text = value.trim();
			if (text === '') return null;
			const number = Number(text);
			return Number.isFinite(number) ? number : text;
		}
	}
}

function readWorksheet(xml: string, shared: string[]): XlsxCellValue[][] {
	const rows: XlsxCellValue[][] = [];
	let row = -1;
	let column = -1;
	let cell: CellInProgress | null = null;
	let inValue = false;
	for (const token of xmlTokens(xml)) {
		if (cell?.inline) {
			if (token.kind === 'close' && token.name === 'is') {
				cell.inlineText = cell.inline.text();
				cell.inline = null;
			} else cell.inline.take(token);
		} else if (token.kind === 'text') {
			if (inValue) cell?.value.push(token.text);
		} else if (token.kind === 'open') {
			const reference = token.attributes.r;
			if (token.name === 'row') {
				row = reference ? Number(reference) - 1 : row + 1;
				column = -1;
			} else if (token.name === 'c') {
				// A cell without a reference follows the previous one (some writers omit `r`).
				const referenced = reference ? columnOf(reference) : undefined;
				column = referenced ?? column + 1;
				if (reference) row = rowOf(reference) ?? row;
				cell = token.selfClosing
					? null
					: { type: token.attributes.t ?? 'n', value: [], inline: null, inlineText: null };
			} else if (token.name === 'v') inValue = !token.selfClosing;
			else if (token.name === 'is' && cell && !token.selfClosing)
				cell.inline = new StringCollector();
		} else if (token.name === 'v') inValue = false;
		else if (token.name === 'c' && cell) {
			const value = cellValue(cell, shared);
			cell = null;
			if (value === null || row < 0) continue;
			while (rows.length <= row) rows.push([]);
			rows[row]![column] = value;
		}
	}
	const width = rows.reduce((widest, cells) => Math.max(widest, cells.length), 0);
	return rows.map((cells) => Array.from({ length: width }, (_, i) => cells[i] ?? null));
}

interface Relationship {
	type: string;
	target: string;
}

/** Resolves a relationship target against the folder of the part that names it. */
function resolvePart(from: string, target: string): string {
	if (target.startsWith('/')) return target.slice(1);
	const segments = from.split('/').slice(0, -1);
	for (const segment of target.split('/')) {
		if (segment === '..') segments.pop();
		else if (segment !== '.' && segment !== '') segments.push(segment);
	}
	return segments.join('/');
}

function relsPath(part: string): string {
	const slash = part.lastIndexOf('/');
	return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

function readRelationships(xml: string | undefined, from: string): Map<string, Relationship> {
	const relationships = new Map<string, Relationship>();
	if (xml === undefined) return relationships;
	for (const token of xmlTokens(xml)) {
		if (token.kind !== 'open' || token.name !== 'Relationship') continue;
		const { Id: id, Target: target, Type: type = '', TargetMode: mode } = token.attributes;
		if (id && target && mode !== 'External')
			relationships.set(id, { type, target: resolvePart(from, target) });
	}
	return relationships;
}

export function readXlsx(bytes: Uint8Array): XlsxSheetData[] {
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const directory = zipDirectory(buffer);
	const text = (name: string): string | undefined => {
		const entry = directory.get(name);
		return entry && zipEntryData(buffer, entry).toString('utf8');
	};
	const rootRelationships = [...readRelationships(text('_rels/.rels'), '').values()];
	const workbookPath =
		rootRelationships.find((rel) => rel.type.endsWith('/officeDocument'))?.target ??
		'xl/workbook.xml';
	const workbook = text(workbookPath);
	if (workbook === undefined) {
		throw new XlsxReadError('The file is a ZIP archive but not an XLSX workbook.');
	}
	const relationships = readRelationships(text(relsPath(workbookPath)), workbookPath);
	const sharedPath =
		[...relationships.values()].find((rel) => rel.type.endsWith('/sharedStrings'))?.target ??
		resolvePart(workbookPath, 'sharedStrings.xml');
	const sharedXml = text(sharedPath);
	const shared = sharedXml === undefined ? [] : readSharedStrings(sharedXml);

	const sheets: XlsxSheetData[] = [];
	for (const token of xmlTokens(workbook)) {
		if (token.kind !== 'open' || token.name !== 'sheet') continue;
		const name = token.attributes.name ?? `Sheet${sheets.length + 1}`;
		const relationship = relationships.get(attribute(token.attributes, 'id') ?? '');
		// Chart sheets and dialog sheets hold no cells.
		if (!relationship || !relationship.type.endsWith('/worksheet')) continue;
		const xml = text(relationship.target);
		if (xml === undefined) {
			throw new XlsxReadError(`The workbook lists sheet "${name}" but holds no data for it.`);
		}
		sheets.push({ name, rows: readWorksheet(xml, shared) });
	}
	return sheets;
}
