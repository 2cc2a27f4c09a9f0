/**
 * CSV writing (RFC 4180). Text that a spreadsheet would run as a formula (= + - @ at the start)
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
