/**
 * The targets files shipped in datasets/targets (e.g. census margins), offered as starting points
 * for a project's weighting scheme. Only names from the directory listing are ever opened.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseTargetsCsv, type TargetRow } from '../../analysis/weighting/targets.ts';

const directory = () => path.resolve(process.cwd(), 'datasets', 'targets');

export function listTargetFiles(): string[] {
	try {
		return fs
			.readdirSync(directory())
			.filter((name) => name.endsWith('.csv'))
			.sort();
	} catch {
		return [];
	}
}

export function readTargetFile(name: string): TargetRow[] | null {
	if (!listTargetFiles().includes(name)) return null;
	return parseTargetsCsv(fs.readFileSync(path.join(directory(), name), 'utf8'));
}
