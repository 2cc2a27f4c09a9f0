/** Signing in, creating accounts and changing passwords: the verbs the account pages call. */
import { z } from 'zod';
import * as auditLog from '../db/audit-log.ts';
import type { Database } from '../db/index.ts';
import * as sessions from '../db/sessions.ts';
import * as users from '../db/users.ts';
import type { User } from '../db/users.ts';
import { LoginThrottle, loginThrottle } from './login-throttle.ts';
import { decoyPasswordHash, hashPassword, passwordSchema, verifyPassword } from './password.ts';
import { createSession, generateToken } from './session.ts';
import type { Session } from '../db/sessions.ts';

export const invalidCredentialsMessage = 'Unknown e-mail address or wrong password.';

export type SignInResult =
	| { ok: true; token: string; session: Session; user: User }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export async function signIn(
	db: Database,
	input: { email: string; password: string; address: string },
	throttle: LoginThrottle = loginThrottle
): Promise<SignInResult> {
	const decision = throttle.check(input.email, input.address);
	if (!decision.allowed)
		return { ok: false, reason: 'throttled', retryAfterSeconds: decision.retryAfterSeconds };
	const user = await users.findByEmail(db, input.email);
	// Verify against a decoy when the user is unknown so both failures cost the same.
	const hash = user?.passwordHash ?? (await decoyPasswordHash());
	const valid = (await verifyPassword(hash, input.password)) && user?.passwordHash != null;
	if (!user || !valid) {
		throttle.recordFailure(input.email, input.address);
		return { ok: false, reason: 'invalid' };
	}
	throttle.reset(input.email, input.address);
	const token = generateToken();
	const session = await createSession(db, token, user.id);
	const { passwordHash: _, ...publicUser } = user;
	return { ok: true, token, session, user: publicUser };
}

export const newUserSchema = z.object({
	email: z.email({ message: 'Enter a valid e-mail address.' }).max(254),
	name: z.string().trim().min(1, 'Enter a name.').max(120),
	password: passwordSchema,
	isAdmin: z.boolean().default(false)
});

export type NewUser = z.infer<typeof newUserSchema>;

export type CreateUserResult =
	{ ok: true; user: User } | { ok: false; field: 'email'; message: string };

export async function createUser(
	db: Database,
	actorId: number | null,
	input: NewUser
): Promise<CreateUserResult> {
	if (await users.findByEmail(db, input.email)) {
		return {
			ok: false,
			field: 'email',
			message: 'A user with this e-mail address exists already.'
		};
	}
	const passwordHash = await hashPassword(input.password);
	const user = await db
		.transaction(async (tx) => {
			const created = await users.create(tx, { ...input, passwordHash });
			await auditLog.record(tx, {
				userId: actorId,
				projectId: null,
				action: 'user.create',
				objectType: 'user',
				objectId: created.id,
				details: { email: created.email, isAdmin: created.isAdmin }
			});
			return created;
		})
		// A concurrent request may have created the same address since the check above.
		.catch((error: unknown) => {
			if (error instanceof Error && /unique|primary key/i.test(error.message)) return null;
			throw error;
		});
	if (!user)
		return {
			ok: false,
			field: 'email',
			message: 'A user with this e-mail address exists already.'
		};
	return { ok: true, user };
}

export type ChangePasswordResult =
	{ ok: true } | { ok: false; field: 'current' | 'next'; message: string };

/** Changes the password and ends every other session of the user (a stolen cookie stops working). */
export async function changePassword(
	db: Database,
	user: User,
	currentSessionId: string,
	current: string,
	next: string
): Promise<ChangePasswordResult> {
	const stored = await users.findPasswordHash(db, user.id);
	if (!stored?.passwordHash || !(await verifyPassword(stored.passwordHash, current))) {
		return { ok: false, field: 'current', message: 'The current password is wrong.' };
	}
	const parsed = passwordSchema.safeParse(next);
	if (!parsed.success)
		return { ok: false, field: 'next', message: parsed.error.issues[0]!.message };
	const passwordHash = await hashPassword(next);
	await db.transaction(async (tx) => {
		await users.setPasswordHash(tx, user.id, passwordHash);
		await sessions.removeOthersForUser(tx, user.id, currentSessionId);
		await auditLog.record(tx, {
			userId: user.id,
			projectId: null,
			action: 'user.password-change',
			objectType: 'user',
			objectId: user.id
		});
	});
	return { ok: true };
}
