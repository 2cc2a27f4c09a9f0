/** argon2id with the parameters OWASP recommends as a minimum (19 MiB, 2 passes, 1 lane). */
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

const options = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

export const passwordSchema = z
	.string()
	.min(10, 'The password must have at least 10 characters.')
	.max(255, 'The password must have at most 255 characters.');

export function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/**
 * A real hash of a throw-away password, verified when the e-mail is unknown, so that an unknown
 * user and a wrong password take the same time as well as giving the same message.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
	decoyHash ??= hashPassword('decoy password that never matches');
	return decoyHash;
}
