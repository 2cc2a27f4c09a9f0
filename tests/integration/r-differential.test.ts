/**
 * Differential tests: the analysis engine against R's survey package on a generated stratified
 * cluster sample (r/generate.ts: ~2300 respondents, 8 strata, 3–8 PSUs per stratum, unequal base
 * weights, missing answers). The engine reads the CSV into DuckDB; one Rscript run of
 * r/differential.R reads the same CSV and the same targets and writes every reference value as
 * JSON.
 *
 * Tolerances: weights and point estimates 1e-8 relative; standard errors, design effects,
 * confidence limits and test statistics 1e-6 relative; p-values 1e-6 absolute.
 *
 * Without Rscript on PATH the R cases are skipped, unless BAROMETER_REQUIRE_R=1 (CI): then they
 * fail. The equal-weights case needs no R and always runs. BAROMETER_R_REPORT=1 prints the
 * largest differences observed per case.
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crosstab } from '../../src/lib/analysis/crosstab/crosstab.ts';
import type { ChiSquareResult } from '../../src/lib/analysis/crosstab/chi-square.ts';
import { describeDataset, type Dataset } from '../../src/lib/analysis/dataset.ts';
import type { Design } from '../../src/lib/analysis/design.ts';
import { estimate, type Estimate } from '../../src/lib/analysis/estimation/estimate.ts';
import { calibrationOf } from '../../src/lib/analysis/weighting/calibration.ts';
import {
	marginsFromRows,
	parseTargetsCsv,
	type MarginSpec
} from '../../src/lib/analysis/weighting/targets.ts';
import {
	computeWeights,
	writeWeights,
	type WeightingResult
} from '../../src/lib/analysis/weighting/weight-dataset.ts';
import { openDatabase, type Database } from '../../src/lib/server/db/database.ts';
import { sql } from '../../src/lib/server/db/sql.ts';
import { generateSurvey, populationTargets, toCsv, type Respondent } from './r/generate.ts';

const ESTIMATE = 1e-8;
const SE = 1e-6;
const P_VALUE = 1e-6;

const rScript = fileURLToPath(new URL('./r/differential.R', import.meta.url));
const rAvailable = !spawnSync('Rscript', ['--version'], { stdio: 'ignore' }).error;
const requireR = process.env.BAROMETER_REQUIRE_R === '1';
if (!rAvailable && !requireR) {
	console.warn(
		'r-differential: Rscript is not on PATH, so the comparisons with R are skipped ' +
			'(set BAROMETER_REQUIRE_R=1 to make that a failure).'
	);
}

// --- What r/differential.R writes -------------------------------------------------------------

interface RStat {
	estimate: number;
	se: number;
	deff?: number;
	ci_low?: number;
	ci_high?: number;
}
interface RCategory {
	category: string;
	estimate: number;
	se: number;
	deff: number;
}
interface RDomain {
	domain: string;
	estimate: number;
	se: number;
	df: number;
	deff?: number;
}
interface RWeights {
	id: number[];
	w: number[];
}
interface RChisq {
	f: number;
	ndf: number;
	ddf: number;
	p_f: number;
	chisq: number;
	df: number;
	p_chisq: number;
}
interface RResults {
	versions: { r: string; survey: string };
	n: number;
	warnings: string[];
	design_based: {
		degf: number;
		rating: RStat;
		aware_total: RStat;
		trust: RCategory[];
		rating_by_region: RDomain[];
		trust2_logit: { estimate: number; ci_low: number; ci_high: number };
	};
	raking: { weights: RWeights; aware: RStat; rating: RStat; aware_by_education: RDomain[] };
	joint_raking: { weights: RWeights; aware: RStat; rating: RStat };
	poststratification: { weights: RWeights; aware: RStat; rating: RStat };
	association: {
		pearson: { stat: number; df: number; p: number };
		plain: RChisq;
		raked: RChisq;
	};
}

// --- Comparison, with a record of the largest differences ---------------------------------------

const largest = new Map<string, { difference: number; what: string }>();

type Measure = 'estimate' | 'se' | 'p';
const tolerances: Record<Measure, number> = { estimate: ESTIMATE, se: SE, p: P_VALUE };
const measureNames: Record<Measure, string> = {
	estimate: 'weights and estimates (relative)',
	se: 'SEs and statistics (relative)',
	p: 'p-values (absolute)'
};

/** Relative difference (absolute for p-values) within the tolerance of the measure. */
function agree(
	group: string,
	what: string,
	actual: number | undefined,
	expected: number | undefined,
	measure: Measure,
	tolerance = tolerances[measure]
) {
	expect(expected, `R gave no value for ${what}`).toBeTypeOf('number');
	expect(actual, `the engine gave no value for ${what}`).toBeTypeOf('number');
	const scale = measure !== 'p' && expected !== 0 ? Math.abs(expected!) : 1;
	const difference = Math.abs(actual! - expected!) / scale;
	const key = `${group}: ${measureNames[measure]}`;
	if (!(difference <= (largest.get(key)?.difference ?? -1))) largest.set(key, { difference, what });
	expect(difference, `${what}: engine ${actual}, expected ${expected}`).toBeLessThanOrEqual(
		tolerance
	);
}

function agreeStat(group: string, what: string, ours: Estimate | undefined, theirs: RStat) {
	expect(ours, `the engine gave no ${what}`).toBeDefined();
	agree(group, `${what}: estimate`, ours!.estimate, theirs.estimate, 'estimate');
	agree(group, `${what}: SE`, ours!.se, theirs.se, 'se');
	if (theirs.deff !== undefined) agree(group, `${what}: deff`, ours!.deff, theirs.deff, 'se');
	if (theirs.ci_low !== undefined)
		agree(group, `${what}: CI low`, ours!.ci_low, theirs.ci_low, 'se');
	if (theirs.ci_high !== undefined)
		agree(group, `${what}: CI high`, ours!.ci_high, theirs.ci_high, 'se');
}

function agreeDomains(
	group: string,
	variable: string,
	by: string,
	ours: Estimate[],
	theirs: RDomain[]
) {
	expect(ours.map((row) => row.domain?.[by]).sort()).toEqual(
		theirs.map((row) => row.domain).sort()
	);
	for (const reference of theirs) {
		const row = ours.find((candidate) => candidate.domain?.[by] === reference.domain);
		const what = `${variable} in ${by} = ${reference.domain}`;
		agreeStat(group, what, row, reference);
		expect(row!.df, `${what}: df`).toBe(reference.df);
	}
}

function agreeTests(group: string, ours: ChiSquareResult | null, theirs: RChisq) {
	expect(ours, 'the engine gave no tests for trust × region').not.toBeNull();
	const { rao_scott_1: first, rao_scott_2: second } = ours!;
	agree(group, 'Rao–Scott F', second.f, theirs.f, 'se');
	agree(group, 'Rao–Scott F: numerator df', second.ndf, theirs.ndf, 'se');
	agree(group, 'Rao–Scott F: denominator df', second.ddf, theirs.ddf, 'se');
	agree(group, 'Rao–Scott F: p', second.p, theirs.p_f, 'p');
	agree(group, 'first-order χ²', first.stat, theirs.chisq, 'se');
	expect(first.df, 'first-order χ²: df').toBe(theirs.df);
	agree(group, 'first-order χ²: p', first.p, theirs.p_chisq, 'p');
}

/** One Rscript run of r/differential.R; its JSON results. */
async function runR(csv: string, targets: string, output: string): Promise<RResults> {
	try {
		await promisify(execFile)('Rscript', [rScript, csv, targets, output], {
			maxBuffer: 16 << 20
		});
	} catch (error) {
		const { stderr, message } = error as Error & { stderr?: string };
		throw new Error(`Rscript ${rScript} failed:\n${stderr || message}`, { cause: error });
	}
	return JSON.parse(fs.readFileSync(output, 'utf8')) as RResults;
}

// --- Data, shared by every case -----------------------------------------------------------------

let folder: string;
let respondents: Respondent[];
let db: Database;
let data: Dataset;
let rRun: Promise<{ results: RResults } | { error: Error }> | undefined;
let rVersions = '';

beforeAll(async () => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'barometer-r-'));
	respondents = generateSurvey({ seed: 20240611, strata: 8 });
	const csv = path.join(folder, 'data.csv');
	const targets = path.join(folder, 'targets.csv');
	const output = path.join(folder, 'r.json');
	fs.writeFileSync(csv, toCsv(respondents));
	fs.writeFileSync(targets, populationTargets);
	// R starts slowly: let it run while DuckDB loads the data.
	if (rAvailable) {
		rRun = runR(csv, targets, output).then(
			(results) => ({ results }),
			(error: Error) => ({ error })
		);
	}
	db = await openDatabase(':memory:');
	await db.run(sql('CREATE TABLE data AS SELECT * FROM read_csv(?, header = true)', csv));
	data = await describeDataset(db, 'data');
});

afterAll(async () => {
	await rRun;
	await db?.close();
	if (folder) fs.rmSync(folder, { recursive: true, force: true });
	if (process.env.BAROMETER_R_REPORT === '1' && largest.size > 0) {
		const lines = [...largest].map(
			([key, { difference, what }]) => `  ${key}: ${difference.toExponential(2)} (${what})`
		);
		console.log(`Largest differences (${rVersions || 'no R'}):\n${lines.join('\n')}`);
	}
});

// --- The cases against R ------------------------------------------------------------------------

const plain: Design = { weight: 'base', strata: 'stratum', cluster: 'psu' };

describe.skipIf(!rAvailable && !requireR)('the engine against R on a generated sample', () => {
	let r: RResults;
	let margins: MarginSpec[];
	const marginsOf = (...variables: string[]) =>
		variables.map((name) => margins.find((margin) => margin.variables.join('*') === name)!);

	/** Weights, the weighted table and the calibrated design of one weighting run. */
	async function weigh(table: string, kind: 'raking' | 'poststratification', spec: MarginSpec[]) {
		const result: WeightingResult = await computeWeights(db, data, {
			margins: spec,
			baseWeight: 'base',
			tolerance: 1e-12,
			maxIterations: 1000
		});
		await writeWeights(db, data, result, { baseWeight: 'base' }, { table, name: 'w' });
		const design: Design = {
			weight: 'w',
			strata: 'stratum',
			cluster: 'psu',
			calibration: calibrationOf(kind, spec)
		};
		return { result, dataset: await describeDataset(db, table), design };
	}

	async function agreeWeights(group: string, table: string, reference: RWeights) {
		const rows = await db.all<{ id: number; w: number }>(
			sql(`SELECT id, w FROM ${table} ORDER BY id`)
		);
		expect(rows.length, `respondents with a weight in ${table}`).toBe(reference.id.length);
		const ours = new Map(rows.map((row) => [row.id, row.w]));
		reference.id.forEach((id, i) =>
			agree(group, `weight of respondent ${id}`, ours.get(id), reference.w[i], 'estimate')
		);
	}

	const mean = async (dataset: Dataset, design: Design, variable: string) =>
		(await estimate(db, dataset, design, { variable, categorical: false })).find(
			(row) => row.statistic === 'mean'
		);

	let raked: Awaited<ReturnType<typeof weigh>>;

	beforeAll(async () => {
		if (!rAvailable) {
			throw new Error(
				'BAROMETER_REQUIRE_R=1 but Rscript is not on PATH: install R with the survey and ' +
					'jsonlite packages to run the comparisons with R.'
			);
		}
		const run = await rRun!;
		if ('error' in run) throw run.error;
		r = run.results;
		rVersions = `R ${r.versions.r}, survey ${r.versions.survey}`;
		expect(r.n).toBe(respondents.length);
		margins = marginsFromRows(parseTargetsCsv(populationTargets));
		raked = await weigh('raked', 'raking', marginsOf('sex', 'agegroup', 'region'));
	});

	describe('1. stratified cluster design with base weights', () => {
		it('svymean(~rating, na.rm = TRUE): estimate, SE, deff and t interval on degf', async () => {
			const rows = await estimate(db, data, plain, { variable: 'rating', categorical: false });
			expect(rows).toHaveLength(1);
			expect(rows[0]!.df).toBe(r.design_based.degf);
			agreeStat('1 design', 'mean of rating', rows[0], r.design_based.rating);
		});

		it('svytotal(~aware): total, SE and deff', async () => {
			const rows = await estimate(db, data, plain, {
				variable: 'aware',
				categorical: false,
				totals: true
			});
			const total = rows.find((row) => row.statistic === 'total');
			agreeStat('1 design', 'total of aware', total, r.design_based.aware_total);
		});

		it('svymean(~factor(trust), na.rm = TRUE): each proportion, SE and deff', async () => {
			const rows = await estimate(db, data, plain, { variable: 'trust', categorical: true });
			expect(rows.map((row) => row.category)).toEqual(
				r.design_based.trust.map((row) => row.category)
			);
			for (const reference of r.design_based.trust) {
				const row = rows.find((candidate) => candidate.category === reference.category);
				agreeStat('1 design', `proportion of trust = ${reference.category}`, row, reference);
			}
		});

		it('svyby(~rating, ~region, svymean, na.rm = TRUE): domain means, SEs, deffs, df', async () => {
			const rows = await estimate(db, data, plain, {
				variable: 'rating',
				categorical: false,
				by: 'region'
			});
			agreeDomains('1 design', 'rating', 'region', rows, r.design_based.rating_by_region);
		});

		it('svyciprop(~I(trust == 2), method = "logit"): logit interval on degf', async () => {
			const rows = await estimate(db, data, plain, { variable: 'trust', categorical: true });
			const two = rows.find((row) => row.category === '2');
			agreeStat('1 design', 'logit CI of trust = 2', two, {
				estimate: r.design_based.trust2_logit.estimate,
				se: r.design_based.trust.find((row) => row.category === '2')!.se,
				ci_low: r.design_based.trust2_logit.ci_low,
				ci_high: r.design_based.trust2_logit.ci_high
			});
		});
	});

	describe('2. raking with strata and clusters', () => {
		it('rake(~sex, ~agegroup, ~region): every respondent’s weight', async () => {
			expect(r.warnings, 'R warnings (a non-converged rake among them)').toEqual([]);
			expect(raked.result.converged).toBe(true);
			await agreeWeights('2 raking', 'raked', r.raking.weights);
		});

		it('raked design: SEs of svymean(~aware), svymean(~rating) and svyby(~aware, ~education)', async () => {
			const { dataset, design } = raked;
			agreeStat('2 raking', 'mean of aware', await mean(dataset, design, 'aware'), r.raking.aware);
			agreeStat(
				'2 raking',
				'mean of rating',
				await mean(dataset, design, 'rating'),
				r.raking.rating
			);
			const rows = await estimate(db, dataset, design, {
				variable: 'aware',
				categorical: false,
				by: 'education'
			});
			agreeDomains('2 raking', 'aware', 'education', rows, r.raking.aware_by_education);
		});

		it('joint margin sex × agegroup with region: weights and SEs', async () => {
			const joint = await weigh('raked_joint', 'raking', marginsOf('sex*agegroup', 'region'));
			expect(joint.result.converged).toBe(true);
			await agreeWeights('2 joint raking', 'raked_joint', r.joint_raking.weights);
			const { dataset, design } = joint;
			agreeStat(
				'2 joint raking',
				'mean of aware',
				await mean(dataset, design, 'aware'),
				r.joint_raking.aware
			);
			agreeStat(
				'2 joint raking',
				'mean of rating',
				await mean(dataset, design, 'rating'),
				r.joint_raking.rating
			);
		});
	});

	describe('3. post-stratification', () => {
		it('postStratify(~sex + agegroup): weights and SEs of means', async () => {
			const { dataset, design } = await weigh(
				'poststratified',
				'poststratification',
				marginsOf('sex*agegroup')
			);
			await agreeWeights('3 post-stratification', 'poststratified', r.poststratification.weights);
			agreeStat(
				'3 post-stratification',
				'mean of aware',
				await mean(dataset, design, 'aware'),
				r.poststratification.aware
			);
			agreeStat(
				'3 post-stratification',
				'mean of rating',
				await mean(dataset, design, 'rating'),
				r.poststratification.rating
			);
		});
	});

	describe('4. tests of association, trust × region', () => {
		it('svychisq(statistic = "F" and "Chisq"), stratified cluster design', async () => {
			const [table] = await crosstab(db, data, plain, { rows: ['trust'], cols: ['region'] });
			agreeTests('4 association, design', table!.chi_square, r.association.plain);
		});

		it('svychisq(statistic = "F" and "Chisq"), raked design', async () => {
			const [table] = await crosstab(db, raked.dataset, raked.design, {
				rows: ['trust'],
				cols: ['region']
			});
			agreeTests('4 association, raked', table!.chi_square, r.association.raked);
		});

		it('Pearson X² of the unweighted table: chisq.test(correct = FALSE)', async () => {
			const [table] = await crosstab(db, data, plain, { rows: ['trust'], cols: ['region'] });
			const pearson = table!.chi_square!.pearson;
			agree('4 association, Pearson', 'Pearson X²', pearson.stat, r.association.pearson.stat, 'se');
			expect(pearson.df).toBe(r.association.pearson.df);
			agree('4 association, Pearson', 'Pearson p', pearson.p, r.association.pearson.p, 'p');
		});
	});
});

// --- Checkable by hand: no R needed -------------------------------------------------------------

describe('5. equal weights, no strata or clusters', () => {
	const group = '5 equal weights';
	type Column = 'aware' | 'sex' | 'agegroup' | 'region' | 'trust';
	const answersOf = (variable: Column) =>
		respondents.map((row) => (row[variable] === null ? null : String(row[variable])));

	/** Each category's share p of the m answers, among N respondents. */
	function shares(values: (string | null)[]) {
		const answered = values.filter((value): value is string => value !== null);
		return [...new Set(answered)].map((category) => ({
			category,
			N: values.length,
			m: answered.length,
			p: answered.filter((value) => value === category).length / answered.length
		}));
	}

	async function checkProportions(
		variable: Column,
		expected: (share: ReturnType<typeof shares>[number]) => { se: number; deff: number }
	) {
		const rows = await estimate(db, data, {}, { variable, categorical: true });
		const references = shares(answersOf(variable));
		expect(rows, `categories of ${variable}`).toHaveLength(references.length);
		for (const reference of references) {
			const what = `${variable} = ${reference.category}`;
			const row = rows.find((candidate) => candidate.category === reference.category);
			expect(row, what).toBeDefined();
			const { se, deff } = expected(reference);
			agree(group, what, row!.estimate, reference.p, 'estimate', 1e-12);
			agree(group, `${what}: SE`, row!.se, se, 'se', 1e-10);
			agree(group, `${what}: deff`, row!.deff, deff, 'se', 1e-10);
			expect(row!.n, `${what}: n`).toBe(reference.m);
			expect(row!.df, `${what}: df`).toBe(reference.N - 1);
		}
	}

	it('complete answers: p with SE sqrt(p(1 − p)/(n − 1)), deff 1, df n − 1', async () => {
		for (const variable of ['aware', 'sex', 'agegroup', 'region'] as const) {
			expect(answersOf(variable)).not.toContain(null);
			await checkProportions(variable, ({ p, N }) => ({
				se: Math.sqrt((p * (1 - p)) / (N - 1)),
				deff: 1
			}));
		}
	});

	// Missing answers are dropped but the respondents stay in the design, as R's
	// svymean(na.rm = TRUE) does: N respondents are the PSUs, m of them answered.
	it('answers with gaps: SE sqrt(N/(N − 1)·p(1 − p)/m), deff N(m − 1)/((N − 1)m)', async () => {
		expect(answersOf('trust')).toContain(null);
		await checkProportions('trust', ({ p, N, m }) => ({
			se: Math.sqrt(((N / (N - 1)) * p * (1 - p)) / m),
			deff: (N * (m - 1)) / ((N - 1) * m)
		}));
	});

	it('a constant weight of 2.5 keeps p and its SE; the total is 2.5·count with SE 2.5·n·SE(p)', async () => {
		await db.run(sql('CREATE OR REPLACE TABLE equal AS SELECT *, 2.5 AS w FROM data'));
		const equal = await describeDataset(db, 'equal');
		const rows = await estimate(
			db,
			equal,
			{ weight: 'w' },
			{ variable: 'aware', categorical: true, totals: true }
		);
		const n = respondents.length;
		const yes = respondents.filter((row) => row.aware === 1).length;
		const p = yes / n;
		const se = Math.sqrt((p * (1 - p)) / (n - 1));
		const proportion = rows.find((row) => row.category === '1' && row.statistic === 'proportion');
		const total = rows.find((row) => row.category === '1' && row.statistic === 'total');
		expect(proportion).toBeDefined();
		expect(total).toBeDefined();
		agree(group, 'weighted proportion aware = 1', proportion!.estimate, p, 'estimate', 1e-12);
		agree(group, 'weighted proportion aware = 1: SE', proportion!.se, se, 'se', 1e-10);
		agree(group, 'total aware = 1', total!.estimate, 2.5 * yes, 'estimate', 1e-12);
		agree(group, 'total aware = 1: SE', total!.se, 2.5 * n * se, 'se', 1e-10);
	});

	it('means: SE s/sqrt(n) when complete, sqrt(N/(N − 1)·Σ(y − ȳ)²)/m with gaps', async () => {
		for (const variable of ['education', 'rating'] as const) {
			const N = respondents.length;
			const answered = respondents
				.map((row) => row[variable])
				.filter((value): value is number => value !== null);
			const m = answered.length;
			const average = answered.reduce((a, b) => a + b, 0) / m;
			const squares = answered.reduce((sum, y) => sum + (y - average) ** 2, 0);
			// With m = N this is s/sqrt(n), s² = Σ(y − ȳ)²/(n − 1).
			const se = Math.sqrt((N / (N - 1)) * squares) / m;
			if (variable === 'education') expect(m).toBe(N);
			else expect(m).toBeLessThan(N);
			const [row] = await estimate(db, data, {}, { variable, categorical: false });
			agree(group, `mean of ${variable}`, row!.estimate, average, 'estimate', 1e-12);
			agree(group, `mean of ${variable}: SE`, row!.se, se, 'se', 1e-10);
		}
	});
});
