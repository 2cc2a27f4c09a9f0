/** `barometer weight <data> --targets FILE …`: rake to the targets, report, optionally write the data. */
import type { TrimSpec } from '../../lib/analysis/weighting/trim.ts';
import { writeTable } from '../../lib/analysis/io/load-data.ts';
import { numberPair, parseArgs, positiveNumber } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { openData, readTargets, weightData } from '../session.ts';

export const weightUsage = `barometer weight <data> --targets <targets.csv> [--base-weight COL] [--tolerance 1e-6]
       [--max-iter 100] [--trim LO:HI | --trim-ratio R | --trim-pct PLO:PHI] [--name weight]
       [--missing-level LABEL] [--drop-empty-targets] [--out FILE] [--json]`;

function trimSpec(options: Map<string, string>): TrimSpec | undefined {
	const given = ['trim', 'trim-ratio', 'trim-pct'].filter((name) => options.has(name));
	if (given.length > 1) throw new CliError('Use only one of --trim, --trim-ratio and --trim-pct.');
	if (options.has('trim')) {
		const [low, high] = numberPair(options.get('trim')!, 'trim');
		if (!(low >= 0 && high > low)) throw new CliError('--trim needs 0 ≤ LO < HI.');
		return { kind: 'bounds', low, high };
	}
	if (options.has('trim-ratio'))
		return { kind: 'ratio', max: positiveNumber(options.get('trim-ratio'), 'trim-ratio', 1) };
	if (options.has('trim-pct')) {
		let [low, high] = numberPair(options.get('trim-pct')!, 'trim-pct');
		// Accept percent (1:99) as well as fractions (0.01:0.99).
		if (high > 1) [low, high] = [low / 100, high / 100];
		if (!(low >= 0 && high <= 1 && high > low))
			throw new CliError('--trim-pct needs percentiles with LO < HI.');
		return { kind: 'percentiles', low, high };
	}
	return undefined;
}

export async function runWeight(args: string[], print: (text: string) => void): Promise<number> {
	const { positional, options, flags } = parseArgs(
		args,
		[
			'targets',
			'base-weight',
			'tolerance',
			'max-iter',
			'trim',
			'trim-ratio',
			'trim-pct',
			'name',
			'out',
			'missing-level'
		],
		['json', 'drop-empty-targets']
	);
	if (!options.has('targets')) throw new CliError('weight needs --targets <targets.csv>.');
	const margins = readTargets(options.get('targets')!);
	const { db, dataset } = await openData(positional[0]);
	try {
		const spec = {
			margins,
			baseWeight: options.get('base-weight'),
			tolerance: positiveNumber(options.get('tolerance'), 'tolerance', 1e-6),
			maxIterations: Math.round(positiveNumber(options.get('max-iter'), 'max-iter', 100)),
			trim: trimSpec(options),
			dropEmptyTargets: flags.has('drop-empty-targets'),
			missingLevel: options.get('missing-level')
		};
		const name = options.get('name') ?? 'weight';
		const { result } = await weightData(db, dataset, spec, name);
		if (options.has('out')) await writeTable(db, 'weighted', options.get('out')!);
		const d = result.diagnostics;
		const report = {
			converged: result.converged,
			iterations: result.iterations,
			max_deviation: result.maxDeviation,
			deff: d.deff,
			effective_n: d.effectiveN,
			efficiency: d.efficiency,
			moe95: d.moe95,
			min: d.min,
			max: d.max,
			max_to_min: d.maxToMin,
			n: d.n,
			sum_weights: d.sumWeights,
			trimming: result.trimming
				? {
						low: result.trimming.bounds.low,
						high: result.trimming.bounds.high,
						rounds: result.trimming.rounds,
						bounds_held: result.trimming.boundsHeld,
						margins_held: result.trimming.marginsHeld
					}
				: null,
			warnings: result.warnings,
			margins: result.margins
		};
		if (flags.has('json')) {
			print(JSON.stringify(report, null, 2));
			return 0;
		}
		const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
		const lines = [
			`${result.converged ? 'Converged' : 'Did NOT converge'} after ${result.iterations} iterations (largest margin gap ${result.maxDeviation.toExponential(2)}).`,
			`n = ${d.n}, design effect ${d.deff.toFixed(3)}, effective n ${d.effectiveN.toFixed(1)}, efficiency ${pct(d.efficiency)}, ±${pct(d.moe95)} at 95%.`,
			`Weights from ${d.min.toPrecision(4)} to ${d.max.toPrecision(4)} (ratio ${d.maxToMin.toFixed(2)}).`,
			...(result.trimming
				? [
						`Trimming to [${result.trimming.bounds.low.toPrecision(4)}, ${result.trimming.bounds.high.toPrecision(4)}] in ${result.trimming.rounds} rounds: bounds ${result.trimming.boundsHeld ? 'hold' : 'do NOT hold'}, margins ${result.trimming.marginsHeld ? 'hold' : 'do NOT hold'}.`
					]
				: []),
			...result.warnings.map((warning) => `Warning: ${warning}`),
			'',
			'variable\tcategory\ttarget\tunweighted\tweighted',
			...result.margins.map(
				(m) =>
					`${m.variable}\t${m.category}\t${pct(m.target)}\t${pct(m.unweighted)}\t${pct(m.weighted)}`
			)
		];
		print(lines.join('\n'));
		return 0;
	} finally {
		await db.close();
	}
}
