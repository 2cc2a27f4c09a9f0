/** Imported data files of a project and the state of their import. */
import type { Queryable } from './database.ts';
import { quoteIdent, sql } from './sql.ts';

export interface ImportedDataset {
	id: number;
	projectId: number;
	name: string;
	fileName: string;
	status: 'importing' | 'ready' | 'failed';
	message: string | null;
	rows: number | null;
	columns: number | null;
	createdAt: Date;
}

export type StoredLabels = {
	name: string;
	label: string;
	values: { code: string; label: string }[];
	missing: string[];
}[];

const columns = `id, project_id AS "projectId", name, file_name AS "fileName", status, message, rows, columns, created_at AS "createdAt"`;

/** The table holding a dataset's rows; ids are integers, so the name is always safe. */
export function tableOf(id: number): string {
	if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`Invalid dataset id ${id}.`);
	return `imported_${id}`;
}

export function listByProject(db: Queryable, projectId: number): Promise<ImportedDataset[]> {
	return db.all<ImportedDataset>(
		sql(`SELECT ${columns} FROM imported_datasets WHERE project_id = ? ORDER BY id DESC`, projectId)
	);
}

export function find(
	db: Queryable,
	projectId: number,
	id: number
): Promise<ImportedDataset | undefined> {
	return db.one<ImportedDataset>(
		sql(`SELECT ${columns} FROM imported_datasets WHERE project_id = ? AND id = ?`, projectId, id)
	);
}

export async function labelsOf(db: Queryable, id: number): Promise<StoredLabels> {
	const row = await db.one<{ labels: string | null }>(
		sql('SELECT labels FROM imported_datasets WHERE id = ?', id)
	);
	return row?.labels ? (JSON.parse(row.labels) as StoredLabels) : [];
}

export async function create(
	db: Queryable,
	dataset: { projectId: number; name: string; fileName: string; createdBy: number | null }
): Promise<ImportedDataset> {
	const row = await db.one<ImportedDataset>(
		sql(
			`INSERT INTO imported_datasets (project_id, name, file_name, status, created_by) VALUES (?, ?, ?, 'importing', ?) RETURNING ${columns}`,
			dataset.projectId,
			dataset.name,
			dataset.fileName,
			dataset.createdBy
		)
	);
	return row!;
}

export async function markReady(
	db: Queryable,
	id: number,
	facts: { rows: number; columns: number; labels: StoredLabels }
): Promise<void> {
	await db.run(
		sql(
			`UPDATE imported_datasets SET status = 'ready', rows = ?, columns = ?, labels = ?, message = NULL WHERE id = ?`,
			facts.rows,
			facts.columns,
			JSON.stringify(facts.labels),
			id
		)
	);
}

export async function markFailed(db: Queryable, id: number, message: string): Promise<void> {
	await db.run(
		sql(`UPDATE imported_datasets SET status = 'failed', message = ? WHERE id = ?`, message, id)
	);
}

/** Removes the dataset and its table. */
export async function remove(db: Queryable, projectId: number, id: number): Promise<boolean> {
	const rows = await db.all(
		sql('DELETE FROM imported_datasets WHERE project_id = ? AND id = ? RETURNING id', projectId, id)
	);
	if (!rows.length) return false;
	const table = tableOf(id);
	await db.run({ sql: `DROP TABLE IF EXISTS ${quoteIdent(table, [table])}`, params: [] });
	return true;
}
