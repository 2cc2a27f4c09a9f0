import { describe, expect, it } from 'vitest';
import { decoyPasswordHash, hashPassword, passwordSchema, verifyPassword } from './password.ts';

const password = 'correct horse battery staple';

describe('hashPassword', () => {
	it('produces an argon2id hash with the OWASP minimum parameters', async () => {
		const hash = await hashPassword(password);
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
	});

	it('salts every hash, so the same password hashes differently', async () => {
		const [first, second] = await Promise.all([hashPassword(password), hashPassword(password)]);
		expect(first).not.toBe(second);
	});

	it('does not contain the password', async () => {
		expect(await hashPassword(password)).not.toContain(password);
	});
});

describe('verifyPassword', () => {
	it('accepts the password that was hashed', async () => {
		expect(await verifyPassword(await hashPassword(password), password)).toBe(true);
	});

	it('refuses another password, including one that differs only in case', async () => {
		const hash = await hashPassword(password);
		expect(await verifyPassword(hash, 'wrong password entirely')).toBe(false);
		expect(await verifyPassword(hash, password.toUpperCase())).toBe(false);
	});

	it('returns false instead of throwing for a malformed hash', async () => {
		expect(await verifyPassword('not a hash', password)).toBe(false);
		expect(await verifyPassword('', password)).toBe(false);
	});
});

describe('decoyPasswordHash', () => {
	it('is a real argon2id hash, computed once', async () => {
		const decoy = await decoyPasswordHash();
		expect(decoy).toMatch(/^\$argon2id\$/);
		expect(await decoyPasswordHash()).toBe(decoy);
	});
});

describe('passwordSchema', () => {
	it('accepts 10 to 255 characters', () => {
		expect(passwordSchema.safeParse('a'.repeat(10)).success).toBe(true);
		expect(passwordSchema.safeParse('a'.repeat(255)).success).toBe(true);
	});

	it('refuses shorter and longer passwords with a readable message', () => {
		const short = passwordSchema.safeParse('a'.repeat(9));
		expect(short.success).toBe(false);
		expect(short.error?.issues[0]?.message).toBe('The password must have at least 10 characters.');
		const long = passwordSchema.safeParse('a'.repeat(256));
		expect(long.error?.issues[0]?.message).toBe('The password must have at most 255 characters.');
	});
});
