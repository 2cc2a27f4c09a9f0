import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAddressLimit } from './address-limit.ts';
import {
	admitLookup,
	admitPublicLookup,
	countFailedLookup,
	failedPublicLookup,
	tooManyLookupsMessage,
	type PublicLookup,
	type PublicLookupLimits
} from './public-lookup-limit.ts';

// Addresses are hashed under the server secret; a test has its own.
process.env.BAROMETER_SECRET ??= 'test-secret-of-at-least-thirty-two-characters';
// The process's limits below are the documented defaults.
delete process.env.BAROMETER_FAILED_LOOKUPS_PER_MINUTE;
delete process.env.BAROMETER_LINK_OPENINGS_PER_MINUTE;
delete process.env.BAROMETER_REPORT_VIEWS_PER_MINUTE;

const start = 60_000 * 1000 + 15_000; // 15 s into a minute

function limits(failedLookups: number, linkOpenings: number, reportViews: number) {
	return {
		failedLookups: createAddressLimit(failedLookups),
		linkOpenings: createAddressLimit(linkOpenings),
		reportViews: createAddressLimit(reportViews)
	} satisfies PublicLookupLimits;
}

describe('admitLookup and countFailedLookup', () => {
	it('counts openings of personal links and views of shared reports, each on its own', () => {
		const limited = limits(10, 2, 1);
		for (let i = 0; i < 2; i++)
			expect(admitLookup(limited, '10.0.0.1', 'personal-link', start).allowed).toBe(true);
		expect(admitLookup(limited, '10.0.0.1', 'personal-link', start)).toEqual({
			allowed: false,
			retryAfterSeconds: 45
		});
		expect(admitLookup(limited, '10.0.0.1', 'shared-report', start).allowed).toBe(true);
		expect(admitLookup(limited, '10.0.0.1', 'shared-report', start).allowed).toBe(false);
		expect(admitLookup(limited, '10.0.0.2', 'personal-link', start).allowed).toBe(true);
		expect(admitLookup(limited, '10.0.0.1', 'personal-link', start + 45_000).allowed).toBe(true);
	});

	it('never counts the public link itself', () => {
		const limited = limits(10, 1, 1);
		for (let i = 0; i < 100; i++)
			expect(admitLookup(limited, '10.0.0.1', 'survey', start).allowed).toBe(true);
	});

	it('after too many failed lookups refuses every lookup from the address until the minute ends', () => {
		const limited = limits(3, 100, 100);
		for (let i = 0; i < 3; i++)
			expect(countFailedLookup(limited, '10.0.0.1', start).allowed).toBe(true);
		for (const lookup of ['survey', 'personal-link', 'shared-report'] as const)
			expect(admitLookup(limited, '10.0.0.1', lookup, start)).toEqual({
				allowed: false,
				retryAfterSeconds: 45
			});
		expect(countFailedLookup(limited, '10.0.0.1', start).allowed).toBe(false);
		expect(admitLookup(limited, '10.0.0.2', 'personal-link', start).allowed).toBe(true);
		expect(admitLookup(limited, '10.0.0.1', 'personal-link', start + 45_000).allowed).toBe(true);
	});

	it('is off at 0', () => {
		const unlimited = limits(0, 0, 0);
		for (let i = 0; i < 100; i++) {
			expect(countFailedLookup(unlimited, '10.0.0.1', start).allowed).toBe(true);
			for (const lookup of ['survey', 'personal-link', 'shared-report'] as const)
				expect(admitLookup(unlimited, '10.0.0.1', lookup, start).allowed).toBe(true);
		}
	});
});

type PageEvent = Parameters<typeof admitPublicLookup>[0];

/** Runs a page load's limit step for a request from `address`: what it threw, the headers it set. */
function load(address: string, step: (event: PageEvent) => void, acceptLanguage = 'en-GB') {
	const headers: Record<string, string> = {};
	const event = {
		request: { headers: new Headers({ 'accept-language': acceptLanguage }) },
		getClientAddress: () => address,
		setHeaders: (more: Record<string, string>) => void Object.assign(headers, more)
	};
	try {
		step(event);
	} catch (caught) {
		return { caught, headers };
	}
	return { caught: undefined, headers };
}

function expectTooMany({ caught, headers }: ReturnType<typeof load>) {
	expect(isHttpError(caught, 429), String(caught)).toBe(true);
	expect(isHttpError(caught) && caught.body.message).toBe(tooManyLookupsMessage);
	expect(headers['retry-after']).toBe('45');
}

const opening = (lookup: PublicLookup) => (event: PageEvent) => admitPublicLookup(event, lookup);

describe('the page loads’ limits (the defaults)', () => {
	beforeAll(() => {
		vi.useFakeTimers();
		vi.setSystemTime(start);
	});
	afterAll(() => vi.useRealTimers());

	it('answer the 11th failed lookup in a minute, and every lookup after it, with 429', () => {
		for (let i = 0; i < 10; i++)
			expect(load('192.0.2.1', failedPublicLookup).caught).toBe(undefined);
		expectTooMany(load('192.0.2.1', failedPublicLookup));
		expectTooMany(load('192.0.2.1', opening('survey')));
		expect(load('192.0.2.2', opening('survey')).caught).toBe(undefined);
	});

	it('let a respondent open their link 600 times a minute', () => {
		for (let i = 0; i < 600; i++)
			expect(load('192.0.2.3', opening('personal-link')).caught).toBe(undefined);
		expectTooMany(load('192.0.2.3', opening('personal-link')));
	});

	it('word the refusal in the language the browser prefers', () => {
		for (let i = 0; i < 11; i++) load('192.0.2.5', failedPublicLookup);
		const georgian = load('192.0.2.5', opening('survey'), 'ka-GE,ka;q=0.9,en;q=0.5');
		expect(isHttpError(georgian.caught, 429) && georgian.caught.body).toEqual({
			message:
				'ამ მისამართიდან ძალიან ბევრი მოთხოვნა შემოვიდა. გთხოვთ, ერთი წუთით მოიცადოთ და სცადოთ თავიდან.',
			lang: 'ka'
		});
		const german = load('192.0.2.5', opening('survey'), 'de');
		expect(isHttpError(german.caught, 429) && german.caught.body.lang).toBe('en');
	});

	it('let a shared report be viewed 60 times a minute from one address', () => {
		for (let i = 0; i < 60; i++)
			expect(load('192.0.2.4', opening('shared-report')).caught).toBe(undefined);
		expectTooMany(load('192.0.2.4', opening('shared-report')));
	});
});
