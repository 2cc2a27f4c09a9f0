import type { Queryable } from './database.ts';
import { eligibleComplete, inCurrentWave } from './responses.ts';
import { sql } from './sql.ts';

export type CollectorKind = 'public' | 'invitation' | 'interviewer';

export interface Collector {
	id: number;
	surveyId: number;
	kind: CollectorKind;
	name: string;
	opensAt: Date | null;
	closesAt: Date | null;
	responseCap: number | null;
	closedMessage: string | null;
}

const columns = `id, survey_id AS "surveyId", kind, name, opens_at AS "opensAt",
	closes_at AS "closesAt", response_cap AS "responseCap", closed_message AS "closedMessage"`;

export function findByKind(
	db: Queryable,
	surveyId: number,
	kind: CollectorKind
): Promise<Collector | undefined> {
	return db.one<Collector>(
		sql(
			`SELECT ${columns} FROM collectors WHERE survey_id = ? AND kind = ? ORDER BY id LIMIT 1`,
			surveyId,
			kind
		)
	);
}

export function findById(db: Queryable, id: number): Promise<Collector | undefined> {
	return db.one<Collector>(sql(`SELECT ${columns} FROM collectors WHERE id = ?`, id));
}

export interface CollectorSettings {
	opensAt: string | null;
	closesAt: string | null;
	responseCap: number | null;
	closedMessage: string | null;
}

const defaultNames: Record<CollectorKind, string> = {
	public: 'Public link',
	invitation: 'Invitations',
	interviewer: 'Interviewers'
};

/** The survey's collector of a kind, created with default settings when it has none yet. */
export async function ensure(
	db: Queryable,
	surveyId: number,
	kind: CollectorKind,
	name = defaultNames[kind]
): Promise<Collector> {
	const existing = await findByKind(db, surveyId, kind);
	if (existing) return existing;
	const created = await db.one<Collector>(
		sql(
			`INSERT INTO collectors (survey_id, kind, name) VALUES (?, ?, ?) RETURNING ${columns}`,
			surveyId,
			kind,
			name
		)
	);
	return created!;
}

export function updateSettings(
	db: Queryable,
	id: number,
	settings: CollectorSettings
): Promise<void> {
	return db.run(
		sql(
			`UPDATE collectors SET opens_at = ?::TIMESTAMPTZ, closes_at = ?::TIMESTAMPTZ,
				response_cap = ?, closed_message = ? WHERE id = ?`,
			settings.opensAt,
			settings.closesAt,
			settings.responseCap,
			settings.closedMessage,
			id
		)
	);
}

const completesThisWave = `FROM responses
	WHERE collector_id = ? AND ${eligibleComplete} AND ${inCurrentWave}`;

/**
 * Eligible complete responses that came through a collector in the survey's current wave (for its
 * cap: a tracker reuses its links wave after wave).
 */
export async function completes(db: Queryable, collectorId: number): Promise<number> {
	const row = await db.one<{ n: number }>(
		sql(`SELECT count(*)::INTEGER AS n ${completesThisWave}`, collectorId)
	);
	return row?.n ?? 0;
}

/** The ids (lower case) of the same completes (the cap gate's count). */
export async function completedIds(db: Queryable, collectorId: number): Promise<string[]> {
	const rows = await db.all<{ id: string }>(
		sql(`SELECT id::VARCHAR AS id ${completesThisWave}`, collectorId)
	);
	return rows.map((row) => row.id);
}

export function removeForSurvey(db: Queryable, surveyId: number): Promise<void> {
	return db.run(sql('DELETE FROM collectors WHERE survey_id = ?', surveyId));
}
