/**
 * Exporting an analysis dataset for other tools: CSV (codes, or value labels), XLSX (data and
 * codebook sheets), SPSS .sav (variable labels, value labels, user-missing codes, measurement
 * levels and the weight variable set as the file's weight), and Parquet with a codebook JSON for
 * R and Python. Labels are applied inside DuckDB with bound values; .sav and XLSX are built from
 * the rows in memory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Queryable } from '../../server/db/database.ts';
import { col, tableRef, type Dataset } from '../dataset.ts';
import type { VariableLabels } from '../workspace/variable-labels.ts';
import { writeSav, type SavWriteVariable } from './sav-writer.ts';
import { xlsx, type CellValue } from './xlsx.ts';
import { csvLine } from '../../csv.ts';

export type ExportFormat = 'csv' | 'parquet' | 'sav' | 'xlsx';
export const exportFormats: ExportFormat[] = ['csv', 'parquet', 'sav', 'xlsx'];

export interface ExportOptions {
	format: ExportFormat;
	/** CSV and XLSX: value labels instead of codes. */
	valueLabels?: boolean;
	/** The weight column, stated in the codebook and set as the .sav file's weight. */
	weightVariable?: string;
	title?: string;
}

export interface CodebookEntry {
	name: string;
	label: string;
	type: 'numeric' | 'text';
	values: { code: string; label: string }[];
	missing: string[];
	weight?: boolean;
}

export function codebookOf(
	dataset: Dataset,
	labels: VariableLabels,
	weightVariable?: string
): CodebookEntry[] {
	return [...dataset.columns].map(([name, kind]) => {
		const entry = labels.get(name);
		return {
			name,
			label: entry?.label ?? (name === weightVariable ? 'Weight' : name),
			type: kind === 'numeric' || kind === 'boolean' ? 'numeric' : 'text',
			values: [...(entry?.values ?? [])].map(([code, label]) => ({ code, label })),
			missing: entry?.missing ?? [],
			...(name === weightVariable ? { weight: true } : {})
		};
	});
}

/** SELECT list of the columns, as codes or (for labelled ones) their labels. */
function selectList(
	dataset: Dataset,
	codebook: CodebookEntry[],
	labelled: boolean
): { sql: string; params: string[] } {
	const params: string[] = [];
	const parts = codebook.map((entry) => {
		const column = col(dataset, entry.name);
		if (!labelled || entry.values.length === 0) return `${column}`;
		const whens = entry.values.map((value) => {
			params.push(value.code, value.label);
			return 'WHEN ? THEN ?';
		});
		// Codes of DOUBLE columns read "1.0" as text: compare them as "1".
		return `CASE regexp_replace(CAST(${column} AS VARCHAR), '\\.0$', '') ${whens.join(' ')} ELSE CAST(${column} AS VARCHAR) END AS ${column}`;
	});
	return { sql: parts.join(', '), params };
}

async function rowsOf(
	db: Queryable,
	dataset: Dataset,
	codebook: CodebookEntry[],
	labelled: boolean
) {
	const list = selectList(dataset, codebook, labelled);
	return db.all<Record<string, unknown>>({
		sql: `SELECT ${list.sql} FROM ${tableRef(dataset)}`,
		params: list.params
	});
}

const plain = (value: unknown): string | number | null =>
	value === null || value === undefined
		? null
		: typeof value === 'number' || typeof value === 'string'
			? value
			: typeof value === 'boolean'
				? Number(value)
				: value instanceof Date
					? value.toISOString()
					: String(value);

/** SPSS names: letters, digits and _ . @ # $, starting with a letter; unique regardless of case. */
export function spssNames(names: string[]): string[] {
	const used = new Set<string>();
	return names.map((name) => {
		let candidate = name.replace(/[^A-Za-z0-9_.@#$]/g, '_').replace(/\.+$/, '');
		if (!/^[A-Za-z@]/.test(candidate)) candidate = `v_${candidate}`;
		candidate = candidate.slice(0, 64);
		if (/^(ALL|AND|BY|EQ|GE|GT|LE|LT|NE|NOT|OR|TO|WITH)$/i.test(candidate))
			candidate = `${candidate}_`;
		let unique = candidate;
		for (let i = 2; used.has(unique.toLowerCase()); i++) unique = `${candidate.slice(0, 60)}_${i}`;
		used.add(unique.toLowerCase());
		return unique;
	});
}

function savBytes(
	rows: Record<string, unknown>[],
	codebook: CodebookEntry[],
	options: ExportOptions
): Uint8Array {
	const names = spssNames(codebook.map((entry) => entry.name));
	const variables: SavWriteVariable[] = codebook.map((entry, i) => {
		const numeric = entry.type === 'numeric';
		const numericCodes = entry.values.filter((v) => Number.isFinite(Number(v.code)));
		return {
			name: names[i]!,
			label: entry.label === entry.name ? null : entry.label,
			type: numeric ? 'numeric' : 'string',
			valueLabels: numeric
				? numericCodes.map((v) => ({ value: Number(v.code), label: v.label }))
				: entry.values
						.map((v) => ({ value: v.code, label: v.label }))
						.filter((v) => new TextEncoder().encode(v.value).length <= 255),
			missingValues: numeric
				? entry.missing.map(Number).filter(Number.isFinite).slice(0, 3)
				: entry.missing.filter((code) => code.length <= 8).slice(0, 3),
			measure: numeric ? (entry.values.length ? 'nominal' : 'scale') : 'nominal'
		};
	});
	const data = rows.map((row) =>
		codebook.map((entry) => {
			const value = plain(row[entry.name]);
			if (entry.type === 'numeric') return value === null ? null : Number(value);
			return value === null ? '' : String(value);
		})
	);
	const weightIndex = options.weightVariable
		? codebook.findIndex((e) => e.name === options.weightVariable)
		: -1;
	return writeSav({
		fileLabel: options.title?.slice(0, 60),
		variables,
		rows: data,
		weightVariable: weightIndex >= 0 ? names[weightIndex] : undefined
	});
}

function xlsxBytes(rows: Record<string, unknown>[], codebook: CodebookEntry[]): Uint8Array {
	const header: CellValue[] = codebook.map((entry) => ({ value: entry.name, style: 'header' }));
	const data: CellValue[][] = [
		header,
		...rows.map((row) => codebook.map((entry) => plain(row[entry.name])))
	];
	const book: CellValue[][] = [
		[
			{ value: 'name', style: 'header' },
			{ value: 'label', style: 'header' },
			{ value: 'type', style: 'header' },
			{ value: 'code', style: 'header' },
			{ value: 'value label', style: 'header' },
			{ value: 'missing', style: 'header' }
		],
		...codebook.flatMap((entry): CellValue[][] => [
			[entry.name, entry.label, entry.weight ? 'weight' : entry.type, '', '', ''],
			...entry.values.map((v): CellValue[] => [
				'',
				'',
				'',
				v.code,
				v.label,
				entry.missing.includes(v.code) ? 'missing' : ''
			])
		])
	];
	return xlsx([
		{ name: 'data', rows: data },
		{ name: 'codebook', rows: book, widths: [24, 60, 10, 8, 40, 10] }
	]);
}

/**
 * The export as files: one for CSV, XLSX and .sav; for Parquet the data and `<name>.codebook.json`.
 * `baseName` names them (without extension).
 */
export async function exportDataset(
	db: Queryable,
	dataset: Dataset,
	labels: VariableLabels,
	options: ExportOptions,
	baseName: string
): Promise<{ name: string; bytes: Uint8Array }[]> {
	const codebook = codebookOf(dataset, labels, options.weightVariable);
	if (options.format === 'parquet') {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'barometer-export-'));
		try {
			const file = path.join(dir, 'data.parquet');
			await db.run({ sql: `COPY ${tableRef(dataset)} TO ? (FORMAT parquet)`, params: [file] });
			return [
				{ name: `${baseName}.parquet`, bytes: new Uint8Array(fs.readFileSync(file)) },
				{
					name: `${baseName}.codebook.json`,
					bytes: new TextEncoder().encode(
						JSON.stringify(
							{
								title: options.title ?? baseName,
								weight: options.weightVariable ?? null,
								variables: codebook
							},
							null,
							2
						)
					)
				}
			];
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}
	const labelled = Boolean(options.valueLabels) && options.format !== 'sav';
	const rows = await rowsOf(db, dataset, codebook, labelled);
	if (options.format === 'sav')
		return [{ name: `${baseName}.sav`, bytes: savBytes(rows, codebook, options) }];
	if (options.format === 'xlsx')
		return [{ name: `${baseName}.xlsx`, bytes: xlsxBytes(rows, codebook) }];
	let csv = csvLine(codebook.map((entry) => entry.name));
	for (const row of rows) csv += csvLine(codebook.map((entry) => plain(row[entry.name])));
	return [{ name: `${baseName}.csv`, bytes: new TextEncoder().encode(csv) }];
}
