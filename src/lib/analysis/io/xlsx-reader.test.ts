import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readXlsx, XlsxReadError } from './xlsx-reader.ts';
import { xlsx, zip } from './xlsx.ts';

const xmlHeader = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const relType = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A ZIP archive whose entries are stored uncompressed (method 0), as some tools write them. */
function storedZip(entries: { name: string; data: Buffer }[]): Uint8Array {
	const parts: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const entry of entries) {
		const name = Buffer.from(entry.name, 'utf8');
		const crc = zlib.crc32(entry.data);
		// A local extra field that the central directory does not repeat, as Excel writes.
		const extra = Buffer.alloc(4);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(10, 4);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(entry.data.length, 18);
		local.writeUInt32LE(entry.data.length, 22);
		local.writeUInt16LE(name.length, 26);
		local.writeUInt16LE(extra.length, 28);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(entry.data.length, 20);
		central.writeUInt32LE(entry.data.length, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		parts.push(local, name, extra, entry.data);
		centrals.push(central, name);
		offset += local.length + name.length + extra.length + entry.data.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...parts, directory, end]));
}

/** The parts of a workbook as Excel saves it: shared strings, styles, absolute and relative targets. */
function excelLikeParts(): { name: string; data: Buffer }[] {
	const files: Record<string, string> = {
		'[Content_Types].xml': `${xmlHeader}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
		'_rels/.rels': `${xmlHeader}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${relType}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		'xl/workbook.xml': `${xmlHeader}<workbook xmlns="${main}" xmlns:r="${relType}"><!-- sheet order is the workbook's, not the files' --><bookViews><workbookView/></bookViews><sheets><sheet name="survey" sheetId="3" r:id="rId3"/><sheet name="Chart" sheetId="4" r:id="rId5"/><sheet name="choices &amp; lists" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		'xl/_rels/workbook.xml.rels': `${xmlHeader}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${relType}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId3" Type="${relType}/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId4" Type="${relType}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId2" Type="${relType}/styles" Target="styles.xml"/><Relationship Id="rId5" Type="${relType}/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`,
		'xl/styles.xml': `${xmlHeader}<styleSheet xmlns="${main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`,
		'xl/sharedStrings.xml': `${xmlHeader}<sst xmlns="${main}" count="7" uniqueCount="7">
  <si><t>type</t></si>
  <si><t>name</t></si>
  <si><r><rPr><b/><sz val="11"/></rPr><t>Bold</t></r><r><t xml:space="preserve"> and plain </t></r></si>
  <si><t>&#4325;&#x10D0;&amp;&lt;&gt;&quot;&apos; &#128512;</t><rPh sb="0" eb="1"><t>READING</t></rPh></si>
  <si><t xml:space="preserve">  two lines_x000D_
  </t></si>
  <si/>
  <si><t><![CDATA[a <raw> & b]]></t></si>
</sst>`,
		'xl/worksheets/sheet2.xml': `${xmlHeader}<worksheet xmlns="${main}"><dimension ref="A1:F5"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>
  <row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s" s="0"><v>2</v></c></row>
  <row r="3"><c r="B3" s="1"><v>3.25</v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="b"><v>0</v></c></row>
  <row><c t="s"><v>3</v></c><c t="str"><f>CONCAT("a","b")</f><v>ab</v></c><c/><c t="e"><v>#N/A</v></c><c t="inlineStr"><is><t>inline</t></is></c></row>
  <row r="5"><c r="A5" t="s"><v>4</v></c><c r="B5" t="s"><v>5</v></c><c r="C5" t="s"><v>6</v></c><c r="F5"><f>1+1</f><v>2</v></c></row>
  <row r="9" spans="1:1"><c r="A9" s="1"/></row>
</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`,
		'xl/worksheets/sheet1.xml': `${xmlHeader}<x:worksheet xmlns:x="${main}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:r><x:t>list</x:t></x:r><x:r><x:t>_name</x:t></x:r></x:is></x:c><x:c r="B1"><x:v>-1.5E3</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
		'xl/chartsheets/sheet1.xml': `${xmlHeader}<chartsheet xmlns="${main}"/>`
	};
	return Object.entries(files).map(([name, text]) => ({ name, data: Buffer.from(text, 'utf8') }));
}

const excelLikeSheets = [
	{
		name: 'survey',
		rows: [
			['type', 'name', 'Bold and plain ', null, null, null],
			[null, null, null, null, null, null],
			[null, 3.25, null, true, false, null],
			['ქა&<>"\' 😀', 'ab', null, '#N/A', 'inline', null],
			['  two lines\r\n  ', '', 'a <raw> & b', null, null, 2]
		]
	},
	{ name: 'choices & lists', rows: [['list_name', -1500]] }
];

describe('readXlsx', () => {
	it('reads back what our writer wrote, gaps filled with null', () => {
		const bytes = xlsx([
			{ name: 'Tables', rows: [['a', 1.5, null, 'ქართული'], [], [null, -2, 'x & <y> "z"\nnext']] },
			{ name: 'Второй', rows: [['only']] },
			{ name: 'Empty', rows: [] }
		]);
		expect(readXlsx(bytes)).toEqual([
			{
				name: 'Tables',
				rows: [
					['a', 1.5, null, 'ქართული'],
					[null, null, null, null],
					[null, -2, 'x & <y> "z"\nnext', null]
				]
			},
			{ name: 'Второй', rows: [['only']] },
			{ name: 'Empty', rows: [] }
		]);
	});

	it('reads a workbook shaped like Excel output, in workbook order', () => {
		expect(readXlsx(zip(excelLikeParts()))).toEqual(excelLikeSheets);
	});

	it('reads stored (uncompressed) entries', () => {
		expect(readXlsx(storedZip(excelLikeParts()))).toEqual(excelLikeSheets);
	});

	it('accepts bytes that are a view into a larger buffer', () => {
		const bytes = xlsx([{ name: 'S', rows: [[1, 'two']] }]);
		const padded = new Uint8Array(bytes.length + 10);
		padded.set(bytes, 5);
		expect(readXlsx(padded.subarray(5, 5 + bytes.length))).toEqual([
			{ name: 'S', rows: [[1, 'two']] }
		]);
	});

	it('refuses what is not an XLSX workbook with a plain sentence', () => {
		const refusal = (bytes: Uint8Array) => {
			try {
				readXlsx(bytes);
			} catch (error) {
				expect(error).toBeInstanceOf(XlsxReadError);
				return (error as Error).message;
			}
			throw new Error('readXlsx accepted the bytes');
		};
		expect(refusal(Buffer.from('type,name\ninteger,age\n'))).toBe(
			'The file is not an XLSX workbook.'
		);
		expect(refusal(new Uint8Array())).toBe('The file is not an XLSX workbook.');
		expect(refusal(Buffer.from('d0cf11e0a1b11ae1' + '00'.repeat(40), 'hex'))).toMatch(
			/password-protected or old-format \(\.xls\)/
		);
		expect(refusal(zip([{ name: 'readme.txt', data: Buffer.from('hi') }]))).toBe(
			'The file is a ZIP archive but not an XLSX workbook.'
		);
		const good = xlsx([{ name: 'S', rows: [['text '.repeat(50)]] }]);
		expect(refusal(good.subarray(0, good.length - 30))).toBe(
			'The XLSX file is damaged and cannot be read.'
		);
		const flipped = new Uint8Array(good);
		const sheetName = 'xl/worksheets/sheet1.xml';
		const sheetData = Buffer.from(flipped).indexOf(sheetName) + sheetName.length + 2;
		flipped[sheetData] = flipped[sheetData]! ^ 0xff;
		expect(refusal(flipped)).toBe('The XLSX file is damaged and cannot be read.');
	});
});
