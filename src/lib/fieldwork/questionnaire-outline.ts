/**
 * What the fieldwork checks need to know about a questionnaire, read straight from its SurveyJS
 * JSON: each question's answer key, type, page, matrix rows, input type and attention check.
 *
 * Walking the JSON instead of building a survey-core Model keeps this cheap enough to call for
 * every response (the outline is cached per questionnaire object) and usable without the DOM.
 * Known limitation: questions inside dynamic panels are not listed (Barometer does not analyse
 * them either; see supportedQuestionTypes).
 */
import type { QuestionnaireJson } from '../survey/questionnaire.ts';

export interface AttentionCheck {
	/** The one answer an attentive respondent gives. */
	expected: unknown;
}

export interface OutlineQuestion {
	/** The key of the question's answer (its valueName, else its name). */
	name: string;
	type: string;
	/** 1-based page number. */
	page: number;
	inputType?: string;
	/** Number of rows, for a matrix. */
	rows?: number;
	attentionCheck?: AttentionCheck;
}

export interface QuestionnaireOutline {
	pages: { number: number; name: string }[];
	questions: OutlineQuestion[];
}

type Element = Record<string, unknown>;

function elementsOf(container: unknown): Element[] {
	const elements = (container as Element | undefined)?.elements;
	return Array.isArray(elements)
		? elements.filter((e): e is Element => typeof e === 'object' && e !== null)
		: [];
}

function attentionCheckOf(element: Element): AttentionCheck | undefined {
	const check = element.attentionCheck;
	if (typeof check !== 'object' || check === null || !('expected' in check)) return undefined;
	return { expected: (check as { expected: unknown }).expected };
}

function collect(elements: Element[], page: number, into: OutlineQuestion[]): void {
	for (const element of elements) {
		const type = String(element.type ?? '');
		if (type === 'panel') {
			collect(elementsOf(element), page, into);
			continue;
		}
		const name = element.valueName ?? element.name;
		if (typeof name !== 'string' || !name) continue;
		const question: OutlineQuestion = { name, type, page };
		if (typeof element.inputType === 'string') question.inputType = element.inputType;
		if (type === 'matrix' && Array.isArray(element.rows)) question.rows = element.rows.length;
		const check = attentionCheckOf(element);
		if (check) question.attentionCheck = check;
		into.push(question);
	}
}

const cache = new WeakMap<QuestionnaireJson, QuestionnaireOutline>();

export function questionnaireOutline(json: QuestionnaireJson): QuestionnaireOutline {
	const cached = cache.get(json);
	if (cached) return cached;
	// A questionnaire may list its elements without pages; SurveyJS then makes one page of them.
	const pages = Array.isArray(json.pages) ? (json.pages as Element[]) : [json as Element];
	const outline: QuestionnaireOutline = { pages: [], questions: [] };
	pages.forEach((page, index) => {
		const number = index + 1;
		const name = typeof page?.name === 'string' && page.name ? page.name : `page${number}`;
		outline.pages.push({ number, name });
		collect(elementsOf(page), number, outline.questions);
	});
	cache.set(json, outline);
	return outline;
}
