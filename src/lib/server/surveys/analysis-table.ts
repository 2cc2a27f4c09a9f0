/**
 * Builds a survey's wide analysis table in the database (all versions and waves, complete
 * responses not excluded by an analyst unless asked) and describes it for the engine, with the
 * merged codebook.
 */
import { describeDataset, type Dataset } from '../../analysis/dataset.ts';
import {
	flattenSurveyQuery,
	mergeCodebooks,
	type FlattenOptions
} from '../../analysis/io/flatten-sql.ts';
import type { Codebook } from '../../survey/codebook.ts';
import type { Database } from '../db/index.ts';
import * as surveyVersions from '../db/survey-versions.ts';

export async function buildAnalysisTable(
	db: Database,
	surveyId: number,
	table = `analysis_survey_${surveyId}`,
	options: FlattenOptions = {}
): Promise<{ dataset: Dataset; codebook: Codebook } | null> {
	const versions = await surveyVersions.listWithCodebooks(db, surveyId);
	if (versions.length === 0) return null;
	const codebook = mergeCodebooks(versions.map((version) => version.codebook));
	await db.run(flattenSurveyQuery(table, surveyId, codebook, options));
	return { dataset: await describeDataset(db, table), codebook };
}
