import { describe, expect, it } from 'vitest';
import {
	addressKey,
	configuredCount,
	createAddressLimit,
	limitFromEnvironment
} from './address-limit.ts';

// Addresses are hashed under the server secret; a test has its own.
process.env.BAROMETER_SECRET ??= 'test-secret-of-at-least-thirty-two-characters';

const minuteMs = 60_000;
const start = minuteMs * 1000 + 15_000; // 15 s into a minute

describe('createAddressLimit', () => {
	it('allows a number per address and minute, then says when to come back', () => {
		const limit = createAddressLimit(3);
		for (let i = 0; i < 3; i++) expect(limit.take('10.0.0.1', start).allowed).toBe(true);
		expect(limit.take('10.0.0.1', start)).toEqual({ allowed: false, retryAfterSeconds: 45 });
		expect(limit.take('10.0.0.2', start).allowed).toBe(true); // another address
		expect(limit.take('10.0.0.1', start + 45_000).allowed).toBe(true); // the next minute
	});

	it('counts in windows of the given length', () => {
		const limit = createAddressLimit(1, 10 * minuteMs);
		const windowStart = 10 * minuteMs * 100;
		expect(limit.take('10.0.0.1', windowStart + minuteMs).allowed).toBe(true);
		expect(limit.take('10.0.0.1', windowStart + minuteMs)).toEqual({
			allowed: false,
			retryAfterSeconds: 9 * 60
		});
		expect(limit.take('10.0.0.1', windowStart + 10 * minuteMs).allowed).toBe(true);
	});

	it('check answers what the next take would, without counting', () => {
		const limit = createAddressLimit(2);
		expect(limit.check('10.0.0.1', start).allowed).toBe(true); // nothing counted yet
		limit.take('10.0.0.1', start);
		for (let i = 0; i < 10; i++) expect(limit.check('10.0.0.1', start).allowed).toBe(true);
		limit.take('10.0.0.1', start);
		expect(limit.check('10.0.0.1', start)).toEqual({ allowed: false, retryAfterSeconds: 45 });
		expect(limit.check('10.0.0.2', start).allowed).toBe(true);
		expect(limit.check('10.0.0.1', start + 45_000).allowed).toBe(true); // the next minute
	});

	it('is off at 0 or below', () => {
		for (const perWindow of [0, -1]) {
			const limit = createAddressLimit(perWindow);
			for (let i = 0; i < 100; i++) expect(limit.take('10.0.0.1').allowed).toBe(true);
			expect(limit.check('10.0.0.1').allowed).toBe(true);
		}
	});
});

describe('addressKey', () => {
	it('keeps neither the address nor its context in clear, and tells addresses apart', () => {
		const key = addressKey('203.0.113.7', 'nino@example.org');
		expect(key).not.toContain('203.0.113.7');
		expect(key).not.toContain('nino');
		expect(addressKey('203.0.113.7', 'nino@example.org')).toBe(key); // the same every time
		expect(addressKey('203.0.113.8', 'nino@example.org')).not.toBe(key);
		expect(addressKey('203.0.113.7', 'lasha@example.org')).not.toBe(key);
		expect(addressKey('203.0.113.7')).not.toBe(key);
	});
});

describe('configuredCount', () => {
	it('reads a number, 0 included; unset, blank or not a number gives the default', () => {
		expect(configuredCount('25', 10)).toBe(25);
		expect(configuredCount('0', 10)).toBe(0);
		expect(configuredCount(undefined, 10)).toBe(10);
		expect(configuredCount(' ', 10)).toBe(10);
		expect(configuredCount('lots', 10)).toBe(10);
	});
});

describe('limitFromEnvironment', () => {
	it('is one limit per variable for the process, sized by the variable', () => {
		process.env.BAROMETER_TEST_LIMIT_PER_MINUTE = '1';
		const limit = limitFromEnvironment('BAROMETER_TEST_LIMIT_PER_MINUTE', 100);
		expect(limitFromEnvironment('BAROMETER_TEST_LIMIT_PER_MINUTE', 100)).toBe(limit);
		expect(limit.take('10.0.0.1', start).allowed).toBe(true);
		expect(limit.take('10.0.0.1', start).allowed).toBe(false);
		expect(limitFromEnvironment('BAROMETER_OTHER_TEST_LIMIT', 100)).not.toBe(limit);
	});
});
