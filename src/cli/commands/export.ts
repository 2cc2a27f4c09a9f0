/**
 * `barometer export <data> --format sav|parquet|csv|xlsx --out FILE [--targets <targets.csv>]
 * [--labels]`: converts a data file for other tools, with the weight column when raked to targets.
 * Parquet gets its codebook beside it as FILE's name with .codebook.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
	exportDataset,
	exportFormats,
	type ExportFormat
} from '../../lib/analysis/io/export-dataset.ts';
import { loadDataFile } from '../../lib/analysis/io/load-data.ts';
import { openDatabase } from '../../lib/server/db/database.ts';
import { parseArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { labelsForFile } from '../file-labels.ts';
import { readTargets, weightData } from '../session.ts';

export const exportUsage = `barometer export <data> --format sav|parquet|csv|xlsx --out FILE [--targets <targets.csv>] [--labels]`;

export async function runExport(args: string[], print: (text: string) => void): Promise<number> {
	const { positional, options, flags } = parseArgs(
		args,
		['format', 'out', 'targets', 'name'],
		['labels']
	);
	const file = positional[0];
	if (!file) throw new CliError('Name a data file (.csv, .parquet or .sav).');
	const format = options.get('format') as ExportFormat | undefined;
	if (!format || !exportFormats.includes(format))
		throw new CliError(`export needs --format ${exportFormats.join('|')}.`);
	const out = options.get('out');
	if (!out) throw new CliError('export needs --out FILE.');
	const db = await openDatabase(':memory:');
	try {
		const loaded = await loadDataFile(db, file);
		const labels = labelsForFile(file, loaded);
		let dataset = loaded.dataset;
		let weightVariable: string | undefined;
		if (options.has('targets')) {
			const name = options.get('name') ?? 'weight';
			const weighted = await weightData(
				db,
				dataset,
				{ margins: readTargets(options.get('targets')!) },
				name
			);
			dataset = weighted.dataset;
			weightVariable = name;
			labels.set(name, { label: 'Weight (raked to the targets)', values: new Map(), missing: [] });
		}
		const base = path.basename(out, path.extname(out));
		const files = await exportDataset(
			db,
			dataset,
			labels,
			{ format, valueLabels: flags.has('labels'), weightVariable, title: base },
			base
		);
		const directory = path.dirname(out);
		fs.writeFileSync(out, files[0]!.bytes);
		for (const extra of files.slice(1))
			fs.writeFileSync(path.join(directory, extra.name), extra.bytes);
		print(
			`Wrote ${[out, ...files.slice(1).map((f) => path.join(directory, f.name))].join(' and ')}.`
		);
		return 0;
	} finally {
		await db.close();
	}
}
