import { describe, expect, it } from 'vitest';
import { createSubmissionLimit } from './submission-limit.ts';

// Addresses are hashed under the server secret; a test has its own.
process.env.BAROMETER_SECRET ??= 'test-secret-of-at-least-thirty-two-characters';

describe('submission limit', () => {
	it('allows a number per address and minute, then says when to come back', () => {
		const limit = createSubmissionLimit(3);
		const start = 60_000 * 1000 + 15_000; // 15 s into a minute
		for (let i = 0; i < 3; i++) expect(limit.take('10.0.0.1', start).allowed).toBe(true);
		expect(limit.take('10.0.0.1', start)).toEqual({ allowed: false, retryAfterSeconds: 45 });
		expect(limit.take('10.0.0.2', start).allowed).toBe(true); // another address
		expect(limit.take('10.0.0.1', start + 45_000).allowed).toBe(true); // the next minute
	});
	it('is off at 0', () => {
		const limit = createSubmissionLimit(0);
		for (let i = 0; i < 100; i++) expect(limit.take('10.0.0.1').allowed).toBe(true);
	});
});
