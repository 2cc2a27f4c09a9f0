/**
 * Counting requests per client address, for the limits on public endpoints (submissions, link
 * lookups, shared reports) and the login throttle. Addresses are never kept, not even in memory:
 * only a keyed hash of each (HMAC under the server secret), so a memory dump or a debugger shows
 * no one's address. Limits count in fixed windows (a minute by default) and forget everything
 * when a new window begins; one process, as the embedded deployment is.
 */
import { keyedHash } from './secret.ts';

export interface LimitDecision {
	allowed: boolean;
	/** Seconds until the window ends (0 when allowed): the Retry-After of a 429. */
	retryAfterSeconds: number;
}

export interface AddressLimit {
	/** Counts one request from the address; refused once it is over the limit this window. */
	take(address: string, now?: number): LimitDecision;
	/** What the next take would answer, without counting it. */
	check(address: string, now?: number): LimitDecision;
}

/**
 * What a limit keeps instead of a client address. `context` is for keys that pair the address
 * with something else (the login throttle's account), so that they are not kept in clear either.
 */
export function addressKey(address: string, context = ''): string {
	return keyedHash('address', `${context}\u0000${address}`).toString('base64');
}

/** At most `perWindow` requests per address and window; 0 (or less) turns the limit off. */
export function createAddressLimit(perWindow: number, windowMs = 60_000): AddressLimit {
	const allowed = (): LimitDecision => ({ allowed: true, retryAfterSeconds: 0 });
	let window = -1;
	let counts = new Map<string, number>();
	function countsAt(now: number): Map<string, number> {
		const current = Math.floor(now / windowMs);
		if (current !== window) {
			window = current;
			counts = new Map();
		}
		return counts;
	}
	const refused = (now: number): LimitDecision => ({
		allowed: false,
		retryAfterSeconds: Math.ceil(((window + 1) * windowMs - now) / 1000)
	});
	return {
		take(address, now = Date.now()) {
			if (perWindow <= 0) return allowed();
			const counts = countsAt(now);
			const key = addressKey(address);
			const count = (counts.get(key) ?? 0) + 1;
			counts.set(key, count);
			return count <= perWindow ? allowed() : refused(now);
		},
		check(address, now = Date.now()) {
			if (perWindow <= 0) return allowed();
			const counts = countsAt(now);
			// Nothing counted yet this window (the usual case for failures): no hash to compute,
			// which keeps this check free on the submission lane.
			if (counts.size === 0) return allowed();
			return (counts.get(addressKey(address)) ?? 0) < perWindow ? allowed() : refused(now);
		}
	};
}

/** A count from an environment variable: unset, blank or not a number gives the default. */
export function configuredCount(value: string | undefined, fallback: number): number {
	if (value === undefined || value.trim() === '') return fallback;
	const count = Number(value);
	return Number.isFinite(count) ? count : fallback;
}

const registry = Symbol.for('barometer.addressLimits');
type Holder = { [registry]?: Map<string, AddressLimit> };

/**
 * The process's limit named by an environment variable (per minute; 0 turns it off), created on
 * first use. Kept on globalThis so that every copy of this module in the process (the SvelteKit
 * bundle, the submission lane) counts in the same place.
 */
export function limitFromEnvironment(variable: string, fallbackPerMinute: number): AddressLimit {
	const limits = ((globalThis as Holder)[registry] ??= new Map());
	let limit = limits.get(variable);
	if (!limit) {
		limit = createAddressLimit(configuredCount(process.env[variable], fallbackPerMinute));
		limits.set(variable, limit);
	}
	return limit;
}
