import type { Queryable } from './database.ts';
import { jsonPath, sql } from './sql.ts';

export type ResponseStatus = 'partial' | 'complete';
export type ResponseSource = 'web' | 'interviewer' | 'import' | 'synthetic';
/**
 * Why a response is not an eligible one: a complete trigger ended it (screened out, stored as
 * complete) or its quota cell was full (over quota, stored as partial). Counts of completes,
 * partials, quota cells and caps, and the analysis table, take only responses without one.
 */
export type ResponseDisposition = 'screened-out' | 'over-quota';

/** Conditions on `responses` (unaliased), constant SQL text: an eligible complete response. */
export const eligibleComplete = `status = 'complete' AND disposition IS NULL`;
/** …and one of its survey's current wave (quotas, caps and the device check count per wave). */
export const inCurrentWave = `wave = (SELECT s.current_wave FROM surveys s WHERE s.id = responses.survey_id)`;

export interface NewResponse {
	id: string;
	surveyId: number;
	surveyVersionId: number;
	wave: number;
	status: ResponseStatus;
	/** Absent or null for an eligible response. */
	disposition?: ResponseDisposition | null;
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
 * moved to another survey). Ids must be distinct within a call. Returns the ids that were written,
 * added to `written` as each statement commits (so a caller still knows them if a later one fails).
 *
 * The stored ones among the ids are looked up first (through the primary key's index), then the
 * others are inserted and the partial ones updated. An anti-join (INSERT … WHERE id NOT IN
 * responses) scanned the whole table on every batch, ~26 ms for 100 rows into 500,000; DuckDB's
 * INSERT … ON CONFLICT was slower still. Inside a transaction the statements commit together; a
 * concurrent insert of the same id makes the INSERT fail rather than write it twice.
 */
export async function upsertMany(
	db: Queryable,
	rows: NewResponse[],
	written = new Set<string>()
): Promise<Set<string>> {
	if (rows.length === 0) return written;
	const stored = new Map(
		(await db.all<StoredState>(storedAmong(rows.map((row) => row.id)))).map((row) => [row.id, row])
	);
	const fresh: NewResponse[] = [];
	const partial: NewResponse[] = [];
	for (const row of rows) {
		const state = stored.get(row.id.toLowerCase());
		if (!state) fresh.push(row);
		else if (state.status === 'partial' && state.surveyId === row.surveyId) partial.push(row);
	}
	if (fresh.length) {
		await db.run(insertResponses(fresh));
		for (const row of fresh) written.add(row.id);
	}
	if (partial.length) for (const id of await updatePartials(db, partial)) written.add(id);
	return written;
}

/**
 * Completes or re-saves those of the rows whose response is stored as partial, in the same
 * survey; returns their ids. Rows not written were complete, in another survey, or not stored.
 */
export async function updatePartials(db: Queryable, rows: NewResponse[]): Promise<Set<string>> {
	const updated = await db.all<{ id: string }>(updatePartialResponses(rows));
	const byKey = new Map(rows.map((row) => [row.id.toLowerCase(), row.id]));
	return new Set(updated.map((row) => byKey.get(row.id)!));
}

interface StoredState {
	/** Lower case, as DuckDB prints a UUID. */
	id: string;
	status: ResponseStatus;
	surveyId: number;
}

/** Which of these ids are stored, with their status and survey. */
export function storedAmong(ids: string[]) {
	return sql(
		`SELECT id::VARCHAR AS id, status, survey_id AS "surveyId" FROM responses
		WHERE id = ANY(CAST(CAST(? AS JSON) AS UUID[]))`,
		JSON.stringify(ids)
	);
}

/**
 * The columns a submission writes, as DuckDB receives them: one bound JSON array per column,
 * unnested side by side (several unnests in one SELECT zip their lists). A JSON document per row
 * cost ~25 % more: DuckDB parsed each document once per field it extracted.
 */
const submittedColumns: [name: string, type: string, value: (row: NewResponse) => unknown][] = [
	['id', 'UUID', (row) => row.id],
	['survey_id', 'INTEGER', (row) => row.surveyId],
	['survey_version_id', 'INTEGER', (row) => row.surveyVersionId],
	['wave', 'INTEGER', (row) => row.wave],
	['status', 'VARCHAR', (row) => row.status],
	['disposition', 'VARCHAR', (row) => row.disposition ?? null],
	['source', 'VARCHAR', (row) => row.source],
	['answers', 'VARCHAR', (row) => JSON.stringify(row.answers)],
	['paradata', 'VARCHAR', (row) => JSON.stringify(row.paradata)],
	['started_at', 'TIMESTAMPTZ', (row) => row.startedAt],
	['submitted_at', 'TIMESTAMPTZ', (row) => row.submittedAt ?? null],
	['collector_id', 'INTEGER', (row) => row.collectorId ?? null],
	['interviewer_id', 'INTEGER', (row) => row.interviewerId ?? null],
	['device_hash', 'VARCHAR', (row) => row.deviceHash ?? null],
	['resume_token_hash', 'VARCHAR', (row) => row.resumeTokenHash ?? null]
];

// Names and types come from the constant list above, never from a request; values are bound.
const submittedRows = `(SELECT ${submittedColumns
	.map(([name, type]) => `unnest(CAST(CAST(? AS JSON) AS ${type}[])) AS ${name}`)
	.join(', ')})`;

const submittedValues = (rows: NewResponse[]) =>
	submittedColumns.map(([, , value]) => JSON.stringify(rows.map(value)));

/**
 * Inserts the rows, all or none: if one id is stored already, the primary key fails the whole
 * statement. The group commit tries this first, as most submissions are new.
 */
export function insertResponses(rows: NewResponse[]) {
	return insertStatement(rows, 'now()');
}

/**
 * received_at is when the server took a submission in (an interviewer's last sync); rows that
 * did not arrive as submissions (imports, demo data) leave it empty.
 */
function insertStatement(rows: NewResponse[], receivedAt: 'now()' | 'NULL') {
	return sql(
		`INSERT INTO responses (id, survey_id, survey_version_id, wave, status, disposition, source,
			answers, paradata, started_at, submitted_at, received_at, collector_id, interviewer_id,
			device_hash, resume_token_hash)
		SELECT id, survey_id, survey_version_id, wave, status, disposition, source, answers::JSON,
			paradata::JSON, started_at, coalesce(submitted_at, now()), ${receivedAt}, collector_id,
			interviewer_id, device_hash, resume_token_hash
		FROM ${submittedRows}`,
		...submittedValues(rows)
	);
}

/**
 * Completes (or re-saves) partial responses; only the answers, their status and disposition
 * change, and the wave: a response started before a new wave opened counts in the wave it is
 * saved in, as the quota and cap gates count it; and when it was submitted: a response completed
 * days after its first page counts as a complete on the day it was completed.
 */
export function updatePartialResponses(rows: NewResponse[]) {
	return sql(
		`UPDATE responses SET status = batch.status, disposition = batch.disposition, wave = batch.wave,
			submitted_at = coalesce(batch.submitted_at, now()),
			answers = batch.answers::JSON, paradata = batch.paradata::JSON, updated_at = now(), received_at = now(),
			resume_token_hash = coalesce(responses.resume_token_hash, batch.resume_token_hash)
		FROM ${submittedRows} AS batch
		WHERE responses.id = batch.id AND responses.status = 'partial'
			AND responses.survey_id = batch.survey_id
		RETURNING id::VARCHAR AS id`,
		...submittedValues(rows)
	);
}

/** How a stored response of a survey ended: a repeat of its submission is answered with it. */
export interface StoredOutcome {
	screenedOut: boolean;
	overQuota: { quota: string; cell: string } | null;
}

export async function storedOutcome(
	db: Queryable,
	surveyId: number,
	id: string
): Promise<StoredOutcome> {
	const row = await db.one<{
		disposition: string | null;
		quota: string | null;
		cell: string | null;
	}>(storedOutcomeQuery(surveyId, id));
	return {
		screenedOut: row?.disposition === 'screened-out',
		overQuota:
			row?.disposition === 'over-quota' ? { quota: row.quota ?? '', cell: row.cell ?? '' } : null
	};
}

export function storedOutcomeQuery(surveyId: number, id: string) {
	return sql(
		`SELECT disposition, json_extract_string(paradata, '$.overQuota.quota') AS quota,
			json_extract_string(paradata, '$.overQuota.cell') AS cell
		FROM responses WHERE id = CAST(? AS UUID) AND survey_id = ?`,
		id,
		surveyId
	);
}

/**
 * Bulk insert for imports and demo data, in one statement (the values travel as one bound array
 * per column, as for submissions). All or none, like insertResponses.
 */
export async function insertMany(db: Queryable, rows: NewResponse[]): Promise<void> {
	if (rows.length === 0) return;
	await db.run(insertStatement(rows, 'NULL'));
}

export interface ResponseCounts {
	/** Eligible responses only: screen-outs and over-quota ones are counted apart. */
	complete: number;
	partial: number;
	screenedOut: number;
	overQuota: number;
}

export async function countBySurvey(db: Queryable, surveyId: number): Promise<ResponseCounts> {
	const row = await db.one<ResponseCounts>(
		sql(
			`SELECT count(*) FILTER (WHERE ${eligibleComplete}) AS complete,
				count(*) FILTER (WHERE status = 'partial' AND disposition IS NULL) AS partial,
				count(*) FILTER (WHERE disposition = 'screened-out') AS "screenedOut",
				count(*) FILTER (WHERE disposition = 'over-quota') AS "overQuota"
			FROM responses WHERE survey_id = ?`,
			surveyId
		)
	);
	return row ?? { complete: 0, partial: 0, screenedOut: 0, overQuota: 0 };
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
 * Distribution of one coded answer among eligible complete responses that are not excluded (as
 * the analysis counts them). `path` is the question name, or
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
			WHERE survey_id = ? AND ${eligibleComplete}
				AND excluded IS NOT TRUE AND json_extract_string(answers, ?) IS NOT NULL
			GROUP BY 1 ORDER BY n DESC`,
			answer,
			surveyId,
			answer
		)
	);
}

/**
 * Whether this browser (by the keyed hash of its device cookie) has taken part to the end in the
 * survey's current wave: completed the survey, been screened out, or found its quota cell full.
 * The next wave asks again.
 */
export async function completedOnDevice(
	db: Queryable,
	surveyId: number,
	deviceHash: string
): Promise<boolean> {
	const row = await db.one(
		sql(
			`SELECT 1 AS done FROM responses
			WHERE survey_id = ? AND device_hash = ?
				AND (status = 'complete' OR disposition = 'over-quota')
				AND ${inCurrentWave}
			LIMIT 1`,
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
	/** What the response has cost so far, for the paradata of the sessions that continue it. */
	spent: ResponseSpent;
	/** When it was last saved (ms since the epoch): a browser's own copy may be newer, or older. */
	savedAt: number;
}

export interface ResponseSpent {
	/** When the respondent started (the response's total duration runs from here). */
	startedAt: string;
	pageTimesMs: Record<string, number>;
	changedAnswers: number;
}

/** A survey's response found by id or by the hash of its resume key, to continue it. */
export async function findForResume(
	db: Queryable,
	surveyId: number,
	by: { id: string } | { resumeTokenHash: string }
): Promise<ResumableResponse | undefined> {
	const [column, value] =
		'id' in by ? ['r.id::VARCHAR', by.id] : ['r.resume_token_hash', by.resumeTokenHash];
	const row = await db.one<
		Omit<ResumableResponse, 'answers' | 'spent' | 'savedAt'> & {
			answers: string;
			startedAt: Date;
			savedAt: Date;
			pageTimesMs: string | null;
			changedAnswers: number | null;
		}
	>(
		sql(
			`SELECT r.id::VARCHAR AS id, r.status, v.version, r.answers,
				coalesce(r.started_at, r.submitted_at) AS "startedAt", r.updated_at AS "savedAt",
				json_extract(r.paradata, '$.pageTimesMs') AS "pageTimesMs",
				TRY_CAST(json_extract_string(r.paradata, '$.changedAnswers') AS INTEGER)
					AS "changedAnswers"
			FROM responses r JOIN survey_versions v ON v.id = r.survey_version_id
			WHERE r.survey_id = ? AND ${column} = ?`,
			surveyId,
			value
		)
	);
	if (!row) return undefined;
	const { startedAt, savedAt, pageTimesMs, changedAnswers, ...rest } = row;
	const times: unknown = pageTimesMs === null ? {} : JSON.parse(pageTimesMs);
	return {
		...rest,
		answers: JSON.parse(row.answers),
		spent: {
			startedAt: startedAt.toISOString(),
			pageTimesMs: pageTimesOf(times),
			changedAnswers: changedAnswers ?? 0
		},
		savedAt: savedAt.getTime()
	};
}

/** Page times as stored paradata has them: anything else is dropped rather than trusted. */
function pageTimesOf(value: unknown): Record<string, number> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
	return Object.fromEntries(
		Object.entries(value).filter(
			(entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] >= 0
		)
	);
}

export function removeForSurvey(db: Queryable, surveyId: number): Promise<void> {
	return db.run(sql('DELETE FROM responses WHERE survey_id = ?', surveyId));
}
