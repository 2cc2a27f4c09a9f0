import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressOf, cookieValue, readBody } from './submission-lane.ts';

const request = (headers: Record<string, string>, remoteAddress = '10.0.0.9') =>
	({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('clientAddressOf', () => {
	it('is the socket address unless ADDRESS_HEADER names a header', () => {
		expect(clientAddressOf(request({ 'x-forwarded-for': '1.1.1.1' }), {})).toBe('10.0.0.9');
		expect(
			clientAddressOf(request({ 'x-real-ip': '2.2.2.2' }), { ADDRESS_HEADER: 'X-Real-IP' })
		).toBe('2.2.2.2');
	});

	it('counts XFF_DEPTH proxies from the right of x-forwarded-for, as adapter-node does', () => {
		const forwarded = request({ 'x-forwarded-for': 'spoofed, 3.3.3.3, 4.4.4.4' });
		const env = { ADDRESS_HEADER: 'x-forwarded-for' };
		expect(clientAddressOf(forwarded, env)).toBe('4.4.4.4');
		expect(clientAddressOf(forwarded, { ...env, XFF_DEPTH: '2' })).toBe('3.3.3.3');
		expect(() => clientAddressOf(forwarded, { ...env, XFF_DEPTH: '4' })).toThrow(/XFF_DEPTH/);
		expect(() => clientAddressOf(request({}), env)).toThrow(/missing/);
	});
});

describe('cookieValue', () => {
	it('finds one cookie among others and nothing in a missing header', () => {
		expect(cookieValue('a=1; barometer_device=abc; b=2', 'barometer_device')).toBe('abc');
		expect(cookieValue('xbarometer_device=abc', 'barometer_device')).toBeUndefined();
		expect(cookieValue(undefined, 'barometer_device')).toBeUndefined();
	});
});

describe('readBody', () => {
	it('keeps a small body whole and stops keeping an oversized one just past the cap', async () => {
		const small = new PassThrough();
		const smallBody = readBody(small as unknown as IncomingMessage, 100);
		small.end(Buffer.from('{"a":1}'));
		expect(Buffer.from(await smallBody).toString()).toBe('{"a":1}');

		const large = new PassThrough();
		const largeBody = readBody(large as unknown as IncomingMessage, 100);
		for (let i = 0; i < 50; i++) large.write(Buffer.alloc(64, 120));
		large.end();
		const kept = await largeBody;
		expect(kept.length).toBeGreaterThan(100);
		expect(kept.length).toBeLessThanOrEqual(100 + 64);
	});
});
