import type { Queryable } from './database.ts';
import { sql } from './sql.ts';
import type { Role } from '../../roles.ts';

export interface Member {
	userId: number;
	email: string;
	name: string;
	role: Role;
}

export async function roleOf(
	db: Queryable,
	projectId: number,
	userId: number
): Promise<Role | null> {
	const row = await db.one<{ role: Role }>(
		sql('SELECT role FROM project_members WHERE project_id = ? AND user_id = ?', projectId, userId)
	);
	return row?.role ?? null;
}

export function list(db: Queryable, projectId: number): Promise<Member[]> {
	return db.all<Member>(
		sql(
			`SELECT u.id AS "userId", u.email, u.name, m.role FROM project_members m
			JOIN users u ON u.id = m.user_id WHERE m.project_id = ? ORDER BY u.email`,
			projectId
		)
	);
}

export function add(db: Queryable, projectId: number, userId: number, role: Role): Promise<void> {
	return db.run(
		sql(
			'INSERT INTO project_members (project_id, user_id, role) VALUES (?, ?, ?)',
			projectId,
			userId,
			role
		)
	);
}

export function setRole(
	db: Queryable,
	projectId: number,
	userId: number,
	role: Role
): Promise<void> {
	return db.run(
		sql(
			'UPDATE project_members SET role = ? WHERE project_id = ? AND user_id = ?',
			role,
			projectId,
			userId
		)
	);
}

export function remove(db: Queryable, projectId: number, userId: number): Promise<void> {
	return db.run(
		sql('DELETE FROM project_members WHERE project_id = ? AND user_id = ?', projectId, userId)
	);
}

export async function countOwners(db: Queryable, projectId: number): Promise<number> {
	const row = await db.one<{ n: number }>(
		sql(
			`SELECT count(*) AS n FROM project_members WHERE project_id = ? AND role = 'owner'`,
			projectId
		)
	);
	return row?.n ?? 0;
}
