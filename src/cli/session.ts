/**
 * What every analysis command does first: open an in-memory DuckDB, load the data file, and
 * optionally make weights from a targets file (so estimates can account for them).
 */
import fs from 'node:fs';
import { openDatabase, type Database } from '../lib/server/db/database.ts';
import { describeDataset, type Dataset } from '../lib/analysis/dataset.ts';
import type { Design } from '../lib/analysis/design.ts';
import { loadDataFile } from '../lib/analysis/io/load-data.ts';
import { calibrationOf } from '../lib/analysis/weighting/calibration.ts';
import {
	marginsFromRows,
	parseTargetsCsv,
	type MarginSpec
} from '../lib/analysis/weighting/targets.ts';
import {
	computeWeights,
	writeWeights,
	type WeightingResult,
	type WeightingSpec
} from '../lib/analysis/weighting/weight-dataset.ts';
import { CliError } from './cli-error.ts';

export async function openData(
	file: string | undefined
): Promise<{ db: Database; dataset: Dataset }> {
	if (!file) throw new CliError('Name a data file (.csv, .parquet or .sav).');
	const db = await openDatabase(':memory:');
	try {
		const { dataset } = await loadDataFile(db, file);
		return { db, dataset };
	} catch (error) {
		await db.close();
		throw error;
	}
}

export function readTargets(file: string): MarginSpec[] {
	if (!fs.existsSync(file)) throw new CliError(`The targets file ${file} does not exist.`);
	return marginsFromRows(parseTargetsCsv(fs.readFileSync(file, 'utf8')));
}

export interface WeightedData {
	dataset: Dataset;
	result: WeightingResult;
	design: Design;
}

/** Rakes (or post-stratifies, with one margin) and returns the weighted table and its design. */
export async function weightData(
	db: Database,
	dataset: Dataset,
	spec: WeightingSpec,
	weightName: string,
	design: Omit<Design, 'weight' | 'calibration'> = {}
): Promise<WeightedData> {
	const result = await computeWeights(db, dataset, spec);
	await writeWeights(db, dataset, result, spec, { table: 'weighted', name: weightName });
	const kind = spec.margins.length === 1 ? 'poststratification' : 'raking';
	return {
		dataset: await describeDataset(db, 'weighted'),
		result,
		design: {
			...design,
			weight: weightName,
			calibration: calibrationOf(kind, spec.margins, spec.missingLevel)
		}
	};
}
