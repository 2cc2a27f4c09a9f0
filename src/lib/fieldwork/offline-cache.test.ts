import { describe, expect, it } from 'vitest';
import { carryOverKeptPages, keepAnswer } from './offline-cache.ts';

/** A Cache of responses by URL, doing what the service worker asks of one. */
function memoryCache() {
	const entries = new Map<string, Response>();
	const urlOf = (request: RequestInfo | URL) =>
		typeof request === 'string' ? request : request instanceof URL ? request.href : request.url;
	const withoutQuery = (url: string) => url.split('?', 1)[0];
	const cache = {
		keys: async () => [...entries.keys()].map((url) => new Request(url)),
		match: async (request: RequestInfo | URL) => entries.get(urlOf(request))?.clone(),
		put: async (request: RequestInfo | URL, response: Response) =>
			void entries.set(urlOf(request), response),
		delete: async (request: RequestInfo | URL, options?: CacheQueryOptions) => {
			const url = urlOf(request);
			let deleted = false;
			for (const key of [...entries.keys()]) {
				if (key === url || (options?.ignoreSearch && withoutQuery(key) === withoutQuery(url)))
					deleted = entries.delete(key) || deleted;
			}
			return deleted;
		}
	};
	return { cache: cache as unknown as Cache, entries };
}

/** A same-origin answer, as fetch gives it in the worker. */
function answer(body: string, init: ResponseInit = {}): Response {
	const response = new Response(body, { status: 200, ...init });
	Object.defineProperty(response, 'type', { value: 'basic' });
	return response;
}

const pageData = (version: number) =>
	JSON.stringify({ type: 'data', nodes: [{ type: 'data', data: [{ version }] }] });
const list = 'http://x/projects/4/interview';
const questionnaire = 'http://x/projects/4/interview/9';
const data = `${questionnaire}/__data.json`;

describe('keepAnswer', () => {
	it('keeps whole answers only: no error, redirect or failed load', async () => {
		const { cache, entries } = memoryCache();
		expect(await keepAnswer(cache, list, answer('<html>'))).toBe(true);
		expect(await keepAnswer(cache, questionnaire, answer('', { status: 500 }))).toBe(false);
		const redirect = JSON.stringify({ type: 'redirect', location: '/login' });
		expect(await keepAnswer(cache, data, answer(redirect))).toBe(false);
		expect([...entries.keys()]).toEqual([list]);
	});

	it('drops the copies of part of a page’s data when its whole data is kept again', async () => {
		const { cache, entries } = memoryCache();
		// Day 1: the interviewer followed a link to the questionnaire (version 1).
		await keepAnswer(cache, `${data}?x-sveltekit-invalidated=01`, answer(pageData(1)));
		// Day 2: version 2 is published and the assignment list keeps it in advance.
		await keepAnswer(cache, data, answer(pageData(2)));
		expect([...entries.keys()]).toEqual([data]);
		expect(await (await cache.match(data))!.text()).toBe(pageData(2));
		// A copy of part of it kept later stays beside the whole one.
		await keepAnswer(cache, `${data}?x-sveltekit-invalidated=01`, answer(pageData(2)));
		expect(entries.size).toBe(2);
	});
});

describe('carryOverKeptPages', () => {
	it('fetches the kept interview pages again into the new version’s cache', async () => {
		const old = memoryCache();
		const current = memoryCache();
		for (const url of [list, questionnaire, data, 'http://x/_app/immutable/old.js'])
			await old.cache.put(url, answer('old'));
		const asked: string[] = [];
		await carryOverKeptPages(old.cache, current.cache, async (url) => {
			asked.push(url.href);
			if (url.href === questionnaire) throw new TypeError('Failed to fetch');
			return answer(url.href === data ? pageData(2) : 'new');
		});
		// The app's own files are the new version's to cache; a page that could not be fetched
		// is not carried as it was (its HTML names the old version's files).
		expect(asked).toEqual([list, questionnaire, data]);
		expect([...current.entries.keys()].sort()).toEqual([data, list].sort());
		expect(await (await current.cache.match(data))!.text()).toBe(pageData(2));
	});

	it('fetches a few pages at a time, and one that cannot be kept does not stop the rest', async () => {
		const old = memoryCache();
		const current = memoryCache();
		for (const url of [list, questionnaire, data]) await old.cache.put(url, answer('old'));
		// The disk is full for the questionnaire's page.
		const put = current.cache.put.bind(current.cache);
		current.cache.put = async (request, response) => {
			if (String(request) === questionnaire) throw new DOMException('full', 'QuotaExceededError');
			return put(request, response);
		};
		const asked: string[] = [];
		const answers: Array<() => void> = [];
		const carried = carryOverKeptPages(
			old.cache,
			current.cache,
			(url) => {
				asked.push(url.href);
				return new Promise((resolve) =>
					answers.push(() => resolve(answer(url.href === data ? pageData(2) : 'new')))
				);
			},
			2
		);
		const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
		await settle();
		// Two asked for at once; the third once one of them has been answered.
		expect(asked).toEqual([list, questionnaire]);
		answers.shift()!();
		await settle();
		expect(asked).toEqual([list, questionnaire, data]);
		for (const give of answers) give();
		await carried;
		expect([...current.entries.keys()].sort()).toEqual([data, list].sort());
	});
});
