import type { Queryable } from './database.ts';
import { sql } from './sql.ts';

/** Actions worth a permanent record: who did what to which object, and when. */
export type AuditAction =
	| 'user.create'
	| 'user.password-change'
	| 'project.create'
	| 'member.add'
	| 'member.role-change'
	| 'member.remove'
	| 'survey.create'
	| 'survey.publish'
	| 'survey.delete'
	| 'responses.export'
	| 'responses.exclude'
	| 'responses.include'
	| 'collector.settings'
	| 'invitations.import'
	| 'invitations.export'
	| 'quota.save'
	| 'quota.remove'
	| 'assignment.add'
	| 'assignment.remove'
	| 'demo.load'
	| 'tables.export'
	| 'dataset.export'
	| 'dataset.import'
	| 'dataset.remove'
	| 'weighting.save'
	| 'weighting.remove'
	| 'segment.save'
	| 'segment.remove'
	| 'report.save'
	| 'report.remove'
	| 'report.export'
	| 'share.create'
	| 'share.revoke';

export interface AuditEntry {
	userId: number | null;
	projectId: number | null;
	action: AuditAction;
	objectType: string;
	objectId: string | number | null;
	details?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
	id: number;
	at: Date;
	userEmail: string | null;
}

export function record(db: Queryable, entry: AuditEntry): Promise<void> {
	return db.run(
		sql(
			`INSERT INTO audit_log (user_id, project_id, action, object_type, object_id, details)
			VALUES (?, ?, ?, ?, ?, ?)`,
			entry.userId,
			entry.projectId,
			entry.action,
			entry.objectType,
			entry.objectId === null ? null : String(entry.objectId),
			JSON.stringify(entry.details ?? {})
		)
	);
}

export async function listForProject(
	db: Queryable,
	projectId: number,
	limit = 200
): Promise<AuditRecord[]> {
	const rows = await db.all<AuditRecord & { details: string }>(
		sql(
			`SELECT a.id, a.occurred_at AS at, a.user_id AS "userId", u.email AS "userEmail", a.project_id AS "projectId",
				a.action, a.object_type AS "objectType", a.object_id AS "objectId", a.details
			FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
			WHERE a.project_id = ? ORDER BY a.id DESC LIMIT ?`,
			projectId,
			limit
		)
	);
	return rows.map((row) => ({ ...row, details: JSON.parse(row.details) }));
}
