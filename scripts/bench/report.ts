/**
 * `npm run bench:report`: the time to build the awareness report (6 items; overall, by 2 banners,
 * by wave with tested changes, ranked by 20 regions, a 3-stage funnel) on synthetic data of
 * 1,000,000 respondents raked to 4 margins — as the web app and `barometer report` build it.
 * Prints medians of 3 runs, and the ratio to one weighted estimate (a single proportion with its
 * raking-adjusted SE) measured in the same invocation. Size: `npm run bench:report -- 100000`.
 */
import { estimate } from '../../src/lib/analysis/estimation/estimate.ts';
import { describeDataset } from '../../src/lib/analysis/dataset.ts';
import { prepareAnalysis } from '../../src/lib/analysis/workspace/prepare-analysis.ts';
import { reportSpecSchema } from '../../src/lib/reports/report-spec.ts';
import { runReport } from '../../src/lib/reports/run-report.ts';
import { openDatabase } from '../../src/lib/server/db/database.ts';
import { createSyntheticTable, syntheticTargets } from './synthetic-table.ts';

const n = Number(process.argv[2] ?? 1_000_000);
const runs = 3;
const db = await openDatabase(':memory:');
await createSyntheticTable(db, n);
const dataset = await describeDataset(db, 'data');
const weighting = {
	name: 'Synthetic margins',
	definition: {
		targets: syntheticTargets(),
		tolerance: 1e-6,
		maxIterations: 100,
		trim: null,
		dropEmptyTargets: false
	}
};
const spec = reportSpecSchema.parse({
	title: 'Awareness benchmark',
	dataset: { kind: 'file', path: 'synthetic' },
	weighting,
	sections: [
		{
			kind: 'awareness',
			items: [
				{ variable: 'aware' },
				{ variable: 'q1', codes: ['1'] },
				{ variable: 'q2', codes: ['1', '2'] },
				{ variable: 'q3', codes: ['4'] },
				{ variable: 'q4', codes: ['1'] },
				{ variable: 'q5', codes: ['2'] }
			],
			banners: ['sex', 'settlement'],
			wave: 'wave',
			rankBy: 'region',
			funnel: [
				{ label: 'Heard of it', conditions: [{ variable: 'aware', op: 'in', values: [1] }] },
				{ label: 'Knows it', conditions: [{ variable: 'q1', op: 'in', values: [1, 2] }] },
				{ label: 'Favourable', conditions: [{ variable: 'x1', op: 'in', values: [4, 5] }] }
			]
		}
	]
});

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
async function time(work: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await work();
	return (performance.now() - started) / 1000;
}

const baseline: number[] = [];
const report: number[] = [];
for (let run = 0; run < runs; run++) {
	const prepared = await prepareAnalysis(db, dataset, new Map(), { weighting }, `bench_${run}`);
	baseline.push(
		await time(() =>
			estimate(
				db,
				prepared.dataset,
				{ ...prepared.design },
				{ variable: 'aware', categorical: true }
			)
		)
	);
	await prepared.dispose();
	report.push(
		await time(() =>
			runReport(db, spec, { dataset, labels: new Map(), description: 'synthetic' }, `report_${run}`)
		)
	);
}
await db.close();
console.log(`awareness report on ${n.toLocaleString('en')} respondents (median of ${runs} runs)`);
console.log(`one weighted estimate (baseline):  ${median(baseline).toFixed(3)} s`);
console.log(
	`awareness report incl. raking:     ${median(report).toFixed(3)} s  (${(median(report) / median(baseline)).toFixed(1)}× the baseline)`
);
