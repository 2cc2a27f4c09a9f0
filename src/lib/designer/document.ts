/**
 * The questionnaire being designed, as SurveyJS JSON, and the edits the designer makes to it.
 * Pages, panels and questions are found by name (SurveyJS names are unique per questionnaire);
 * every edit mutates a draft copy that the caller owns (see history.ts), so these functions
 * mutate their argument and return what the caller needs next.
 */
import { palette, type ElementJson } from './question-types.ts';

export type Json = Record<string, unknown>;
export type PageJson = Json & { name: string; elements: ElementJson[] };
export type QuestionnaireDoc = Json & { pages: PageJson[] };

export interface Located {
	element: ElementJson | PageJson;
	/** The array the element sits in (a page's or panel's `elements`, or `pages`). */
	siblings: Json[];
	index: number;
	page: PageJson;
	depth: number;
}

export interface OutlineEntry {
	name: string;
	type: string;
	depth: number;
	page: string;
	isPage: boolean;
	element: Json;
}

/** Gives a questionnaire the page structure the designer edits (and names every page). */
export function normaliseDoc(json: Json): QuestionnaireDoc {
	const doc = structuredClone(json) as Json;
	if (!Array.isArray(doc.pages)) {
		doc.pages = [{ name: 'page1', elements: Array.isArray(doc.elements) ? doc.elements : [] }];
		delete doc.elements;
	}
	const pages = doc.pages as Json[];
	if (pages.length === 0) pages.push({ name: 'page1', elements: [] });
	for (const page of pages) if (!Array.isArray(page.elements)) page.elements = [];
	// The designer finds everything by name, so a page may not share a name with an element
	// (SurveyJS allows it; page names never reach the data, so renaming them is harmless).
	const elementNames = new Set(
		outline(doc as QuestionnaireDoc)
			.filter((entry) => !entry.isPage)
			.map((entry) => entry.name)
	);
	const used = new Set([...elementNames, ...pages.map((page) => String(page.name ?? ''))]);
	const seenPages = new Set<string>();
	for (const page of pages) {
		const name = typeof page.name === 'string' ? page.name : '';
		if (!name || elementNames.has(name) || seenPages.has(name)) {
			page.name = uniqueName(used, name ? `${name}_page` : 'page');
			used.add(page.name as string);
		}
		seenPages.add(page.name as string);
	}
	return doc as QuestionnaireDoc;
}

function walk(
	elements: Json[],
	page: PageJson,
	depth: number,
	visit: (element: ElementJson, siblings: Json[], index: number, depth: number) => boolean | void
): boolean {
	for (let i = 0; i < elements.length; i++) {
		const element = elements[i] as ElementJson;
		if (visit(element, elements, i, depth) === true) return true;
		if (Array.isArray(element.elements) && walk(element.elements as Json[], page, depth + 1, visit))
			return true;
	}
	return false;
}

/** Pages, panels and questions in document order, with their nesting depth. */
export function outline(doc: QuestionnaireDoc): OutlineEntry[] {
	const entries: OutlineEntry[] = [];
	for (const page of doc.pages) {
		entries.push({
			name: page.name,
			type: 'page',
			depth: 0,
			page: page.name,
			isPage: true,
			element: page
		});
		walk(page.elements, page, 1, (element, _siblings, _index, depth) => {
			entries.push({
				name: element.name,
				type: element.type,
				depth,
				page: page.name,
				isPage: false,
				element
			});
		});
	}
	return entries;
}

export function allNames(doc: QuestionnaireDoc): string[] {
	return outline(doc).map((entry) => entry.name);
}

export function find(doc: QuestionnaireDoc, name: string): Located | undefined {
	const pageIndex = doc.pages.findIndex((page) => page.name === name);
	if (pageIndex >= 0) {
		const page = doc.pages[pageIndex]!;
		return { element: page, siblings: doc.pages, index: pageIndex, page, depth: 0 };
	}
	let found: Located | undefined;
	for (const page of doc.pages) {
		walk(page.elements, page, 1, (element, siblings, index, depth) => {
			if (element.name !== name) return false;
			found = { element, siblings, index, page, depth };
			return true;
		});
		if (found) return found;
	}
	return undefined;
}

export function uniqueName(used: Iterable<string>, prefix: string): string {
	const taken = new Set(used);
	for (let n = 1; ; n++) if (!taken.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** Where a new element goes: after an element, or at the end of a page or panel. */
export type Position = { after: string } | { inside: string };

function insertionPoint(
	doc: QuestionnaireDoc,
	position: Position
): { list: Json[]; index: number } {
	if ('after' in position) {
		const at = find(doc, position.after);
		if (at && at.depth > 0) return { list: at.siblings, index: at.index + 1 };
		if (at) return { list: (at.element as PageJson).elements, index: Infinity };
	} else {
		const at = find(doc, position.inside);
		const list = at?.element.elements;
		if (Array.isArray(list)) return { list: list as Json[], index: Infinity };
	}
	const last = doc.pages[doc.pages.length - 1]!;
	return { list: last.elements, index: Infinity };
}

/** Adds an element of a palette kind; returns its name. */
export function addElement(doc: QuestionnaireDoc, kind: string, position: Position): string {
	const item = palette.find((entry) => entry.kind === kind);
	if (!item) throw new Error(`Unknown kind of question "${kind}".`);
	const name = uniqueName(allNames(doc), item.prefix);
	const { list, index } = insertionPoint(doc, position);
	list.splice(Math.min(index, list.length), 0, item.create(name));
	return name;
}

/** Adds an empty page after another (or at the end); returns its name. */
export function addPage(doc: QuestionnaireDoc, after?: string): string {
	const name = uniqueName(allNames(doc), 'page');
	const index = after ? doc.pages.findIndex((page) => page.name === after) + 1 : 0;
	doc.pages.splice(index > 0 ? index : doc.pages.length, 0, { name, elements: [] });
	return name;
}

/** Removes an element (a page only when another page is left). */
export function removeElement(doc: QuestionnaireDoc, name: string): boolean {
	const at = find(doc, name);
	if (!at) return false;
	if (at.depth === 0 && doc.pages.length === 1) return false;
	at.siblings.splice(at.index, 1);
	return true;
}

/** A deep copy after the original, with fresh names for it and everything inside it. */
export function duplicateElement(doc: QuestionnaireDoc, name: string): string | undefined {
	const at = find(doc, name);
	if (!at) return undefined;
	const copy = structuredClone(at.element) as ElementJson;
	const used = new Set(allNames(doc));
	const rename = (element: Json) => {
		const base = String(element.name).replace(/(_copy)?\d*$/, '');
		element.name = uniqueName(used, `${base}_copy`);
		used.add(element.name as string);
		if (Array.isArray(element.elements)) (element.elements as Json[]).forEach(rename);
	};
	rename(copy);
	at.siblings.splice(at.index + 1, 0, copy);
	return copy.name;
}

/**
 * Moves an element one step up or down in document order: within its list, and across the
 * edge of a page or panel into the neighbouring one. Pages move among pages. Returns whether it
 * moved.
 */
export function moveElement(doc: QuestionnaireDoc, name: string, direction: -1 | 1): boolean {
	const at = find(doc, name);
	if (!at) return false;
	const target = at.index + direction;
	if (target >= 0 && target < at.siblings.length) {
		const neighbour = at.siblings[target] as Json;
		at.siblings.splice(at.index, 1);
		// Stepping onto a panel goes into it (at its near end); pages never nest.
		if (at.depth > 0 && neighbour.type === 'panel' && Array.isArray(neighbour.elements)) {
			const inner = neighbour.elements as Json[];
			inner.splice(direction === 1 ? 0 : inner.length, 0, at.element);
		} else {
			at.siblings.splice(target, 0, at.element);
		}
		return true;
	}
	if (at.depth === 0) return false;
	// At the edge of its list: out of the panel, or onto the neighbouring page.
	const parent = parentOf(doc, name);
	if (parent && parent.depth > 0) {
		at.siblings.splice(at.index, 1);
		parent.siblings.splice(parent.index + (direction === 1 ? 1 : 0), 0, at.element);
		return true;
	}
	const pageIndex = doc.pages.indexOf(at.page);
	const next = doc.pages[pageIndex + direction];
	if (!next) return false;
	at.siblings.splice(at.index, 1);
	if (direction === 1) next.elements.unshift(at.element as ElementJson);
	else next.elements.push(at.element as ElementJson);
	return true;
}

/** Moves an element to a position (drag and drop); refuses to put a panel inside itself. */
export function moveTo(doc: QuestionnaireDoc, name: string, position: Position): boolean {
	const at = find(doc, name);
	if (!at || at.depth === 0) return false;
	const targetName = 'after' in position ? position.after : position.inside;
	if (targetName === name || contains(at.element, targetName)) return false;
	at.siblings.splice(at.index, 1);
	const { list, index } = insertionPoint(doc, position);
	list.splice(Math.min(index, list.length), 0, at.element);
	return true;
}

function contains(element: Json, name: string): boolean {
	const inner = element.elements;
	return (
		Array.isArray(inner) &&
		(inner as Json[]).some((child) => child.name === name || contains(child, name))
	);
}

function parentOf(doc: QuestionnaireDoc, name: string): Located | undefined {
	for (const entry of outline(doc)) {
		const inner = entry.element.elements;
		if (Array.isArray(inner) && (inner as Json[]).some((child) => child.name === name))
			return find(doc, entry.name);
	}
	return undefined;
}

const referencePattern = (name: string) =>
	new RegExp(`\\{(${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})([.\\-}\\[])`, 'g');

/** Every expression property a rename has to follow, wherever it sits in the document. */
const expressionKeys = new Set([
	'visibleIf',
	'enableIf',
	'requiredIf',
	'choicesVisibleIf',
	'choicesEnableIf',
	'expression',
	'defaultValueExpression',
	'setValueExpression',
	'resetValueIf',
	'setValueIf'
]);

/**
 * Renames an element and every reference to it: `{old}` in expressions and `{old}` piped into
 * texts, and the target of skip triggers. The caller checks the new name first.
 */
export function renameElement(doc: QuestionnaireDoc, from: string, to: string): boolean {
	const at = find(doc, from);
	if (!at || from === to) return false;
	at.element.name = to;
	const pattern = referencePattern(from);
	const replaceIn = (text: string) => text.replace(pattern, (_m, _name, tail) => `{${to}${tail}`);
	const visit = (value: unknown, key?: string): unknown => {
		if (typeof value === 'string') {
			if (key === 'gotoName' && value === from) return to;
			return value.includes('{') ? replaceIn(value) : value;
		}
		if (Array.isArray(value)) return value.map((item) => visit(item));
		if (value && typeof value === 'object') {
			for (const [k, v] of Object.entries(value as Json)) (value as Json)[k] = visit(v, k);
		}
		return value;
	};
	visit(doc);
	return true;
}

/** Expression properties, for other modules that list logic. */
export const expressionProperties = expressionKeys;

/** Names of the questions before an element in document order (what its logic may refer to). */
export function questionsBefore(doc: QuestionnaireDoc, name: string): OutlineEntry[] {
	const entries = outline(doc);
	const at = entries.findIndex((entry) => entry.name === name);
	const isPage = at >= 0 && entries[at]!.isPage;
	return entries
		.slice(0, at < 0 ? entries.length : at)
		.filter(
			(entry) =>
				!entry.isPage &&
				entry.type !== 'panel' &&
				entry.type !== 'html' &&
				(!isPage || entry.page !== name)
		);
}
