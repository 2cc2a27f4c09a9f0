/**
 * Labels for a data file: a .sav file's own dictionary, or — for CSV and Parquet — the codebook
 * JSON written beside it by `barometer export --format parquet` (`<name>.codebook.json`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { LoadedData } from '../lib/analysis/io/load-data.ts';
import { labelsFromFile, type VariableLabels } from '../lib/analysis/workspace/variable-labels.ts';
import { CliError } from './cli-error.ts';

const codebookSchema = z.object({
	variables: z.array(
		z.object({
			name: z.string(),
			label: z.string(),
			values: z.array(z.object({ code: z.string(), label: z.string() })).default([]),
			missing: z.array(z.string()).default([])
		})
	)
});

export function codebookPathFor(file: string): string {
	const extension = path.extname(file);
	return path.join(path.dirname(file), `${path.basename(file, extension)}.codebook.json`);
}

export function labelsForFile(file: string, loaded: LoadedData): VariableLabels {
	const codebookPath = codebookPathFor(file);
	if (!fs.existsSync(codebookPath)) return labelsFromFile(loaded.labels);
	const parsed = codebookSchema.safeParse(JSON.parse(fs.readFileSync(codebookPath, 'utf8')));
	if (!parsed.success)
		throw new CliError(`The codebook ${codebookPath} is not a Barometer codebook.`);
	return new Map(
		parsed.data.variables.map((v) => [
			v.name,
			{
				label: v.label,
				values: new Map(v.values.map((value) => [value.code, value.label])),
				missing: v.missing
			}
		])
	);
}
