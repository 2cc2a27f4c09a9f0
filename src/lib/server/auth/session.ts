/**
 * Sessions as Lucia's documentation prescribes: the cookie holds a random token, the database
 * holds only its SHA-256, and sessions slide: 30 days, renewed when fewer than 15 remain.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Cookies } from '@sveltejs/kit';
import type { Queryable } from '../db/index.ts';
import * as sessions from '../db/sessions.ts';
import type { Session } from '../db/sessions.ts';
import type { User } from '../db/users.ts';

export const sessionCookieName = 'barometer_session';
const dayMs = 24 * 60 * 60 * 1000;
export const sessionLifetimeMs = 30 * dayMs;
export const sessionRenewalThresholdMs = 15 * dayMs;

export type SessionValidation = { session: Session; user: User } | { session: null; user: null };

/** 20 random bytes (160 bits) in lower-case base32. */
export function generateToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
	db: Queryable,
	token: string,
	userId: number,
	now = new Date()
): Promise<Session> {
	const session: Session = {
		id: hashToken(token),
		userId,
		expiresAt: new Date(now.getTime() + sessionLifetimeMs)
	};
	await sessions.insert(db, session);
	return session;
}

export async function validateSessionToken(
	db: Queryable,
	token: string,
	now = new Date()
): Promise<SessionValidation> {
	const found = await sessions.findWithUser(db, hashToken(token));
	if (!found) return { session: null, user: null };
	const { session, user } = found;
	if (now.getTime() >= session.expiresAt.getTime()) {
		await sessions.remove(db, session.id);
		return { session: null, user: null };
	}
	if (now.getTime() >= session.expiresAt.getTime() - sessionRenewalThresholdMs) {
		session.expiresAt = new Date(now.getTime() + sessionLifetimeMs);
		await sessions.updateExpiry(db, session.id, session.expiresAt);
	}
	return { session, user };
}

export function invalidateSession(db: Queryable, sessionId: string): Promise<void> {
	return sessions.remove(db, sessionId);
}

export function invalidateAllSessions(db: Queryable, userId: number): Promise<void> {
	return sessions.removeAllForUser(db, userId);
}

function isLocalhost(url: URL): boolean {
	return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	cookies.set(sessionCookieName, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: !isLocalhost(url),
		expires: expiresAt,
		path: '/'
	});
}

export function deleteSessionCookie(cookies: Cookies, url: URL): void {
	cookies.set(sessionCookieName, '', {
		httpOnly: true,
		sameSite: 'lax',
		secure: !isLocalhost(url),
		maxAge: 0,
		path: '/'
	});
}
