/**
 * `barometer report <spec.json> --out report.html|.xlsx|.pptx`: renders a saved report spec (as
 * downloaded from the workbench, or written by hand) exactly as the web app does. A spec's dataset
 * is a file (path relative to the spec) or a survey in the app's database (BAROMETER_DB; stop the
 * server first, DuckDB lets one process open the file).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadDataFile } from '../../lib/analysis/io/load-data.ts';
import { reportSpecSchema, specProblem } from '../../lib/reports/report-spec.ts';
import { runReport } from '../../lib/reports/run-report.ts';
import { readConfig } from '../../lib/server/config.ts';
import { openDatabase } from '../../lib/server/db/database.ts';
import { migrate } from '../../lib/server/db/migrate.ts';
import * as surveys from '../../lib/server/db/surveys.ts';
import { renderReport, type ReportFormat } from '../../lib/server/analysis/report-service.ts';
import { withSurveyDataset, workPrefix } from '../../lib/server/analysis/survey-dataset.ts';
import { mergeDerived } from '../../lib/server/analysis/analysis-service.ts';
import { parseArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { labelsForFile } from '../file-labels.ts';
import { sql } from '../../lib/server/db/sql.ts';

export const reportUsage = `barometer report <spec.json> --out report.html|report.xlsx|report.pptx [--json]`;

export async function runReportCommand(
	args: string[],
	print: (text: string) => void
): Promise<number> {
	const { positional, options, flags } = parseArgs(args, ['out'], ['json']);
	const specFile = positional[0];
	if (!specFile) throw new CliError('Name a report spec (.json).');
	if (!fs.existsSync(specFile)) throw new CliError(`The spec file ${specFile} does not exist.`);
	const out = options.get('out');
	if (!out && !flags.has('json'))
		throw new CliError('report needs --out FILE (.html, .xlsx or .pptx) or --json.');
	const format = out ? (path.extname(out).slice(1).toLowerCase() as ReportFormat) : null;
	if (format && !['html', 'xlsx', 'pptx'].includes(format))
		throw new CliError(
			`Cannot write ${path.basename(out!)}: use a .html, .xlsx or .pptx file name.`
		);
	let raw: unknown;
	try {
		raw = JSON.parse(fs.readFileSync(specFile, 'utf8'));
	} catch (error) {
		throw new CliError(`The spec ${specFile} is not valid JSON: ${(error as Error).message}`);
	}
	const parsed = reportSpecSchema.safeParse(raw);
	if (!parsed.success) throw new CliError(`The spec is not valid: ${specProblem(parsed.error)}`);
	const spec = parsed.data;
	const started = performance.now();
	let result;
	if (spec.dataset.kind === 'file') {
		const file = path.resolve(path.dirname(specFile), spec.dataset.path);
		const db = await openDatabase(':memory:');
		try {
			const loaded = await loadDataFile(db, file);
			result = await runReport(
				db,
				spec,
				{
					dataset: loaded.dataset,
					labels: labelsForFile(file, loaded),
					description: `Data: ${path.basename(file)}`
				},
				workPrefix()
			);
		} finally {
			await db.close();
		}
	} else if (spec.dataset.kind === 'import') {
		throw new CliError(
			'This report reads a dataset imported into the workbench: download it from there, or point the spec at the data file.'
		);
	} else {
		const db = await openDatabase(readConfig().databasePath).catch((error: Error) => {
			throw new CliError(
				`Cannot open the database (is the server running?): ${error.message.split('\n')[0]}`
			);
		});
		try {
			await migrate(db);
			const row = await db.one<{ projectId: number }>(
				sql('SELECT project_id AS "projectId" FROM surveys WHERE id = ?', spec.dataset.surveyId)
			);
			const survey = row
				? await surveys.findInProject(db, row.projectId, spec.dataset.surveyId)
				: undefined;
			if (!survey)
				throw new CliError(`Survey ${spec.dataset.surveyId} is not in the database ${db.path}.`);
			result = await withSurveyDataset(db, survey, spec.language, (source) =>
				runReport(
					db,
					{ ...spec, derived: mergeDerived(source.derived, spec.derived) },
					source,
					source.prefix
				)
			);
		} finally {
			await db.close();
		}
	}
	const computed = performance.now() - started;
	if (out && format) {
		fs.writeFileSync(out, await renderReport(result, format));
		process.stderr.write(`Computed in ${(computed / 1000).toFixed(2)} s; wrote ${out}.\n`);
	}
	if (flags.has('json')) print(JSON.stringify(result));
	return 0;
}
