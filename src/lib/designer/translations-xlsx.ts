/** Translation tables as XLSX workbooks (server side: the reader and writer use Node's zlib). */
import { xlsx } from '../analysis/io/xlsx.ts';
import { readXlsx, XlsxReadError } from '../analysis/io/xlsx-reader.ts';
import {
	rowsFromCells,
	tableCells,
	TranslationFileError,
	type TranslationRow
} from './translations.ts';

export function translationsToXlsx(rows: TranslationRow[], languages: string[]): Uint8Array {
	return xlsx([{ name: 'Translations', rows: tableCells(rows, languages) }]);
}

/** Reads the sheet named "Translations", or else the first sheet. */
export function translationsFromXlsx(bytes: Uint8Array): {
	rows: TranslationRow[];
	languages: string[];
} {
	let sheets;
	try {
		sheets = readXlsx(bytes);
	} catch (error) {
		if (error instanceof XlsxReadError) throw new TranslationFileError(error.message);
		throw error;
	}
	const sheet =
		sheets.find((candidate) => candidate.name.trim().toLowerCase() === 'translations') ?? sheets[0];
	if (!sheet) throw new TranslationFileError('The workbook has no sheets.');
	// A translator may type a number into a cell; its text is what they meant.
	const cells = sheet.rows.map((row) => row.map((value) => (value === null ? '' : String(value))));
	return rowsFromCells(cells);
}
