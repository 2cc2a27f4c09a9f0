/**
 * On sign-out, the interview pages the service worker kept for offline use are deleted: they show
 * the interviewer's name and assignments, and a shared device must not show them to the next
 * person. The app's own files stay cached, and the outbox of interviews not yet sent is kept
 * (it belongs to the interviewer and is sent only when they sign in again).
 */
const offlineCache = /^barometer-offline-/;
const interviewPage = /^\/projects\/\d+\/interview(\/\d+)?(\/__data\.json)?$/;

export async function forgetOfflinePages(store: CacheStorage | undefined = globalThis.caches) {
	if (!store) return;
	for (const name of await store.keys()) {
		if (!offlineCache.test(name)) continue;
		const cache = await store.open(name);
		for (const request of await cache.keys()) {
			if (interviewPage.test(new URL(request.url).pathname)) await cache.delete(request);
		}
	}
}
