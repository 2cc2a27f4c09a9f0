import type { Queryable } from './database.ts';
import { sql } from './sql.ts';

export function insert(
	db: Queryable,
	token: { hash: string; purpose: 'first-admin'; expiresAt: Date }
): Promise<void> {
	return db.run(
		sql(
			'INSERT INTO setup_tokens (token_hash, purpose, expires_at) VALUES (?, ?, ?::TIMESTAMPTZ)',
			token.hash,
			token.purpose,
			token.expiresAt.toISOString()
		)
	);
}

/** True when the token exists, is unused and has not expired. */
export async function isUsable(db: Queryable, hash: string): Promise<boolean> {
	const row = await db.one(
		sql(
			'SELECT 1 AS ok FROM setup_tokens WHERE token_hash = ? AND used_at IS NULL AND expires_at > now()',
			hash
		)
	);
	return row !== undefined;
}

export function markUsed(db: Queryable, hash: string): Promise<void> {
	return db.run(sql('UPDATE setup_tokens SET used_at = now() WHERE token_hash = ?', hash));
}
