/**
 * Paradata of one respondent's session, gathered from the SurveyJS model as they answer: time
 * spent on each page (a page seen twice adds up) and how many answers they changed after giving
 * them (an answer first given is not a change; clearing one is). Sent with every save.
 */
import type { Model } from 'survey-core';

export interface AnswerParadata {
	pageTimesMs: Record<string, number>;
	changedAnswers: number;
}

export function trackAnswerParadata(
	model: Model,
	now: () => number = () => Date.now(),
	/**
	 * What came before this session: when the first page was shown as a form before SurveyJS took
	 * over (FirstPageForm.svelte), since when the current page has been on screen; and the page
	 * times and changed answers of the response so far (earlier sessions of a resumed response,
	 * and the form), which this session adds to.
	 */
	before: { since?: number; changedAnswers?: number; pageTimesMs?: Record<string, number> } = {}
): { snapshot(): AnswerParadata } {
	const pageTimesMs: Record<string, number> = { ...before.pageTimesMs };
	let page = model.currentPage?.name as string | undefined;
	let since = before.since ?? now();
	let changedAnswers = before.changedAnswers ?? 0;
	const given = new Map<string, string>();
	for (const [name, value] of Object.entries(model.data as Record<string, unknown>)) {
		given.set(name, JSON.stringify(value));
	}

	const closePage = () => {
		const at = now();
		if (page) pageTimesMs[page] = (pageTimesMs[page] ?? 0) + (at - since);
		since = at;
	};
	model.onCurrentPageChanged.add((sender) => {
		closePage();
		page = sender.currentPage?.name;
	});
	model.onValueChanged.add((_sender, options) => {
		const next = options.value === undefined ? undefined : JSON.stringify(options.value);
		const previous = given.get(options.name);
		if (previous !== undefined && previous !== next) changedAnswers++;
		if (next === undefined) given.delete(options.name);
		else given.set(options.name, next);
	});
	return {
		snapshot() {
			closePage();
			return { pageTimesMs: { ...pageTimesMs }, changedAnswers };
		}
	};
}
