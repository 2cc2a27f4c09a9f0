/**
 * The engine against exact values from R's survey package (fixture F1 in
 * ../shared/reference/r-survey-fixture.md): weights and point estimates to 1e-8 relative,
 * standard errors and test statistics to 1e-6.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/db/database.ts';
import { describeDataset, type Dataset } from './dataset.ts';
import type { Design } from './design.ts';
import { estimate } from './estimation/estimate.ts';
import { fixtureDatabase, fixtureMargins } from './testing/r-fixture.ts';
import { weightDiagnostics } from './weighting/diagnostics.ts';
import { trimOnce } from './weighting/trim.ts';
import { computeWeights, writeWeights, type WeightingResult } from './weighting/weight-dataset.ts';
import { calibrationOf } from './weighting/calibration.ts';
import { crosstab } from './crosstab/crosstab.ts';
import { comparePair } from './crosstab/column-tests.ts';

const close = (actual: number, expected: number, relative: number) =>
	expect(Math.abs(actual - expected) / Math.abs(expected), `${actual} vs ${expected}`).toBeLessThan(
		relative
	);

let db: Database;
let data: Dataset;
let raked: WeightingResult;
let weighted: Dataset;
let rakedDesign: Design;

beforeAll(async () => {
	({ db, dataset: data } = await fixtureDatabase());
	raked = await computeWeights(db, data, {
		margins: fixtureMargins,
		tolerance: 1e-12,
		maxIterations: 1000
	});
	await writeWeights(db, data, raked, {}, { table: 'raked', name: 'w' });
	weighted = await describeDataset(db, 'raked');
	rakedDesign = { weight: 'w', calibration: calibrationOf('raking', fixtureMargins) };
});
afterAll(async () => db?.close());

const weightOf = (result: WeightingResult, sex: string, age: string) =>
	result.cells.find((cell) => cell.keys.join() === `${sex},${age}`)!.weight;

describe('fixture F1 against R', () => {
	it('R1: unweighted mean of aware', async () => {
		const [row] = await estimate(db, data, {}, { variable: 'aware', categorical: false });
		close(row!.estimate, 0.6, 1e-12);
		close(row!.se, 0.1123903, 1e-6);
	});

	it('R2: raked weights by sex × age', () => {
		expect(raked.converged).toBe(true);
		const expected: [string, string, number][] = [
			['M', 'A', 45.04254828],
			['M', 'B', 38.97069479],
			['M', 'C', 36.30149315],
			['F', 'A', 74.78725862],
			['F', 'B', 64.70574027],
			['F', 'C', 60.27388014]
		];
		for (const [sex, age, weight] of expected) close(weightOf(raked, sex, age), weight, 1e-8);
	});

	it('R4: mean of aware under the raked design, SE accounting for raking', async () => {
		const [row] = await estimate(db, weighted, rakedDesign, {
			variable: 'aware',
			categorical: false
		});
		close(row!.estimate, 0.61514991, 1e-7);
		close(row!.se, 0.11751616, 1e-6);
	});

	it('R4b: the same weights treated as fixed, with the design effect', async () => {
		const [row] = await estimate(
			db,
			weighted,
			{ weight: 'w' },
			{ variable: 'aware', categorical: false }
		);
		close(row!.se, 0.11446182, 1e-6);
		close(row!.deff, 1.05148, 1e-5);
	});

	it('R5: mean of rating and total of aware, raked', async () => {
		const [rating] = await estimate(db, weighted, rakedDesign, {
			variable: 'rating',
			categorical: false
		});
		close(rating!.estimate, 3.39698207, 1e-8);
		close(rating!.se, 0.29951947, 1e-6);
		const rows = await estimate(db, weighted, rakedDesign, {
			variable: 'aware',
			categorical: false,
			totals: true
		});
		const total = rows.find((row) => row.statistic === 'total')!;
		close(total.estimate, 615.14991, 1e-7);
		close(total.se, 117.51616, 1e-6);
	});

	it('R6: aware by region, raked', async () => {
		const rows = await estimate(db, weighted, rakedDesign, {
			variable: 'aware',
			categorical: false,
			by: 'region'
		});
		const north = rows.find((row) => row.domain?.region === 'N')!;
		const south = rows.find((row) => row.domain?.region === 'S')!;
		close(north.estimate, 0.5840448266, 1e-8);
		close(north.se, 0.1692078688, 1e-6);
		close(south.estimate, 0.6477952672, 1e-8);
		close(south.se, 0.1428882523, 1e-6);
	});

	it('R7: logit confidence interval of aware, raked, df 19', async () => {
		const rows = await estimate(db, weighted, rakedDesign, {
			variable: 'aware',
			categorical: true
		});
		const yes = rows.find((row) => row.category === '1')!;
		expect(yes.df).toBe(19);
		close(yes.ci_low, 0.3612486, 1e-6);
		close(yes.ci_high, 0.8187606, 1e-6);
	});

	it('R9: post-stratification on sex', async () => {
		const margins = [fixtureMargins[0]!];
		const result = await computeWeights(db, data, { margins, tolerance: 1e-12 });
		close(result.cells.find((cell) => cell.keys.join() === 'M')!.weight, 40.8333333, 1e-8);
		close(result.cells.find((cell) => cell.keys.join() === 'F')!.weight, 63.75, 1e-8);
		await writeWeights(db, data, result, {}, { table: 'poststratified', name: 'w' });
		const table = await describeDataset(db, 'poststratified');
		const design: Design = {
			weight: 'w',
			calibration: calibrationOf('poststratification', margins)
		};
		const [row] = await estimate(db, table, design, { variable: 'aware', categorical: false });
		close(row!.estimate, 0.60458333, 1e-8);
		close(row!.se, 0.114631004172, 1e-6);
	});

	it('R10: one pass of trimWeights(upper = 60, lower = 40)', () => {
		const trimmed = trimOnce(raked.cells, { low: 40, high: 60 });
		const weight = (sex: string, age: string) =>
			trimmed.find((cell) => cell.keys.join() === `${sex},${age}`)!.weight;
		close(weight('M', 'A'), 48, 1e-6);
		expect(weight('M', 'B')).toBe(40);
		expect(weight('M', 'C')).toBe(40);
		for (const age of ['A', 'B', 'C']) expect(weight('F', age)).toBe(60);
		close(
			trimmed.reduce((sum, cell) => sum + cell.count * cell.weight, 0),
			1000,
			1e-12
		);
	});

	it('R11: Kish design effect of the raked weights', () => {
		const diagnostics = weightDiagnostics(raked.cells);
		close(diagnostics.deff, 1.057156125, 1e-8);
		close(diagnostics.effectiveN, 18.91868148, 1e-8);
		close(diagnostics.efficiency, 0.945934, 1e-5);
	});

	it('R8: Rao–Scott tests of region × aware, raked', async () => {
		const [table] = await crosstab(db, weighted, rakedDesign, {
			rows: ['aware'],
			cols: ['region']
		});
		const tests = table!.chi_square!;
		close(tests.rao_scott_2.f, 0.091845816, 1e-6);
		close(tests.rao_scott_2.ndf, 1, 1e-9);
		close(tests.rao_scott_2.ddf, 19, 1e-9);
		close(tests.rao_scott_2.p, 0.7651368, 1e-6);
		close(tests.rao_scott_1.stat, 0.085784778, 1e-6);
		close(tests.rao_scott_1.p, 0.7618436, 1e-6);
	});

	it('R12: column-proportions test of aware, N vs S, on effective bases', async () => {
		const [table] = await crosstab(
			db,
			weighted,
			{ weight: 'w' },
			{ rows: ['aware'], cols: ['region'] }
		);
		const [north, south] = table!.columns;
		close(north!.effective_base, 9.470594363, 1e-8);
		close(south!.effective_base, 9.458557272, 1e-8);
		const cell = (col: string) => table!.cells.find((c) => c.row === '1' && c.col === col)!;
		close(cell('N').col_pct, 0.5840448266, 1e-8);
		const result = comparePair(
			{
				p: cell('N').col_pct,
				weightedBase: north!.weighted_n,
				effectiveBase: north!.effective_base,
				n: north!.n
			},
			{
				p: cell('S').col_pct,
				weightedBase: south!.weighted_n,
				effectiveBase: south!.effective_base,
				n: south!.n
			}
		);
		close(result.t, -0.2850246, 1e-6);
		close(result.df, 16.92915, 1e-6);
		close(result.p, 0.7790828, 1e-6);
		// Ten respondents per column: below the minimum base, so no letters.
		expect(north!.base_flag).toBe('no-test');
		expect(table!.cells.every((c) => c.sig === '')).toBe(true);
	});
});
