/** Responses as CSV, one column per codebook variable of the latest published version. */
import { csvLine } from '../../csv.ts';
import { flattenAnswers } from '../../survey/flatten.ts';
import * as auditLog from '../db/audit-log.ts';
import type { Database } from '../db/index.ts';
import * as responses from '../db/responses.ts';
import * as surveyVersions from '../db/survey-versions.ts';
import type { Survey } from '../db/surveys.ts';

const metaColumns = ['response_id', 'version', 'wave', 'source', 'submitted_at'];

export async function exportResponsesCsv(db: Database, survey: Survey, userId: number): Promise<string | null> {
	const latest = await surveyVersions.latest(db, survey.id);
	if (!latest) return null;
	const rows = await responses.listComplete(db, survey.id);
	const variables = latest.codebook.variables.map((variable) => variable.name);
	let csv = csvLine([...metaColumns, ...variables]);
	for (const row of rows) {
		const flat = flattenAnswers(latest.codebook, row.answers);
		csv += csvLine([
			row.id,
			row.version,
			row.wave,
			row.source,
			row.submittedAt.toISOString(),
			...variables.map((name) => flat[name])
		]);
	}
	await auditLog.record(db, {
		userId,
		projectId: survey.projectId,
		action: 'responses.export',
		objectType: 'survey',
		objectId: survey.id,
		details: { format: 'csv', rows: rows.length, version: latest.version }
	});
	return csv;
}
