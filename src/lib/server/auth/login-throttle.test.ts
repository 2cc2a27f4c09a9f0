import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';

// Addresses are kept as keyed hashes under the server secret; a test has its own.
process.env.BAROMETER_SECRET ??= 'test-secret-of-at-least-thirty-two-characters';

const minuteMs = 60 * 1000;
const start = Date.parse('2026-03-01T12:00:00Z');
const email = 'researcher@example.org';
const address = '203.0.113.7';

/** A throttle with `count` failures for the pair, one per `spacingMs` from `start`. */
function throttleWithFailures(
	count: number,
	{ spacingMs = 0, who = email, from = address } = {}
): LoginThrottle {
	const throttle = new LoginThrottle();
	for (let i = 0; i < count; i++) throttle.recordFailure(who, from, start + i * spacingMs);
	return throttle;
}

describe('LoginThrottle', () => {
	it('allows the first attempts', () => {
		const throttle = new LoginThrottle();
		expect(throttle.check(email, address, start)).toEqual({ allowed: true, retryAfterSeconds: 0 });
	});

	it('still allows the 10th attempt after 9 failures', () => {
		expect(throttleWithFailures(9).check(email, address, start).allowed).toBe(true);
	});

	it('blocks the 11th attempt after 10 failures, until the window has passed', () => {
		const decision = throttleWithFailures(10).check(email, address, start + minuteMs);
		expect(decision).toEqual({ allowed: false, retryAfterSeconds: 14 * 60 });
	});

	it('counts Retry-After from the oldest failure that still counts', () => {
		// Failures at 0, 1, …, 9 minutes: the first one leaves the window at 15 minutes.
		const throttle = throttleWithFailures(10, { spacingMs: minuteMs });
		const decision = throttle.check(email, address, start + 10 * minuteMs);
		expect(decision).toEqual({ allowed: false, retryAfterSeconds: 5 * 60 });
	});

	it('never asks to wait less than one second', () => {
		const decision = throttleWithFailures(10).check(email, address, start + 15 * minuteMs - 10);
		expect(decision).toEqual({ allowed: false, retryAfterSeconds: 1 });
	});

	it('does not block the same account from another address', () => {
		const throttle = throttleWithFailures(10);
		expect(throttle.check(email, '198.51.100.1', start).allowed).toBe(true);
	});

	it('does not block another account from the same address', () => {
		const throttle = throttleWithFailures(10);
		expect(throttle.check('someone.else@example.org', address, start).allowed).toBe(true);
	});

	it('slides the window: failures older than 15 minutes stop counting', () => {
		// Failures at 0, 1, …, 9 minutes.
		const throttle = throttleWithFailures(10, { spacingMs: minuteMs });
		expect(throttle.check(email, address, start + 15 * minuteMs - 1).allowed).toBe(false);
		expect(throttle.check(email, address, start + 15 * minuteMs).allowed).toBe(true);
		// A new failure now makes 10 again (minutes 1 … 9 and 15).
		throttle.recordFailure(email, address, start + 15 * minuteMs);
		expect(throttle.check(email, address, start + 15 * minuteMs).allowed).toBe(false);
	});

	it('unblocks once every failure is older than the window', () => {
		const throttle = throttleWithFailures(10);
		expect(throttle.check(email, address, start + 15 * minuteMs).allowed).toBe(true);
	});

	it('reset clears the failures of the pair only', () => {
		const throttle = throttleWithFailures(10);
		for (let i = 0; i < 10; i++) throttle.recordFailure(email, '198.51.100.1', start);
		throttle.reset(email, address);
		expect(throttle.check(email, address, start).allowed).toBe(true);
		expect(throttle.check(email, '198.51.100.1', start).allowed).toBe(false);
	});

	it('treats e-mail addresses case-insensitively and ignores surrounding spaces', () => {
		const throttle = throttleWithFailures(10, { who: 'Researcher@Example.ORG' });
		expect(throttle.check(' researcher@example.org ', address, start).allowed).toBe(false);
		throttle.reset('RESEARCHER@example.org', address);
		expect(throttle.check(email, address, start).allowed).toBe(true);
	});

	it('keeps only a keyed hash of each account and address, never the address itself', () => {
		const throttle = throttleWithFailures(1);
		throttle.recordFailure(email, '198.51.100.1', start);
		throttle.recordFailure(email, '2001:db8::7', start);
		const kept = [...(Reflect.get(throttle, 'failures') as Map<string, number[]>).keys()];
		expect(kept).toHaveLength(3); // one per address: they do not collide
		for (const key of kept) {
			for (const clear of [address, '198.51.100.1', '2001:db8::7', email, 'researcher'])
				expect(key).not.toContain(clear);
		}
	});

	it('honours a custom limit and window', () => {
		const throttle = new LoginThrottle(2, minuteMs);
		throttle.recordFailure(email, address, start);
		throttle.recordFailure(email, address, start);
		expect(throttle.check(email, address, start)).toEqual({
			allowed: false,
			retryAfterSeconds: 60
		});
		expect(throttle.check(email, address, start + minuteMs).allowed).toBe(true);
	});
});
