/** `barometer crosstab <data> --rows V[,V…] --cols V[,V…] …`: banner tables. */
import fs from 'node:fs';
import { requireVariables } from '../../lib/analysis/dataset.ts';
import type { Adjustment } from '../../lib/analysis/crosstab/column-tests.ts';
import { crosstab } from '../../lib/analysis/crosstab/crosstab.ts';
import type { AnswerSet } from '../../lib/analysis/estimation/estimate.ts';
import { crosstabCsv, crosstabHtml, crosstabWorkbook } from '../../lib/analysis/crosstab/render.ts';
import { list, parseArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { openData } from '../session.ts';
import { designFromOptions, designOptionNames } from './design-options.ts';

export const crosstabUsage = `barometer crosstab <data> --rows V[,V…] --cols V[,V…] [--weight COL] [--strata COL]
       [--cluster COL] [--targets <targets.csv>] [--adjust none|bonferroni|bh]
       [--nets 'VAR:LABEL=c1+c2;…'] [--means] [--exclude-codes 98,99]
       (a stub written prefix_* is a multi-select question: one row per prefix_… variable)
       [--format json|csv|html|xlsx] [--out FILE]`;

export async function runCrosstab(args: string[], print: (text: string) => void): Promise<number> {
	const { positional, options, flags } = parseArgs(
		args,
		['rows', 'cols', 'format', 'out', 'adjust', 'nets', 'exclude-codes', ...designOptionNames],
		['means']
	);
	const rows = list(options.get('rows'));
	const cols = list(options.get('cols'));
	if (rows.length === 0 || cols.length === 0)
		throw new CliError('crosstab needs --rows V[,V…] and --cols V[,V…].');
	const format = options.get('format') ?? 'json';
	if (!['json', 'csv', 'html', 'xlsx'].includes(format)) {
		throw new CliError(`--format must be json, csv, html or xlsx, not "${format}".`);
	}
	if (format === 'xlsx' && !options.has('out'))
		throw new CliError('--format xlsx needs --out FILE.xlsx.');
	const adjustment = (options.get('adjust') ?? 'none') as Adjustment;
	if (!['none', 'bonferroni', 'bh'].includes(adjustment))
		throw new CliError('--adjust must be none, bonferroni or bh.');
	const nets = parseNets(options.get('nets'));
	const excludeCodes = list(options.get('exclude-codes') ?? '98,99').map(Number);
	if (excludeCodes.some((code) => !Number.isFinite(code)))
		throw new CliError('--exclude-codes takes numbers separated by commas.');
	const opened = await openData(positional[0]);
	try {
		const multi = multiSelectSets(rows, [...opened.dataset.columns.keys()]);
		requireVariables(opened.dataset, [
			...rows.filter((row) => !multi[row]),
			...cols,
			...Object.keys(nets)
		]);
		const { dataset, design } = await designFromOptions(opened.db, opened.dataset, options);
		const tables = await crosstab(opened.db, dataset, design, {
			rows,
			cols,
			adjustment,
			nets,
			multi,
			means: flags.has('means'),
			excludeCodes
		});
		if (format === 'xlsx') {
			fs.writeFileSync(options.get('out')!, crosstabWorkbook(tables));
			return 0;
		}
		const output =
			format === 'csv'
				? crosstabCsv(tables)
				: format === 'html'
					? crosstabHtml(tables)
					: JSON.stringify({ tables }, null, 2);
		if (options.has('out')) fs.writeFileSync(options.get('out')!, output);
		else print(output);
		return 0;
	} finally {
		await opened.db.close();
	}
}

/** `VAR:LABEL=c1+c2;VAR:LABEL=…` → NETs per variable. */
export function parseNets(text: string | undefined): Record<string, AnswerSet[]> {
	const nets: Record<string, AnswerSet[]> = {};
	for (const part of (text ?? '')
		.split(';')
		.map((p) => p.trim())
		.filter(Boolean)) {
		const match = /^([^:]+):([^=]+)=(.+)$/.exec(part);
		if (!match) throw new CliError(`--nets takes VAR:LABEL=c1+c2, not "${part}".`);
		const [, variable, label, members] = match;
		(nets[variable!.trim()] ??= []).push({
			label: label!.trim(),
			members: members!.split('+').map((m) => m.trim())
		});
	}
	return nets;
}

/** Stubs written `prefix_*` are multi-select sets: every column named prefix_… is an option. */
export function multiSelectSets(rows: string[], columns: string[]): Record<string, string[]> {
	const sets: Record<string, string[]> = {};
	for (const row of rows) {
		if (!row.endsWith('*')) continue;
		const prefix = row.slice(0, -1);
		const options = columns.filter(
			(name) => name.startsWith(prefix) && name.length > prefix.length
		);
		if (options.length === 0) throw new CliError(`No variables start with ${prefix}.`);
		sets[row] = options;
	}
	return sets;
}
