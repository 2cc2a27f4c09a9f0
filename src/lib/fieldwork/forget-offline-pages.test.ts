import { describe, expect, it } from 'vitest';
import { forgetOfflinePages } from './forget-offline-pages.ts';

/** A CacheStorage holding request URLs only, enough for what sign-out does with it. */
function storage(entries: Record<string, string[]>) {
	const caches = new Map(Object.entries(entries).map(([name, urls]) => [name, new Set(urls)]));
	const store = {
		keys: async () => [...caches.keys()],
		open: async (name: string) => ({
			keys: async () => [...(caches.get(name) ?? [])].map((url) => new Request(url)),
			delete: async (request: Request) => caches.get(name)!.delete(request.url)
		})
	};
	return { store: store as unknown as CacheStorage, caches };
}

describe('forgetOfflinePages', () => {
	it('deletes the kept interview pages, as pages and as data, and nothing else', async () => {
		const { store, caches } = storage({
			'barometer-offline-123': [
				'http://x/_app/immutable/entry/app.js',
				'http://x/projects/4/interview',
				'http://x/projects/4/interview/9',
				'http://x/projects/4/interview/9/__data.json',
				'http://x/projects/4/interview/12',
				'http://x/projects/4/interview/12/__data.json?x-sveltekit-invalidated=001'
			],
			'other-cache': ['http://x/projects/4/interview']
		});
		await forgetOfflinePages(store);
		expect([...caches.get('barometer-offline-123')!]).toEqual([
			'http://x/_app/immutable/entry/app.js'
		]);
		expect([...caches.get('other-cache')!]).toEqual(['http://x/projects/4/interview']);
	});
	it('does nothing where there is no cache storage', async () => {
		await expect(forgetOfflinePages(undefined)).resolves.toBeUndefined();
	});
});
