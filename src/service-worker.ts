/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Lets interviewers work without a connection. Registered only by the interview pages, with the
 * scope of the project's interview pages (src/lib/fieldwork/fieldwork-browser.ts), so it never
 * controls the rest of the workbench or the public survey pages.
 *
 * - install: caches the built app (JS, CSS) and the static files, all of one version, and
 *   fetches again the interview pages an earlier version kept; activate deletes its cache;
 * - interview pages (GET of /projects/<id>/interview…, their page and their `__data.json`):
 *   network first, the cached copy when the network fails or takes over 8 seconds;
 * - the pages ask for addresses to be cached in advance (`keep-offline` message): their own,
 *   because the first visit happened before this worker existed, and, from the assignment list,
 *   every assigned questionnaire, so that one never opened online still opens offline;
 * - everything else, and every non-GET request (interviews are POSTed), goes to the network
 *   untouched and is never cached.
 */
import { build, files, version } from '$service-worker';
import { carryOverKeptPages, keepAnswer } from '$lib/fieldwork/offline-cache';
import { interviewPagePath, isDataAddress, wholeDataAddress } from '$lib/fieldwork/offline-pages';
import { timeoutSignal } from '$lib/timeout-signal';

const worker = self as unknown as ServiceWorkerGlobalScope;
const cacheName = `barometer-offline-${version}`;
const appFiles = new Set([...build, ...files]);

worker.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const current = await caches.open(cacheName);
			await current.addAll([...appFiles]);
			// An update of the app must not lose the questionnaires kept for offline use: they are
			// fetched again now, while the version before still serves the open pages (activate
			// holds their requests until it is done, so it only deletes). A page the version before
			// keeps in the moment between the two is fetched again when the assignment list asks.
			for (const name of await caches.keys()) {
				if (name === cacheName || !name.startsWith('barometer-offline-')) continue;
				await carryOverKeptPages(await caches.open(name), current, (url) =>
					fetchToKeep(url, carryOverTimeoutMs)
				).catch(() => undefined);
			}
			await worker.skipWaiting();
		})()
	);
});

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const name of await caches.keys()) {
				if (name !== cacheName && name.startsWith('barometer-offline-'))
					await caches.delete(name).catch(() => false);
			}
			// Take over the open interview page now, so that it works offline without a reload.
			await worker.clients.claim();
		})()
	);
});

function isInterviewPage(url: URL): boolean {
	return url.origin === worker.location.origin && interviewPagePath.test(url.pathname);
}

/** Kept if whole and successful (offline-cache.ts); resolves whether it was. */
async function keep(request: Request | string, response: Response): Promise<boolean> {
	return keepAnswer(await caches.open(cacheName), request, response);
}

/**
 * How long fetching a page to keep may take: while an update installs, and when the assignment
 * list asks, shorter than the list waits for the answer (fieldwork-browser.ts, 60 s) so that it
 * hears how it went.
 */
const carryOverTimeoutMs = 30_000;
const keepInAdvanceTimeoutMs = 45_000;

/** An interview page (or its data) as the pages ask for it, to be kept. */
async function fetchToKeep(url: URL, timeoutMs: number): Promise<Response> {
	const accept = isDataAddress(url) ? 'application/json' : 'text/html';
	return fetch(url, {
		credentials: 'same-origin',
		headers: { accept },
		redirect: 'manual',
		signal: timeoutSignal(timeoutMs)
	});
}

/** The kept copy of an interview page; for its data, the copy kept in advance if need be. */
async function keptCopy(request: Request): Promise<Response | undefined> {
	const copy = await caches.match(request, { ignoreVary: true });
	const whole = wholeDataAddress(new URL(request.url));
	return copy ?? (whole ? caches.match(whole, { ignoreVary: true }) : undefined);
}

/** A connection this slow is as good as none in the field: the kept copy is shown instead. */
const patienceMs = 8_000;

async function networkFirst(request: Request): Promise<Response> {
	const cached = () => keptCopy(request);
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

/** Fetches an interview page (or its data) into the cache; resolves whether it is kept. */
function keepInAdvance(url: URL): Promise<boolean> {
	// Offline (e.g. the page itself came from the cache) the copy already kept still counts.
	const alreadyKept = () =>
		caches.match(url.href, { ignoreVary: true }).then((cached) => cached !== undefined);
	return fetchToKeep(url, keepInAdvanceTimeoutMs).then(
		(response) => keep(url.href, response),
		alreadyKept
	);
}

worker.addEventListener('message', (event) => {
	const message = event.data as { type?: unknown; urls?: unknown } | null;
	if (message?.type !== 'keep-offline' || !Array.isArray(message.urls)) return;
	const reply = (kept: boolean) => event.ports[0]?.postMessage({ kept });
	const urls = message.urls
		.filter((raw): raw is string => typeof raw === 'string')
		.map((raw) => {
			const url = new URL(raw, worker.location.origin);
			url.hash = '';
			return url;
		});
	if (urls.length === 0 || !urls.every(isInterviewPage)) return reply(false);
	event.waitUntil(
		Promise.all(urls.map(keepInAdvance)).then(
			(kept) => reply(kept.every(Boolean)),
			() => reply(false)
		)
	);
});
