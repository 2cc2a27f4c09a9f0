/**
 * The first account. With BAROMETER_ADMIN_EMAIL and BAROMETER_ADMIN_PASSWORD set, the
 * administrator is created at start; otherwise a one-time link (valid 24 hours) is printed, and
 * whoever opens it first chooses the administrator's e-mail and password.
 */
import { createUser, newUserSchema } from '../auth/account-service.ts';
import { generateToken, hashToken } from '../auth/session.ts';
import type { BarometerConfig } from '../config.ts';
import type { Database } from '../db/index.ts';
import * as setupTokens from '../db/setup-tokens.ts';
import * as users from '../db/users.ts';

export type FirstAdminOutcome =
	{ kind: 'exists' } | { kind: 'created'; email: string } | { kind: 'setup-link'; url: string };

export async function ensureFirstAdmin(
	db: Database,
	config: Pick<BarometerConfig, 'adminEmail' | 'adminPassword' | 'origin'>
): Promise<FirstAdminOutcome> {
	if ((await users.count(db)) > 0) return { kind: 'exists' };
	if (config.adminEmail && config.adminPassword) {
		const input = newUserSchema.safeParse({
			email: config.adminEmail,
			name: 'Administrator',
			password: config.adminPassword,
			isAdmin: true
		});
		if (!input.success) {
			const issue = input.error.issues[0]!;
			throw new Error(`BAROMETER_ADMIN_${String(issue.path[0]).toUpperCase()}: ${issue.message}`);
		}
		const created = await createUser(db, null, input.data);
		if (!created.ok) throw new Error(created.message);
		return { kind: 'created', email: created.user.email };
	}
	const token = generateToken();
	await setupTokens.insert(db, {
		hash: hashToken(token),
		purpose: 'first-admin',
		expiresAt: new Date(Date.now() + 24 * 60 * 60 * 1000)
	});
	return { kind: 'setup-link', url: `${config.origin}/setup/${token}` };
}

export async function isSetupTokenUsable(db: Database, token: string): Promise<boolean> {
	return (await users.count(db)) === 0 && (await setupTokens.isUsable(db, hashToken(token)));
}

/** Creates the administrator through a setup link; the link works once, and only while no user exists. */
export async function completeSetup(
	db: Database,
	token: string,
	input: { email: string; name: string; password: string }
): Promise<{ ok: true } | { ok: false; field: string; message: string }> {
	if (!(await isSetupTokenUsable(db, token))) {
		return { ok: false, field: 'token', message: 'This setup link has been used or has expired.' };
	}
	const parsed = newUserSchema.safeParse({ ...input, isAdmin: true });
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		return { ok: false, field: String(issue.path[0]), message: issue.message };
	}
	const created = await createUser(db, null, parsed.data);
	if (!created.ok) return created;
	await setupTokens.markUsed(db, hashToken(token));
	return { ok: true };
}
