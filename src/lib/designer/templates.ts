/**
 * Question blocks researchers start from, in English, Georgian and Russian (surveys/templates):
 * an awareness battery (unaided and aided awareness, information sources, attitudes, trust) and
 * a standard demographics block. Inserting one adds its pages; names already in use get a
 * suffix, with the template's own logic following the rename.
 */
import awarenessBattery from '../../../surveys/templates/awareness-battery.json';
import demographics from '../../../surveys/templates/demographics.json';
import {
	allNames,
	normaliseDoc,
	renameElement,
	uniqueName,
	type QuestionnaireDoc
} from './document.ts';

export interface Template {
	id: string;
	label: string;
	json: Record<string, unknown>;
}

export const templates: Template[] = [
	{ id: 'awareness', label: 'Awareness battery', json: awarenessBattery },
	{ id: 'demographics', label: 'Demographics block', json: demographics }
];

/** Inserts a template's pages after a page (or at the end); returns the first inserted page. */
export function insertTemplate(doc: QuestionnaireDoc, id: string, afterPage?: string): string {
	const template = templates.find((entry) => entry.id === id);
	if (!template) throw new Error(`Unknown template "${id}".`);
	const block = normaliseDoc(template.json);
	const taken = new Set(allNames(doc));
	for (const name of allNames(block)) {
		if (!taken.has(name)) continue;
		const base = name.replace(/_\d+$/, '');
		const fresh = uniqueName([...taken, ...allNames(block)], `${base}_`);
		renameElement(block, name, fresh);
	}
	const index = afterPage ? doc.pages.findIndex((page) => page.name === afterPage) + 1 : 0;
	doc.pages.splice(index > 0 ? index : doc.pages.length, 0, ...block.pages);
	// The template's languages join the questionnaire's.
	const declared = Array.isArray(doc.languages) ? (doc.languages as string[]) : [];
	const languages = [...new Set([...declared, ...((block.languages as string[]) ?? [])])];
	if (languages.length > 1) doc.languages = languages;
	return block.pages[0]!.name;
}
