import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { sql } from '../db/sql.ts';
import * as users from '../db/users.ts';
import type { User } from '../db/users.ts';
import {
	createSession,
	generateToken,
	hashToken,
	invalidateAllSessions,
	invalidateSession,
	sessionLifetimeMs,
	validateSessionToken
} from './session.ts';

const dayMs = 24 * 60 * 60 * 1000;
const start = new Date('2026-03-01T12:00:00.000Z');
const daysAfterStart = (days: number) => new Date(start.getTime() + days * dayMs);

let db: Database;
let user: User;
let userCount = 0;

function createUser(overrides: Partial<Parameters<typeof users.create>[1]> = {}): Promise<User> {
	userCount += 1;
	return users.create(db, {
		email: `user${userCount}@example.org`,
		name: `User ${userCount}`,
		passwordHash: null,
		isAdmin: false,
		...overrides
	});
}

async function storedSessions(userId: number): Promise<{ id: string; expiresAt: Date }[]> {
	return db.all(
		sql(
			'SELECT id, expires_at AS "expiresAt" FROM sessions WHERE user_id = ? ORDER BY created_at, id',
			userId
		)
	);
}

beforeEach(async () => {
	db = await openDatabase(':memory:');
	await migrate(db);
	user = await createUser({ email: 'Researcher@Example.org', name: 'Nino' });
});

afterEach(async () => {
	await db.close();
});

describe('generateToken', () => {
	it('encodes 20 random bytes as 32 lower-case base32 characters', () => {
		expect(generateToken()).toMatch(/^[a-z2-7]{32}$/);
	});

	it('gives a different token every time', () => {
		const tokens = new Set(Array.from({ length: 50 }, generateToken));
		expect(tokens.size).toBe(50);
	});
});

describe('createSession', () => {
	it('stores only the SHA-256 hex of the token, never the token', async () => {
		const token = generateToken();
		await createSession(db, token, user.id, start);
		const expectedId = encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
		const rows = await db.all<{ id: string }>(sql('SELECT id FROM sessions'));
		expect(rows).toEqual([{ id: expectedId }]);
		expect(rows[0]!.id).toMatch(/^[0-9a-f]{64}$/);
		const leaked = await db.all(
			sql('SELECT id FROM sessions WHERE id = ? OR contains(id, ?)', token, token)
		);
		expect(leaked).toEqual([]);
	});

	it('expires after 30 days', async () => {
		const session = await createSession(db, generateToken(), user.id, start);
		expect(session.expiresAt).toEqual(daysAfterStart(30));
		const [stored] = await storedSessions(user.id);
		expect(stored!.expiresAt.getTime()).toBe(daysAfterStart(30).getTime());
	});
});

describe('validateSessionToken', () => {
	it('returns the session and its user for a valid token', async () => {
		const token = generateToken();
		await createSession(db, token, user.id, start);
		const result = await validateSessionToken(db, token, daysAfterStart(1));
		expect(result.user).toEqual({
			id: user.id,
			email: 'researcher@example.org',
			name: 'Nino',
			isAdmin: false
		});
		expect(result.session).toMatchObject({ id: hashToken(token), userId: user.id });
	});

	it('returns nulls for an unknown token', async () => {
		await createSession(db, generateToken(), user.id, start);
		expect(await validateSessionToken(db, generateToken(), start)).toEqual({
			session: null,
			user: null
		});
	});

	it('does not accept the stored hash in place of the token', async () => {
		const token = generateToken();
		await createSession(db, token, user.id, start);
		const result = await validateSessionToken(db, hashToken(token), start);
		expect(result.user).toBeNull();
	});

	it('leaves the expiry alone while more than 15 days remain', async () => {
		const token = generateToken();
		await createSession(db, token, user.id, start);
		const result = await validateSessionToken(db, token, daysAfterStart(14));
		expect(result.session!.expiresAt.getTime()).toBe(daysAfterStart(30).getTime());
		const [stored] = await storedSessions(user.id);
		expect(stored!.expiresAt.getTime()).toBe(daysAfterStart(30).getTime());
	});

	it('renews to 30 days from now when fewer than 15 days remain', async () => {
		const token = generateToken();
		await createSession(db, token, user.id, start);
		const now = daysAfterStart(16);
		const result = await validateSessionToken(db, token, now);
		const renewed = now.getTime() + sessionLifetimeMs;
		expect(result.session!.expiresAt.getTime()).toBe(renewed);
		const [stored] = await storedSessions(user.id);
		expect(stored!.expiresAt.getTime()).toBe(renewed);
	});

	it('deletes an expired session and returns nulls', async () => {
		const token = generateToken();
		await createSession(db, token, user.id, start);
		const result = await validateSessionToken(db, token, daysAfterStart(30));
		expect(result).toEqual({ session: null, user: null });
		expect(await storedSessions(user.id)).toEqual([]);
	});

	it('keeps a renewed session alive past its original expiry', async () => {
		const token = generateToken();
		await createSession(db, token, user.id, start);
		await validateSessionToken(db, token, daysAfterStart(20));
		const later = await validateSessionToken(db, token, daysAfterStart(35));
		expect(later.user?.id).toBe(user.id);
	});
});

describe('invalidating sessions', () => {
	it('invalidateSession ends one session and keeps the others', async () => {
		const kept = generateToken();
		const ended = generateToken();
		await createSession(db, kept, user.id, start);
		const session = await createSession(db, ended, user.id, start);
		await invalidateSession(db, session.id);
		expect((await validateSessionToken(db, ended, start)).user).toBeNull();
		expect((await validateSessionToken(db, kept, start)).user?.id).toBe(user.id);
	});

	it("invalidateAllSessions removes all of one user's sessions and nobody else's", async () => {
		const other = await createUser();
		const otherToken = generateToken();
		await createSession(db, generateToken(), user.id, start);
		await createSession(db, generateToken(), user.id, start);
		await createSession(db, otherToken, other.id, start);
		await invalidateAllSessions(db, user.id);
		expect(await storedSessions(user.id)).toEqual([]);
		expect((await validateSessionToken(db, otherToken, start)).user?.id).toBe(other.id);
	});
});
