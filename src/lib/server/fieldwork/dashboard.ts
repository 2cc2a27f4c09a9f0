/**
 * The fieldwork dashboard's figures: complete and partial responses per day (UTC), per collector
 * and per interviewer, with screen-outs and over-quota responses counted apart (they are neither
 * completes nor abandoned interviews); the median duration of eligible complete responses, and
 * where eligible partial responses stopped. Excluded responses are counted too: this is about what
 * fieldwork collected.
 *
 * Drop-off rule: the page a partial response reached is the larger of paradata.pagesVisited (the
 * number of pages up to the one on screen at its last save, when the client recorded it) and the page of the furthest
 * question it answered in its own version's questionnaire ("-Comment" answers count for their
 * question). Both are lower bounds of how far the respondent got — skip logic can make the
 * visited count smaller than the page number — so the larger is the better estimate. Page 0 means
 * nothing was answered and no page count was recorded. Pages are 1-based, counted in each
 * response's own version, and reported by name (a page moved between versions stays one row).
 *
 * The builders are pure and return { sql, params }; loadFieldworkDashboard runs them.
 */
import { questionnaireOutline } from '../../fieldwork/questionnaire-outline.ts';
import type { Queryable } from '../db/database.ts';
import { eligibleComplete } from '../db/responses.ts';
import { sql, type SqlQuery } from '../db/sql.ts';
import { versionQuestionnaires, type VersionQuestionnaire } from './version-questionnaires.ts';

// Complete and partial count eligible responses; screen-outs and over-quota ones have their own.
const counts = `count(*) FILTER (WHERE r.status = 'complete' AND r.disposition IS NULL) AS complete,
	count(*) FILTER (WHERE r.status = 'partial' AND r.disposition IS NULL) AS partial,
	count(*) FILTER (WHERE r.disposition = 'screened-out') AS "screenedOut",
	count(*) FILTER (WHERE r.disposition = 'over-quota') AS "overQuota"`;

export function progressByDayQuery(surveyId: number): SqlQuery {
	return sql(
		`SELECT CAST(timezone('UTC', r.submitted_at) AS DATE)::VARCHAR AS day, ${counts}
		FROM responses r WHERE r.survey_id = ? GROUP BY 1 ORDER BY 1`,
		surveyId
	);
}

/** Responses without a collector (collected before collectors existed) form one row, id null. */
export function progressByCollectorQuery(surveyId: number): SqlQuery {
	return sql(
		`SELECT r.collector_id AS "collectorId", c.name AS collector, c.kind, ${counts}
		FROM responses r LEFT JOIN collectors c ON c.id = r.collector_id AND c.survey_id = r.survey_id
		WHERE r.survey_id = ? GROUP BY ALL ORDER BY complete DESC, partial DESC, "collectorId"`,
		surveyId
	);
}

/** Only responses an interviewer entered; self-completions have no interviewer. */
export function progressByInterviewerQuery(surveyId: number): SqlQuery {
	return sql(
		`SELECT r.interviewer_id AS "interviewerId", u.email AS interviewer, ${counts}
		FROM responses r LEFT JOIN users u ON u.id = r.interviewer_id
		WHERE r.survey_id = ? AND r.interviewer_id IS NOT NULL
		GROUP BY ALL ORDER BY complete DESC, partial DESC, "interviewerId"`,
		surveyId
	);
}

/** Median of paradata.durationMs over eligible complete responses, and how many have one. */
export function medianDurationQuery(surveyId: number): SqlQuery {
	return sql(
		`SELECT median(duration) AS "medianMs", count(duration) AS completes
		FROM (SELECT TRY_CAST(json_extract_string(paradata, '$.durationMs') AS DOUBLE) AS duration
			FROM responses WHERE survey_id = ? AND ${eligibleComplete})`,
		surveyId
	);
}

/** Every answerable question's page, and every page's name, per published version. */
export function versionPages(versions: VersionQuestionnaire[]): {
	questions: { versionId: number; question: string; page: number }[];
	pages: { versionId: number; page: number; name: string }[];
} {
	const outlines = versions.map(({ versionId, json }) => ({
		versionId,
		outline: questionnaireOutline(json)
	}));
	return {
		questions: outlines.flatMap(({ versionId, outline }) =>
			outline.questions.map((q) => ({ versionId, question: q.name, page: q.page }))
		),
		pages: outlines.flatMap(({ versionId, outline }) =>
			outline.pages.map((p) => ({ versionId, page: p.number, name: p.name }))
		)
	};
}

/**
 * Partial responses per page reached (rule in the header), by the page's name in the response's
 * own version; the number shown is the smallest the page had. Pages travel as bound JSON arrays.
 */
export function dropOffQuery(surveyId: number, versions: VersionQuestionnaire[]): SqlQuery {
	const { questions, pages } = versionPages(versions);
	return sql(
		`WITH page_of AS (
			SELECT (e->>'versionId')::INTEGER AS version_id, e->>'question' AS question,
				(e->>'page')::INTEGER AS page
			FROM (SELECT unnest(CAST(? AS JSON[])) AS e)
		), page_names AS (
			SELECT (e->>'versionId')::INTEGER AS version_id, (e->>'page')::INTEGER AS page,
				e->>'name' AS name
			FROM (SELECT unnest(CAST(? AS JSON[])) AS e)
		), partials AS (
			SELECT id, survey_version_id, answers,
				TRY_CAST(json_extract_string(paradata, '$.pagesVisited') AS INTEGER) AS pages_visited
			FROM responses WHERE survey_id = ? AND status = 'partial' AND disposition IS NULL
		), answered AS (
			SELECT k.id, max(p.page) AS page
			FROM (SELECT id, survey_version_id, unnest(json_keys(answers)) AS answer_key FROM partials) k
			JOIN page_of p ON p.version_id = k.survey_version_id
				AND p.question = regexp_replace(k.answer_key, '-Comment$', '')
			GROUP BY k.id
		), reached AS (
			SELECT r.survey_version_id AS version_id,
				greatest(coalesce(r.pages_visited, 0), coalesce(a.page, 0)) AS page
			FROM partials r LEFT JOIN answered a ON a.id = r.id
		)
		SELECT min(reached.page) AS page, n.name AS "pageName", count(*) AS partials
		FROM reached LEFT JOIN page_names n ON n.version_id = reached.version_id AND n.page = reached.page
		GROUP BY n.name, CASE WHEN n.name IS NULL THEN reached.page END
		ORDER BY 1, 2`,
		JSON.stringify(questions),
		JSON.stringify(pages),
		surveyId
	);
}

interface Progress {
	complete: number;
	partial: number;
	screenedOut: number;
	overQuota: number;
}

export interface FieldworkDashboard {
	byDay: (Progress & { day: string })[];
	byCollector: (Progress & {
		collectorId: number | null;
		collector: string | null;
		kind: string | null;
	})[];
	byInterviewer: (Progress & { interviewerId: number; interviewer: string | null })[];
	medianDurationMs: number | null;
	/** Complete responses with a recorded duration (the median's base). */
	timedCompletes: number;
	dropOff: { page: number; pageName: string | null; partials: number }[];
}

export async function loadFieldworkDashboard(
	db: Queryable,
	surveyId: number
): Promise<FieldworkDashboard> {
	const versions = await versionQuestionnaires(db, surveyId);
	const [byDay, byCollector, byInterviewer, median, dropOff] = await Promise.all([
		db.all<FieldworkDashboard['byDay'][number]>(progressByDayQuery(surveyId)),
		db.all<FieldworkDashboard['byCollector'][number]>(progressByCollectorQuery(surveyId)),
		db.all<FieldworkDashboard['byInterviewer'][number]>(progressByInterviewerQuery(surveyId)),
		db.one<{ medianMs: number | null; completes: number }>(medianDurationQuery(surveyId)),
		db.all<FieldworkDashboard['dropOff'][number]>(dropOffQuery(surveyId, versions))
	]);
	return {
		byDay,
		byCollector,
		byInterviewer,
		medianDurationMs: median?.medianMs ?? null,
		timedCompletes: median?.completes ?? 0,
		dropOff
	};
}
