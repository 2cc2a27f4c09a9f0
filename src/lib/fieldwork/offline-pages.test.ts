import { describe, expect, it } from 'vitest';
import {
	interviewPagePath,
	isPageData,
	offlinePagesOf,
	wholeDataAddress
} from './offline-pages.ts';

describe('offlinePagesOf', () => {
	it('is the list and each assigned questionnaire, once, as page and as data', () => {
		expect(offlinePagesOf(4, [9, 12, 9])).toEqual([
			'/projects/4/interview',
			'/projects/4/interview/__data.json',
			'/projects/4/interview/9',
			'/projects/4/interview/9/__data.json',
			'/projects/4/interview/12',
			'/projects/4/interview/12/__data.json'
		]);
	});

	it('is only interview pages, which the worker accepts and sign-out deletes', () => {
		for (const path of offlinePagesOf(4, [9])) expect(path).toMatch(interviewPagePath);
		expect('/projects/4/surveys/9').not.toMatch(interviewPagePath);
		expect('/projects/4/interview/9/responses').not.toMatch(interviewPagePath);
	});
});

describe('wholeDataAddress', () => {
	it('answers a link’s data request with the data kept in advance', () => {
		const asked = new URL(
			'http://x/projects/4/interview/9/__data.json?x-sveltekit-invalidated=001'
		);
		expect(wholeDataAddress(asked)).toBe('http://x/projects/4/interview/9/__data.json');
	});

	it('has nothing else to offer for a page or for the kept data itself', () => {
		expect(wholeDataAddress(new URL('http://x/projects/4/interview/9'))).toBeNull();
		expect(wholeDataAddress(new URL('http://x/projects/4/interview/9/__data.json'))).toBeNull();
	});
});

describe('isPageData', () => {
	const line = (answer: unknown) => JSON.stringify(answer) + '\n';

	it('accepts the data of every node, skipped and absent ones included, streamed or not', () => {
		const data = { type: 'data', nodes: [{ type: 'data', data: [{}], uses: {} }, null] };
		expect(isPageData(line(data))).toBe(true);
		expect(
			isPageData(line({ type: 'data', nodes: [{ type: 'skip' }] }) + '{"type":"chunk"}\n')
		).toBe(true);
	});

	it('refuses a redirect (the session ended), a failed load and anything else', () => {
		expect(isPageData(line({ type: 'redirect', location: '/login' }))).toBe(false);
		expect(isPageData(line({ type: 'data', nodes: [null, { type: 'error', error: {} }] }))).toBe(
			false
		);
		expect(isPageData('<html>Sign in to Wi-Fi</html>')).toBe(false);
		expect(isPageData('')).toBe(false);
	});
});
