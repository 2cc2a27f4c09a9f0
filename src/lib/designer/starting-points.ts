/**
 * What a new questionnaire starts from: one question to edit, or the templates. (A questionnaire
 * needs at least one question before SurveyJS and the codebook accept it.)
 */
import { addElement, normaliseDoc } from './document.ts';
import { insertTemplate } from './templates.ts';

export const startingPoints = {
	blank: 'One question to start from',
	awareness: 'Awareness battery (ka/ru/en)',
	demographics: 'Demographics block (ka/ru/en)',
	both: 'Awareness battery and demographics (ka/ru/en)'
} as const;

export type StartingPoint = keyof typeof startingPoints;

export function startingQuestionnaire(
	title: string,
	start: StartingPoint
): Record<string, unknown> {
	const doc = normaliseDoc({ title, pages: [] });
	if (start === 'blank') {
		addElement(doc, 'single', { inside: doc.pages[0]!.name });
		return doc;
	}
	doc.pages = [];
	if (start === 'awareness' || start === 'both') insertTemplate(doc, 'awareness');
	if (start === 'demographics' || start === 'both') insertTemplate(doc, 'demographics');
	return doc;
}
