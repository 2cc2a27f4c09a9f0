/** Derived variables (segments, recodes) of a survey, in creation order (later ones may use earlier ones). */
import {
	derivedVariableSchema,
	type DerivedVariable
} from '../../analysis/workspace/derived-variables.ts';
import type { Queryable } from './database.ts';
import { sql } from './sql.ts';

export type StoredDerived = DerivedVariable & { id: number; surveyId: number };

type Row = {
	id: number;
	surveyId: number;
	name: string;
	label: string;
	kind: string;
	definition: string;
};

const columns = `id, survey_id AS "surveyId", name, label, kind, definition`;

const parse = (row: Row): StoredDerived => ({
	id: row.id,
	surveyId: row.surveyId,
	...derivedVariableSchema.parse({
		kind: row.kind,
		name: row.name,
		label: row.label,
		definition: JSON.parse(row.definition)
	})
});

export async function listBySurvey(db: Queryable, surveyId: number): Promise<StoredDerived[]> {
	const rows = await db.all<Row>(
		sql(`SELECT ${columns} FROM derived_variables WHERE survey_id = ? ORDER BY id`, surveyId)
	);
	return rows.map(parse);
}

export async function create(
	db: Queryable,
	surveyId: number,
	derived: DerivedVariable,
	createdBy: number | null
): Promise<StoredDerived> {
	const row = await db.one<Row>(
		sql(
			`INSERT INTO derived_variables (survey_id, name, label, kind, definition, created_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING ${columns}`,
			surveyId,
			derived.name,
			derived.label,
			derived.kind,
			JSON.stringify(derived.definition),
			createdBy
		)
	);
	return parse(row!);
}

export async function remove(db: Queryable, surveyId: number, id: number): Promise<boolean> {
	const rows = await db.all(
		sql('DELETE FROM derived_variables WHERE survey_id = ? AND id = ? RETURNING id', surveyId, id)
	);
	return rows.length > 0;
}
