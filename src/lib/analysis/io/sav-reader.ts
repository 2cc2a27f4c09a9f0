/**
 * Reads SPSS system files (.sav, and ZLIB-compressed .zsav) into variables with their labels and
 * rows of plain values, following the PSPP manual's appendix "System File Format". The record
 * parsers live in sav-records.ts and the data decoding in sav-data.ts; this file assembles the
 * variables: very long strings, long names, labels, missing values and measures.
 */
import { readCases, type Layout } from './sav-data.ts';
import {
	DBL_MAX,
	expectedCases,
	float64Of,
	floatInfo,
	formatName,
	keyValuePairs,
	OLD_LOWEST,
	readDictionary,
	readHeader,
	readLongStringMissingValues,
	readLongStringValueLabels,
	readMeasures,
	resolveEncoding,
	textDecoder,
	trimRight,
	type Decode,
	type Dictionary,
	type FloatInfo,
	type VariableRecord
} from './sav-records.ts';

export interface SavVariable {
	name: string;
	label: string | null;
	type: 'numeric' | 'string';
	/** String width in bytes; 0 for numeric. */
	width: number;
	valueLabels: { value: number | string; label: string }[];
	missingValues: (number | string)[];
	/** LOWEST and HIGHEST ends are given as -Infinity and Infinity. */
	missingRange?: { low: number; high: number };
	measure: 'nominal' | 'ordinal' | 'scale' | 'unknown';
	/** Print format, e.g. F8.2, A20, DATE11. */
	format: string;
}

export interface SavFile {
	/** The WHATWG name of the encoding the strings were decoded with, e.g. utf-8, windows-1252. */
	encoding: string;
	fileLabel: string;
	caseCount: number;
	variables: SavVariable[];
	/** System-missing numeric → null; strings right-trimmed. */
	rows: (number | string | null)[][];
	/** Lines of the "Document Record" (DOCUMENT command), right-trimmed. */
	documents: string[];
}

/** Reads a whole .sav or .zsav file. Throws an Error with one plain sentence when it cannot. */
export function readSav(bytes: Uint8Array): SavFile {
	const { header, cursor } = readHeader(bytes);
	const dictionary = readDictionary(cursor);
	const le = header.littleEndian;
	const extensions = (subtype: number) =>
		dictionary.extensions.filter((e) => e.subtype === subtype);
	const floats = floatInfo(extensions(4)[0], le);
	const { encoding, decode } = textDecoder(
		resolveEncoding(extensions(20)[0], extensions(3)[0], le)
	);

	const { variables, layouts } = buildVariables(dictionary, le, decode, floats);
	const rows = readCases(
		cursor,
		header,
		floats.sysmis,
		dictionary.variables.map((v) => v.type === 0),
		layouts,
		decode,
		expectedCases(header, extensions(16)[0], le)
	);

	return {
		encoding,
		fileLabel: trimRight(decode(header.fileLabel)),
		caseCount: rows.length,
		variables,
		rows,
		documents: dictionary.documents.map((line) => trimRight(decode(line)))
	};
}

// --- Variables ----------------------------------------------------------------------------------

/** A variable record that is not a continuation, with the 8-byte slots it spans in each case. */
interface Entry {
	record: VariableRecord;
	firstSlot: number;
	shortName: string;
}

function entriesOf(records: VariableRecord[]): Entry[] {
	const entries: Entry[] = [];
	records.forEach((record, slot) => {
		if (record.type === -1) return; // continuation: its 8 bytes belong to the previous entry
		const shortName = String.fromCharCode(...record.shortName)
			.trim()
			.toUpperCase();
		entries.push({ record, firstSlot: slot, shortName });
	});
	return entries;
}

const MEASURES = ['unknown', 'nominal', 'ordinal', 'scale'] as const;

function buildVariables(
	dictionary: Dictionary,
	le: boolean,
	decode: Decode,
	floats: FloatInfo
): { variables: SavVariable[]; layouts: Layout[] } {
	const ext = (subtype: number) => dictionary.extensions.find((e) => e.subtype === subtype);
	const entries = entriesOf(dictionary.variables);
	const longNames = keyValuePairs(ext(13), decode);
	const veryLongWidths = keyValuePairs(ext(14), decode);
	const display = ext(11);
	// The manual notes SPSS sometimes writes measure 0; PSPP guesses nominal, we say 'unknown'.
	const measures = display ? readMeasures(display, le, entries.length) : [];

	const variables: SavVariable[] = [];
	const layouts: Layout[] = [];
	const shortNames: string[] = [];
	const variableAtSlot = new Map<number, number>();
	for (let i = 0; i < entries.length; i++) {
		const entry = entries[i] as Entry;
		const numeric = entry.record.type === 0;
		// "Very Long String Record": the segments are the entries that follow the named one.
		const veryLong = Number.parseInt(veryLongWidths.get(entry.shortName) ?? '', 10);
		const segmentCount = !numeric && veryLong > 255 ? Math.floor((veryLong + 251) / 252) : 1;
		const segments = entries.slice(i, i + segmentCount);
		const width = numeric ? 0 : segmentCount > 1 ? veryLong : entry.record.type;
		variableAtSlot.set(entry.firstSlot, variables.length);
		shortNames.push(entry.shortName);
		layouts.push({
			numeric,
			width,
			segments: segments.map((s) => ({ firstSlot: s.firstSlot, width: s.record.type }))
		});
		variables.push({
			name: longNames.get(entry.shortName) ?? entry.shortName,
			label: entry.record.label ? decode(entry.record.label) : null,
			type: numeric ? 'numeric' : 'string',
			width,
			valueLabels: [],
			missingValues: [],
			measure: MEASURES[measures[i] ?? 0] ?? 'unknown',
			format: formatName(entry.record.print, width)
		});
		applyMissing(variables.at(-1) as SavVariable, entry.record, le, decode, floats);
		i += segmentCount - 1;
	}
	applyValueLabels(dictionary, variables, variableAtSlot, le, decode);
	applyLongStringRecords(dictionary, variables, shortNames, le, decode);
	return { variables, layouts };
}

/** A short string value from 8 raw bytes: only the variable's width counts, then trimmed. */
function stringValue(bytes: Uint8Array, width: number, decode: Decode): string {
	return trimRight(decode(bytes.subarray(0, Math.min(width, bytes.length))));
}

/** Missing values of the "Variable Record": discrete values, a range, or a range plus one value. */
function applyMissing(
	variable: SavVariable,
	record: VariableRecord,
	le: boolean,
	decode: Decode,
	floats: FloatInfo
): void {
	if (variable.type === 'string') {
		variable.missingValues = record.missing.map((m) => stringValue(m, variable.width, decode));
		return;
	}
	const values = record.missing.map((m) => float64Of(m, le));
	if (record.missingCode >= 0) {
		variable.missingValues = values;
		return;
	}
	const [low = 0, high = 0, ...discrete] = values;
	const isLowest = low === floats.lowest || low === -DBL_MAX || low === OLD_LOWEST;
	variable.missingRange = {
		low: isLowest ? -Infinity : low,
		high: high === floats.highest || high === DBL_MAX ? Infinity : high
	};
	variable.missingValues = discrete;
}

/** "Value Labels Records": each set applies to the variables at the listed dictionary indexes. */
function applyValueLabels(
	dictionary: Dictionary,
	variables: SavVariable[],
	variableAtSlot: Map<number, number>,
	le: boolean,
	decode: Decode
): void {
	for (const set of dictionary.valueLabelSets) {
		for (const index of set.indexes) {
			const variable = variables[variableAtSlot.get(index - 1) ?? -1];
			if (!variable) continue; // a continuation or out of range: the manual says to ignore such
			for (const { value, label } of set.labels) {
				variable.valueLabels.push({
					value:
						variable.type === 'numeric'
							? float64Of(value, le)
							: stringValue(value, variable.width, decode),
					label: decode(label)
				});
			}
		}
	}
}

/**
 * "Long String Value Labels Record" (21) and "Long String Missing Values Record" (22) name their
 * variable; PSPP writes the long name, older writers may use the short one, so both are matched.
 */
function applyLongStringRecords(
	dictionary: Dictionary,
	variables: SavVariable[],
	shortNames: string[],
	le: boolean,
	decode: Decode
): void {
	const byName = new Map<string, SavVariable>();
	variables.forEach((v, i) => {
		const short = shortNames[i];
		if (short !== undefined && !byName.has(short)) byName.set(short, v);
	});
	variables.forEach((v) => byName.set(v.name.toUpperCase(), v));
	const find = (name: Uint8Array) => byName.get(decode(name).trim().toUpperCase());

	for (const record of dictionary.extensions.filter((e) => e.subtype === 21)) {
		for (const { name, labels } of readLongStringValueLabels(record, le)) {
			const variable = find(name);
			if (!variable || variable.type !== 'string') continue;
			for (const { value, label } of labels) {
				variable.valueLabels.push({ value: trimRight(decode(value)), label: decode(label) });
			}
		}
	}
	for (const record of dictionary.extensions.filter((e) => e.subtype === 22)) {
		for (const { name, values } of readLongStringMissingValues(record, le)) {
			const variable = find(name);
			if (!variable || variable.type !== 'string') continue;
			variable.missingValues.push(...values.map((v) => trimRight(decode(v))));
		}
	}
}
