/**
 * Imported datasets: a file sent in chunks (a repeated chunk accepted once, a gap refused), the
 * import running in the background into a table of its own, labels kept from a .sav, banner
 * tables and a saved report on it, and a broken file failing with a message.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, type Workspace } from './support/fixtures.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;
let workspace: Workspace;

beforeAll(async () => {
	server = await startServer();
	workspace = await seedWorkspace(server);
});
afterAll(async () => server?.stop());

async function sendChunk(
	upload: string,
	offset: number,
	bytes: Uint8Array,
	final: boolean,
	fileName: string,
	name = 'Tracker file'
) {
	const query = new URLSearchParams({
		upload,
		offset: String(offset),
		name,
		fileName,
		...(final ? { final: '1' } : {})
	});
	return workspace.clients.analyst.request(
		`/projects/${workspace.projectId}/datasets/upload?${query}`,
		{
			method: 'POST',
			headers: { 'content-type': 'application/octet-stream', origin: server.origin },
			body: new Uint8Array(bytes)
		}
	);
}

async function waitUntilImported(name: string): Promise<string> {
	for (let attempt = 0; attempt < 120; attempt++) {
		const html = await (
			await workspace.clients.analyst.page(`/projects/${workspace.projectId}/datasets`)
		).text();
		const at = html.indexOf(`${name}<`);
		const row = at < 0 ? '' : html.slice(at, at + 500);
		if (row && !row.includes('importing')) return row;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`${name} did not finish importing.`);
}

describe('importing a data file', () => {
	it('takes a CSV in chunks, retries included, and analyses it', async () => {
		const bytes = new Uint8Array(fs.readFileSync('datasets/demo/awareness-tracker-synthetic.csv'));
		const upload = crypto.randomUUID();
		const size = 100_000;
		let offset = 0;
		for (; offset + size < bytes.length; offset += size) {
			const response = await sendChunk(
				upload,
				offset,
				bytes.subarray(offset, offset + size),
				false,
				'tracker.csv'
			);
			expect(response.status).toBe(200);
			if (offset === size) {
				// The same chunk again (a retry after a lost answer) changes nothing.
				const again = await sendChunk(
					upload,
					offset,
					bytes.subarray(offset, offset + size),
					false,
					'tracker.csv'
				);
				expect(await again.json()).toEqual({ received: 2 * size, datasetId: null });
			}
		}
		const gap = await sendChunk(
			upload,
			offset + 10,
			bytes.subarray(offset + 10),
			true,
			'tracker.csv'
		);
		expect(gap.status).toBe(409);
		expect((await gap.json()).message).toBe(`offset: expected ${offset}, got ${offset + 10}.`);
		const last = await sendChunk(upload, offset, bytes.subarray(offset), true, 'tracker.csv');
		expect(last.status).toBe(202);
		const { datasetId } = await last.json();
		expect(datasetId).toBeGreaterThan(0);
		const row = await waitUntilImported('Tracker file');
		expect(row).toContain('ready');
		expect(row).toContain('3,600');

		const tables = await workspace.clients.analyst.page(
			`/projects/${workspace.projectId}/datasets/${datasetId}?rows=eu_referendum&cols=sex`
		);
		expect(tables.status).toBe(200);
		const html = await tables.text();
		expect(html).toContain('Unweighted base');
		expect(html).toContain('Data: Tracker file (tracker.csv, 3,600 rows)');

		const saved = await workspace.clients.analyst.action(
			`/projects/${workspace.projectId}/datasets/${datasetId}?/save`,
			{
				title: 'From the file',
				query: 'rows=eu_referendum&cols=sex'
			}
		);
		expect(saved.type, saved.message).toBe('redirect');
		const report = await (await workspace.clients.viewer.page(saved.location!)).text();
		expect(report).toContain('From the file');
		expect(report).toContain('Unweighted base');
	});

	it('keeps the labels of a .sav file', async () => {
		const bytes = new Uint8Array(
			fs.readFileSync('src/lib/analysis/io/fixtures/survey-utf8-compressed.sav')
		);
		const last = await sendChunk(crypto.randomUUID(), 0, bytes, true, 'survey.sav', 'SPSS file');
		expect(last.status).toBe(202);
		const row = await waitUntilImported('SPSS file');
		expect(row).toContain('ready');
		const { datasetId } = await last.json();
		const page = await (
			await workspace.clients.analyst.page(`/projects/${workspace.projectId}/datasets/${datasetId}`)
		).text();
		expect(page).toMatch(/<option value="[a-z_0-9]+">[^<[]+ \[/);
	});

	it('fails a broken file with a message, and refuses other file types', async () => {
		const broken = await sendChunk(
			crypto.randomUUID(),
			0,
			new TextEncoder().encode('not an SPSS file at all'),
			true,
			'broken.sav',
			'Broken file'
		);
		expect(broken.status).toBe(202);
		const row = await waitUntilImported('Broken file');
		expect(row).toMatch(/failed: .+/);
		const exe = await sendChunk(
			crypto.randomUUID(),
			0,
			new Uint8Array([1, 2, 3]),
			true,
			'tool.exe',
			'Nope'
		);
		expect(exe.status).toBe(400);
		expect((await exe.json()).message).toBe('fileName: import a .csv, .parquet, .sav, .zsav file.');
		const viewer = await workspace.clients.viewer.request(
			`/projects/${workspace.projectId}/datasets/upload?upload=${crypto.randomUUID()}&offset=0&name=x&fileName=x.csv&final=1`,
			{
				method: 'POST',
				headers: { origin: server.origin, 'content-type': 'application/octet-stream' },
				body: new Uint8Array([65])
			}
		);
		expect(viewer.status).toBe(403);
	});
});
