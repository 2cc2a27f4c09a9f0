import type { Queryable } from './database.ts';
import { jsonPath, sql } from './sql.ts';

export type ResponseStatus = 'partial' | 'complete';
export type ResponseSource = 'web' | 'interviewer' | 'import' | 'synthetic';

export interface NewResponse {
	id: string;
	surveyId: number;
	surveyVersionId: number;
	wave: number;
	status: ResponseStatus;
	source: ResponseSource;
	answers: Record<string, unknown>;
	paradata: Record<string, unknown>;
	startedAt: string | null;
	submittedAt?: string;
	collectorId?: number | null;
	interviewerId?: number | null;
	deviceHash?: string | null;
	/** SHA-256 of the respondent's resume key (kept from the first write). */
	resumeTokenHash?: string | null;
}

export interface StoredResponse {
	id: string;
	version: number;
	wave: number;
	status: ResponseStatus;
	source: ResponseSource;
	answers: Record<string, unknown>;
	submittedAt: Date;
}

/** One submission written on its own (tests, imports); the ingest path uses `upsertMany`. */
export async function upsert(db: Queryable, response: NewResponse): Promise<boolean> {
	return (await upsertMany(db, [response])).has(response.id);
}

/**
 * The submissions of one group commit: inserted, or completing a partial response with the same
 * id (a complete one is never changed, so a retried submission writes nothing; nor is a response
 * moved to another survey). Ids must be distinct within a call. Returns the ids that were written.
 *
 * Two statements, the second only when some ids already exist: an INSERT of the ids not yet
 * stored, then an UPDATE of the partial ones. (DuckDB's INSERT … ON CONFLICT cost a fixed ~4 ms
 * per statement and grew with the table: ~30 ms for 100 rows into a million, three times this.)
 * Inside a transaction both commit together; the group commit runs them as statements of their
 * own, each durable when it returns, so the common case (all new) is one round trip.
 */
export async function upsertMany(db: Queryable, rows: NewResponse[]): Promise<Set<string>> {
	if (rows.length === 0) return new Set();
	const inserted = await db.all<{ id: string }>(insertNewResponses(rows));
	const written = new Set(inserted.map((row) => row.id));
	const existing = rows.filter((row) => !written.has(row.id));
	if (existing.length) {
		const updated = await db.all<{ id: string }>(updatePartialResponses(existing));
		for (const row of updated) written.add(row.id);
	}
	return written;
}

const asPayload = (rows: NewResponse[]) =>
	JSON.stringify(
		rows.map((row) => ({
			...row,
			answers: JSON.stringify(row.answers),
			paradata: JSON.stringify(row.paradata)
		}))
	);

/** Inserts those of the rows whose id is not stored yet; returns their ids. */
export function insertNewResponses(rows: NewResponse[]) {
	return sql(
		`INSERT INTO responses (id, survey_id, survey_version_id, wave, status, source, answers, paradata,
			started_at, submitted_at, received_at, collector_id, interviewer_id, device_hash,
			resume_token_hash)
		SELECT (r->>'id')::UUID, (r->>'surveyId')::INTEGER, (r->>'surveyVersionId')::INTEGER,
			(r->>'wave')::INTEGER, r->>'status', r->>'source', (r->>'answers')::JSON,
			(r->>'paradata')::JSON, (r->>'startedAt')::TIMESTAMPTZ,
			coalesce((r->>'submittedAt')::TIMESTAMPTZ, now()), now(),
			(r->>'collectorId')::INTEGER, (r->>'interviewerId')::INTEGER, r->>'deviceHash',
			r->>'resumeTokenHash'
		FROM (SELECT unnest(CAST(? AS JSON[])) AS r)
		WHERE (r->>'id')::UUID NOT IN (SELECT id FROM responses)
		RETURNING id::VARCHAR AS id`,
		asPayload(rows)
	);
}

/** Completes (or re-saves) partial responses; only the answers and their status change. */
export function updatePartialResponses(rows: NewResponse[]) {
	return sql(
		`UPDATE responses SET status = batch.status, answers = batch.answers,
			paradata = batch.paradata, updated_at = now(), received_at = now(),
			resume_token_hash = coalesce(responses.resume_token_hash, batch.resume_token_hash)
		FROM (
			SELECT (r->>'id')::UUID AS id, (r->>'surveyId')::INTEGER AS survey_id,
				r->>'status' AS status, (r->>'answers')::JSON AS answers,
				(r->>'paradata')::JSON AS paradata, r->>'resumeTokenHash' AS resume_token_hash
			FROM (SELECT unnest(CAST(? AS JSON[])) AS r)
		) AS batch
		WHERE responses.id = batch.id AND responses.status = 'partial'
			AND responses.survey_id = batch.survey_id
		RETURNING id::VARCHAR AS id`,
		asPayload(rows)
	);
}

/**
 * Bulk insert for imports and demo data: the rows travel as one bound JSON array and DuckDB
 * unpacks them, which is two orders of magnitude faster than a statement per row.
 */
export async function insertMany(db: Queryable, rows: NewResponse[]): Promise<void> {
	if (rows.length === 0) return;
	const payload = rows.map((row) => ({
		...row,
		answers: JSON.stringify(row.answers),
		paradata: JSON.stringify(row.paradata),
		submittedAt: row.submittedAt ?? new Date().toISOString()
	}));
	await db.run(
		sql(
			`INSERT INTO responses (id, survey_id, survey_version_id, wave, status, source, answers, paradata,
				started_at, submitted_at)
			SELECT (r->>'id')::UUID, (r->>'surveyId')::INTEGER, (r->>'surveyVersionId')::INTEGER,
				(r->>'wave')::INTEGER, r->>'status', r->>'source', (r->>'answers')::JSON, (r->>'paradata')::JSON,
				(r->>'startedAt')::TIMESTAMPTZ, (r->>'submittedAt')::TIMESTAMPTZ
			FROM (SELECT unnest(CAST(? AS JSON[])) AS r)`,
			JSON.stringify(payload)
		)
	);
}

export async function countBySurvey(
	db: Queryable,
	surveyId: number
): Promise<{ complete: number; partial: number }> {
	const row = await db.one<{ complete: number; partial: number }>(
		sql(
			`SELECT count(*) FILTER (WHERE status = 'complete') AS complete,
				count(*) FILTER (WHERE status = 'partial') AS partial
			FROM responses WHERE survey_id = ?`,
			surveyId
		)
	);
	return row ?? { complete: 0, partial: 0 };
}

const storedColumns = `r.id::VARCHAR AS id, v.version, r.wave, r.status, r.source, r.answers,
	r.submitted_at AS "submittedAt"
	FROM responses r JOIN survey_versions v ON v.id = r.survey_version_id`;

type StoredRow = Omit<StoredResponse, 'answers'> & { answers: string };

function parseStored(rows: StoredRow[]): StoredResponse[] {
	return rows.map((row) => ({ ...row, answers: JSON.parse(row.answers) }));
}

export async function listLatest(
	db: Queryable,
	surveyId: number,
	limit: number
): Promise<StoredResponse[]> {
	const rows = await db.all<StoredRow>(
		sql(
			`SELECT ${storedColumns} WHERE r.survey_id = ? ORDER BY r.submitted_at DESC, r.id LIMIT ?`,
			surveyId,
			limit
		)
	);
	return parseStored(rows);
}

/**
 * Distribution of one coded answer among complete responses. `path` is the question name, or
 * question name and matrix row; it travels as a bound JSON path, never as SQL text.
 */
export function countAnswers(
	db: Queryable,
	surveyId: number,
	path: string[]
): Promise<{ value: string; n: number }[]> {
	const answer = jsonPath(path);
	return db.all(
		sql(
			`SELECT json_extract_string(answers, ?) AS value, count(*) AS n FROM responses
			WHERE survey_id = ? AND status = 'complete' AND json_extract_string(answers, ?) IS NOT NULL
			GROUP BY 1 ORDER BY n DESC`,
			answer,
			surveyId,
			answer
		)
	);
}

/** Whether this browser (by the keyed hash of its device cookie) has completed the survey. */
export async function completedOnDevice(
	db: Queryable,
	surveyId: number,
	deviceHash: string
): Promise<boolean> {
	const row = await db.one(
		sql(
			`SELECT 1 AS done FROM responses
			WHERE survey_id = ? AND device_hash = ? AND status = 'complete' LIMIT 1`,
			surveyId,
			deviceHash
		)
	);
	return row !== undefined;
}

export interface ResumableResponse {
	id: string;
	status: ResponseStatus;
	version: number;
	answers: Record<string, unknown>;
}

/** A survey's response found by id or by the hash of its resume key, to continue it. */
export async function findForResume(
	db: Queryable,
	surveyId: number,
	by: { id: string } | { resumeTokenHash: string }
): Promise<ResumableResponse | undefined> {
	const [column, value] =
		'id' in by ? ['r.id::VARCHAR', by.id] : ['r.resume_token_hash', by.resumeTokenHash];
	const row = await db.one<Omit<ResumableResponse, 'answers'> & { answers: string }>(
		sql(
			`SELECT r.id::VARCHAR AS id, r.status, v.version, r.answers
			FROM responses r JOIN survey_versions v ON v.id = r.survey_version_id
			WHERE r.survey_id = ? AND ${column} = ?`,
			surveyId,
			value
		)
	);
	return row && { ...row, answers: JSON.parse(row.answers) };
}

export function removeForSurvey(db: Queryable, surveyId: number): Promise<void> {
	return db.run(sql('DELETE FROM responses WHERE survey_id = ?', surveyId));
}
