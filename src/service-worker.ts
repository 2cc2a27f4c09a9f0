/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Lets interviewers work without a connection. Registered only by the interview pages, with the
 * scope of the project's interview pages (src/lib/fieldwork/offline-interviews.ts), so it never
 * controls the rest of the workbench or the public survey pages.
 *
 * - install: caches the built app (JS, CSS) and the static files, all of one version;
 * - interview pages (GET of /projects/<id>/interview…, their page and their `__data.json`):
 *   network first, the cached copy when the network fails or takes over 8 seconds;
 * - the page can ask for its own address to be cached (`keep-offline` message), because the
 *   first visit happened before this worker existed;
 * - everything else, and every non-GET request (interviews are POSTed), goes to the network
 *   untouched and is never cached.
 */
import { build, files, version } from '$service-worker';

const worker = self as unknown as ServiceWorkerGlobalScope;
const cacheName = `barometer-offline-${version}`;
const appFiles = new Set([...build, ...files]);
const interviewPath = /^\/projects\/[1-9][0-9]*\/interview(\/[1-9][0-9]*)?(\/__data\.json)?$/;

worker.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(cacheName)
			.then((cache) => cache.addAll([...appFiles]))
			.then(() => worker.skipWaiting())
	);
});

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const name of await caches.keys()) if (name !== cacheName) await caches.delete(name);
			// Take over the open interview page now, so that it works offline without a reload.
			await worker.clients.claim();
		})()
	);
});

function isInterviewPage(url: URL): boolean {
	return url.origin === worker.location.origin && interviewPath.test(url.pathname);
}

/** Only whole, successful answers are kept: never a redirect to sign in or an error page. */
async function keep(request: Request | string, response: Response): Promise<void> {
	if (response.status !== 200 || response.type !== 'basic' || response.redirected) return;
	await (await caches.open(cacheName)).put(request, response);
}

/** A connection this slow is as good as none in the field: the kept copy is shown instead. */
const patienceMs = 8_000;

async function networkFirst(request: Request): Promise<Response> {
	const cached = () => caches.match(request, { ignoreVary: true });
	const network = fetch(request).then(async (response) => {
		await keep(request, response.clone());
		return response;
	});
	network.catch(() => undefined); // settled below; never an unhandled rejection
	const slow = new Promise<Response | undefined>((resolve) =>
		setTimeout(() => resolve(cached()), patienceMs)
	);
	try {
		return await Promise.race([network, slow.then((copy) => copy ?? network)]);
	} catch (error) {
		const copy = await cached();
		if (copy) return copy;
		throw error;
	}
}

worker.addEventListener('fetch', (event) => {
	if (event.request.method !== 'GET') return;
	const url = new URL(event.request.url);
	if (url.origin !== worker.location.origin) return;
	if (appFiles.has(url.pathname)) {
		// Built files carry a hash in their name, static files belong to this version: the cached
		// copy is the right one.
		event.respondWith(
			caches
				.open(cacheName)
				.then((cache) => cache.match(url.pathname))
				.then((cached) => cached ?? fetch(event.request))
		);
		return;
	}
	if (isInterviewPage(url)) event.respondWith(networkFirst(event.request));
});

worker.addEventListener('message', (event) => {
	const message = event.data as { type?: unknown; url?: unknown } | null;
	if (message?.type !== 'keep-offline' || typeof message.url !== 'string') return;
	const reply = (kept: boolean) => event.ports[0]?.postMessage({ kept });
	const url = new URL(message.url);
	url.hash = '';
	if (!isInterviewPage(url)) return reply(false);
	// Offline (e.g. the page itself came from the cache) the copy already kept still counts.
	const alreadyKept = () =>
		caches.match(url.href, { ignoreVary: true }).then((cached) => cached !== undefined);
	event.waitUntil(
		fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' }, redirect: 'manual' })
			.then((response) => keep(url.href, response).then(() => response.status === 200))
			.catch(alreadyKept)
			.then(reply, () => reply(false))
	);
});
