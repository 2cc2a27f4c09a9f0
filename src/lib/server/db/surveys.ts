import type { Queryable } from './database.ts';
import { sql } from './sql.ts';

export interface Survey {
	id: number;
	projectId: number;
	slug: string;
	title: string;
	currentWave: number;
	updatedAt: Date;
}

export interface SurveySummary extends Survey {
	latestVersion: number | null;
	responseCount: number;
}

const columns = `s.id, s.project_id AS "projectId", s.slug, s.title, s.current_wave AS "currentWave",
	s.updated_at AS "updatedAt"`;

export async function create(
	db: Queryable,
	survey: {
		projectId: number;
		slug: string;
		title: string;
		draftJson: string;
		createdBy: number | null;
	}
): Promise<Survey> {
	const row = await db.one<Survey>(
		sql(
			`INSERT INTO surveys (project_id, slug, title, draft_json, created_by) VALUES (?, ?, ?, ?, ?)
			RETURNING id, project_id AS "projectId", slug, title, current_wave AS "currentWave",
				updated_at AS "updatedAt"`,
			survey.projectId,
			survey.slug,
			survey.title,
			survey.draftJson,
			survey.createdBy
		)
	);
	return row!;
}

export function findInProject(
	db: Queryable,
	projectId: number,
	id: number
): Promise<Survey | undefined> {
	return db.one<Survey>(
		sql(`SELECT ${columns} FROM surveys s WHERE s.project_id = ? AND s.id = ?`, projectId, id)
	);
}

export function findBySlug(db: Queryable, slug: string): Promise<Survey | undefined> {
	return db.one<Survey>(sql(`SELECT ${columns} FROM surveys s WHERE s.slug = ?`, slug));
}

export async function slugExists(db: Queryable, slug: string): Promise<boolean> {
	return (await db.one(sql('SELECT 1 AS ok FROM surveys WHERE slug = ?', slug))) !== undefined;
}

export async function draftJson(db: Queryable, id: number): Promise<string | undefined> {
	const row = await db.one<{ json: string }>(
		sql('SELECT draft_json AS json FROM surveys WHERE id = ?', id)
	);
	return row?.json;
}

export interface Draft {
	json: string;
	revision: number;
}

export function draft(db: Queryable, id: number): Promise<Draft | undefined> {
	return db.one<Draft>(
		sql(
			'SELECT draft_json AS json, coalesce(draft_revision, 1) AS revision FROM surveys WHERE id = ?',
			id
		)
	);
}

/**
 * Saves a draft if it is still at the revision the editor started from (one statement, so two
 * saves cannot both pass the check). Returns the new revision, or undefined on a stale revision.
 * Without an expected revision the save is unconditional (the JSON page, imports).
 */
export async function saveDraft(
	db: Queryable,
	id: number,
	title: string,
	json: string,
	expectedRevision?: number
): Promise<number | undefined> {
	const row = await db.one<{ revision: number }>(
		expectedRevision === undefined
			? sql(
					`UPDATE surveys SET title = ?, draft_json = ?, updated_at = now(),
						draft_revision = coalesce(draft_revision, 1) + 1
					WHERE id = ? RETURNING draft_revision AS revision`,
					title,
					json,
					id
				)
			: sql(
					`UPDATE surveys SET title = ?, draft_json = ?, updated_at = now(),
						draft_revision = coalesce(draft_revision, 1) + 1
					WHERE id = ? AND coalesce(draft_revision, 1) = ? RETURNING draft_revision AS revision`,
					title,
					json,
					id,
					expectedRevision
				)
	);
	return row?.revision;
}

export function listInProject(db: Queryable, projectId: number): Promise<SurveySummary[]> {
	return db.all<SurveySummary>(
		sql(
			`SELECT ${columns},
				(SELECT max(v.version) FROM survey_versions v WHERE v.survey_id = s.id) AS "latestVersion",
				(SELECT count(*) FROM responses r
					WHERE r.survey_id = s.id AND r.status = 'complete' AND r.disposition IS NULL)
					AS "responseCount"
			FROM surveys s WHERE s.project_id = ? ORDER BY s.title`,
			projectId
		)
	);
}

export function remove(db: Queryable, id: number): Promise<void> {
	return db.run(sql('DELETE FROM surveys WHERE id = ?', id));
}

/** Opens the next wave: responses from now on are counted in it. Returns the new wave number. */
export async function advanceWave(db: Queryable, id: number): Promise<number> {
	const row = await db.one<{ wave: number }>(
		sql(
			'UPDATE surveys SET current_wave = current_wave + 1 WHERE id = ? RETURNING current_wave AS wave',
			id
		)
	);
	return row!.wave;
}
