import type { Codebook } from '../../survey/codebook.ts';
import type { Queryable } from './database.ts';
import { sql } from './sql.ts';

export interface SurveyVersionSummary {
	id: number;
	surveyId: number;
	version: number;
	publishedAt: Date;
	publishedBy: string | null;
}

export interface SurveyVersion {
	id: number;
	surveyId: number;
	version: number;
	publishedAt: Date;
	json: Record<string, unknown>;
	codebook: Codebook;
}

export async function insertNext(
	db: Queryable,
	version: { surveyId: number; json: string; codebook: string; publishedBy: number | null }
): Promise<{ id: number; version: number }> {
	const row = await db.one<{ id: number; version: number }>(
		sql(
			`INSERT INTO survey_versions (survey_id, version, json, codebook, published_by)
			SELECT ?, coalesce(max(version), 0) + 1, ?, ?, ? FROM survey_versions WHERE survey_id = ?
			RETURNING id, version`,
			version.surveyId,
			version.json,
			version.codebook,
			version.publishedBy,
			version.surveyId
		)
	);
	return row!;
}

export function list(db: Queryable, surveyId: number): Promise<SurveyVersionSummary[]> {
	return db.all<SurveyVersionSummary>(
		sql(
			`SELECT v.id, v.survey_id AS "surveyId", v.version, v.published_at AS "publishedAt",
				u.email AS "publishedBy"
			FROM survey_versions v LEFT JOIN users u ON u.id = v.published_by
			WHERE v.survey_id = ? ORDER BY v.version DESC`,
			surveyId
		)
	);
}

type StoredVersion = {
	id: number;
	surveyId: number;
	version: number;
	publishedAt: Date;
	json: string;
	codebook: string;
};

const versionColumns =
	'id, survey_id AS "surveyId", version, published_at AS "publishedAt", json, codebook';

function parseVersion(row: StoredVersion | undefined): SurveyVersion | undefined {
	return row && { ...row, json: JSON.parse(row.json), codebook: JSON.parse(row.codebook) };
}

export async function latest(db: Queryable, surveyId: number): Promise<SurveyVersion | undefined> {
	const row = await db.one<StoredVersion>(
		sql(
			`SELECT ${versionColumns} FROM survey_versions WHERE survey_id = ? ORDER BY version DESC LIMIT 1`,
			surveyId
		)
	);
	return parseVersion(row);
}

export async function findByNumber(
	db: Queryable,
	surveyId: number,
	version: number
): Promise<SurveyVersion | undefined> {
	const row = await db.one<StoredVersion>(
		sql(
			`SELECT ${versionColumns} FROM survey_versions WHERE survey_id = ? AND version = ?`,
			surveyId,
			version
		)
	);
	return parseVersion(row);
}

export function removeForSurvey(db: Queryable, surveyId: number): Promise<void> {
	return db.run(sql('DELETE FROM survey_versions WHERE survey_id = ?', surveyId));
}

/** Every published version's codebook, newest first. */
export async function listWithCodebooks(
	db: Queryable,
	surveyId: number
): Promise<{ version: number; codebook: Codebook }[]> {
	const rows = await db.all<{ version: number; codebook: string }>(
		sql(
			'SELECT version, codebook FROM survey_versions WHERE survey_id = ? ORDER BY version DESC',
			surveyId
		)
	);
	return rows.map((row) => ({ version: row.version, codebook: JSON.parse(row.codebook) }));
}
