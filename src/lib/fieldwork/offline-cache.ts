/**
 * What the service worker (src/service-worker.ts) writes into its cache of interview pages, apart
 * from the worker so that it can be tested with a cache of our own.
 */
import { interviewPagePath, isDataAddress, isPageData } from './offline-pages.ts';

/**
 * Keeps only whole, successful answers: never a redirect to sign in or an error page (nor their
 * `__data.json` equivalents, which come with status 200). Resolves whether it was kept.
 *
 * A page's whole data (fetched in advance, without a query) is newer than any copy kept of part
 * of it on the way (a link asks for `…/__data.json?x-sveltekit-invalidated=…`): those copies go,
 * or an exact match with one would later answer with the questionnaire's version before.
 */
export async function keepAnswer(
	cache: Cache,
	request: Request | string,
	response: Response
): Promise<boolean> {
	if (response.status !== 200 || response.type !== 'basic' || response.redirected) return false;
	const url = new URL(typeof request === 'string' ? request : request.url);
	if (isDataAddress(url) && !isPageData(await response.clone().text())) return false;
	if (isDataAddress(url) && url.search === '') await cache.delete(url.href, { ignoreSearch: true });
	await cache.put(request, response);
	return true;
}

/**
 * When the app is updated, the interview pages the version before kept for offline use are
 * fetched again into the new version's cache (the new worker does this while it installs, before
 * the old cache is deleted): else a questionnaire kept in advance but not opened since would no
 * longer open offline. A page whose fetch fails is not carried over as it was: its HTML names
 * the old version's files, which go with the old cache, and its data was made for the old
 * version's page.
 *
 * A few pages are fetched at a time, each on its own: one slow page must not hold up the rest
 * (fetchPage should time out), a field connection shared by dozens at once would time them all
 * out, and one that cannot be kept (a failed fetch, a full disk) must not stop the others.
 */
export async function carryOverKeptPages(
	from: Cache,
	to: Cache,
	fetchPage: (url: URL) => Promise<Response>,
	atOnce = 4
): Promise<void> {
	const pages = (await from.keys())
		.map((request) => new URL(request.url))
		.filter((url) => interviewPagePath.test(url.pathname));
	const carryNext = async (): Promise<void> => {
		for (let url = pages.shift(); url; url = pages.shift()) {
			await fetchPage(url).then(
				(response) => keepAnswer(to, url.href, response).catch(() => false),
				() => false
			);
		}
	};
	await Promise.all(Array.from({ length: atOnce }, carryNext));
}
