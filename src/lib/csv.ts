/**
 * CSV writing and reading (RFC 4180). Text that a spreadsheet would run as a formula (= + - @ at the start)
 * is prefixed with an apostrophe: exported answers are typed by the public.
 */
export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(value: CsvValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value !== 'string') return String(value);
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(values: CsvValue[]): string {
	return values.map(csvCell).join(',') + '\r\n';
}

export class CsvParseError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CsvParseError';
	}
}

/** The delimiter of the header line: Excel saves "CSV" with ";" in many locales. */
function delimiterOf(text: string): string {
	const header = text.slice(0, text.search(/\r|\n|$/));
	const counts = [',', ';', '\t'].map((delimiter) => [delimiter, header.split(delimiter).length]);
	return counts.reduce((best, next) => (next[1]! > best[1]! ? next : best))[0] as string;
}

/** Records of a CSV text (a leading byte-order mark is ignored; the delimiter is detected). */
export function parseCsv(input: string): string[][] {
	const text = input.replace(/^\uFEFF/, '');
	const delimiter = delimiterOf(text);
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i]!;
		if (quoted) {
			if (char !== '"') field += char;
			else if (text[i + 1] === '"') {
				field += '"';
				i++;
			} else quoted = false;
		} else if (char === '"') quoted = true;
		else if (char === delimiter) {
			record.push(field);
			field = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && text[i + 1] === '\n') i++;
			records.push([...record, field]);
			record = [];
			field = '';
		} else field += char;
	}
	if (quoted) throw new CsvParseError('The CSV file ends inside a quoted text.');
	if (field || record.length) records.push([...record, field]);
	return records;
}
