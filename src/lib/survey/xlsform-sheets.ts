/**
 * The sheets of an XLSForm as tables of trimmed text, and the languages of its translated
 * columns (`label::English (en)`, `hint::ka`, …).
 */
import type { XlsxCellValue, XlsxSheetData } from '../analysis/io/xlsx-reader.ts';

export interface SheetRecord {
	/** The spreadsheet row number (1 is the header). */
	row: number;
	get(column: string): string;
}

export interface SheetTable {
	/** Every non-empty header, as written. */
	headers: string[];
	records: SheetRecord[];
	/** The header of a column by its lower-case name ("type", "list_name"), if present. */
	column(name: string): string | undefined;
}

function cellText(value: XlsxCellValue): string {
	if (value === null) return '';
	return typeof value === 'string' ? value.trim() : String(value);
}

/** The first non-empty row is the header; rows with no text at all are left out. */
export function readTable(sheet: XlsxSheetData): SheetTable {
	const headerIndex = sheet.rows.findIndex((row) => row.some((cell) => cellText(cell) !== ''));
	const header = headerIndex < 0 ? [] : sheet.rows[headerIndex]!.map(cellText);
	const records: SheetRecord[] = [];
	for (let index = headerIndex + 1; headerIndex >= 0 && index < sheet.rows.length; index++) {
		const cells = new Map<string, string>();
		sheet.rows[index]!.forEach((value, column) => {
			const name = header[column];
			const text = cellText(value);
			if (name && text && !cells.has(name)) cells.set(name, text);
		});
		if (cells.size) records.push({ row: index + 1, get: (column) => cells.get(column) ?? '' });
	}
	const headers = header.filter(Boolean);
	const byName = new Map(headers.map((name) => [name.toLowerCase(), name]));
	return { headers, records, column: (name) => byName.get(name) };
}

/** A column name split into its property and the language after `::`, if any. */
export function splitColumn(header: string): { base: string; language?: string } {
	const separator = header.indexOf('::');
	if (separator < 0) return { base: header.trim().toLowerCase() };
	return {
		base: header.slice(0, separator).trim().toLowerCase(),
		language: header.slice(separator + 2).trim()
	};
}

/** English names of languages often written without a code (`label::Georgian`). */
const codesByName: Record<string, string> = {
	arabic: 'ar',
	armenian: 'hy',
	azerbaijani: 'az',
	english: 'en',
	french: 'fr',
	georgian: 'ka',
	german: 'de',
	portuguese: 'pt',
	russian: 'ru',
	spanish: 'es',
	turkish: 'tr',
	ukrainian: 'uk'
};

/** The language code in "English (en)", "en" or "English"; undefined when there is none. */
export function languageCode(spec: string): string | undefined {
	const code = /\(\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)\s*\)\s*$/.exec(spec)?.[1];
	if (code) return code.toLowerCase();
	if (/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*$/.test(spec.trim())) return spec.trim().toLowerCase();
	return codesByName[spec.trim().toLowerCase()];
}

export type LocalisedText = string | Record<string, string>;

/**
 * Reads the translated columns of a table. The plain column (`label`) holds the default
 * language; a language column for the default language takes precedence over it.
 */
export class LocalisedColumns {
	private columns = new Map<string, { header: string; code: string }[]>();

	constructor(
		table: SheetTable,
		private defaultLanguage: string,
		codes: Map<string, string>
	) {
		const plain: [string, string][] = [];
		for (const header of table.headers) {
			const { base, language } = splitColumn(header);
			if (language === undefined) plain.push([base, header]);
			else if (codes.has(language)) this.add(base, header, codes.get(language)!);
		}
		for (const [base, header] of plain) this.add(base, header, defaultLanguage);
	}

	private add(base: string, header: string, code: string): void {
		this.columns.set(base, [...(this.columns.get(base) ?? []), { header, code }]);
	}

	/** The text in each language, as a plain string when there is only the default language. */
	text(record: SheetRecord, base: string): LocalisedText | undefined {
		const texts: Record<string, string> = {};
		for (const { header, code } of this.columns.get(base) ?? []) {
			const value = record.get(header);
			if (value && texts[code] === undefined) texts[code] = value;
		}
		const { [this.defaultLanguage]: own, ...others } = texts;
		// Without a default-language text SurveyJS would show the name; any translation is better.
		const fallback = own ?? Object.values(others)[0];
		if (fallback === undefined) return undefined;
		return Object.keys(others).length ? { default: fallback, ...others } : fallback;
	}
}

/** Applies `rewrite` to the default text and every translation. */
export function mapText(text: LocalisedText, rewrite: (value: string) => string): LocalisedText {
	if (typeof text === 'string') return rewrite(text);
	return Object.fromEntries(Object.entries(text).map(([key, value]) => [key, rewrite(value)]));
}
