import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { sql } from '../db/sql.ts';
import * as users from '../db/users.ts';
import type { User } from '../db/users.ts';
import { changePassword, createUser, signIn, type NewUser } from './account-service.ts';
import { LoginThrottle } from './login-throttle.ts';
import { verifyPassword } from './password.ts';
import { createSession, generateToken, hashToken, validateSessionToken } from './session.ts';

// The login throttle keeps addresses as keyed hashes under the server secret; a test has its own.
process.env.BAROMETER_SECRET ??= 'test-secret-of-at-least-thirty-two-characters';

const password = 'a long enough password';
const address = '203.0.113.7';

let db: Database;

beforeEach(async () => {
	db = await openDatabase(':memory:');
	await migrate(db);
});

afterEach(async () => {
	await db.close();
});

function newUser(overrides: Partial<NewUser> = {}): NewUser {
	return { email: 'nino@example.org', name: 'Nino', password, isAdmin: false, ...overrides };
}

async function createdUser(overrides: Partial<NewUser> = {}): Promise<User> {
	const result = await createUser(db, null, newUser(overrides));
	if (!result.ok) throw new Error(result.message);
	return result.user;
}

async function auditActions(): Promise<{ action: string; objectId: string }[]> {
	return db.all(sql('SELECT action, object_id AS "objectId" FROM audit_log ORDER BY id'));
}

async function sessionIds(userId: number): Promise<string[]> {
	const rows = await db.all<{ id: string }>(
		sql('SELECT id FROM sessions WHERE user_id = ? ORDER BY id', userId)
	);
	return rows.map((row) => row.id);
}

describe('signIn', () => {
	it('signs in with the right password, creating a session for a new token', async () => {
		const user = await createdUser();
		const result = await signIn(
			db,
			{ email: 'nino@example.org', password, address },
			new LoginThrottle()
		);
		if (!result.ok) throw new Error(`expected success, got ${result.reason}`);
		expect(result.user).toEqual(user);
		expect(result.user).not.toHaveProperty('passwordHash');
		expect(result.token).toMatch(/^[a-z2-7]{32}$/);
		expect(result.session.id).toBe(hashToken(result.token));
		expect(await sessionIds(user.id)).toEqual([hashToken(result.token)]);
	});

	it('accepts the e-mail address in another case and with spaces', async () => {
		await createdUser();
		const input = { email: ' NINO@Example.org ', password, address };
		expect((await signIn(db, input, new LoginThrottle())).ok).toBe(true);
	});

	it('gives the same result for an unknown user and a wrong password', async () => {
		await createdUser();
		const throttle = new LoginThrottle();
		const unknown = await signIn(db, { email: 'nobody@example.org', password, address }, throttle);
		const wrong = await signIn(
			db,
			{ email: 'nino@example.org', password: 'not the password', address },
			throttle
		);
		expect(unknown).toEqual({ ok: false, reason: 'invalid' });
		expect(wrong).toEqual(unknown);
		expect(await db.all(sql('SELECT id FROM sessions'))).toEqual([]);
	});

	it('refuses a user without a password, whatever is typed', async () => {
		await users.create(db, {
			email: 'invited@example.org',
			name: 'Invited',
			passwordHash: null,
			isAdmin: false
		});
		const input = { email: 'invited@example.org', password: '', address };
		expect(await signIn(db, input, new LoginThrottle())).toEqual({ ok: false, reason: 'invalid' });
	});

	it('throttles the 11th attempt after 10 failures, even with the right password', async () => {
		await createdUser();
		const throttle = new LoginThrottle();
		const wrong = { email: 'nino@example.org', password: 'not the password', address };
		for (let i = 0; i < 10; i++) expect((await signIn(db, wrong, throttle)).ok).toBe(false);
		const result = await signIn(db, { ...wrong, password }, throttle);
		expect(result).toMatchObject({ ok: false, reason: 'throttled' });
		const retryAfter =
			result.ok === false && result.reason === 'throttled' ? result.retryAfterSeconds : 0;
		expect(retryAfter).toBeGreaterThan(14 * 60);
		expect(retryAfter).toBeLessThanOrEqual(15 * 60);
		expect(await db.all(sql('SELECT id FROM sessions'))).toEqual([]);
	});

	it('throttles failures for unknown addresses as well', async () => {
		const throttle = new LoginThrottle();
		const input = { email: 'nobody@example.org', password, address };
		for (let i = 0; i < 10; i++) await signIn(db, input, throttle);
		expect(await signIn(db, input, throttle)).toMatchObject({ reason: 'throttled' });
	});

	it('clears the failure count after a successful sign-in', async () => {
		await createdUser();
		const throttle = new LoginThrottle();
		const wrong = { email: 'nino@example.org', password: 'not the password', address };
		for (let i = 0; i < 9; i++) await signIn(db, wrong, throttle);
		expect((await signIn(db, { ...wrong, password }, throttle)).ok).toBe(true);
		for (let i = 0; i < 9; i++) await signIn(db, wrong, throttle);
		expect(await signIn(db, wrong, throttle)).toEqual({ ok: false, reason: 'invalid' });
	});
});

describe('createUser', () => {
	it('stores the user with a hashed password and an audit record', async () => {
		const admin = await createdUser({ email: 'admin@example.org', isAdmin: true });
		const result = await createUser(db, admin.id, newUser({ email: 'Giorgi@Example.org' }));
		if (!result.ok) throw new Error(result.message);
		expect(result.user).toMatchObject({
			email: 'giorgi@example.org',
			name: 'Nino',
			isAdmin: false
		});
		const stored = await users.findByEmail(db, 'giorgi@example.org');
		expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
		expect(await verifyPassword(stored!.passwordHash!, password)).toBe(true);
		const audit = await db.one(
			sql(
				'SELECT user_id AS "userId", details FROM audit_log WHERE object_id = ?',
				String(result.user.id)
			)
		);
		expect(audit).toEqual({
			userId: admin.id,
			details: JSON.stringify({ email: 'giorgi@example.org', isAdmin: false })
		});
	});

	it('refuses an e-mail address that exists already, in any case', async () => {
		await createdUser({ email: 'nino@example.org' });
		const result = await createUser(
			db,
			null,
			newUser({ email: 'NINO@Example.ORG', name: 'Other' })
		);
		expect(result).toEqual({
			ok: false,
			field: 'email',
			message: 'A user with this e-mail address exists already.'
		});
		expect(await users.count(db)).toBe(1);
		expect((await auditActions()).map((entry) => entry.action)).toEqual(['user.create']);
	});
});

describe('changePassword', () => {
	const next = 'a brand new password';

	/** The user with three sessions; the first is the one changing the password. */
	async function userWithSessions() {
		const user = await createdUser();
		const tokens = [generateToken(), generateToken(), generateToken()];
		const sessions = [];
		for (const token of tokens) sessions.push(await createSession(db, token, user.id));
		return { user, tokens, current: sessions[0]! };
	}

	it('refuses a wrong current password and changes nothing', async () => {
		const { user, current } = await userWithSessions();
		const before = await users.findPasswordHash(db, user.id);
		const result = await changePassword(db, user, current.id, 'not the password', next);
		expect(result).toEqual({
			ok: false,
			field: 'current',
			message: 'The current password is wrong.'
		});
		expect(await users.findPasswordHash(db, user.id)).toEqual(before);
		expect(await sessionIds(user.id)).toHaveLength(3);
	});

	it('refuses a new password that is too short', async () => {
		const { user, current } = await userWithSessions();
		const result = await changePassword(db, user, current.id, password, 'short');
		expect(result).toEqual({
			ok: false,
			field: 'next',
			message: 'The password must have at least 10 characters.'
		});
		expect(await sessionIds(user.id)).toHaveLength(3);
	});

	it("changes the password, ends the user's other sessions and keeps the current one", async () => {
		const { user, tokens, current } = await userWithSessions();
		const other = await createdUser({ email: 'other@example.org' });
		const otherToken = generateToken();
		await createSession(db, otherToken, other.id);

		expect(await changePassword(db, user, current.id, password, next)).toEqual({ ok: true });

		const stored = await users.findPasswordHash(db, user.id);
		expect(await verifyPassword(stored!.passwordHash!, next)).toBe(true);
		expect(await verifyPassword(stored!.passwordHash!, password)).toBe(false);
		expect(await sessionIds(user.id)).toEqual([current.id]);
		expect((await validateSessionToken(db, tokens[0]!)).user?.id).toBe(user.id);
		expect((await validateSessionToken(db, tokens[1]!)).user).toBeNull();
		expect((await validateSessionToken(db, otherToken)).user?.id).toBe(other.id);
		expect(await auditActions()).toContainEqual({
			action: 'user.password-change',
			objectId: String(user.id)
		});
	});
});
