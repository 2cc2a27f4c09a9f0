import type { Queryable } from './database.ts';
import { sql } from './sql.ts';

/** The invitee's response's status, or its disposition when it has one (see responses.ts). */
export type InvitationStatus =
	'not-started' | 'partial' | 'complete' | 'screened-out' | 'over-quota';

/** Whether the invitee has taken part to the end: completed, screened out or over quota. */
export const hasEnded = (status: InvitationStatus) =>
	status !== 'not-started' && status !== 'partial';

export interface Invitation {
	id: number;
	collectorId: number;
	surveyId: number;
	invitee: string;
	details: Record<string, string>;
	/** The response the invitee's answers go to (fixed, so a resumed or repeated visit reuses it). */
	responseId: string;
	/** That response's status. */
	status: InvitationStatus;
}

export interface NewInvitation {
	collectorId: number;
	surveyId: number;
	tokenHash: string;
	invitee: string;
	details: Record<string, string>;
	responseId: string;
}

const columns = `i.id, i.collector_id AS "collectorId", i.survey_id AS "surveyId", i.invitee,
	i.details, i.response_id::VARCHAR AS "responseId",
	coalesce(r.disposition, r.status, 'not-started') AS status
	FROM invitations i LEFT JOIN responses r ON r.id = i.response_id`;

type Row = Omit<Invitation, 'details'> & { details: string | null };

const parse = (row: Row): Invitation => ({ ...row, details: JSON.parse(row.details ?? '{}') });

/** All invitations of one import, in one statement (the rows travel as one bound JSON array). */
export async function insertMany(db: Queryable, rows: NewInvitation[]): Promise<void> {
	if (rows.length === 0) return;
	await db.run(
		sql(
			`INSERT INTO invitations (collector_id, survey_id, token_hash, invitee, details, response_id)
			SELECT (r->>'collectorId')::INTEGER, (r->>'surveyId')::INTEGER, r->>'tokenHash',
				r->>'invitee', (r->'details')::JSON, (r->>'responseId')::UUID
			FROM (SELECT unnest(CAST(? AS JSON[])) AS r)`,
			JSON.stringify(rows)
		)
	);
}

export async function findByTokenHash(
	db: Queryable,
	tokenHash: string
): Promise<Invitation | undefined> {
	const row = await db.one<Row>(sql(`SELECT ${columns} WHERE i.token_hash = ?`, tokenHash));
	return row && parse(row);
}

export async function listBySurvey(db: Queryable, surveyId: number): Promise<Invitation[]> {
	const rows = await db.all<Row>(
		sql(`SELECT ${columns} WHERE i.survey_id = ? ORDER BY i.id`, surveyId)
	);
	return rows.map(parse);
}

export function removeForSurvey(db: Queryable, surveyId: number): Promise<void> {
	return db.run(sql('DELETE FROM invitations WHERE survey_id = ?', surveyId));
}
