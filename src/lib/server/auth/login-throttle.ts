/**
 * Login throttling: at most `limit` failed attempts per account and client address within a
 * sliding window. Kept in memory: right for the single-process embedded deployment; a
 * multi-node deployment will need the same counters in the shared store. The pair is kept only as
 * a keyed hash (addressKey), like every per-address limit: never the address or the e-mail.
 */
import { addressKey } from '../address-limit.ts';

export interface ThrottleDecision {
	allowed: boolean;
	retryAfterSeconds: number;
}

export class LoginThrottle {
	private failures = new Map<string, number[]>();

	constructor(
		private readonly limit = 10,
		private readonly windowMs = 15 * 60 * 1000
	) {}

	private key(email: string, address: string): string {
		return addressKey(address, email.trim().toLowerCase());
	}

	private recent(key: string, now: number): number[] {
		const kept = (this.failures.get(key) ?? []).filter((at) => now - at < this.windowMs);
		if (kept.length) this.failures.set(key, kept);
		else this.failures.delete(key);
		return kept;
	}

	check(email: string, address: string, now = Date.now()): ThrottleDecision {
		const recent = this.recent(this.key(email, address), now);
		if (recent.length < this.limit) return { allowed: true, retryAfterSeconds: 0 };
		const oldest = recent[recent.length - this.limit]!;
		return {
			allowed: false,
			retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000))
		};
	}

	recordFailure(email: string, address: string, now = Date.now()): void {
		const key = this.key(email, address);
		this.failures.set(key, [...this.recent(key, now), now]);
		// Keys are only pruned when seen again; sweep now and then so guessed addresses cannot pile up.
		if (this.failures.size > 10_000) {
			for (const other of [...this.failures.keys()]) this.recent(other, now);
		}
	}

	reset(email: string, address: string): void {
		this.failures.delete(this.key(email, address));
	}
}

export const loginThrottle = new LoginThrottle();
