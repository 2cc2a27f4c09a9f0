import type { Queryable } from './database.ts';
import { sql } from './sql.ts';

export interface User {
	id: number;
	email: string;
	name: string;
	isAdmin: boolean;
}

export interface UserWithPassword extends User {
	passwordHash: string | null;
}

const columns = 'id, email, name, is_admin AS "isAdmin"';

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

export async function create(
	db: Queryable,
	user: { email: string; name: string; passwordHash: string | null; isAdmin: boolean }
): Promise<User> {
	const row = await db.one<User>(
		sql(
			`INSERT INTO users (email, name, password_hash, is_admin) VALUES (?, ?, ?, ?) RETURNING ${columns}`,
			normaliseEmail(user.email),
			user.name,
			user.passwordHash,
			user.isAdmin
		)
	);
	return row!;
}

export function findById(db: Queryable, id: number): Promise<User | undefined> {
	return db.one<User>(sql(`SELECT ${columns} FROM users WHERE id = ?`, id));
}

export function findByEmail(db: Queryable, email: string): Promise<UserWithPassword | undefined> {
	return db.one<UserWithPassword>(
		sql(
			`SELECT ${columns}, password_hash AS "passwordHash" FROM users WHERE email = ?`,
			normaliseEmail(email)
		)
	);
}

export function findPasswordHash(
	db: Queryable,
	id: number
): Promise<{ passwordHash: string | null } | undefined> {
	return db.one(sql('SELECT password_hash AS "passwordHash" FROM users WHERE id = ?', id));
}

export function list(db: Queryable): Promise<User[]> {
	return db.all<User>(sql(`SELECT ${columns} FROM users ORDER BY email`));
}

export async function count(db: Queryable): Promise<number> {
	const row = await db.one<{ n: number }>(sql('SELECT count(*) AS n FROM users'));
	return row?.n ?? 0;
}

export function setPasswordHash(db: Queryable, id: number, passwordHash: string): Promise<void> {
	return db.run(sql('UPDATE users SET password_hash = ? WHERE id = ?', passwordHash, id));
}
