/**
 * One benchmark size in its own process (so peak RSS belongs to that size alone). Prints one JSON
 * line: median seconds of each operation over the runs, and the peak resident set size.
 */
import { openDatabase } from '../../src/lib/server/db/database.ts';
import { describeDataset } from '../../src/lib/analysis/dataset.ts';
import { crosstab } from '../../src/lib/analysis/crosstab/crosstab.ts';
import { estimate } from '../../src/lib/analysis/estimation/estimate.ts';
import { calibrationOf } from '../../src/lib/analysis/weighting/calibration.ts';
import { marginsFromRows } from '../../src/lib/analysis/weighting/targets.ts';
import { computeWeights, writeWeights } from '../../src/lib/analysis/weighting/weight-dataset.ts';
import {
	bannerVariables,
	createSyntheticTable,
	stubVariables,
	syntheticTargets
} from './synthetic-table.ts';

const respondents = Number(process.argv[2]);
const runs = Number(process.argv[3] ?? 5);

async function timed(work: () => Promise<unknown>): Promise<number> {
	const start = performance.now();
	await work();
	return (performance.now() - start) / 1000;
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const db = await openDatabase(':memory:');
const load = await timed(() => createSyntheticTable(db, respondents));
const data = await describeDataset(db, 'data');
const margins = marginsFromRows(syntheticTargets());
const spec = { margins, baseWeight: 'base_weight', tolerance: 1e-6, maxIterations: 100 };

const times: Record<string, number[]> = {
	rake: [],
	write_weights: [],
	banner: [],
	banner_weights_only: [],
	domain_estimate: []
};
let iterations = 0;
let cells = 0;
for (let run = 0; run < runs; run++) {
	let result!: Awaited<ReturnType<typeof computeWeights>>;
	times.rake!.push(await timed(async () => (result = await computeWeights(db, data, spec))));
	iterations = result.iterations;
	cells = result.cells.length;
	times.write_weights!.push(
		await timed(() => writeWeights(db, data, result, spec, { table: 'weighted', name: 'w' }))
	);
	const weighted = await describeDataset(db, 'weighted');
	const design = {
		weight: 'w',
		strata: 'stratum',
		cluster: 'psu',
		calibration: calibrationOf('raking', margins)
	};
	times.banner!.push(
		await timed(() =>
			crosstab(db, weighted, design, { rows: stubVariables, cols: bannerVariables })
		)
	);
	// The same banner under weights alone (no strata, clusters or raking adjustment of the SEs).
	times.banner_weights_only!.push(
		await timed(() =>
			crosstab(db, weighted, { weight: 'w' }, { rows: stubVariables, cols: bannerVariables })
		)
	);
	times.domain_estimate!.push(
		await timed(() =>
			estimate(db, weighted, design, { variable: 'rating', categorical: false, by: 'region' })
		)
	);
}
const medians = Object.fromEntries(
	Object.entries(times).map(([name, values]) => [name, median(values)])
);
console.log(
	JSON.stringify({
		respondents,
		load,
		...medians,
		iterations,
		cells,
		peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024)
	})
);
await db.close();
