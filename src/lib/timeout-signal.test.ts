import { afterEach, describe, expect, it, vi } from 'vitest';
import { isNotJson, timeoutSignal } from './timeout-signal.ts';

describe('timeoutSignal', () => {
	afterEach(() => vi.unstubAllGlobals());

	it.each([
		['AbortSignal.timeout', AbortSignal],
		['a timer where the browser lacks AbortSignal.timeout', undefined]
	])('aborts with a TimeoutError after the time given, through %s', async (_, withTimeout) => {
		// An older phone: AbortSignal without its static timeout.
		if (!withTimeout) vi.stubGlobal('AbortSignal', {});
		const signal = timeoutSignal(30);
		expect(signal.aborted).toBe(false);
		await new Promise((resolve) => setTimeout(resolve, 60));
		expect(signal.aborted).toBe(true);
		expect((signal.reason as DOMException).name).toBe('TimeoutError');
	});
});

describe('isNotJson', () => {
	it('tells a body that is not JSON from a read that broke off', async () => {
		const notJson = await new Response('<html>').json().catch((error: unknown) => error);
		expect(isNotJson(notJson)).toBe(true);
		expect(isNotJson(new DOMException('The operation timed out.', 'TimeoutError'))).toBe(false);
		expect(isNotJson(new TypeError('network error'))).toBe(false);
	});
});
