/**
 * Which addresses the service worker keeps for interviewers, shared by the worker
 * (src/service-worker.ts), the pages that ask it to keep them (fieldwork-browser.ts) and sign-out,
 * which deletes them (forget-offline-pages.ts).
 *
 * A SvelteKit page is reached two ways: opened or reloaded, as HTML; or by a link, without a page
 * load, as its `__data.json` (the JS and CSS are the app's files, cached when the worker installs).
 */

/** The assignment list and the questionnaire pages of a project, as page or as data. */
export const interviewPagePath =
	/^\/projects\/[1-9][0-9]*\/interview(\/[1-9][0-9]*)?(\/__data\.json)?$/;

const dataSuffix = '/__data.json';

export function isDataAddress(url: URL): boolean {
	return url.pathname.endsWith(dataSuffix);
}

/** The list and each questionnaire of `surveyIds`, both as page and as data (paths). */
export function offlinePagesOf(projectId: number, surveyIds: Iterable<number>): string[] {
	const list = `/projects/${projectId}/interview`;
	const pages = [list, ...[...new Set(surveyIds)].map((surveyId) => `${list}/${surveyId}`)];
	return pages.flatMap((page) => [page, page + dataSuffix]);
}

/**
 * The kept copy to answer a `__data.json` request with when the network fails. A link asks for
 * `…/__data.json?x-sveltekit-invalidated=0011` (which layouts' data it still needs, varying with
 * where the interviewer comes from); the copy kept in advance was fetched without that parameter,
 * so it holds every layout's data and answers any such request. Null for anything else.
 */
export function wholeDataAddress(url: URL): string | null {
	return isDataAddress(url) && url.search !== '' ? url.origin + url.pathname : null;
}

/**
 * Whether a `__data.json` body is the page's data. SvelteKit answers a redirect (e.g. to sign in,
 * after the session ended) and a failed load with status 200 as well, and neither must replace a
 * good copy. The first line is the answer; further lines carry streamed promises.
 */
export function isPageData(body: string): boolean {
	try {
		const answer = JSON.parse(body.split('\n', 1)[0]!) as { type?: unknown; nodes?: unknown };
		return (
			answer.type === 'data' &&
			Array.isArray(answer.nodes) &&
			answer.nodes.every((node) => (node as { type?: unknown } | null)?.type !== 'error')
		);
	} catch {
		return false;
	}
}
