/**
 * What changed between two versions of a questionnaire, in short plain sentences for the
 * researcher: questions, panels and pages added, removed or moved; titles, types, logic and
 * settings changed; and choices matched by code, so that a code given to another answer — which
 * breaks comparison with earlier waves — stands out from a relabelled choice.
 */
import type { QuestionnaireJson } from '../survey/questionnaire.ts';
import {
	elementsInOrder,
	isExpressionProperty,
	itemValueOf,
	parseExpression,
	propertyLabel,
	type ElementEntry
} from './logic.ts';

export interface VersionChange {
	/** The question, panel, page or calculated value; '' for the survey as a whole. */
	element: string;
	kind: 'added' | 'removed' | 'changed' | 'moved';
	aspect:
		| 'question'
		| 'page'
		| 'panel'
		| 'title'
		| 'type'
		| 'choice'
		| 'code'
		| 'logic'
		| 'required'
		| 'property'
		| 'survey';
	detail: string;
}

type Json = Record<string, unknown>;
type Change = Omit<VersionChange, 'element'>;

const isJson = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/* ---------------------------------------------------------------------------------------------
 * Writing values in sentences
 * ------------------------------------------------------------------------------------------- */

function shorten(text: string, most = 60): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > most ? `${flat.slice(0, most - 1)}…` : flat;
}

const quoted = (text: string) => `"${shorten(text)}"`;

function shown(value: unknown): string {
	if (value === undefined) return 'not set';
	if (typeof value === 'string') return quoted(value);
	return shorten(JSON.stringify(value));
}

/** A localisable value as texts by locale ('default' for the default language). */
function textsOf(value: unknown): Record<string, string> | null {
	if (typeof value === 'string') return { default: value };
	if (!isJson(value) || !Object.values(value).every((v) => typeof v === 'string')) return null;
	return value as Record<string, string>;
}

/** "Title: "Old" → "New". Also changed in ka." or "Title changed in ka, ru." */
function textChange(label: string, before: unknown, after: unknown): string | null {
	const [old, now] = [textsOf(before ?? ''), textsOf(after ?? '')];
	if (!old || !now) return null;
	const others = [...new Set([...Object.keys(old), ...Object.keys(now)])]
		.filter((language) => language !== 'default' && (old[language] ?? '') !== (now[language] ?? ''))
		.sort();
	const alsoIn = others.length ? ` Also changed in ${others.join(', ')}.` : '';
	if ((old.default ?? '') !== (now.default ?? '')) {
		return `${label}: ${shown(old.default ?? '')} → ${shown(now.default ?? '')}.${alsoIn}`;
	}
	return others.length ? `${label} changed in ${others.join(', ')}.` : null;
}

/** Expressions compare by meaning as far as the parser sees it, not by spacing or brackets. */
function sameExpression(a: string, b: string): boolean {
	const canonical = (text: string) => {
		const parsed = parseExpression(text);
		return parsed.ok ? parsed.operand.toString() : text.replace(/\s+/g, ' ').trim();
	};
	return canonical(a) === canonical(b);
}

function logicChange(label: string, before: unknown, after: unknown): string | null {
	const old = typeof before === 'string' ? before.trim() : '';
	const now = typeof after === 'string' ? after.trim() : '';
	if (!old && !now) return null;
	if (!old) return `${label} added: ${now}.`;
	if (!now) return `${label} removed (was ${old}).`;
	return sameExpression(old, now) ? null : `${label}: ${old} → ${now}.`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/* ---------------------------------------------------------------------------------------------
 * Choices, columns, rows and rating values, matched by code
 * ------------------------------------------------------------------------------------------- */

interface Item {
	code: unknown;
	key: string;
	text: unknown;
	json: Json;
}

function itemsOf(list: unknown): Item[] {
	if (!Array.isArray(list)) return [];
	return list.map((item) => {
		const code = itemValueOf(item);
		const json = isJson(item) ? item : {};
		const text =
			json.text ??
			(typeof item === 'string' && item.includes('|') ? item.split('|')[1] : undefined);
		return { code, key: JSON.stringify(code), text, json };
	});
}

const defaultText = (item: Item) => textsOf(item.text)?.default ?? '';
const labelled = (item: Item) => (defaultText(item) ? ` ${quoted(defaultText(item))}` : '');

/** Positions (in `sequence`) of a longest increasing run: the items that kept their order. */
function keptInOrder(sequence: number[]): Set<number> {
	const lengths = sequence.map(() => 1);
	const previous = sequence.map(() => -1);
	for (let i = 0; i < sequence.length; i++) {
		for (let j = 0; j < i; j++) {
			if (sequence[j]! < sequence[i]! && lengths[j]! + 1 > lengths[i]!) {
				lengths[i] = lengths[j]! + 1;
				previous[i] = j;
			}
		}
	}
	const kept = new Set<number>();
	let at = lengths.indexOf(Math.max(0, ...lengths));
	for (; at >= 0; at = previous[at]!) kept.add(at);
	return kept;
}

function itemChanges(noun: string, beforeList: unknown, afterList: unknown): Change[] {
	const before = itemsOf(beforeList);
	const after = itemsOf(afterList);
	const beforeByKey = new Map(before.map((item) => [item.key, item]));
	const afterKeys = new Set(after.map((item) => item.key));
	const removed = before.filter((item) => !afterKeys.has(item.key));
	const changes: Change[] = [];
	const Noun = noun[0]!.toUpperCase() + noun.slice(1);
	for (const item of after) {
		const old = beforeByKey.get(item.key);
		const code = String(item.code);
		if (old) {
			const text = textChange(`${Noun} ${code}`, old.text, item.text);
			if (text) changes.push({ kind: 'changed', aspect: 'choice', detail: text });
			for (const key of ['visibleIf', 'enableIf']) {
				const logic = logicChange(
					`${propertyLabel(key)} of ${noun} ${code}`,
					old.json[key],
					item.json[key]
				);
				if (logic) changes.push({ kind: 'changed', aspect: 'logic', detail: logic });
			}
			continue;
		}
		// The same answer under another code: data coded the old way no longer lines up.
		const label = defaultText(item).trim().toLowerCase();
		const recoded = label
			? removed.find((r) => defaultText(r).trim().toLowerCase() === label)
			: undefined;
		if (recoded) {
			removed.splice(removed.indexOf(recoded), 1);
			changes.push({
				kind: 'changed',
				aspect: 'code',
				detail: `${Noun}${labelled(item)} now has code ${code} (was ${String(recoded.code)}): this breaks comparison with earlier waves, where it was coded ${String(recoded.code)}.`
			});
		} else {
			changes.push({
				kind: 'added',
				aspect: 'choice',
				detail: `${Noun} ${code}${labelled(item)} added.`
			});
		}
	}
	for (const item of removed) {
		changes.push({
			kind: 'removed',
			aspect: 'choice',
			detail: `${Noun} ${String(item.code)}${labelled(item)} removed.`
		});
	}
	const kept = after.filter((item) => beforeByKey.has(item.key));
	const order = kept.map((item) => before.indexOf(beforeByKey.get(item.key)!));
	if (keptInOrder(order).size < order.length) {
		changes.push({
			kind: 'moved',
			aspect: 'choice',
			detail: `${Noun}s reordered: ${after.map((item) => String(item.code)).join(', ')}.`
		});
	}
	return changes;
}

/* ---------------------------------------------------------------------------------------------
 * One element's own changes
 * ------------------------------------------------------------------------------------------- */

/** Lists of coded items, by property, with the noun used for one item. */
function itemLists(entry: ElementEntry): [string, string][] {
	const lists: [string, string][] = [
		['choices', 'choice'],
		['rateValues', 'rating value']
	];
	if (/^matrix/.test(entry.type)) lists.push(['rows', 'row']);
	if (entry.type === 'matrix') lists.push(['columns', 'column']);
	return lists;
}

const childKeys = new Set(['elements', 'questions', 'templateElements']);

function validatorChanges(before: unknown, after: unknown): Change[] {
	const list = (value: unknown) => (Array.isArray(value) ? value.filter(isJson) : []);
	const [old, now] = [list(before), list(after)];
	const changes: Change[] = [];
	for (let i = 0; i < Math.max(old.length, now.length); i++) {
		const label = `Validation rule ${i + 1}`;
		const logic = logicChange(label, old[i]?.expression, now[i]?.expression);
		if (logic) changes.push({ kind: 'changed', aspect: 'logic', detail: logic });
		const { expression: _a, ...oldRest } = old[i] ?? {};
		const { expression: _b, ...nowRest } = now[i] ?? {};
		if (old[i] && now[i] && !same(oldRest, nowRest)) {
			changes.push({ kind: 'changed', aspect: 'property', detail: `${label} changed.` });
		}
	}
	return changes;
}

function elementChanges(before: ElementEntry, after: ElementEntry): Change[] {
	const [old, now] = [before.json, after.json];
	const changes: Change[] = [];
	if (before.type !== after.type) {
		changes.push({
			kind: 'changed',
			aspect: 'type',
			detail: `Type: ${before.type} → ${after.type}.`
		});
	}
	const title = textChange('Title', old.title, now.title);
	if (title) changes.push({ kind: 'changed', aspect: 'title', detail: title });
	if (Boolean(old.isRequired) !== Boolean(now.isRequired)) {
		changes.push({
			kind: 'changed',
			aspect: 'required',
			detail: now.isRequired ? 'Now required.' : 'No longer required.'
		});
	}
	const keys = [...new Set([...Object.keys(now), ...Object.keys(old)])];
	for (const key of keys.filter(isExpressionProperty)) {
		const logic = logicChange(propertyLabel(key), old[key], now[key]);
		if (logic) changes.push({ kind: 'changed', aspect: 'logic', detail: logic });
	}
	changes.push(...validatorChanges(old.validators, now.validators));
	const lists = itemLists(after);
	for (const [key, noun] of lists) changes.push(...itemChanges(noun, old[key], now[key]));
	const handled = new Set([
		'name',
		'type',
		'title',
		'isRequired',
		'validators',
		...lists.map(([k]) => k)
	]);
	for (const key of keys) {
		if (handled.has(key) || childKeys.has(key) || isExpressionProperty(key)) continue;
		if (same(old[key], now[key])) continue;
		const label = key === 'description' ? 'Description' : key;
		const detail =
			(old[key] !== undefined && now[key] !== undefined
				? textChange(label, old[key], now[key])
				: null) ?? `${label}: ${shown(old[key])} → ${shown(now[key])}.`;
		changes.push({ kind: 'changed', aspect: 'property', detail });
	}
	return changes;
}

/* ---------------------------------------------------------------------------------------------
 * Structure: matching, adding, removing and moving elements
 * ------------------------------------------------------------------------------------------- */

const keyOf = (entry: ElementEntry) => `${entry.kind}:${entry.name}`;

function byKey(entries: ElementEntry[]): Map<string, ElementEntry> {
	const map = new Map<string, ElementEntry>();
	for (const entry of entries)
		if (entry.name && !map.has(keyOf(entry))) map.set(keyOf(entry), entry);
	return map;
}

const containerLabel = (entry: ElementEntry | null) =>
	entry ? `${entry.kind} "${entry.name}"` : 'the survey';

function siblingsOf(entries: ElementEntry[], entry: ElementEntry): ElementEntry[] {
	// Pages have no parent, everything else has one: equal parents make siblings.
	return entries.filter((e) => e.parent === entry.parent);
}

/** Elements that left their place among siblings that stayed in the same container. */
function reordered(
	before: ElementEntry[],
	after: ElementEntry[],
	match: Map<ElementEntry, ElementEntry>
): Set<ElementEntry> {
	const moved = new Set<ElementEntry>();
	const containers = new Set(after.map((entry) => entry.parent));
	for (const container of containers) {
		const stayed = after.filter((entry) => {
			const old = match.get(entry);
			return entry.parent === container && old && sameContainer(old, entry, match);
		});
		const order = stayed.map((entry) => before.indexOf(match.get(entry)!));
		const kept = keptInOrder(order);
		stayed.forEach((entry, i) => {
			if (!kept.has(i)) moved.add(entry);
		});
	}
	return moved;
}

function sameContainer(
	before: ElementEntry,
	after: ElementEntry,
	match: Map<ElementEntry, ElementEntry>
): boolean {
	if (!before.parent || !after.parent) return !before.parent && !after.parent;
	return match.get(after.parent) === before.parent;
}

function moveDetail(
	after: ElementEntry[],
	entry: ElementEntry,
	old: ElementEntry,
	match: Map<ElementEntry, ElementEntry>
): string {
	if (!sameContainer(old, entry, match)) {
		return `Moved from ${containerLabel(old.parent)} to ${containerLabel(entry.parent)}.`;
	}
	const siblings = siblingsOf(after, entry);
	const previous = siblings[siblings.indexOf(entry) - 1];
	if (entry.kind === 'page') {
		return previous
			? `Page moved: now after page "${previous.name}".`
			: 'Page moved: now the first page.';
	}
	const where = containerLabel(entry.parent);
	return previous
		? `Moved within ${where}: now after "${previous.name}".`
		: `Moved within ${where}: now first.`;
}

/* ---------------------------------------------------------------------------------------------
 * The survey as a whole
 * ------------------------------------------------------------------------------------------- */

const surveyParts = new Set([
	'pages',
	'elements',
	'questions',
	'triggers',
	'calculatedValues',
	'completedHtmlOnCondition'
]);

function triggerLabel(trigger: Json): string {
	if (trigger.type === 'skip') return `Skip logic to "${String(trigger.gotoName ?? '')}"`;
	if (trigger.type === 'complete') return 'Early completion';
	return `Trigger "${String(trigger.type ?? '')}"${trigger.setToName ? ` for ${String(trigger.setToName)}` : ''}`;
}

function triggerChanges(before: unknown, after: unknown): Change[] {
	const list = (value: unknown) => (Array.isArray(value) ? value.filter(isJson) : []);
	const keyed = (triggers: Json[]) => {
		const seen = new Map<string, number>();
		return triggers.map((trigger) => {
			const base = `${String(trigger.type)}:${String(trigger.gotoName ?? trigger.setToName ?? '')}`;
			const n = (seen.get(base) ?? 0) + 1;
			seen.set(base, n);
			return [`${base}#${n}`, trigger] as const;
		});
	};
	const old = new Map(keyed(list(before)));
	const now = keyed(list(after));
	const changes: Change[] = [];
	for (const [key, trigger] of now) {
		const label = triggerLabel(trigger);
		const previous = old.get(key);
		old.delete(key);
		if (!previous) {
			changes.push({
				kind: 'added',
				aspect: 'logic',
				detail: `${label} added: ${String(trigger.expression ?? '').trim()}.`
			});
			continue;
		}
		const logic = logicChange(label, previous.expression, trigger.expression);
		if (logic) changes.push({ kind: 'changed', aspect: 'logic', detail: logic });
		const { expression: _a, ...oldRest } = previous;
		const { expression: _b, ...nowRest } = trigger;
		if (!same(oldRest, nowRest))
			changes.push({ kind: 'changed', aspect: 'logic', detail: `${label} changed.` });
	}
	for (const trigger of old.values()) {
		changes.push({
			kind: 'removed',
			aspect: 'logic',
			detail: `${triggerLabel(trigger)} removed (was ${String(trigger.expression ?? '').trim()}).`
		});
	}
	return changes;
}

function thankYouChanges(before: unknown, after: unknown): Change[] {
	const list = (value: unknown) => (Array.isArray(value) ? value.filter(isJson) : []);
	const [old, now] = [list(before), list(after)];
	const changes: Change[] = [];
	for (let i = 0; i < Math.max(old.length, now.length); i++) {
		const label = `Thank-you message ${i + 1}`;
		if (!old[i]) changes.push({ kind: 'added', aspect: 'survey', detail: `${label} added.` });
		else if (!now[i])
			changes.push({ kind: 'removed', aspect: 'survey', detail: `${label} removed.` });
		const logic = logicChange(`${label} condition`, old[i]?.expression, now[i]?.expression);
		if (logic && old[i] && now[i])
			changes.push({ kind: 'changed', aspect: 'logic', detail: logic });
		const text = old[i] && now[i] ? textChange(label, old[i]!.html, now[i]!.html) : null;
		if (text) changes.push({ kind: 'changed', aspect: 'survey', detail: text });
	}
	return changes;
}

function calculatedChanges(before: unknown, after: unknown): VersionChange[] {
	const list = (value: unknown) =>
		(Array.isArray(value) ? value.filter(isJson) : []).filter((v) => typeof v.name === 'string');
	const old = new Map(list(before).map((value) => [value.name as string, value]));
	const changes: VersionChange[] = [];
	for (const value of list(after)) {
		const element = value.name as string;
		const previous = old.get(element);
		old.delete(element);
		if (!previous) {
			changes.push({
				element,
				kind: 'added',
				aspect: 'logic',
				detail: `Calculated value added: ${String(value.expression ?? '').trim()}.`
			});
			continue;
		}
		const logic = logicChange('Calculated value', previous.expression, value.expression);
		if (logic) changes.push({ element, kind: 'changed', aspect: 'logic', detail: logic });
		if (Boolean(previous.includeIntoResult) !== Boolean(value.includeIntoResult)) {
			changes.push({
				element,
				kind: 'changed',
				aspect: 'property',
				detail: value.includeIntoResult
					? 'Now saved with the answers.'
					: 'No longer saved with the answers.'
			});
		}
	}
	for (const [element, value] of old) {
		changes.push({
			element,
			kind: 'removed',
			aspect: 'logic',
			detail: `Calculated value removed (was ${String(value.expression ?? '').trim()}).`
		});
	}
	return changes;
}

function surveyChanges(before: QuestionnaireJson, after: QuestionnaireJson): VersionChange[] {
	const changes: Change[] = [];
	const title = textChange('Title', before.title, after.title);
	if (title) changes.push({ kind: 'changed', aspect: 'title', detail: title });
	const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
	for (const key of keys) {
		if (key === 'title' || surveyParts.has(key) || same(before[key], after[key])) continue;
		const detail =
			(before[key] !== undefined && after[key] !== undefined
				? textChange(key, before[key], after[key])
				: null) ?? `${key}: ${shown(before[key])} → ${shown(after[key])}.`;
		changes.push({ kind: 'changed', aspect: 'survey', detail });
	}
	changes.push(...triggerChanges(before.triggers, after.triggers));
	changes.push(...thankYouChanges(before.completedHtmlOnCondition, after.completedHtmlOnCondition));
	return [
		...changes.map((change) => ({ element: '', ...change })),
		...calculatedChanges(before.calculatedValues, after.calculatedValues)
	];
}

/* ---------------------------------------------------------------------------------------------
 * Putting it together
 * ------------------------------------------------------------------------------------------- */

/**
 * Where each removed element is reported, by the order (in the new version) of the element it
 * follows, -1 for first: after everything of its nearest earlier sibling still there, else right
 * after its container; what was inside a removed container follows the container.
 */
function removalSlots(
	oldEntries: ElementEntry[],
	newOf: Map<ElementEntry, ElementEntry>
): Map<number, ElementEntry[]> {
	const removed = (entry: ElementEntry) => !newOf.has(entry);
	const insideRemoved = (entry: ElementEntry, top: ElementEntry) => {
		for (let at = entry; at !== top; at = at.parent!) if (!removed(at)) return false;
		return true;
	};
	// Several groups can share a slot: those opening a container come first, then those after
	// the deepest (latest) element.
	const groups: { at: number; rank: number; entries: ElementEntry[] }[] = [];
	for (const entry of oldEntries) {
		if (!removed(entry) || (entry.parent && removed(entry.parent))) continue;
		const entries = oldEntries.filter(
			(e) => e.order >= entry.order && e.order <= entry.end && insideRemoved(e, entry)
		);
		const previous = oldEntries
			.filter((e) => e.parent === entry.parent && e.order < entry.order && !removed(e))
			.at(-1);
		const parent = entry.parent && newOf.get(entry.parent);
		if (previous) {
			const anchor = newOf.get(previous)!;
			groups.push({ at: anchor.end, rank: -anchor.order, entries });
		} else if (parent) {
			groups.push({ at: parent.order, rank: -Infinity, entries });
		} else {
			groups.push({ at: -1, rank: -Infinity, entries });
		}
	}
	const slots = new Map<number, ElementEntry[]>();
	for (const group of groups.sort((a, b) => a.at - b.at || a.rank - b.rank)) {
		slots.set(group.at, [...(slots.get(group.at) ?? []), ...group.entries]);
	}
	return slots;
}

function addedOrRemoved(entry: ElementEntry, kind: 'added' | 'removed'): VersionChange {
	const noun = entry.kind[0]!.toUpperCase() + entry.kind.slice(1);
	const where = entry.parent
		? ` ${kind === 'added' ? 'on' : 'from'} ${containerLabel(entry.parent)}`
		: '';
	return {
		element: entry.name,
		kind,
		aspect: entry.kind,
		detail: `${noun} "${entry.name}" ${kind}${where}.`
	};
}

function matchedChanges(
	newEntries: ElementEntry[],
	entry: ElementEntry,
	old: ElementEntry,
	match: Map<ElementEntry, ElementEntry>,
	moved: Set<ElementEntry>
): VersionChange[] {
	const changes: VersionChange[] = [];
	if (moved.has(entry) || !sameContainer(old, entry, match)) {
		changes.push({
			element: entry.name,
			kind: 'moved',
			aspect: entry.kind,
			detail: moveDetail(newEntries, entry, old, match)
		});
	}
	for (const change of elementChanges(old, entry)) changes.push({ element: entry.name, ...change });
	return changes;
}

/**
 * Every change from `before` to `after`: the survey's own first, then element by element in the
 * document order of `after`, with removed elements where they used to be.
 */
export function diffQuestionnaires(
	before: QuestionnaireJson,
	after: QuestionnaireJson
): VersionChange[] {
	const [oldEntries, newEntries] = [elementsInOrder(before), elementsInOrder(after)];
	const oldByKey = byKey(oldEntries);
	/** New entry → old entry, and old entry → new entry. */
	const match = new Map<ElementEntry, ElementEntry>();
	const matched = new Map<ElementEntry, ElementEntry>();
	for (const entry of newEntries) {
		const old = entry.name ? oldByKey.get(keyOf(entry)) : undefined;
		if (old && !matched.has(old)) {
			match.set(entry, old);
			matched.set(old, entry);
		}
	}
	const moved = reordered(oldEntries, newEntries, match);
	const changes = surveyChanges(before, after);
	const slots = removalSlots(oldEntries, matched);
	const removals = (at: number) =>
		(slots.get(at) ?? []).map((entry) => addedOrRemoved(entry, 'removed'));
	changes.push(...removals(-1));
	for (const entry of newEntries) {
		const old = match.get(entry);
		if (!old) changes.push(addedOrRemoved(entry, 'added'));
		else changes.push(...matchedChanges(newEntries, entry, old, match, moved));
		changes.push(...removals(entry.order));
	}
	return changes;
}
