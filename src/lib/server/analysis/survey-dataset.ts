/**
 * A survey's responses as an analysis dataset: the wide table (all versions and waves, excluded
 * responses left out) under a work-table name of its own, its labels from the merged codebook, and
 * the survey's saved derived variables (segments, recodes), so a segment is usable everywhere.
 * The table lives for one piece of work and is dropped after it.
 */
import { randomBytes } from 'node:crypto';
import { labelsFromCodebook } from '../../analysis/workspace/variable-labels.ts';
import type { DerivedVariable } from '../../analysis/workspace/derived-variables.ts';
import type { LoadedDataset } from '../../reports/run-report.ts';
import * as derivedVariables from '../db/derived-variables.ts';
import type { Database } from '../db/index.ts';
import { quoteIdent, sql } from '../db/sql.ts';
import type { Survey } from '../db/surveys.ts';
import { buildAnalysisTable } from '../surveys/analysis-table.ts';

export class NoDataError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'NoDataError';
	}
}

export interface SurveyDataset extends LoadedDataset {
	/** The survey's saved derived variables, in creation order. */
	derived: (DerivedVariable & { id: number })[];
	/** A fresh prefix for the work tables of this piece of work. */
	prefix: string;
}

export function workPrefix(): string {
	return `work_${randomBytes(8).toString('hex')}`;
}

export async function withSurveyDataset<T>(
	db: Database,
	survey: Survey,
	language: string | undefined,
	work: (source: SurveyDataset) => Promise<T>,
	options: { allowEmpty?: boolean } = {}
): Promise<T> {
	const prefix = workPrefix();
	const table = `${prefix}_base`;
	try {
		const built = await buildAnalysisTable(db, survey.id, table);
		if (!built) throw new NoDataError(`${survey.title} has no published version yet.`);
		const ref = quoteIdent(table, [table]);
		const stats = await db.one<{ n: number; waves: number[] | null }>(
			sql(`SELECT count(*) AS n, list(DISTINCT wave ORDER BY wave) AS waves FROM ${ref}`)
		);
		const responses = stats?.n ?? 0;
		if (responses === 0 && !options.allowEmpty)
			throw new NoDataError(`${survey.title} has no complete responses to analyse yet.`);
		const waves = (stats?.waves ?? []).map(Number);
		const labels = labelsFromCodebook(built.codebook, language);
		labels.set('wave', {
			label: 'Wave',
			values: new Map(waves.map((w) => [String(w), `Wave ${w}`])),
			missing: []
		});
		const derived = await derivedVariables.listBySurvey(db, survey.id);
		return await work({
			dataset: built.dataset,
			labels,
			description: `Survey: ${survey.title} — ${responses.toLocaleString('en-US')} complete responses${waves.length > 1 ? `, waves ${waves[0]}–${waves.at(-1)}` : ''}`,
			derived,
			prefix
		});
	} finally {
		await db.run({ sql: `DROP TABLE IF EXISTS ${quoteIdent(table, [table])}`, params: [] });
	}
}
