/**
 * Loading a data file into the DuckDB table the engine analyses: CSV and Parquet through DuckDB's
 * readers, SPSS .sav/.zsav through our reader (variable and value labels kept as a codebook).
 * The file path is always a bound parameter.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Queryable } from '../../server/db/database.ts';
import { quoteIdent } from '../../server/db/sql.ts';
import { describeDataset, type Dataset } from '../dataset.ts';
import { readSav, type SavFile } from './sav-reader.ts';

export interface LoadedData {
	dataset: Dataset;
	/** Variable and value labels, when the file carries them (.sav). */
	labels: Map<string, { label: string | null; values: Map<string, string> }>;
}

export class DataFileError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DataFileError';
	}
}

export async function loadDataFile(
	db: Queryable,
	file: string,
	table = 'data'
): Promise<LoadedData> {
	if (!fs.existsSync(file)) throw new DataFileError(`The data file ${file} does not exist.`);
	const extension = path.extname(file).toLowerCase();
	const name = quoteIdent(table, [table]);
	if (extension === '.csv' || extension === '.tsv' || extension === '.txt') {
		await db.run({
			sql: `CREATE OR REPLACE TABLE ${name} AS SELECT * FROM read_csv(?, header = true)`,
			params: [file]
		});
	} else if (extension === '.parquet') {
		await db.run({
			sql: `CREATE OR REPLACE TABLE ${name} AS SELECT * FROM read_parquet(?)`,
			params: [file]
		});
	} else if (extension === '.sav' || extension === '.zsav') {
		const sav = readSav(new Uint8Array(fs.readFileSync(file)));
		await insertSav(db, table, sav);
		return { dataset: await describeDataset(db, table), labels: savLabels(sav) };
	} else {
		throw new DataFileError(
			`Cannot read ${path.basename(file)}: use a .csv, .parquet or .sav file.`
		);
	}
	return { dataset: await describeDataset(db, table), labels: new Map() };
}

function savLabels(sav: SavFile): LoadedData['labels'] {
	return new Map(
		sav.variables.map((variable) => [
			variable.name,
			{
				label: variable.label,
				values: new Map(variable.valueLabels.map((value) => [String(value.value), value.label]))
			}
		])
	);
}

/** Creates the table from the .sav dictionary and inserts the cases in chunks of bound JSON. */
async function insertSav(db: Queryable, table: string, sav: SavFile): Promise<void> {
	const names = sav.variables.map((variable) => variable.name);
	const quoted = (name: string) => quoteIdent(name, names);
	const tableName = quoteIdent(table, [table]);
	const columns = sav.variables.map(
		(v) => `${quoted(v.name)} ${v.type === 'numeric' ? 'DOUBLE' : 'VARCHAR'}`
	);
	await db.run({ sql: `CREATE OR REPLACE TABLE ${tableName} (${columns.join(', ')})`, params: [] });
	const extract = sav.variables.map(
		(v, i) => `(r->>${i})::${v.type === 'numeric' ? 'DOUBLE' : 'VARCHAR'}`
	);
	const chunk = 20_000;
	for (let start = 0; start < sav.rows.length; start += chunk) {
		const rows = sav.rows.slice(start, start + chunk).map((row) =>
			// A user-missing code stays a value here; the codebook says which codes are missing.
			row.map((value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value))
		);
		await db.run({
			sql: `INSERT INTO ${tableName} SELECT ${extract.join(', ')} FROM (SELECT unnest(CAST(? AS JSON[])) AS r)`,
			params: [JSON.stringify(rows)]
		});
	}
}

/** Writes a table to .csv or .parquet (by the file's extension). */
export async function writeTable(db: Queryable, table: string, file: string): Promise<void> {
	const extension = path.extname(file).toLowerCase();
	const format = extension === '.parquet' ? 'parquet' : extension === '.csv' ? 'csv' : null;
	if (!format)
		throw new DataFileError(
			`Cannot write ${path.basename(file)}: use a .csv or .parquet file name.`
		);
	const options = format === 'csv' ? '(FORMAT csv, HEADER)' : '(FORMAT parquet)';
	await db.run({ sql: `COPY ${quoteIdent(table, [table])} TO ? ${options}`, params: [file] });
}
