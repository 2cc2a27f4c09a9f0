import { describe, expect, it } from 'vitest';
import { submissionLimit } from './submission-limit.ts';

// Addresses are hashed under the server secret; a test has its own.
process.env.BAROMETER_SECRET ??= 'test-secret-of-at-least-thirty-two-characters';
process.env.BAROMETER_SUBMISSIONS_PER_MINUTE = '3';

describe('submission limit', () => {
	it('takes its number per address and minute from BAROMETER_SUBMISSIONS_PER_MINUTE', () => {
		const start = 60_000 * 1000 + 15_000; // 15 s into a minute
		for (let i = 0; i < 3; i++)
			expect(submissionLimit().take('10.0.0.1', start).allowed).toBe(true);
		expect(submissionLimit().take('10.0.0.1', start)).toEqual({
			allowed: false,
			retryAfterSeconds: 45
		});
		expect(submissionLimit().take('10.0.0.2', start).allowed).toBe(true); // another address
	});
});
