/** Named weighting schemes of a project; the definition (targets and options) is stored as JSON. */
import type { WeightingDefinition } from '../../analysis/workspace/weighting-scheme.ts';
import { weightingDefinitionSchema } from '../../analysis/workspace/weighting-scheme.ts';
import type { Queryable } from './database.ts';
import { sql } from './sql.ts';

export interface StoredScheme {
	id: number;
	projectId: number;
	name: string;
	definition: WeightingDefinition;
	updatedAt: Date;
}

type Row = Omit<StoredScheme, 'definition'> & { definition: string };

const columns = `id, project_id AS "projectId", name, definition, updated_at AS "updatedAt"`;
const parse = (row: Row): StoredScheme => ({
	...row,
	definition: weightingDefinitionSchema.parse(JSON.parse(row.definition))
});

export async function listByProject(db: Queryable, projectId: number): Promise<StoredScheme[]> {
	const rows = await db.all<Row>(
		sql(`SELECT ${columns} FROM weighting_schemes WHERE project_id = ? ORDER BY name`, projectId)
	);
	return rows.map(parse);
}

export async function find(
	db: Queryable,
	projectId: number,
	id: number
): Promise<StoredScheme | undefined> {
	const row = await db.one<Row>(
		sql(`SELECT ${columns} FROM weighting_schemes WHERE project_id = ? AND id = ?`, projectId, id)
	);
	return row && parse(row);
}

export async function nameTaken(
	db: Queryable,
	projectId: number,
	name: string,
	exceptId = 0
): Promise<boolean> {
	const row = await db.one(
		sql(
			'SELECT 1 FROM weighting_schemes WHERE project_id = ? AND lower(name) = lower(?) AND id <> ?',
			projectId,
			name,
			exceptId
		)
	);
	return Boolean(row);
}

export async function create(
	db: Queryable,
	scheme: {
		projectId: number;
		name: string;
		definition: WeightingDefinition;
		createdBy: number | null;
	}
): Promise<StoredScheme> {
	const row = await db.one<Row>(
		sql(
			`INSERT INTO weighting_schemes (project_id, name, definition, created_by) VALUES (?, ?, ?, ?) RETURNING ${columns}`,
			scheme.projectId,
			scheme.name,
			JSON.stringify(scheme.definition),
			scheme.createdBy
		)
	);
	return parse(row!);
}

export async function update(
	db: Queryable,
	scheme: { projectId: number; id: number; name: string; definition: WeightingDefinition }
): Promise<boolean> {
	const rows = await db.all(
		sql(
			`UPDATE weighting_schemes SET name = ?, definition = ?, updated_at = now() WHERE project_id = ? AND id = ? RETURNING id`,
			scheme.name,
			JSON.stringify(scheme.definition),
			scheme.projectId,
			scheme.id
		)
	);
	return rows.length > 0;
}

export async function remove(db: Queryable, projectId: number, id: number): Promise<boolean> {
	const rows = await db.all(
		sql('DELETE FROM weighting_schemes WHERE project_id = ? AND id = ? RETURNING id', projectId, id)
	);
	return rows.length > 0;
}
