/**
 * A report computed from the synthetic tracker CSV and rendered in every format: the numbers in
 * the workbook are the engine's, the HTML is self-contained and script-free, the slides carry a
 * picture per chart and a table per table.
 */
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../analysis/io/xlsx-reader.ts';
import { loadDataFile } from '../../analysis/io/load-data.ts';
import { labelsFromFile } from '../../analysis/workspace/variable-labels.ts';
import type { ReportResult } from '../../reports/report-result.ts';
import { reportSpecSchema } from '../../reports/report-spec.ts';
import { runReport } from '../../reports/run-report.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { renderReport } from './report-service.ts';

let db: Database;
let report: ReportResult;

const spec = reportSpecSchema.parse({
	title: 'Test <report> & "friends"',
	dataset: { kind: 'file', path: 'datasets/demo/awareness-tracker-synthetic.csv' },
	weighting: {
		name: 'Sex and settlement',
		definition: {
			targets: [
				{ variable: 'sex', category: '1', target: 0.46 },
				{ variable: 'sex', category: '2', target: 0.54 },
				{ variable: 'settlement', category: '1', target: 0.58 },
				{ variable: 'settlement', category: '2', target: 0.42 }
			]
		}
	},
	filters: [{ variable: 'resident', op: 'in', values: [1] }],
	sections: [
		{ kind: 'text', title: 'Intro', text: 'Synthetic data. <script>alert(1)</script>' },
		{ kind: 'banner', rows: ['eu_referendum'], cols: ['sex'], means: true },
		{
			kind: 'awareness',
			items: [{ variable: 'aware_programmes_1' }, { variable: 'aware_programmes_2' }],
			banners: [],
			wave: 'wave',
			rankBy: 'region'
		}
	]
});

function unzip(bytes: Uint8Array): Map<string, Buffer> {
	const buffer = Buffer.from(bytes);
	const files = new Map<string, Buffer>();
	let offset = 0;
	while (buffer.readUInt32LE(offset) === 0x04034b50) {
		const method = buffer.readUInt16LE(offset + 8);
		const size = buffer.readUInt32LE(offset + 18);
		const nameLength = buffer.readUInt16LE(offset + 26);
		const extra = buffer.readUInt16LE(offset + 28);
		const name = buffer.subarray(offset + 30, offset + 30 + nameLength).toString('utf8');
		const start = offset + 30 + nameLength + extra;
		const data = buffer.subarray(start, start + size);
		files.set(name, method === 8 ? inflateRawSync(data) : data);
		offset = start + size;
	}
	return files;
}

beforeAll(async () => {
	db = await openDatabase(':memory:');
	const loaded = await loadDataFile(db, spec.dataset.kind === 'file' ? spec.dataset.path : '');
	report = await runReport(
		db,
		spec,
		{
			dataset: loaded.dataset,
			labels: labelsFromFile(loaded.labels),
			description: 'Data: synthetic'
		},
		'test_report',
		new Date('2026-11-26T10:00:00Z')
	);
});
afterAll(async () => db.close());

describe('a computed report', () => {
	it('states the weighting and the filter, and leaves no work tables behind', async () => {
		expect(report.context[1]).toMatch(
			/^Weighted: Sex and settlement \(raking on sex, settlement\): design effect \d\.\d\d/
		);
		expect(report.context[2]).toBe('Filter: resident is 1');
		const left = await db.all({
			sql: `SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'test_report%'`,
			params: []
		});
		expect(left).toEqual([]);
	});

	it('writes a workbook whose figures are the computed ones, letters beside them', async () => {
		const sheets = readXlsx(await renderReport(report, 'xlsx'));
		expect(sheets[0]!.name).toBe('Contents');
		const banner = report.sections[1]!.blocks.find((b) => b.kind === 'table')!;
		if (banner.kind !== 'table') throw new Error('no table');
		const sheet = sheets[1]!;
		const rowOf = (label: string) => sheet.rows.find((row) => row[0] === label)!;
		const first = banner.table.rows.find((r) => r.kind === 'category')!;
		const line = rowOf(first.label);
		expect(line[1]).toBeCloseTo(first.cells[0]!.value!, 12);
		expect(line[3]).toBeCloseTo(first.cells[1]!.value!, 12);
		const lettered = banner.table.rows
			.flatMap((r) => r.cells.map((c, j) => ({ r, c, j })))
			.find((x) => x.c.sig);
		if (lettered) expect(rowOf(lettered.r.label)[2 + 2 * lettered.j]).toBe(lettered.c.sig);
		expect(rowOf('Unweighted base')[1]).toBe(banner.table.rows[0]!.cells[0]!.value);
		expect(
			sheet.rows
				.flat()
				.some((cell) => typeof cell === 'string' && cell.startsWith('Weighted: Sex and settlement'))
		).toBe(true);
	});

	it('writes one self-contained HTML page: inline SVG charts, escaped text, no scripts or external requests', async () => {
		const html = new TextDecoder().decode(await renderReport(report, 'html'));
		expect(html).toContain('<title>Test &lt;report&gt; &amp; &quot;friends&quot;</title>');
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).not.toMatch(/<script/i);
		expect(html.match(/<svg/g)!.length).toBe(
			report.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'chart').length
		);
		// No URL the browser would fetch: only XML namespaces.
		const urls = [...html.matchAll(/(?:src|href)=["']?(https?:[^"' >]+)/g)].map((m) => m[1]);
		expect(urls).toEqual([]);
		expect(html).toContain('Ranking by region');
	});

	it('writes slides: a picture per chart, a native table per table, base and weighting noted', async () => {
		const files = unzip(await renderReport(report, 'pptx'));
		const slides = [...files.keys()].filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name));
		const blocks = report.sections.flatMap((s) => s.blocks);
		const charts = blocks.filter((b) => b.kind === 'chart').length;
		const tables = blocks.filter((b) => b.kind === 'table').length;
		// The title slide, then at least one slide per chart, table and text block.
		expect(slides.length).toBeGreaterThanOrEqual(1 + charts + tables + 1);
		const media = [...files.keys()].filter((name) => name.startsWith('ppt/media/'));
		expect(media).toHaveLength(charts);
		for (const name of media) expect(files.get(name)!.subarray(1, 4).toString()).toBe('PNG');
		const xml = slides.map((name) => files.get(name)!.toString('utf8')).join('\n');
		expect(xml).toContain('<a:tbl>');
		expect(xml).toContain('Weighted: Sex and settlement');
	});
});
