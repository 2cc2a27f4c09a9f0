/**
 * Invitation tokens and resume keys. An invitation's token is derived from the server secret
 * and the invitation's response id (160 bits, base32), so the server can show links again for
 * reminders while the database stores only SHA-256 hashes; a resume key is chosen at random by
 * the respondent's browser and also stored only as a hash. Neither can be enumerated.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { keyedHash } from '../secret.ts';

export function invitationToken(responseId: string): string {
	return encodeBase32LowerCaseNoPadding(keyedHash('invitation', responseId).subarray(0, 20));
}

export function tokenHash(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Tokens and resume keys as they appear in links: base32, at least 128 bits. */
export const linkSecretPattern = /^[a-z2-7]{26,64}$/;
