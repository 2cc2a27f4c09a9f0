/** `barometer crosstab <data> --rows V[,V…] --cols V[,V…] …`: banner tables. */
import fs from 'node:fs';
import { requireVariables } from '../../lib/analysis/dataset.ts';
import type { Adjustment } from '../../lib/analysis/crosstab/column-tests.ts';
import { crosstab } from '../../lib/analysis/crosstab/crosstab.ts';
import { crosstabCsv, crosstabHtml, crosstabWorkbook } from '../../lib/analysis/crosstab/render.ts';
import { list, parseArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { openData } from '../session.ts';
import { designFromOptions, designOptionNames } from './design-options.ts';

export const crosstabUsage = `barometer crosstab <data> --rows V[,V…] --cols V[,V…] [--weight COL] [--strata COL]
       [--cluster COL] [--targets <targets.csv>] [--adjust none|bonferroni|bh]
       [--format json|csv|html|xlsx] [--out FILE]`;

export async function runCrosstab(args: string[], print: (text: string) => void): Promise<number> {
	const { positional, options } = parseArgs(args, [
		'rows',
		'cols',
		'format',
		'out',
		'adjust',
		...designOptionNames
	]);
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
	const opened = await openData(positional[0]);
	try {
		requireVariables(opened.dataset, [...rows, ...cols]);
		const { dataset, design } = await designFromOptions(opened.db, opened.dataset, options);
		const tables = await crosstab(opened.db, dataset, design, { rows, cols, adjustment });
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
