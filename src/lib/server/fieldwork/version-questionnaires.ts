/**
 * The questionnaire of every published version of a survey, keyed by version id: responses are
 * judged against the version the respondent answered, whose pages and questions may differ.
 */
import type { QuestionnaireJson } from '../../survey/questionnaire.ts';
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';

export interface VersionQuestionnaire {
	versionId: number;
	version: number;
	json: QuestionnaireJson;
}

/** Oldest first, so the last entry is the latest version. */
export async function versionQuestionnaires(
	db: Queryable,
	surveyId: number
): Promise<VersionQuestionnaire[]> {
	const rows = await db.all<{ versionId: number; version: number; json: string }>(
		sql(
			`SELECT id AS "versionId", version, json FROM survey_versions
			WHERE survey_id = ? ORDER BY version`,
			surveyId
		)
	);
	return rows.map((row) => ({ ...row, json: JSON.parse(row.json) as QuestionnaireJson }));
}
