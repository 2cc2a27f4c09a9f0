import type { Queryable } from './database.ts';
import { sql } from './sql.ts';
import type { User } from './users.ts';

export interface Session {
	id: string;
	userId: number;
	expiresAt: Date;
}

export function insert(db: Queryable, session: Session): Promise<void> {
	return db.run(
		sql(
			'INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?::TIMESTAMPTZ)',
			session.id,
			session.userId,
			session.expiresAt.toISOString()
		)
	);
}

export async function findWithUser(
	db: Queryable,
	id: string
): Promise<{ session: Session; user: User } | undefined> {
	const row = await db.one<{
		id: string;
		userId: number;
		expiresAt: Date;
		email: string;
		name: string;
		isAdmin: boolean;
	}>(
		sql(
			`SELECT s.id, s.user_id AS "userId", s.expires_at AS "expiresAt",
				u.email, u.name, u.is_admin AS "isAdmin"
			FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
			id
		)
	);
	if (!row) return undefined;
	return {
		session: { id: row.id, userId: row.userId, expiresAt: row.expiresAt },
		user: { id: row.userId, email: row.email, name: row.name, isAdmin: row.isAdmin }
	};
}

export function updateExpiry(db: Queryable, id: string, expiresAt: Date): Promise<void> {
	return db.run(
		sql('UPDATE sessions SET expires_at = ?::TIMESTAMPTZ WHERE id = ?', expiresAt.toISOString(), id)
	);
}

export function remove(db: Queryable, id: string): Promise<void> {
	return db.run(sql('DELETE FROM sessions WHERE id = ?', id));
}

export function removeAllForUser(db: Queryable, userId: number): Promise<void> {
	return db.run(sql('DELETE FROM sessions WHERE user_id = ?', userId));
}

export function removeOthersForUser(db: Queryable, userId: number, keepId: string): Promise<void> {
	return db.run(sql('DELETE FROM sessions WHERE user_id = ? AND id <> ?', userId, keepId));
}
