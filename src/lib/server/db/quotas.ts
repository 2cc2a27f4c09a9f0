/**
 * The quotas table, and the completes per combination of answers that quota counts come from.
 * Each write touches one row, so none needs a transaction of its own.
 */
import type { Quota, QuotaDefinition } from '../../fieldwork/quotas.ts';
import type { Queryable } from './database.ts';
import { eligibleComplete, inCurrentWave } from './responses.ts';
import { jsonPath, sql, type SqlQuery, type SqlValue } from './sql.ts';

type StoredQuota = { id: number; name: string; definition: string };

const parseQuota = (row: StoredQuota): Quota => ({
	id: row.id,
	name: row.name,
	definition: JSON.parse(row.definition)
});

export async function listBySurvey(db: Queryable, surveyId: number): Promise<Quota[]> {
	const rows = await db.all<StoredQuota>(
		sql('SELECT id, name, definition FROM quotas WHERE survey_id = ? ORDER BY id', surveyId)
	);
	return rows.map(parseQuota);
}

export async function create(
	db: Queryable,
	quota: { surveyId: number; name: string; definition: QuotaDefinition }
): Promise<Quota> {
	const row = await db.one<StoredQuota>(
		sql(
			`INSERT INTO quotas (survey_id, name, definition) VALUES (?, ?, ?)
			RETURNING id, name, definition`,
			quota.surveyId,
			quota.name,
			JSON.stringify(quota.definition)
		)
	);
	return parseQuota(row!);
}

/** Returns false when the survey has no quota with that id. */
export async function update(
	db: Queryable,
	quota: { id: number; surveyId: number; name: string; definition: QuotaDefinition }
): Promise<boolean> {
	const rows = await db.all(
		sql(
			`UPDATE quotas SET name = ?, definition = ? WHERE id = ? AND survey_id = ? RETURNING id`,
			quota.name,
			JSON.stringify(quota.definition),
			quota.id,
			quota.surveyId
		)
	);
	return rows.length > 0;
}

/** Returns false when the survey has no quota with that id. */
export async function remove(db: Queryable, surveyId: number, id: number): Promise<boolean> {
	const rows = await db.all(
		sql('DELETE FROM quotas WHERE id = ? AND survey_id = ? RETURNING id', id, surveyId)
	);
	return rows.length > 0;
}

export interface CompletesByAnswers {
	/** The answer to each requested variable as text (null when unanswered). */
	answers: Record<string, string | null>;
	/** Completes with these answers that count: those an analyst excluded do not. */
	counted: number;
	/** Every complete's id with these answers, excluded ones too (only when asked for). */
	ids: string[];
}

export interface CompletesQueryOptions {
	/** Responses left out entirely (the gate accounts for the ones it is admitting itself). */
	skipIds?: string[];
	includeIds?: boolean;
}

/**
 * Eligible complete responses of the survey's current wave (each wave is fieldwork of its own,
 * with the same quotas to fill), grouped by their answers to the variables. The answer paths and
 * the ids to skip are bound values; the only names in the SQL text are the generated aliases
 * v0, v1, …
 */
export function completesByAnswersQuery(
	surveyId: number,
	variables: string[],
	options: CompletesQueryOptions = {}
): SqlQuery {
	if (variables.length === 0) throw new Error('Completes are grouped by at least one variable.');
	const columns = variables.map((_, index) => `json_extract_string(answers, ?) AS v${index}`);
	const ids = options.includeIds ? ', list(id::VARCHAR) AS ids' : '';
	const params: SqlValue[] = variables.map((variable) => jsonPath([variable]));
	params.push(surveyId, JSON.stringify(options.skipIds ?? []));
	return sql(
		`SELECT ${columns.join(', ')},
			count(*) FILTER (WHERE NOT coalesce(excluded, false)) AS counted${ids}
		FROM responses
		WHERE survey_id = ? AND ${eligibleComplete} AND ${inCurrentWave}
			AND NOT list_contains(json_extract_string(?::JSON, '$[*]'), id::VARCHAR)
		GROUP BY ALL`,
		...params
	);
}

export async function completesByAnswers(
	db: Queryable,
	surveyId: number,
	variables: string[],
	options: CompletesQueryOptions = {}
): Promise<CompletesByAnswers[]> {
	const rows = await db.all<Record<string, unknown>>(
		completesByAnswersQuery(surveyId, variables, options)
	);
	return rows.map((row) => ({
		answers: Object.fromEntries(
			variables.map((variable, index) => [variable, (row[`v${index}`] as string | null) ?? null])
		),
		counted: row.counted as number,
		ids: (row.ids as string[] | undefined) ?? []
	}));
}

export function removeForSurvey(db: Queryable, surveyId: number): Promise<void> {
	return db.run(sql('DELETE FROM quotas WHERE survey_id = ?', surveyId));
}
