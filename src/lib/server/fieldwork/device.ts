/**
 * A first-party cookie that tells one respondent's browser from another, for duplicate checks:
 * a random id set on the survey pages, never read by other sites; responses store only a keyed
 * hash of it (HMAC under the server secret), so the stored value cannot be matched to the cookie
 * without the secret.
 */
import type { Cookies } from '@sveltejs/kit';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { keyedHash } from '../secret.ts';

export const deviceCookieName = 'barometer_device';
const pattern = /^[a-z2-7]{26}$/;

/** Sets the device cookie if this browser has none yet. */
export function ensureDeviceCookie(cookies: Cookies, url: URL): void {
	if (pattern.test(cookies.get(deviceCookieName) ?? '')) return;
	cookies.set(
		deviceCookieName,
		encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(16))),
		{
			path: '/s',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: 60 * 60 * 24 * 365
		}
	);
}

/** The keyed hash of this browser's device cookie, or null without one. */
export function deviceHashOf(cookies: Cookies): string | null {
	return deviceHashFromCookie(cookies.get(deviceCookieName));
}

/** The keyed hash of a device cookie's value, or null when it is missing or malformed. */
export function deviceHashFromCookie(value: string | undefined): string | null {
	if (!value || !pattern.test(value)) return null;
	return keyedHash('device', value).subarray(0, 16).toString('hex');
}
