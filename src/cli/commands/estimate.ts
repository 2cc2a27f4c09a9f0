/** `barometer estimate <data> --var V[,V…] [--by V] …`: design-based estimates as JSON or text. */
import { requireVariables } from '../../lib/analysis/dataset.ts';
import {
	estimate,
	trend,
	type Estimate,
	type WaveChange
} from '../../lib/analysis/estimation/estimate.ts';
import { list, parseArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { openData } from '../session.ts';
import { designFromOptions, designOptionNames } from './design-options.ts';

export const estimateUsage = `barometer estimate <data> --var V[,V…] [--by V | --wave V] [--weight COL] [--strata COL]
       [--cluster COL] [--targets <targets.csv>] [--categorical V[,V…]] [--totals] [--json]`;

export async function runEstimate(args: string[], print: (text: string) => void): Promise<number> {
	const { positional, options, flags } = parseArgs(
		args,
		['var', 'by', 'wave', 'categorical', ...designOptionNames],
		['json', 'totals']
	);
	const variables = list(options.get('var'));
	if (variables.length === 0) throw new CliError('estimate needs --var V[,V…].');
	if (options.has('by') && options.has('wave')) throw new CliError('Use --by or --wave, not both.');
	const categorical = new Set(list(options.get('categorical')));
	const opened = await openData(positional[0]);
	try {
		const by = options.get('by') ?? options.get('wave');
		requireVariables(opened.dataset, [...variables, ...categorical, ...(by ? [by] : [])]);
		const { dataset, design } = await designFromOptions(opened.db, opened.dataset, options);
		const estimates: Estimate[] = [];
		const changes: WaveChange[] = [];
		for (const variable of variables) {
			const isCategorical =
				categorical.has(variable) || dataset.columns.get(variable) !== 'numeric';
			const request = { variable, categorical: isCategorical, by, totals: flags.has('totals') };
			if (options.has('wave')) {
				const result = await trend(opened.db, dataset, design, { ...request, by: by! });
				estimates.push(...result.estimates);
				changes.push(...result.changes);
			} else {
				estimates.push(...(await estimate(opened.db, dataset, design, request)));
			}
		}
		if (flags.has('json')) {
			print(JSON.stringify(options.has('wave') ? { estimates, changes } : { estimates }, null, 2));
			return 0;
		}
		const format = (value: number) => (Number.isFinite(value) ? value.toPrecision(6) : 'NA');
		const lines = [
			'variable\tstatistic\tcategory\tdomain\testimate\tse\tci_low\tci_high\tdeff\tn\tweighted_n'
		];
		for (const e of estimates) {
			const domain = e.domain
				? Object.entries(e.domain)
						.map(([k, v]) => `${k}=${v}`)
						.join(',')
				: '';
			lines.push(
				[
					e.variable,
					e.statistic,
					e.category ?? '',
					domain,
					...[e.estimate, e.se, e.ci_low, e.ci_high, e.deff].map(format),
					e.n,
					format(e.weighted_n)
				].join('\t')
			);
		}
		if (changes.length) {
			lines.push('', 'variable\tcategory\tfrom\tto\tchange\tse\tt\tdf\tp');
			for (const c of changes) {
				lines.push(
					[
						c.variable,
						c.category ?? '',
						c.from_wave,
						c.to_wave,
						...[c.change, c.se, c.t].map(format),
						c.df,
						format(c.p)
					].join('\t')
				);
			}
		}
		print(lines.join('\n'));
		return 0;
	} finally {
		await opened.db.close();
	}
}
