import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { columnName, xlsx, zip } from './xlsx.ts';

/** Reads a ZIP archive through its central directory, checking each entry's CRC. */
function unzip(bytes: Uint8Array): Map<string, string> {
	const buffer = Buffer.from(bytes);
	const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	const count = buffer.readUInt16LE(end + 10);
	let at = buffer.readUInt32LE(end + 16);
	const files = new Map<string, string>();
	for (let i = 0; i < count; i++) {
		expect(buffer.readUInt32LE(at)).toBe(0x02014b50);
		const crc = buffer.readUInt32LE(at + 16);
		const size = buffer.readUInt32LE(at + 20);
		const nameLength = buffer.readUInt16LE(at + 28);
		const offset = buffer.readUInt32LE(at + 42);
		const name = buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8');
		const localNameLength = buffer.readUInt16LE(offset + 26);
		const data = zlib.inflateRawSync(
			buffer.subarray(offset + 30 + localNameLength, offset + 30 + localNameLength + size)
		);
		expect(zlib.crc32(data), `crc of ${name}`).toBe(crc);
		files.set(name, data.toString('utf8'));
		at += 46 + nameLength;
	}
	return files;
}

describe('zip', () => {
	it('stores entries that inflate back with matching CRCs', () => {
		const files = unzip(
			zip([
				{ name: 'a.txt', data: Buffer.from('hello '.repeat(100)) },
				{ name: 'ქ.txt', data: Buffer.from('') }
			])
		);
		expect(files.get('a.txt')).toBe('hello '.repeat(100));
		expect(files.get('ქ.txt')).toBe('');
	});
});

describe('xlsx', () => {
	it('names columns like a spreadsheet', () => {
		expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
	});

	it('writes numbers as values and text inline, escaped, skipping empty cells', () => {
		const files = unzip(
			xlsx([{ name: 'Tables', rows: [['<b>&', 1.5, null, 'ქართული'], [], [undefined, -2]] }])
		);
		const sheet = files.get('xl/worksheets/sheet1.xml')!;
		expect(sheet).toContain(
			'<c r="A1" t="inlineStr"><is><t xml:space="preserve">&lt;b&gt;&amp;</t></is></c>'
		);
		expect(sheet).toContain('<c r="B1"><v>1.5</v></c>');
		expect(sheet).not.toContain('r="C1"');
		expect(sheet).toContain('ქართული');
		expect(sheet).toContain('<c r="B3"><v>-2</v></c>');
		expect(files.get('xl/workbook.xml')).toContain(
			'<sheet name="Tables" sheetId="1" r:id="rId1"/>'
		);
		expect(files.get('[Content_Types].xml')).toContain('/xl/worksheets/sheet1.xml');
	});

	it('makes sheet names valid and unique', () => {
		const files = unzip(
			xlsx([
				{ name: 'a/b:c', rows: [] },
				{ name: 'A/B:C', rows: [] },
				{ name: 'x'.repeat(40), rows: [] }
			])
		);
		const names = [...files.get('xl/workbook.xml')!.matchAll(/name="([^"]+)"/g)].map((m) => m[1]);
		expect(names[0]).toBe('a b c');
		expect(names[1]).not.toBe('A B C');
		expect(names[2]).toHaveLength(31);
	});
});
