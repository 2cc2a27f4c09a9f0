/**
 * `npm run bench:analysis`: times the analysis engine on synthetic surveys of 100k, 1M and 10M
 * respondents × 30 variables (each size in its own process, for its peak RSS), and — where R is
 * installed — the same raking and domain estimate with R's survey package on the 100k set.
 * Prints medians of several runs and the ratio to R measured in the same invocation.
 * Sizes can be chosen: `npm run bench:analysis -- 100000 1000000`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/lib/server/db/database.ts';
import { createSyntheticTable, syntheticTargets } from './synthetic-table.ts';
import { csvLine } from '../../src/lib/csv.ts';

const sizes = process.argv
	.slice(2)
	.map(Number)
	.filter((n) => n > 0);
const chosen = sizes.length ? sizes : [100_000, 1_000_000, 10_000_000];
const runsFor = (n: number) => (n >= 10_000_000 ? 1 : n >= 1_000_000 ? 3 : 5);

type Row = Record<string, number>;
const results: Row[] = [];
for (const n of chosen) {
	const output = execFileSync(
		process.execPath,
		['--import', 'tsx', 'scripts/bench/analysis-run.ts', String(n), String(runsFor(n))],
		{
			encoding: 'utf8',
			maxBuffer: 1 << 20
		}
	);
	const row = JSON.parse(output.trim().split('\n').pop()!) as Row;
	results.push(row);
	console.log(`${n.toLocaleString('en')} respondents: ${JSON.stringify(row)}`);
}

const seconds = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(3));
console.log('\nmedian seconds (runs: 5 at 100k, 3 at 1M, 1 at 10M)');
console.log(
	'banner: stratified, clustered design with raking-adjusted SEs; "weights only": same table, weights alone'
);
console.log(
	'respondents\tload\trake\twrite weights\tbanner 20×12\tbanner, weights only\tdomain estimate\tpeak RSS MB\trake iterations'
);
for (const r of results) {
	const figures = [
		r.load,
		r.rake,
		r.write_weights,
		r.banner,
		r.banner_weights_only,
		r.domain_estimate
	].map(seconds);
	console.log(
		[r.respondents!.toLocaleString('en'), ...figures, r.peak_rss_mb, r.iterations].join('\t')
	);
}

const hasR = spawnSync('Rscript', ['--version']).status === 0;
const small = results.find((r) => r.respondents === 100_000);
if (!hasR || !small) {
	console.log(
		hasR
			? '\n(R comparison runs with the 100k size.)'
			: '\nR is not installed: no comparison (apt-get install -y r-cran-survey).'
	);
} else {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'barometer-bench-'));
	const dataFile = path.join(folder, 'data.csv');
	const targetsFile = path.join(folder, 'targets.csv');
	const db = await openDatabase(':memory:');
	await createSyntheticTable(db, 100_000);
	await db.run({ sql: `COPY data TO ? (FORMAT csv, HEADER)`, params: [dataFile] });
	await db.close();
	fs.writeFileSync(
		targetsFile,
		csvLine(['variable', 'category', 'target']) +
			syntheticTargets()
				.map((t) => csvLine([t.variable, t.category, t.target]))
				.join('')
	);
	const r = JSON.parse(
		execFileSync('Rscript', ['scripts/bench/r-compare.R', dataFile, targetsFile, '3'], {
			encoding: 'utf8'
		}).trim()
	) as Row;
	fs.rmSync(folder, { recursive: true, force: true });
	console.log('\nR survey package, 100k respondents (median of 3):');
	console.log(
		`rake ${seconds(r.rake)} s (Barometer ${seconds(small.rake)} s, ${(r.rake! / small.rake!).toFixed(1)}× faster)`
	);
	console.log(
		`domain estimate ${seconds(r.domain_estimate)} s (Barometer ${seconds(small.domain_estimate)} s, ${(r.domain_estimate! / small.domain_estimate!).toFixed(1)}× faster)`
	);
}
