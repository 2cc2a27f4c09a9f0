/**
 * The translation table of a questionnaire: one row per localisable string (titles, choices,
 * matrix rows and columns, validator messages, completion texts, …), one column per language,
 * so that translators can work in a spreadsheet and their work can be merged back. Which
 * properties are localisable comes from survey-core's own metadata, so nothing is missed.
 * XLSX files are in translations-xlsx.ts: they need Node's zlib, and this module runs in the
 * browser too.
 */
import { CsvParseError, parseCsv } from '../csv.ts';
import { Serializer } from 'survey-core';
// Barometer's own localisable properties (the over-quota and screened-out texts) have rows too.
import '../survey/properties.ts';
import type { QuestionnaireJson } from '../survey/questionnaire.ts';

export interface TranslationRow {
	/** A stable path to the string, e.g. `q:aware/choice:3`. */
	key: string;
	/** The survey element the string belongs to ("survey", a page, panel or question name). */
	element: string;
	/** What the string is within that element, e.g. `title` or `choice:3`. */
	property: string;
	/** Text by language code; the default language under its code, '' where there is none. */
	texts: Record<string, string>;
}

export class TranslationFileError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TranslationFileError';
	}
}

type JsonObject = Record<string, unknown>;
type Localised = string | Record<string, string>;

/** One localisable string in the JSON, read and written where it lives. */
interface Slot {
	key: string;
	element: string;
	property: string;
	value: Localised;
	write(value: Localised): void;
}

const isObject = (value: unknown): value is JsonObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const isLocalised = (value: unknown): value is Localised =>
	typeof value === 'string' ||
	(isObject(value) && Object.values(value).every((text) => typeof text === 'string'));

/** Short names for item arrays in keys: `choice:3` rather than `choices:3`. */
const itemSegments: Record<string, string> = {
	choices: 'choice',
	rows: 'row',
	columns: 'column',
	rateValues: 'rate',
	items: 'item',
	validators: 'validator'
};
const elementArrays = new Set(['elements', 'templateElements', 'questions']);

/** The survey element a string belongs to: its key prefix (`q:aware`) and its name. */
interface Owner {
	prefix: string;
	element: string;
}

class SlotCollector {
	readonly slots: Slot[] = [];

	survey(json: JsonObject): void {
		this.object(json, 'survey', { prefix: 'survey', element: 'survey' });
		const pages = Array.isArray(json.pages) ? json.pages : [];
		pages.forEach((page, index) => {
			if (!isObject(page)) return;
			const name = typeof page.name === 'string' ? page.name : `#${index + 1}`;
			this.object(page, 'page', { prefix: `page:${name}`, element: name });
		});
	}

	private elements(list: unknown[]): void {
		list.forEach((element, index) => {
			if (!isObject(element)) return;
			const type = typeof element.type === 'string' ? element.type : 'question';
			const className = Serializer.findClass(type) ? type : 'question';
			const name = typeof element.name === 'string' ? element.name : `#${index + 1}`;
			const kind = Serializer.isDescendantOf(className, 'panelbase') ? 'panel' : 'q';
			this.object(element, className, { prefix: `${kind}:${name}`, element: name });
		});
	}

	private object(
		object: JsonObject,
		className: string,
		owner: Owner,
		path = owner.prefix,
		isItemValue = false
	): void {
		const properties = Serializer.getProperties(className);
		// Own strings first, then nested ones, so that rows follow the questionnaire's order.
		for (const property of properties) {
			const value = object[property.name];
			if (!property.isLocalizable || !isLocalised(value)) continue;
			// An item's text is the item itself: `q:aware/choice:3`, not `…/choice:3/text`.
			const key = isItemValue && property.name === 'text' ? path : `${path}/${property.name}`;
			this.add(owner, key, value, (text) => (object[property.name] = text));
		}
		for (const property of properties) {
			const value = object[property.name];
			if (!Array.isArray(value) || property.name === 'pages') continue;
			if (elementArrays.has(property.name)) this.elements(value);
			else this.items(value, property, owner, path);
		}
	}

	private items(
		list: unknown[],
		property: { name: string; className?: string; classNamePart?: string },
		owner: Owner,
		path: string
	): void {
		const segment = itemSegments[property.name] ?? property.name;
		list.forEach((item, index) => {
			// Validators and triggers name their class by type: "expression" + "validator".
			const className = property.classNamePart
				? `${isObject(item) ? item.type : ''}${property.classNamePart}`
				: property.className;
			if (!className) return;
			const isItemValue = Serializer.isDescendantOf(className, 'itemvalue');
			if (isObject(item)) {
				const id = isItemValue ? item.value : (item.name ?? index + 1);
				this.object(item, className, owner, `${path}/${segment}:${String(id)}`, isItemValue);
			} else if (isItemValue && (typeof item === 'string' || typeof item === 'number')) {
				// A bare item ("3" or "3|Text") shows its value as text until it is translated.
				const [value, text] = splitBareItem(item);
				this.add(owner, `${path}/${segment}:${String(value)}`, text, (localised) => {
					list[index] = { value, text: localised };
				});
			}
		});
	}

	private add(owner: Owner, key: string, value: Localised, write: Slot['write']): void {
		const property = key.slice(owner.prefix.length + 1);
		this.slots.push({ key, element: owner.element, property, value, write });
	}
}

function splitBareItem(item: string | number): [string | number, string] {
	if (typeof item === 'number') return [item, String(item)];
	const bar = item.indexOf('|');
	return bar < 0 ? [item, item] : [item.slice(0, bar), item.slice(bar + 1)];
}

function slotsOf(json: QuestionnaireJson): Slot[] {
	const collector = new SlotCollector();
	collector.survey(json);
	return collector.slots;
}

const defaultLanguageOf = (json: QuestionnaireJson) =>
	typeof json.locale === 'string' && json.locale ? json.locale : 'en';

function textIn(value: Localised, language: string, defaultLanguage: string): string {
	if (typeof value === 'string') return language === defaultLanguage ? value : '';
	if (language === defaultLanguage) return value.default ?? value[defaultLanguage] ?? '';
	return value[language] ?? '';
}

/** The default language first, then every other language some string is translated into. */
export function questionnaireLanguages(json: QuestionnaireJson): string[] {
	const defaultLanguage = defaultLanguageOf(json);
	const languages = [defaultLanguage];
	for (const { value } of slotsOf(json)) {
		if (typeof value === 'string') continue;
		for (const key of Object.keys(value)) {
			if (key !== 'default' && !languages.includes(key)) languages.push(key);
		}
	}
	return languages;
}

export function translationRows(json: QuestionnaireJson, languages: string[]): TranslationRow[] {
	const defaultLanguage = defaultLanguageOf(json);
	return slotsOf(json).map(({ key, element, property, value }) => ({
		key,
		element,
		property,
		texts: Object.fromEntries(
			languages.map((language) => [language, textIn(value, language, defaultLanguage)])
		)
	}));
}

/** Per language, how many strings that have a text in some language lack one in this one. */
export function missingTranslations(
	rows: TranslationRow[],
	languages: string[]
): Record<string, number> {
	return Object.fromEntries(
		languages.map((language) => [
			language,
			rows.filter((row) => !row.texts[language] && Object.values(row.texts).some(Boolean)).length
		])
	);
}

function merge(
	current: Localised,
	texts: Record<string, string>,
	languages: string[],
	defaultLanguage: string
): Localised {
	const merged: Record<string, string> =
		typeof current === 'string' ? { default: current } : { ...current };
	// Some JSON names the default language's text by its code instead of "default".
	const defaultKey =
		'default' in merged || !(defaultLanguage in merged) ? 'default' : defaultLanguage;
	for (const language of languages) {
		const text = texts[language];
		if (text === undefined) continue;
		if (language === defaultLanguage) {
			// An empty cell never erases the source text.
			if (text) merged[defaultKey] = text;
		} else if (text) merged[language] = text;
		else delete merged[language];
	}
	const keys = Object.keys(merged);
	return typeof current === 'string' && keys.length === 1 && keys[0] === 'default'
		? merged.default!
		: merged;
}

/**
 * A copy of the questionnaire with the table's texts in the given languages. An empty cell
 * removes that translation; rows whose key the questionnaire does not have are reported.
 */
export function applyTranslations(
	json: QuestionnaireJson,
	rows: TranslationRow[],
	languages: string[]
): { json: QuestionnaireJson; unknownKeys: string[] } {
	const copy = structuredClone(json);
	const defaultLanguage = defaultLanguageOf(copy);
	const slots = new Map(slotsOf(copy).map((slot) => [slot.key, slot]));
	const unknownKeys: string[] = [];
	for (const row of rows) {
		const slot = slots.get(row.key);
		if (!slot) {
			unknownKeys.push(row.key);
			continue;
		}
		const merged = merge(slot.value, row.texts, languages, defaultLanguage);
		// Untouched strings keep their form (a bare choice stays bare).
		if (JSON.stringify(merged) === JSON.stringify(slot.value)) continue;
		slot.value = merged;
		slot.write(merged);
	}
	return { json: copy, unknownKeys };
}

const fixedColumns = ['key', 'element', 'property'];

/** The table as spreadsheet cells: a header row, then one row per string. */
export function tableCells(rows: TranslationRow[], languages: string[]): string[][] {
	return [
		[...fixedColumns, ...languages],
		...rows.map((row) => [
			row.key,
			row.element,
			row.property,
			...languages.map((language) => row.texts[language] ?? '')
		])
	];
}

/** Rows and languages from spreadsheet cells; the header names the columns. */
export function rowsFromCells(cells: string[][]): { rows: TranslationRow[]; languages: string[] } {
	const header = (cells[0] ?? []).map((name) => name.trim());
	const column = (name: string) => header.findIndex((cell) => cell.toLowerCase() === name);
	const [keyAt, elementAt, propertyAt] = fixedColumns.map(column) as [number, number, number];
	if (keyAt < 0) throw new TranslationFileError('The translation table has no "key" column.');
	const languageColumns = header
		.map((name, index) => [name, index] as const)
		.filter(([name, index]) => name && ![keyAt, elementAt, propertyAt].includes(index));
	const rows: TranslationRow[] = [];
	for (const cellsOfRow of cells.slice(1)) {
		const key = cellsOfRow[keyAt]?.trim();
		if (!key) continue;
		rows.push({
			key,
			element: cellsOfRow[elementAt] ?? '',
			property: cellsOfRow[propertyAt] ?? '',
			texts: Object.fromEntries(languageColumns.map(([name, at]) => [name, cellsOfRow[at] ?? '']))
		});
	}
	return { rows, languages: languageColumns.map(([name]) => name) };
}

function csvField(text: string): string {
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV (RFC 4180, CRLF) with a byte-order mark, so that Excel opens it as UTF-8. */
export function translationsToCsv(rows: TranslationRow[], languages: string[]): string {
	const lines = tableCells(rows, languages).map((cells) => cells.map(csvField).join(','));
	return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function translationsFromCsv(text: string): { rows: TranslationRow[]; languages: string[] } {
	try {
		return rowsFromCells(parseCsv(text));
	} catch (error) {
		if (error instanceof CsvParseError) throw new TranslationFileError(error.message);
		throw error;
	}
}
