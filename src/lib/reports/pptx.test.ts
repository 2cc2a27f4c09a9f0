import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { writePptx, type PptxDeck, type PptxTable } from './pptx.ts';

/** Reads a ZIP archive through its central directory, checking each entry's CRC. */
function unzip(bytes: Uint8Array): Map<string, Buffer> {
	const buffer = Buffer.from(bytes);
	const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	const count = buffer.readUInt16LE(end + 10);
	let at = buffer.readUInt32LE(end + 16);
	const files = new Map<string, Buffer>();
	for (let i = 0; i < count; i++) {
		expect(buffer.readUInt32LE(at)).toBe(0x02014b50);
		const size = buffer.readUInt32LE(at + 20);
		const nameLength = buffer.readUInt16LE(at + 28);
		const offset = buffer.readUInt32LE(at + 42);
		const name = buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8');
		const start = offset + 30 + buffer.readUInt16LE(offset + 26);
		const data = zlib.inflateRawSync(buffer.subarray(start, start + size));
		expect(zlib.crc32(data), `crc of ${name}`).toBe(buffer.readUInt32LE(at + 16));
		files.set(name, data);
		at += 46 + nameLength;
	}
	return files;
}

const text = (files: Map<string, Buffer>, name: string) => {
	const data = files.get(name);
	expect(data, name).toBeDefined();
	return data!.toString('utf8');
};

/**
 * The package checked by a second, independent reader (Python's zipfile and expat): CRCs, every XML
 * part well-formed, every part with a content type and every override with a part, every
 * relationship target present and of the content type its relationship type calls for, every r:id
 * used in a part declared in its relationships, ids unique where PowerPoint needs them unique.
 * Prints the errors and the slide parts in presentation order.
 */
const CHECKER = String.raw`
import sys, zipfile, json, posixpath
import xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
errors = []
bad = z.testzip()
if bad: errors.append('bad CRC: ' + bad)
names = set(z.namelist())
RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
PKG = '{http://schemas.openxmlformats.org/package/2006/relationships}'
CT = '{http://schemas.openxmlformats.org/package/2006/content-types}'
P = '{http://schemas.openxmlformats.org/presentationml/2006/main}'
trees = {}
for n in sorted(names):
    if n.endswith('.xml') or n.endswith('.rels'):
        try: trees[n] = ET.fromstring(z.read(n))
        except ET.ParseError as e: errors.append(n + ': ' + str(e))
types = trees['[Content_Types].xml']
defaults = {d.get('Extension').lower(): d.get('ContentType') for d in types.iter(CT + 'Default')}
overrides = {o.get('PartName')[1:]: o.get('ContentType') for o in types.iter(CT + 'Override')}
for part in overrides:
    if part not in names: errors.append('override for a missing part: ' + part)
def content_type(n):
    return overrides.get(n) or defaults.get(n.rsplit('.', 1)[-1].lower())
for n in names:
    if n != '[Content_Types].xml' and not content_type(n): errors.append('no content type: ' + n)
expected = {'officeDocument': 'presentation.main+xml', 'slide': '.slide+xml', 'slideLayout': '.slideLayout+xml',
    'slideMaster': '.slideMaster+xml', 'theme': '.theme+xml', 'image': 'image/png', 'presProps': '.presProps+xml',
    'viewProps': '.viewProps+xml', 'tableStyles': '.tableStyles+xml', 'core-properties': 'core-properties+xml',
    'extended-properties': 'extended-properties+xml'}
rels = {}
for n in sorted(names):
    if not n.endswith('.rels') or n not in trees: continue
    folder, file = posixpath.split(n)
    base = posixpath.dirname(folder)
    source = posixpath.join(base, file[:-5])
    if source and source not in names: errors.append('relationships of a missing part: ' + n)
    ids = rels.setdefault(source, {})
    for r in trees[n].iter(PKG + 'Relationship'):
        if r.get('TargetMode') == 'External': continue
        t = r.get('Target')
        target = t[1:] if t.startswith('/') else posixpath.normpath(posixpath.join(base, t))
        if r.get('Id') in ids: errors.append('duplicate relationship id in ' + n)
        ids[r.get('Id')] = target
        kind = r.get('Type').rsplit('/', 1)[-1]
        if target not in names: errors.append(n + ': missing target ' + target)
        elif kind in expected and not (content_type(target) or '').endswith(expected[kind]):
            errors.append(n + ': ' + kind + ' is ' + str(content_type(target)))
for n, tree in trees.items():
    for el in tree.iter():
        for key, value in el.attrib.items():
            if key.startswith('{' + RNS + '}') and value not in rels.get(n, {}):
                errors.append(n + ': undeclared ' + value)
    if n.startswith('ppt/slides/slide'):
        ids = [e.get('id') for e in tree.iter(P + 'cNvPr')]
        if len(ids) != len(set(ids)): errors.append(n + ': duplicate shape ids')
        layouts = [t for t in rels.get(n, {}).values() if 'slideLayouts/' in t]
        if len(layouts) != 1: errors.append(n + ': needs one layout')
pres = trees['ppt/presentation.xml']
ids = [int(e.get('id')) for e in pres.iter(P + 'sldId')]
if len(set(ids)) != len(ids) or min(ids) < 256: errors.append('bad slide ids')
big = [int(e.get('id')) for tag in ('sldMasterId', 'sldLayoutId') for t in trees.values() for e in t.iter(P + tag)]
if len(set(big)) != len(big) or min(big) < 2147483648: errors.append('bad master/layout ids')
slides = [rels['ppt/presentation.xml'][e.get('{' + RNS + '}id')] for e in pres.iter(P + 'sldId')]
if sorted(slides) != sorted(n for n in names if posixpath.dirname(n) == 'ppt/slides'): errors.append('unlisted slides')
print(json.dumps({'errors': errors, 'slides': slides}))
`;

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pptx-test-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

function check(bytes: Uint8Array): { errors: string[]; slides: string[] } {
	const file = path.join(workDir, `deck-${Math.random().toString(36).slice(2)}.pptx`);
	fs.writeFileSync(file, bytes);
	return JSON.parse(execFileSync('python3', ['-c', CHECKER, file], { encoding: 'utf8' }));
}

/** A real PNG of the given size (one grey pixel row repeated), with a text chunk to make it unique. */
function png(width: number, height: number): Uint8Array {
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const out = Buffer.alloc(body.length + 8);
		out.writeUInt32BE(data.length, 0);
		body.copy(out, 4);
		out.writeUInt32BE(zlib.crc32(body), body.length + 4);
		return out;
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
	const raw = Buffer.alloc((width + 1) * height, 0x80);
	for (let y = 0; y < height; y++) raw[y * (width + 1)] = 0; // filter: none
	return new Uint8Array(
		Buffer.concat([
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			chunk('IHDR', header),
			chunk('tEXt', Buffer.from(`Comment\0${width}x${height}`, 'latin1')),
			chunk('IDAT', zlib.deflateSync(raw)),
			chunk('IEND', Buffer.alloc(0))
		])
	);
}

const rowsOf = (n: number) =>
	Array.from({ length: n }, (_, i) => [`Row ${i + 1}`, `${i}%`, `${100 - i}%`]);

const chart = png(800, 400);
const deck: PptxDeck = {
	title: 'Wave 3 <draft> & "final"',
	subtitle: 'Омнибус — ოქტომბერი 2024',
	author: 'Research team',
	slides: [
		{
			title: 'Awareness of brands',
			subtitle: 'Q5. Which of these brands have you heard of?',
			note: 'Base: all respondents (n = 3,600). Weighted to census margins (scheme "Census 2014").',
			image: { png: chart, width: 800, height: 400, alt: 'Bar chart: awareness <by brand>' },
			table: {
				header: ['Brand', 'ცნობადობა', 'Узнаваемость'],
				rows: [
					['<&>', '52%', '48%'],
					['Multi\nline', '', '7%']
				]
			},
			bullets: ['Awareness rose by 4 points.', 'Control\u0001 chars and a lone \uD800 surrogate go']
		},
		{ title: 'Only a title' }
	]
};

describe('writePptx', () => {
	const bytes = writePptx(deck);
	const files = unzip(bytes);

	it('writes a package whose parts, relationships and content types agree', () => {
		const result = check(bytes);
		expect(result.errors).toEqual([]);
		expect(result.slides).toEqual([1, 2, 3].map((i) => `ppt/slides/slide${i}.xml`));
		for (const part of [
			'docProps/core.xml',
			'docProps/app.xml',
			'ppt/slideMasters/slideMaster1.xml',
			'ppt/theme/theme1.xml',
			'ppt/slideLayouts/slideLayout1.xml'
		])
			expect(files.has(part), part).toBe(true);
		expect(text(files, '[Content_Types].xml')).toContain(
			'<Default Extension="png" ContentType="image/png"/>'
		);
	});

	it('is 16:9 and opens on a title slide with the deck title and subtitle', () => {
		expect(text(files, 'ppt/presentation.xml')).toContain('<p:sldSz cx="12192000" cy="6858000"/>');
		const first = text(files, 'ppt/slides/slide1.xml');
		expect(first).toContain('<p:ph type="ctrTitle"/>');
		expect(first).toContain('<a:t>Wave 3 &lt;draft&gt; &amp; &quot;final&quot;</a:t>');
		expect(first).toContain('<a:t>Омнибус — ოქტომბერი 2024</a:t>');
		expect(text(files, 'ppt/slides/_rels/slide1.xml.rels')).toContain('slideLayout1.xml');
		const core = text(files, 'docProps/core.xml');
		expect(core).toContain('<dc:creator>Research team</dc:creator>');
		expect(core).toContain('<dc:title>Wave 3 &lt;draft&gt; &amp; &quot;final&quot;</dc:title>');
	});

	it('stores the chart bytes intact, linked from its slide with the alt text', () => {
		expect(files.get('ppt/media/image1.png')?.equals(Buffer.from(chart))).toBe(true);
		expect(text(files, 'ppt/slides/_rels/slide2.xml.rels')).toContain(
			'Target="../media/image1.png"'
		);
		const slide = text(files, 'ppt/slides/slide2.xml');
		expect(slide).toContain('descr="Bar chart: awareness &lt;by brand&gt;"');
		expect(slide).toContain('<a:blip r:embed="rId2"/>');
		// Aspect ratio kept (2:1) and inside the slide.
		const [, x, y, cx, cy] = slide
			.match(/<p:pic>.*?<a:off x="(\d+)" y="(\d+)"\/><a:ext cx="(\d+)" cy="(\d+)"\/>/)!
			.map(Number) as number[];
		expect(Math.abs(cx! / cy! - 2)).toBeLessThan(0.01);
		expect(x! + cx!).toBeLessThanOrEqual(12192000);
		expect(y! + cy!).toBeLessThanOrEqual(6858000);
	});

	it('writes table cells, titles and notes as escaped UTF-8 text', () => {
		const slide = text(files, 'ppt/slides/slide2.xml');
		expect(slide).toContain('<a:tbl>');
		expect(slide).toContain('<a:t>ცნობადობა</a:t>');
		expect(slide).toContain('<a:t>Узнаваемость</a:t>');
		expect(slide).toContain('<a:t>&lt;&amp;&gt;</a:t>');
		expect(slide).toMatch(/<a:t>Multi<\/a:t><\/a:r><a:br>.*?<\/a:br><a:r>.*?<a:t>line<\/a:t>/);
		expect(slide).toContain('<a:t>Q5. Which of these brands have you heard of?</a:t>');
		expect(slide).toContain('scheme &quot;Census 2014&quot;');
		expect(slide).toContain('<a:t>Control chars and a lone  surrogate go</a:t>');
		expect(slide).toContain('<a:buChar char="•"/>');
		// Alignment: the first column left, the others right.
		const header = slide.match(/<a:tr .*?<\/a:tr>/)![0];
		expect(header.match(/algn="(\w+)"/g)).toEqual(['algn="l"', 'algn="r"', 'algn="r"']);
		expect(text(files, 'ppt/slides/slide3.xml')).toContain('<a:t>Only a title</a:t>');
	});

	it('sets fonts through the theme, with fallbacks for other scripts', () => {
		const theme = text(files, 'ppt/theme/theme1.xml');
		expect(theme).toContain('<a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/>');
		expect(theme).toContain('<a:font script="Geor" typeface="Sylfaen"/>');
		expect(text(files, 'ppt/slides/slide2.xml')).toContain(
			'<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/>'
		);
	});

	it('writes a valid package for a deck with no content slides', () => {
		const result = check(writePptx({ title: 'Empty', slides: [] }));
		expect(result).toEqual({ errors: [], slides: ['ppt/slides/slide1.xml'] });
	});
});

describe('long tables', () => {
	const table: PptxTable = {
		header: ['Region', 'Yes', 'No'],
		rows: rowsOf(40),
		align: ['left', 'center', 'right']
	};
	const bytes = writePptx({
		title: 'Tables',
		slides: [
			{
				title: 'By region',
				note: 'Base: all (n = 40).',
				table,
				image: { png: chart, width: 800, height: 400, alt: 'Chart' }
			}
		]
	});
	const files = unzip(bytes);
	const slides = [2, 3, 4].map(
		(i) => files.get(`ppt/slides/slide${i}.xml`)?.toString('utf8') ?? ''
	);

	it('continue on extra slides: 40 rows make three slides', () => {
		const result = check(bytes);
		expect(result.errors).toEqual([]);
		expect(result.slides).toHaveLength(4);
		expect(slides[0]).toContain('<a:t>By region</a:t>');
		expect(slides[1]).toContain('<a:t>By region (continued)</a:t>');
		expect(slides[2]).toContain('<a:t>By region (continued)</a:t>');
		const all = slides.join('');
		for (let i = 1; i <= 40; i++)
			expect(all.split(`<a:t>Row ${i}</a:t>`), `Row ${i}`).toHaveLength(2);
		for (const slide of slides) {
			const rows = slide.match(/<a:tr /g)!.length;
			expect(rows).toBeLessThanOrEqual(19);
			expect(slide).toContain('<a:t>Region</a:t>'); // header repeated
			expect(slide).toContain('<a:t>Base: all (n = 40).</a:t>'); // note repeated
		}
		// The chart is on the first slide only.
		expect(slides[0]).toContain('<p:pic>');
		expect(slides[1]).not.toContain('<p:pic>');
		expect([...files.keys()].filter((name) => name.startsWith('ppt/media/'))).toEqual([
			'ppt/media/image1.png'
		]);
	});

	it('follow the given column alignment and stay inside the slide', () => {
		const header = slides[1]!.match(/<a:tr .*?<\/a:tr>/)![0];
		expect(header.match(/algn="(\w+)"/g)).toEqual(['algn="l"', 'algn="ctr"', 'algn="r"']);
		for (const slide of slides) {
			const frame = slide.match(
				/<p:xfrm><a:off x="(\d+)" y="(\d+)"\/><a:ext cx="(\d+)" cy="(\d+)"\/>/
			)!;
			const [x, y, cx, cy] = frame.slice(1).map(Number) as [number, number, number, number];
			expect(x + cx).toBeLessThanOrEqual(12192000);
			expect(y + cy).toBeLessThanOrEqual(6858000);
			const grid = [...slide.matchAll(/<a:gridCol w="(\d+)"\/>/g)].reduce(
				(s, m) => s + Number(m[1]),
				0
			);
			expect(grid).toBe(cx);
		}
	});

	it('get a smaller font as they get longer or wider', () => {
		const size = (table: PptxTable) => {
			const slide = { title: 'T', subtitle: 'Question', note: 'Base', table };
			const xml = text(unzip(writePptx({ title: 'T', slides: [slide] })), 'ppt/slides/slide2.xml');
			return Number(xml.match(/<a:tc>.*?<a:rPr sz="(\d+)"/)![1]);
		};
		const short = size({ header: ['A', 'B', 'C'], rows: rowsOf(3) });
		const long = size({ header: ['A', 'B', 'C'], rows: rowsOf(18) });
		const wide = size({ header: Array(14).fill('Col'), rows: rowsOf(3) });
		expect(short).toBe(1400);
		expect(long).toBeLessThan(short);
		expect(long).toBeGreaterThanOrEqual(800);
		expect(wide).toBeLessThan(short);
		expect(wide).toBeGreaterThanOrEqual(800);
	});
});
