/**
 * On sign-out, the interview pages the service worker kept for offline use are deleted (the
 * assignment list and every assigned questionnaire, as pages and as data): they show the
 * interviewer's name and assignments, and a shared device must not show them to the next
 * person. The app's own files stay cached, and the outbox of interviews not yet sent is kept
 * (it belongs to the interviewer and is sent only when they sign in again).
 */
import { interviewPagePath } from './offline-pages.ts';

const offlineCache = /^barometer-offline-/;

export async function forgetOfflinePages(store: CacheStorage | undefined = globalThis.caches) {
	if (!store) return;
	for (const name of await store.keys()) {
		if (!offlineCache.test(name)) continue;
		const cache = await store.open(name);
		for (const request of await cache.keys()) {
			if (interviewPagePath.test(new URL(request.url).pathname)) await cache.delete(request);
		}
	}
}
