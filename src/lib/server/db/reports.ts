/** Saved reports (a JSON spec each) and their share links (token hashes, expiry, revocation, accesses). */
import { reportSpecSchema, type ReportSpec } from '../../reports/report-spec.ts';
import type { Queryable } from './database.ts';
import { sql } from './sql.ts';

export interface StoredReport {
	id: number;
	projectId: number;
	name: string;
	spec: ReportSpec;
	updatedAt: Date;
}

type Row = Omit<StoredReport, 'spec'> & { spec: string };
const columns = `id, project_id AS "projectId", name, spec, updated_at AS "updatedAt"`;
const parse = (row: Row): StoredReport => ({
	...row,
	spec: reportSpecSchema.parse(JSON.parse(row.spec))
});

export async function listByProject(db: Queryable, projectId: number): Promise<StoredReport[]> {
	const rows = await db.all<Row>(
		sql(`SELECT ${columns} FROM reports WHERE project_id = ? ORDER BY updated_at DESC`, projectId)
	);
	return rows.map(parse);
}

/** Id and name of each report, newest first: for "save into …" choices (no spec parsing). */
export function listNames(
	db: Queryable,
	projectId: number
): Promise<{ id: number; name: string }[]> {
	return db.all(
		sql('SELECT id, name FROM reports WHERE project_id = ? ORDER BY updated_at DESC', projectId)
	);
}

export async function find(
	db: Queryable,
	projectId: number,
	id: number
): Promise<StoredReport | undefined> {
	const row = await db.one<Row>(
		sql(`SELECT ${columns} FROM reports WHERE project_id = ? AND id = ?`, projectId, id)
	);
	return row && parse(row);
}

export async function create(
	db: Queryable,
	report: { projectId: number; spec: ReportSpec; createdBy: number | null }
): Promise<StoredReport> {
	const row = await db.one<Row>(
		sql(
			`INSERT INTO reports (project_id, name, spec, created_by) VALUES (?, ?, ?, ?) RETURNING ${columns}`,
			report.projectId,
			report.spec.title,
			JSON.stringify(report.spec),
			report.createdBy
		)
	);
	return parse(row!);
}

export async function remove(db: Queryable, projectId: number, id: number): Promise<boolean> {
	const rows = await db.all(
		sql('DELETE FROM reports WHERE project_id = ? AND id = ? RETURNING id', projectId, id)
	);
	return rows.length > 0;
}

export interface ShareLink {
	id: number;
	reportId: number;
	expiresAt: Date;
	revokedAt: Date | null;
	createdAt: Date;
	accesses: number;
	lastAccessAt: Date | null;
}

export async function listShareLinks(db: Queryable, reportId: number): Promise<ShareLink[]> {
	return db.all<ShareLink>(
		sql(
			`SELECT l.id, l.report_id AS "reportId", l.expires_at AS "expiresAt", l.revoked_at AS "revokedAt",
				l.created_at AS "createdAt", count(a.share_link_id) AS accesses, max(a.accessed_at) AS "lastAccessAt"
			FROM share_links l LEFT JOIN share_link_accesses a ON a.share_link_id = l.id
			WHERE l.report_id = ? GROUP BY ALL ORDER BY l.id DESC`,
			reportId
		)
	);
}

export async function createShareLink(
	db: Queryable,
	link: { reportId: number; tokenHash: string; expiresAt: Date; createdBy: number | null }
): Promise<number> {
	const row = await db.one<{ id: number }>(
		sql(
			'INSERT INTO share_links (report_id, token_hash, expires_at, created_by) VALUES (?, ?, ?, ?) RETURNING id',
			link.reportId,
			link.tokenHash,
			link.expiresAt.toISOString(),
			link.createdBy
		)
	);
	return row!.id;
}

export async function revokeShareLink(
	db: Queryable,
	reportId: number,
	id: number
): Promise<boolean> {
	const rows = await db.all(
		sql(
			'UPDATE share_links SET revoked_at = now() WHERE report_id = ? AND id = ? AND revoked_at IS NULL RETURNING id',
			reportId,
			id
		)
	);
	return rows.length > 0;
}

/** The live link with this token hash (not revoked, not expired) and its report. */
export async function findLiveShareLink(
	db: Queryable,
	tokenHash: string
): Promise<{ linkId: number; report: StoredReport } | undefined> {
	const row = await db.one<Row & { linkId: number }>(
		sql(
			`SELECT l.id AS "linkId", r.id, r.project_id AS "projectId", r.name, r.spec, r.updated_at AS "updatedAt"
			FROM share_links l JOIN reports r ON r.id = l.report_id
			WHERE l.token_hash = ? AND l.revoked_at IS NULL AND l.expires_at > now()`,
			tokenHash
		)
	);
	if (!row) return undefined;
	const { linkId, ...report } = row;
	return { linkId, report: parse(report) };
}

export async function recordShareAccess(
	db: Queryable,
	linkId: number,
	visitorHash: string | null
): Promise<void> {
	await db.run(
		sql(
			'INSERT INTO share_link_accesses (share_link_id, visitor_hash) VALUES (?, ?)',
			linkId,
			visitorHash
		)
	);
}

export async function updateSpec(
	db: Queryable,
	projectId: number,
	id: number,
	spec: ReportSpec
): Promise<boolean> {
	const rows = await db.all(
		sql(
			'UPDATE reports SET name = ?, spec = ?, updated_at = now() WHERE project_id = ? AND id = ? RETURNING id',
			spec.title,
			JSON.stringify(spec),
			projectId,
			id
		)
	);
	return rows.length > 0;
}
