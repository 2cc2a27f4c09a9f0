/**
 * Reading quality flags and exclusions back: a per-flag summary and the responses to review.
 * Flags are NULL until the first recomputation ("not checked"), `[]` when nothing was found.
 */
import type { FlagDetail, QualityFlag } from '../../fieldwork/quality.ts';
import type { Queryable } from '../db/database.ts';
import { sql, type SqlQuery } from '../db/sql.ts';

export interface QualitySummary {
	responses: number;
	unchecked: number;
	flagged: number;
	excluded: number;
	byFlag: { flag: QualityFlag; responses: number }[];
}

export function qualityTotalsQuery(surveyId: number): SqlQuery {
	return sql(
		`SELECT count(*) AS responses,
			count(*) FILTER (WHERE quality_flags IS NULL) AS unchecked,
			count(*) FILTER (WHERE json_array_length(quality_flags) > 0) AS flagged,
			count(*) FILTER (WHERE excluded) AS excluded
		FROM responses WHERE survey_id = ?`,
		surveyId
	);
}

export function responsesPerFlagQuery(surveyId: number): SqlQuery {
	return sql(
		`SELECT f->>'flag' AS flag, count(*) AS responses
		FROM (SELECT unnest(CAST(quality_flags AS JSON[])) AS f
			FROM responses WHERE survey_id = ? AND quality_flags IS NOT NULL)
		GROUP BY 1 ORDER BY 1`,
		surveyId
	);
}

export async function qualitySummary(db: Queryable, surveyId: number): Promise<QualitySummary> {
	const [totals, byFlag] = await Promise.all([
		db.one<Omit<QualitySummary, 'byFlag'>>(qualityTotalsQuery(surveyId)),
		db.all<QualitySummary['byFlag'][number]>(responsesPerFlagQuery(surveyId))
	]);
	return { responses: 0, unchecked: 0, flagged: 0, excluded: 0, ...totals, byFlag };
}

export interface ResponseQuality {
	id: string;
	/** The disposition when it has one (screened out, over quota), else the status. */
	status: 'partial' | 'complete' | 'screened-out' | 'over-quota';
	submittedAt: Date;
	durationMs: number | null;
	excluded: boolean;
	/** null: not checked yet. */
	flags: FlagDetail[] | null;
}

/** The latest responses; with `needsReview`, only flagged or excluded ones. */
export function reviewListQuery(
	surveyId: number,
	options: { needsReview: boolean; limit: number }
): SqlQuery {
	return sql(
		`SELECT id::VARCHAR AS id, coalesce(disposition, status) AS status,
			submitted_at AS "submittedAt",
			TRY_CAST(json_extract_string(paradata, '$.durationMs') AS DOUBLE) AS "durationMs",
			coalesce(excluded, false) AS excluded, quality_flags AS flags
		FROM responses
		WHERE survey_id = ? AND (NOT ? OR excluded OR json_array_length(quality_flags) > 0)
		ORDER BY submitted_at DESC, id LIMIT ?`,
		surveyId,
		options.needsReview,
		options.limit
	);
}

export async function listForReview(
	db: Queryable,
	surveyId: number,
	options: { needsReview: boolean; limit: number }
): Promise<ResponseQuality[]> {
	const rows = await db.all<Omit<ResponseQuality, 'flags'> & { flags: string | null }>(
		reviewListQuery(surveyId, options)
	);
	return rows.map((row) => ({ ...row, flags: row.flags === null ? null : JSON.parse(row.flags) }));
}
