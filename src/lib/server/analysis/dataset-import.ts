/**
 * Importing data files as project datasets, without blocking the server:
 * - the browser sends the file in chunks of at most 2 MB (under the server's body limit, with a
 *   progress bar), each appended to a file in `<database folder>/uploads` at its offset — a
 *   chunk sent twice is accepted once;
 * - after the last chunk, `barometer export --format parquet` converts the file in a child
 *   process (a .sav is parsed there, not on the server's event loop), and DuckDB reads the
 *   Parquet into `imported_<id>`, keeping the labels from the codebook the CLI wrote.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeDataset } from '../../analysis/dataset.ts';
import type { VariableLabels } from '../../analysis/workspace/variable-labels.ts';
import type { LoadedDataset } from '../../reports/run-report.ts';
import { readConfig } from '../config.ts';
import type { Database } from '../db/index.ts';
import * as importedDatasets from '../db/imported-datasets.ts';
import type { ImportedDataset } from '../db/imported-datasets.ts';
import { quoteIdent } from '../db/sql.ts';

const run = promisify(execFile);

export const chunkBytes = 2 * 1024 * 1024;
export const importExtensions = ['.csv', '.parquet', '.sav', '.zsav'];

export function maxImportBytes(env: NodeJS.ProcessEnv = process.env): number {
	const mb = Number(env.BAROMETER_IMPORT_MAX_MB ?? 500);
	return (Number.isFinite(mb) && mb > 0 ? mb : 500) * 1024 * 1024;
}

export class ImportError extends Error {
	constructor(
		readonly status: 400 | 409 | 413 | 429,
		message: string
	) {
		super(message);
		this.name = 'ImportError';
	}
}

interface Upload {
	touchedAt: number;
	projectId: number;
	userId: number;
	file: string;
	received: number;
	name: string;
	fileName: string;
}

const uploads = new Map<string, Upload>();
const running = new Set<number>();

/** An upload untouched this long is abandoned: its file is deleted. */
const abandonedAfterMs = 60 * 60 * 1000;
const openUploadsPerUser = 3;

/** Deletes abandoned uploads, and files in the uploads folder no upload owns (a restart's leftovers). */
function sweep(now = Date.now()): void {
	for (const [id, upload] of uploads) {
		if (now - upload.touchedAt < abandonedAfterMs) continue;
		uploads.delete(id);
		fs.rmSync(upload.file, { force: true });
	}
	const folder = uploadsFolder();
	const owned = new Set([...uploads.values()].map((upload) => path.basename(upload.file)));
	for (const name of fs.readdirSync(folder)) {
		if (owned.has(name)) continue;
		const file = path.join(folder, name);
		const stat = fs.statSync(file, { throwIfNoEntry: false });
		if (stat && now - stat.mtimeMs > abandonedAfterMs) fs.rmSync(file, { force: true });
	}
}

function uploadsFolder(): string {
	const database = readConfig().databasePath;
	const folder =
		database === ':memory:'
			? path.resolve('data', 'uploads')
			: path.join(path.dirname(database), 'uploads');
	fs.mkdirSync(folder, { recursive: true });
	return folder;
}

export interface Chunk {
	projectId: number;
	userId: number;
	uploadId: string;
	offset: number;
	final: boolean;
	name: string;
	fileName: string;
	bytes: Uint8Array;
}

/** Appends one chunk; after the last one, starts the import and returns the new dataset. */
export async function receiveChunk(
	db: Database,
	chunk: Chunk
): Promise<{ received: number; dataset?: ImportedDataset }> {
	if (!/^[0-9a-f-]{36}$/.test(chunk.uploadId))
		throw new ImportError(400, 'upload: not an upload id.');
	const extension = path.extname(chunk.fileName).toLowerCase();
	if (!importExtensions.includes(extension))
		throw new ImportError(400, `fileName: import a ${importExtensions.join(', ')} file.`);
	if (chunk.bytes.length > chunkBytes) throw new ImportError(413, 'The chunk is larger than 2 MB.');
	let upload = uploads.get(chunk.uploadId);
	if (!upload) {
		if (chunk.offset !== 0)
			throw new ImportError(409, 'offset: this upload is unknown; start again from 0.');
		sweep();
		const open = [...uploads.values()].filter((u) => u.userId === chunk.userId).length;
		if (open >= openUploadsPerUser)
			throw new ImportError(
				429,
				`At most ${openUploadsPerUser} uploads at once; wait for one to finish.`
			);
		upload = {
			touchedAt: Date.now(),
			projectId: chunk.projectId,
			userId: chunk.userId,
			file: path.join(uploadsFolder(), `${chunk.uploadId}${extension}`),
			received: 0,
			name: chunk.name,
			fileName: chunk.fileName
		};
		fs.writeFileSync(upload.file, new Uint8Array());
		uploads.set(chunk.uploadId, upload);
	}
	if (upload.projectId !== chunk.projectId || upload.userId !== chunk.userId)
		throw new ImportError(409, 'upload: this upload belongs to someone else.');
	if (chunk.offset + chunk.bytes.length <= upload.received && !chunk.final)
		return { received: upload.received };
	if (chunk.offset !== upload.received)
		throw new ImportError(409, `offset: expected ${upload.received}, got ${chunk.offset}.`);
	if (upload.received + chunk.bytes.length > maxImportBytes())
		throw new ImportError(
			413,
			`The file is larger than ${Math.round(maxImportBytes() / 1024 / 1024)} MB.`
		);
	fs.appendFileSync(upload.file, chunk.bytes);
	upload.received += chunk.bytes.length;
	upload.touchedAt = Date.now();
	if (!chunk.final) return { received: upload.received };
	uploads.delete(chunk.uploadId);
	let dataset: ImportedDataset;
	try {
		if (upload.received === 0) throw new ImportError(400, 'file: the file is empty.');
		dataset = await importedDatasets.create(db, {
			projectId: upload.projectId,
			name: upload.name,
			fileName: upload.fileName,
			createdBy: upload.userId
		});
	} catch (error) {
		fs.rmSync(upload.file, { force: true });
		throw error;
	}
	running.add(dataset.id);
	void importFile(db, dataset.id, upload.file).finally(() => running.delete(dataset.id));
	return { received: upload.received, dataset };
}

async function importFile(db: Database, id: number, file: string): Promise<void> {
	const parquet = `${file}.parquet`;
	const codebook = path.join(path.dirname(parquet), `${path.basename(file)}.codebook.json`);
	try {
		const root = process.cwd();
		await run(
			process.execPath,
			[
				path.join(root, 'bin', 'barometer.js'),
				'export',
				file,
				'--format',
				'parquet',
				'--out',
				parquet
			],
			{
				cwd: root,
				maxBuffer: 1 << 20
			}
		).catch((error: { stderr?: string; message: string }) => {
			throw new Error((error.stderr ?? '').trim() || error.message);
		});
		const table = importedDatasets.tableOf(id);
		// Deleted while it was converted: nothing to keep.
		const row = await db.one({
			sql: 'SELECT 1 AS ok FROM imported_datasets WHERE id = ?',
			params: [id]
		});
		if (!row) return;
		await db.run({
			sql: `CREATE OR REPLACE TABLE ${quoteIdent(table, [table])} AS SELECT * FROM read_parquet(?)`,
			params: [parquet]
		});
		const dataset = await describeDataset(db, table);
		const count = await db.one<{ n: number }>({
			sql: `SELECT count(*) AS n FROM ${quoteIdent(table, [table])}`,
			params: []
		});
		const variables = (
			JSON.parse(fs.readFileSync(codebook, 'utf8')) as { variables: importedDatasets.StoredLabels }
		).variables;
		await importedDatasets.markReady(db, id, {
			rows: count?.n ?? 0,
			columns: dataset.columns.size,
			labels: variables.map(({ name, label, values, missing }) => ({
				name,
				label,
				values,
				missing
			}))
		});
	} catch (error) {
		const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
		await importedDatasets.markFailed(db, id, message).catch(() => undefined);
	} finally {
		for (const leftover of [file, parquet, codebook]) fs.rmSync(leftover, { force: true });
	}
}

export function isImporting(id: number): boolean {
	return running.has(id);
}

/** Datasets left "importing" by a stopped server are failed, so nobody waits for them. */
export async function failInterrupted(
	db: Database,
	datasets: ImportedDataset[]
): Promise<ImportedDataset[]> {
	return Promise.all(
		datasets.map(async (dataset) => {
			if (dataset.status !== 'importing' || running.has(dataset.id)) return dataset;
			const message = 'The import was interrupted; upload the file again.';
			await importedDatasets.markFailed(db, dataset.id, message);
			return { ...dataset, status: 'failed' as const, message };
		})
	);
}

export async function loadImportedDataset(
	db: Database,
	dataset: ImportedDataset
): Promise<LoadedDataset> {
	const stored = await importedDatasets.labelsOf(db, dataset.id);
	const labels: VariableLabels = new Map(
		stored.map((entry) => [
			entry.name,
			{
				label: entry.label,
				values: new Map(entry.values.map((v) => [v.code, v.label])),
				missing: entry.missing
			}
		])
	);
	return {
		dataset: await describeDataset(db, importedDatasets.tableOf(dataset.id)),
		labels,
		description: `Data: ${dataset.name} (${dataset.fileName}, ${(dataset.rows ?? 0).toLocaleString('en-US')} rows)`
	};
}
