/**
 * Command-line entry. Each command is a small module; errors end with exit code 2 and one plain
 * sentence on stderr (the contract scripts rely on).
 */
import { readConfig } from '../lib/server/config.ts';
import { openDatabase } from '../lib/server/db/database.ts';
import { migrate } from '../lib/server/db/migrate.ts';
import { CliError } from './cli-error.ts';
import { runConvert } from './commands/convert.ts';
import { crosstabUsage, runCrosstab } from './commands/crosstab.ts';
import { estimateUsage, runEstimate } from './commands/estimate.ts';
import { runWeight, weightUsage } from './commands/weight.ts';
import { exportUsage, runExport } from './commands/export.ts';
import { reportUsage, runReportCommand } from './commands/report.ts';

const usage = () => `Usage: barometer <command> [options]

Commands:
  serve      Build when needed and serve the workbench (PORT, default 3000)
  migrate    Apply pending database migrations to BAROMETER_DB (default ./data/barometer.duckdb)
  weight     Rake a data file to population targets and report the weights
  estimate   Design-based estimates (proportions, means, totals) with SEs and CIs
  crosstab   Banner tables with significance letters and chi-square tests
  report     Render a saved report spec to HTML, XLSX or PPTX
  export     Convert a data file to .sav (with labels), Parquet (+ codebook), CSV or XLSX
  convert    Convert an XLSForm (.xlsx) to SurveyJS JSON: convert <form.xlsx> [--out <survey.json>]
  help       Show this help

Data files: .csv, .parquet or .sav. Targets: CSV with the header variable,category,target.

  ${weightUsage.replaceAll('\n', '\n  ')}
  ${estimateUsage.replaceAll('\n', '\n  ')}
  ${crosstabUsage.replaceAll('\n', '\n  ')}
  ${reportUsage}
  ${exportUsage}

Environment:
  BAROMETER_DB               DuckDB database file (default ./data/barometer.duckdb)
  PORT                       HTTP port for serve (default 3000)
  BAROMETER_ADMIN_EMAIL      With BAROMETER_ADMIN_PASSWORD: the first administrator
  BAROMETER_ADMIN_PASSWORD
  BAROMETER_DEMO=0           Do not load the demo project on first start
`;

async function runMigrate(): Promise<number> {
	const db = await openDatabase(readConfig().databasePath);
	try {
		const applied = await migrate(db);
		console.log(
			applied.length
				? `Applied ${applied.length} migration(s): ${applied.map((m) => `${m.version} ${m.name}`).join(', ')}.`
				: 'The database is up to date.'
		);
		return 0;
	} finally {
		await db.close();
	}
}

export async function main(args: string[]): Promise<number> {
	const [command, ...rest] = args;
	try {
		if (!command || command === 'help' || command === '--help' || command === '-h') {
			process.stdout.write(usage());
			return 0;
		}
		if (command === 'migrate') {
			if (rest.length)
				throw new CliError(`migrate takes no arguments, but got "${rest.join(' ')}".`);
			return await runMigrate();
		}
		const print = (text: string) => process.stdout.write(`${text}\n`);
		if (command === 'weight') return await runWeight(rest, print);
		if (command === 'estimate') return await runEstimate(rest, print);
		if (command === 'crosstab') return await runCrosstab(rest, print);
		if (command === 'convert') return runConvert(rest, print);
		if (command === 'report') return await runReportCommand(rest, print);
		if (command === 'export') return await runExport(rest, print);
		throw new CliError(`Unknown command "${command}"; run "barometer --help" for the list.`);
	} catch (error) {
		process.stderr.write(`${plainSentence(error)}\n`);
		return 2;
	}
}

/** One plain sentence for stderr; DuckDB's messages lose their "Binder Error:"-style prefixes. */
function plainSentence(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const line = message.split('\n')[0]!.replace(/^[A-Z][A-Za-z ]* Error: /, '');
	return /[.!?]$/.test(line) ? line : `${line}.`;
}
