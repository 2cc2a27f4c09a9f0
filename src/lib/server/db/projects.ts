import type { Queryable } from './database.ts';
import { sql } from './sql.ts';
import type { Role } from '../../roles.ts';

export interface Project {
	id: number;
	name: string;
	description: string;
	createdAt: Date;
}

const columns = 'p.id, p.name, p.description, p.created_at AS "createdAt"';

export async function create(
	db: Queryable,
	project: { name: string; description: string; createdBy: number | null }
): Promise<Project> {
	const row = await db.one<Project>(
		sql(
			`INSERT INTO projects (name, description, created_by) VALUES (?, ?, ?)
			RETURNING id, name, description, created_at AS "createdAt"`,
			project.name,
			project.description,
			project.createdBy
		)
	);
	return row!;
}

export function findById(db: Queryable, id: number): Promise<Project | undefined> {
	return db.one<Project>(sql(`SELECT ${columns} FROM projects p WHERE p.id = ?`, id));
}

export function findByName(db: Queryable, name: string): Promise<Project | undefined> {
	return db.one<Project>(sql(`SELECT ${columns} FROM projects p WHERE p.name = ?`, name));
}

export type ProjectWithRole = Project & { role: Role | null };

/** Projects the user belongs to; an administrator sees every project (role null where not a member). */
export function listForUser(
	db: Queryable,
	user: { id: number; isAdmin: boolean }
): Promise<ProjectWithRole[]> {
	return db.all<ProjectWithRole>(
		sql(
			`SELECT ${columns}, m.role FROM projects p
			LEFT JOIN project_members m ON m.project_id = p.id AND m.user_id = ?
			WHERE m.user_id IS NOT NULL OR ?
			ORDER BY p.name`,
			user.id,
			user.isAdmin
		)
	);
}
