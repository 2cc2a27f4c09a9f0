/**
 * A limit on submissions per client address and minute on the public endpoints, so that one
 * script cannot flood a survey. Addresses are never kept: only a keyed hash of each (HMAC under
 * the server secret), in memory, for the current and previous minute. Respondents behind one
 * carrier NAT share an address, so the default is generous (BAROMETER_SUBMISSIONS_PER_MINUTE,
 * 0 turns the limit off, e.g. for load tests from one machine).
 */
import { keyedHash } from '../secret.ts';

export interface SubmissionLimit {
	/** Counts one submission; false when the address is over the limit this minute. */
	take(address: string, now?: number): { allowed: boolean; retryAfterSeconds: number };
}

export function createSubmissionLimit(perMinute: number): SubmissionLimit {
	let minute = -1;
	let counts = new Map<string, number>();
	return {
		take(address, now = Date.now()) {
			if (perMinute <= 0) return { allowed: true, retryAfterSeconds: 0 };
			const current = Math.floor(now / 60_000);
			if (current !== minute) {
				minute = current;
				counts = new Map();
			}
			const key = keyedHash('address', address).toString('base64');
			const count = (counts.get(key) ?? 0) + 1;
			counts.set(key, count);
			return count <= perMinute
				? { allowed: true, retryAfterSeconds: 0 }
				: { allowed: false, retryAfterSeconds: Math.ceil(((current + 1) * 60_000 - now) / 1000) };
		}
	};
}

const key = Symbol.for('barometer.submissionLimit');
type Holder = { [key]?: SubmissionLimit };

/** The process's limit, from BAROMETER_SUBMISSIONS_PER_MINUTE (default 1200). */
export function submissionLimit(): SubmissionLimit {
	const holder = globalThis as Holder;
	const configured = Number(process.env.BAROMETER_SUBMISSIONS_PER_MINUTE ?? 1200);
	holder[key] ??= createSubmissionLimit(Number.isFinite(configured) ? configured : 1200);
	return holder[key];
}
