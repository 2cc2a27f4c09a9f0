/**
 * Responses as CSV: the survey's wide analysis table (all published versions and waves, one
 * column per codebook variable), written row by row. Responses an analyst excluded are left out
 * unless `includeExcluded` asks for them (then an `excluded` column marks them). Every export is
 * audited.
 */
import { csvLine, type CsvValue } from '../../csv.ts';
import * as auditLog from '../db/audit-log.ts';
import type { Database } from '../db/index.ts';
import { quoteIdent } from '../db/sql.ts';
import type { Survey } from '../db/surveys.ts';
import { buildAnalysisTable } from './analysis-table.ts';

function cell(value: unknown): CsvValue {
	if (value instanceof Date) return value.toISOString();
	return value as CsvValue;
}

export async function exportResponsesCsv(
	db: Database,
	survey: Survey,
	userId: number,
	options: { includeExcluded?: boolean } = {}
): Promise<string | null> {
	// A table of its own per export, so that two exports at once do not replace each other's.
	const table = `export_${survey.id}_${crypto.randomUUID().replaceAll('-', '')}`;
	const includeExcluded = options.includeExcluded ?? false;
	const built = await buildAnalysisTable(db, survey.id, table, { includeExcluded });
	if (!built) return null;
	try {
		const columns = [...built.dataset.columns.keys()];
		const rows = await db.all<Record<string, unknown>>({
			sql: `SELECT * FROM ${quoteIdent(table, [table])}`,
			params: []
		});
		let csv = csvLine(columns);
		for (const row of rows) csv += csvLine(columns.map((name) => cell(row[name])));
		await auditLog.record(db, {
			userId,
			projectId: survey.projectId,
			action: 'responses.export',
			objectType: 'survey',
			objectId: survey.id,
			details: {
				format: 'csv',
				rows: rows.length,
				variables: built.codebook.variables.length,
				includeExcluded
			}
		});
		return csv;
	} finally {
		await db.run({ sql: `DROP TABLE IF EXISTS ${quoteIdent(table, [table])}`, params: [] });
	}
}
