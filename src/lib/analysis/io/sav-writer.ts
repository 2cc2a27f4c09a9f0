/**
 * Writes SPSS system files (.sav) so that analysts can take Barometer data to SPSS, PSPP, R or
 * Stata with names, labels, value labels, missing values and measures intact. The layout follows
 * the PSPP manual's appendix "System File Format" (the same map sav-reader.ts reads by): always
 * UTF-8, little-endian IEEE doubles, uncompressed or bytecode-compressed data.
 *
 * This file validates the input and plans each variable (short names, segments, formats);
 * sav-writer-records.ts turns the plan into records. Invalid input throws an Error with one
 * plain sentence naming the variable, before anything is written.
 */
import {
	ByteWriter,
	packFormat,
	parseFormat,
	slotsOf,
	truncateUtf8,
	utf8,
	writeCases,
	writeDictionary,
	writeHeader,
	type Format,
	type PlannedVariable
} from './sav-writer-records.ts';

export interface SavWriteVariable {
	/**
	 * SPSS variable name, at most 64 bytes: letters, digits and _ . @ # $, starting with a letter
	 * or @ (not # or $, which PSPP rejects in a file), not ending with a full stop, not a reserved
	 * word such as BY or TO, unique without regard to case. Every name goes to the long names
	 * record (subtype 13); the 8-byte ASCII short names of the variable records are made up.
	 */
	name: string;
	/** Variable label; cut to 255 bytes. An empty label is no label. */
	label?: string | null;
	type: 'numeric' | 'string';
	/**
	 * String width in bytes (1..32767), ignored for numeric. Defaults to the width of an A format
	 * if one is given, else to the longest value in the rows. Strings wider than 255 bytes are
	 * written as very long strings (subtype 14). Longer values are cut at a character boundary.
	 */
	width?: number;
	/** Value labels (each label cut to 255 bytes); string values may not be wider than the variable. */
	valueLabels?: { value: number | string; label: string }[];
	/** Up to three discrete user-missing values; string ones at most 8 bytes. */
	missingValues?: (number | string)[];
	/** Defaults to nominal for strings and labelled numbers, scale for other numbers. */
	measure?: 'nominal' | 'ordinal' | 'scale';
	/**
	 * Print/write format such as 'F8.2', 'F3.0', 'DATE11'. Numeric default: F(w).0 when every
	 * value, value label value and missing value is an integer, else F8.2. Strings take only an
	 * A format and are always written as A(width).
	 */
	format?: string;
}

export interface SavWriteInput {
	/** Cut to 64 bytes. */
	fileLabel?: string;
	variables: SavWriteVariable[];
	/** Rows in variable order; null = system-missing (numeric) or empty string (string). */
	rows: (number | string | null)[][];
	/** The numeric variable that weights the cases (the header's weight_index); case does not count. */
	weightVariable?: string;
	/** Default 'bytecode'. */
	compression?: 'none' | 'bytecode';
}

/** Builds the bytes of a .sav file. Throws an Error with one plain sentence on invalid input. */
export function writeSav(input: SavWriteInput): Uint8Array {
	const compression = input.compression ?? 'bytecode';
	if (compression !== 'bytecode' && compression !== 'none') {
		throw new Error(`The compression must be 'none' or 'bytecode', not '${String(compression)}'.`);
	}
	if (!Array.isArray(input.variables) || input.variables.length === 0) {
		throw new Error('An SPSS file needs at least one variable.');
	}
	if (!Array.isArray(input.rows)) throw new Error('The rows must be an array of rows.');
	checkNamesAndTypes(input.variables);
	const cells = cellsOf(input.variables, input.rows);
	const variables = planVariables(input.variables, cells);
	const caseSize = variables.reduce(
		(n, v) => n + v.segments.reduce((m, s) => m + slotsOf(s.width), 0),
		0
	);

	const w = new ByteWriter();
	writeHeader(w, {
		caseSize,
		compressed: compression === 'bytecode',
		weightIndex: weightIndexOf(input.weightVariable, variables),
		cases: cells.length,
		label: input.fileLabel ?? ''
	});
	writeDictionary(w, variables);
	writeCases(w, variables, cells, compression === 'bytecode');
	return w.toBytes();
}

// --- Validation ---------------------------------------------------------------------------------

/** Words that cannot name a variable in SPSS syntax. */
const RESERVED = new Set('ALL AND BY EQ GE GT LE LT NE NOT OR TO WITH'.split(' '));
/**
 * A letter or @ first: PSPP refuses names from a file that start with # (a scratch variable in
 * syntax) or $ (a system variable such as $CASENUM), so those are refused here too.
 */
const NAME = /^[\p{L}@][\p{L}\p{M}\p{Nd}_.@#$]*$/u;

const describe = (value: unknown): string =>
	typeof value === 'string' ? `"${value}"` : String(value);

function checkNamesAndTypes(specs: SavWriteVariable[]): void {
	const seen = new Set<string>();
	for (const spec of specs) {
		const name: unknown = spec?.name;
		if (typeof name !== 'string' || !NAME.test(name) || name.endsWith('.')) {
			throw new Error(
				`The variable name ${describe(name)} is not valid: it must start with a letter or @, hold only letters, digits and _ . @ # $, and not end with a full stop.`
			);
		}
		if (utf8(name).length > 64) {
			throw new Error(`The variable name "${name}" is longer than 64 bytes.`);
		}
		if (RESERVED.has(name.toUpperCase())) {
			throw new Error(`The variable name "${name}" is a reserved word in SPSS syntax.`);
		}
		if (seen.has(name.toUpperCase())) {
			throw new Error(`The variable name "${name}" is used twice (case does not count).`);
		}
		seen.add(name.toUpperCase());
		if (spec.type !== 'numeric' && spec.type !== 'string') {
			throw new Error(
				`Variable "${name}" has type ${describe(spec.type)}, but it must be 'numeric' or 'string'.`
			);
		}
	}
}

/** Checks every row and turns string cells into UTF-8 (not yet cut to the variable width). */
function cellsOf(
	specs: SavWriteVariable[],
	rows: (number | string | null)[][]
): (number | Uint8Array | null)[][] {
	return rows.map((row, r) => {
		if (!Array.isArray(row) || row.length !== specs.length) {
			const count = Array.isArray(row) ? row.length : 0;
			throw new Error(`Row ${r + 1} has ${count} values, but there are ${specs.length} variables.`);
		}
		return row.map((cell, i) => {
			const spec = specs[i] as SavWriteVariable;
			if (cell === null) return null;
			if (spec.type === 'numeric') {
				if (typeof cell === 'number' && Number.isFinite(cell)) return cell;
				throw new Error(
					`Variable "${spec.name}" has a non-numeric value ${describe(cell)} in row ${r + 1}.`
				);
			}
			if (typeof cell === 'string') return utf8(cell);
			throw new Error(`Variable "${spec.name}" has a value that is not text in row ${r + 1}.`);
		});
	});
}

// --- Planning -----------------------------------------------------------------------------------

const MEASURES = { nominal: 1, ordinal: 2, scale: 3 } as const;
const MAX_WIDTH = 32767;

function planVariables(
	specs: SavWriteVariable[],
	cells: (number | Uint8Array | null)[][]
): PlannedVariable[] {
	const taken = new Set<string>();
	const planned = specs.map((spec, i) => {
		const column = cells.map((row) => row[i] ?? null);
		return spec.type === 'numeric'
			? planNumeric(spec, column as (number | null)[])
			: planString(spec, column as (Uint8Array | null)[], cells, i);
	});
	// Short names: first every variable's own, so generated segment names never take them.
	for (const v of planned) {
		const own = v.segments[0] as PlannedVariable['segments'][number];
		own.shortName = claim(shortNameBase(v.name), taken);
	}
	let dictionaryIndex = 1;
	for (const v of planned) {
		const own = v.segments[0]?.shortName ?? 'V';
		for (const segment of v.segments.slice(1)) segment.shortName = claim(own, taken);
		v.dictionaryIndex = dictionaryIndex;
		dictionaryIndex += v.segments.reduce((n, s) => n + slotsOf(s.width), 0);
	}
	return planned;
}

function commonPlan(spec: SavWriteVariable, numeric: boolean): PlannedVariable {
	const label: unknown = spec.label;
	if (label !== undefined && label !== null && typeof label !== 'string') {
		throw new Error(`Variable "${spec.name}" has a label that is not text.`);
	}
	const valueLabels: unknown = spec.valueLabels ?? [];
	if (!Array.isArray(valueLabels)) {
		throw new Error(`Variable "${spec.name}" has value labels that are not a list.`);
	}
	const missing: unknown = spec.missingValues ?? [];
	if (!Array.isArray(missing)) {
		throw new Error(`Variable "${spec.name}" has missing values that are not a list.`);
	}
	if (missing.length > 3) {
		throw new Error(
			`Variable "${spec.name}" has ${missing.length} missing values, but at most 3 are allowed.`
		);
	}
	let measure: number = numeric && valueLabels.length === 0 ? MEASURES.scale : MEASURES.nominal;
	if (spec.measure !== undefined) {
		measure = MEASURES[spec.measure] ?? 0;
		if (!measure) {
			throw new Error(
				`Variable "${spec.name}" has measure ${describe(spec.measure)}, but it must be nominal, ordinal or scale.`
			);
		}
	}
	return {
		name: spec.name,
		numeric,
		width: 0,
		segments: [],
		dictionaryIndex: 0,
		format: 0,
		label: label ? truncateUtf8(utf8(label), 255) : null,
		valueLabels: [],
		missing: [],
		measure
	};
}

/** Checks value labels' values with `valueOf` and refuses two labels for one value. */
function labelsOf(
	spec: SavWriteVariable,
	valueOf: (value: unknown) => number | Uint8Array
): PlannedVariable['valueLabels'] {
	const seen = new Set<string>();
	return (spec.valueLabels ?? []).map((entry) => {
		const value = valueOf(entry?.value);
		if (typeof entry?.label !== 'string') {
			throw new Error(`Variable "${spec.name}" has a value label that is not text.`);
		}
		const key = typeof value === 'number' ? String(value) : String(entry.value).trimEnd();
		if (seen.has(key)) {
			throw new Error(
				`Variable "${spec.name}" has two labels for the value ${describe(entry.value)}.`
			);
		}
		seen.add(key);
		return { value, label: truncateUtf8(utf8(entry.label), 255) };
	});
}

function planNumeric(spec: SavWriteVariable, column: (number | null)[]): PlannedVariable {
	const v = commonPlan(spec, true);
	const numberOf = (what: string) => (value: unknown) => {
		if (typeof value === 'number' && Number.isFinite(value)) return value;
		throw new Error(`Variable "${spec.name}" has a non-numeric ${what} ${describe(value)}.`);
	};
	v.valueLabels = labelsOf(spec, numberOf('value label value'));
	v.missing = (spec.missingValues ?? []).map(numberOf('missing value'));
	let format: Format | null;
	if (spec.format === undefined) {
		format = defaultFormat([
			...column,
			...(v.valueLabels.map((l) => l.value) as number[]),
			...(v.missing as number[])
		]);
	} else {
		format = parseFormat(String(spec.format));
		if (!format || format.type === 'A' || format.type === 'AHEX') {
			throw new Error(
				`Variable "${spec.name}" has format ${describe(spec.format)}, which is not a numeric SPSS format.`
			);
		}
	}
	v.format = packFormat(format);
	v.segments = [{ shortName: '', width: 0 }];
	return v;
}

/** F(w).0 when every value is an integer (w fits the longest), else F8.2. */
function defaultFormat(values: (number | null)[]): Format {
	let width = 0;
	for (const value of values) {
		if (value === null) continue;
		if (!Number.isInteger(value) || Math.abs(value) >= 1e15)
			return { type: 'F', width: 8, decimals: 2 };
		width = Math.max(width, String(value).length);
	}
	return width === 0 ? { type: 'F', width: 8, decimals: 2 } : { type: 'F', width, decimals: 0 };
}

function planString(
	spec: SavWriteVariable,
	column: (Uint8Array | null)[],
	cells: (number | Uint8Array | null)[][],
	index: number
): PlannedVariable {
	const v = commonPlan(spec, false);
	let formatWidth: number | undefined;
	if (spec.format !== undefined) {
		const format = parseFormat(String(spec.format));
		if (!format || format.type !== 'A') {
			throw new Error(
				`Variable "${spec.name}" has format ${describe(spec.format)}, which is not an A format for strings.`
			);
		}
		formatWidth = format.width;
	}
	const longest = column.reduce((n, cell) => Math.max(n, cell?.length ?? 0), 1);
	const width = spec.width ?? formatWidth ?? Math.min(MAX_WIDTH, longest);
	if (!Number.isInteger(width) || width < 1 || width > MAX_WIDTH) {
		throw new Error(
			`Variable "${spec.name}" has width ${describe(width)}, but a string width must be a whole number from 1 to 32767.`
		);
	}
	v.width = width;
	const textOf = (what: string, max: number) => (value: unknown) => {
		if (typeof value !== 'string') {
			throw new Error(`Variable "${spec.name}" has a ${what} ${describe(value)} that is not text.`);
		}
		const bytes = utf8(value);
		if (bytes.length > max) {
			throw new Error(
				`Variable "${spec.name}" has the ${what} "${value}", which is longer than ${max} byte${max === 1 ? '' : 's'}.`
			);
		}
		return bytes;
	};
	v.valueLabels = labelsOf(spec, textOf('value label value', width));
	v.missing = (spec.missingValues ?? []).map(textOf('missing value', Math.min(width, 8)));
	// "Very Long String Record": one segment per 252 bytes; all but the last are 255 wide.
	const count = width > 255 ? Math.ceil(width / 252) : 1;
	v.segments = Array.from({ length: count }, (_, s) => ({
		shortName: '',
		width: s < count - 1 ? 255 : width - s * 252
	}));
	for (const row of cells) {
		const cell = row[index];
		if (cell instanceof Uint8Array) row[index] = truncateUtf8(cell, width);
	}
	return v;
}

/** An 8-byte ASCII short name from the long one: upper case, SPSS characters only. */
function shortNameBase(name: string): string {
	const kept = name
		.toUpperCase()
		.replace(/[^A-Z0-9_.@#$]/g, '')
		.slice(0, 8);
	return /^[A-Z@]/.test(kept) ? kept : 'V';
}

/** `base`, or `base` cut and numbered (AWARE_P1, AWARE_P2…) until it is unused. */
function claim(base: string, taken: Set<string>): string {
	let name = base;
	for (let k = 1; taken.has(name) || RESERVED.has(name); k++) {
		const suffix = String(k);
		name = base.slice(0, 8 - suffix.length) + suffix;
	}
	taken.add(name);
	return name;
}

function weightIndexOf(name: string | undefined, variables: PlannedVariable[]): number {
	if (name === undefined) return 0;
	const weight = variables.find((v) => v.name.toUpperCase() === String(name).toUpperCase());
	if (!weight) throw new Error(`The weight variable "${name}" is not one of the variables.`);
	if (!weight.numeric) {
		throw new Error(`The weight variable "${weight.name}" is a string, but it must be numeric.`);
	}
	return weight.dictionaryIndex;
}
