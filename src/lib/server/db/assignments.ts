/**
 * Interviewer assignments: which interviewer collects which questionnaire, in which area or quota
 * cell (the label), towards an optional target; and the interviewers' progress for supervisors.
 */
import type { Queryable } from './database.ts';
import { sql } from './sql.ts';

export interface Assignment {
	id: number;
	surveyId: number;
	surveyTitle: string;
	userId: number;
	userName: string;
	userEmail: string;
	label: string;
	target: number | null;
	createdAt: Date;
}

export interface InterviewerProgress {
	userId: number;
	name: string;
	email: string;
	completes: number;
	partials: number;
	medianDurationMs: number | null;
	/** When the server last received one of their responses. */
	lastSyncAt: Date | null;
}

const columns = `a.id, a.survey_id AS "surveyId", s.title AS "surveyTitle", a.user_id AS "userId",
	u.name AS "userName", u.email AS "userEmail", a.label, a.target, a.created_at AS "createdAt"
	FROM assignments a JOIN surveys s ON s.id = a.survey_id JOIN users u ON u.id = a.user_id`;

export function listForProject(db: Queryable, projectId: number): Promise<Assignment[]> {
	return db.all<Assignment>(
		sql(
			`SELECT ${columns} WHERE s.project_id = ? ORDER BY u.name, s.title, a.label, a.id`,
			projectId
		)
	);
}

/** One interviewer's own assignments in a project (never anyone else's). */
export function listForInterviewer(
	db: Queryable,
	projectId: number,
	userId: number
): Promise<Assignment[]> {
	return db.all<Assignment>(
		sql(
			`SELECT ${columns} WHERE s.project_id = ? AND a.user_id = ? ORDER BY s.title, a.label, a.id`,
			projectId,
			userId
		)
	);
}

export function findInProject(
	db: Queryable,
	projectId: number,
	id: number
): Promise<Assignment | undefined> {
	return db.one<Assignment>(
		sql(`SELECT ${columns} WHERE s.project_id = ? AND a.id = ?`, projectId, id)
	);
}

export async function isAssigned(
	db: Queryable,
	surveyId: number,
	userId: number
): Promise<boolean> {
	const row = await db.one(
		sql(
			'SELECT 1 AS assigned FROM assignments WHERE survey_id = ? AND user_id = ? LIMIT 1',
			surveyId,
			userId
		)
	);
	return row !== undefined;
}

export async function exists(
	db: Queryable,
	assignment: { surveyId: number; userId: number; label: string }
): Promise<boolean> {
	const row = await db.one(
		sql(
			'SELECT 1 AS found FROM assignments WHERE survey_id = ? AND user_id = ? AND label = ? LIMIT 1',
			assignment.surveyId,
			assignment.userId,
			assignment.label
		)
	);
	return row !== undefined;
}

export async function create(
	db: Queryable,
	assignment: { surveyId: number; userId: number; label: string; target: number | null }
): Promise<number> {
	const row = await db.one<{ id: number }>(
		sql(
			'INSERT INTO assignments (survey_id, user_id, label, target) VALUES (?, ?, ?, ?) RETURNING id',
			assignment.surveyId,
			assignment.userId,
			assignment.label,
			assignment.target
		)
	);
	return row!.id;
}

export function remove(db: Queryable, id: number): Promise<void> {
	return db.run(sql('DELETE FROM assignments WHERE id = ?', id));
}

/**
 * Per interviewer of the project (assigned to one of its questionnaires, or having collected for
 * one): completes, partials, the median duration of their complete interviews, and when the
 * server last received one of their responses (received_at where recorded, else submitted_at).
 */
export function progressForProject(
	db: Queryable,
	projectId: number
): Promise<InterviewerProgress[]> {
	return db.all<InterviewerProgress>(
		sql(
			`WITH project_surveys AS (SELECT id FROM surveys WHERE project_id = ?),
			interviewers AS (
				SELECT user_id FROM assignments WHERE survey_id IN (SELECT id FROM project_surveys)
				UNION
				SELECT interviewer_id FROM responses
				WHERE interviewer_id IS NOT NULL AND survey_id IN (SELECT id FROM project_surveys)
			)
			SELECT u.id AS "userId", u.name, u.email,
				count(r.id) FILTER (WHERE r.status = 'complete' AND r.disposition IS NULL) AS completes,
				count(r.id) FILTER (WHERE r.status = 'partial' AND r.disposition IS NULL) AS partials,
				median(TRY_CAST(r.paradata->>'durationMs' AS DOUBLE))
					FILTER (WHERE r.status = 'complete' AND r.disposition IS NULL) AS "medianDurationMs",
				max(coalesce(r.received_at, r.submitted_at)) AS "lastSyncAt"
			FROM interviewers i JOIN users u ON u.id = i.user_id
			LEFT JOIN responses r
				ON r.interviewer_id = i.user_id AND r.survey_id IN (SELECT id FROM project_surveys)
			GROUP BY u.id, u.name, u.email ORDER BY u.name, u.email`,
			projectId
		)
	);
}

export function removeForSurvey(db: Queryable, surveyId: number): Promise<void> {
	return db.run(sql('DELETE FROM assignments WHERE survey_id = ?', surveyId));
}
