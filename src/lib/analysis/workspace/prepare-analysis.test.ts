import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { crosstab } from '../crosstab/crosstab.ts';
import { estimate } from '../estimation/estimate.ts';
import { surveyTable } from '../testing/survey-table.ts';
import { orderDerived, type DerivedVariable } from './derived-variables.ts';
import { prepareAnalysis } from './prepare-analysis.ts';
import type { WeightingScheme } from './weighting-scheme.ts';

let db: Database;
beforeEach(async () => {
	db = await openDatabase(':memory:');
});
afterEach(async () => db.close());

const scheme: WeightingScheme = {
	name: 'Test margins',
	definition: {
		targets: [
			{ variable: 'sex', category: '1', target: 0.5 },
			{ variable: 'sex', category: '2', target: 0.5 },
			{ variable: 'settlement', category: '1', target: 0.5 },
			{ variable: 'settlement', category: '2', target: 0.5 }
		],
		tolerance: 1e-8,
		maxIterations: 100,
		trim: null,
		dropEmptyTargets: false
	}
};

const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-10);

describe('filters are domains, as subset() of a survey design in R', () => {
	for (const weighting of [null, scheme]) {
		it(`gives the same estimate, SE and CI as the domain of a by-variable (${weighting ? 'raked' : 'unweighted'})`, async () => {
			const base = await surveyTable(db, 3000);
			const filtered = await prepareAnalysis(
				db,
				base,
				new Map(),
				{ weighting, filters: [{ variable: 'region', op: 'in', values: [2, 3] }] },
				'f'
			);
			const whole = await prepareAnalysis(
				db,
				base,
				new Map(),
				{
					weighting,
					derived: [
						{
							kind: 'rules',
							name: 'in_filter',
							label: 'Region 2 or 3',
							definition: {
								name: 'in_filter',
								rules: [
									{
										label: 'yes',
										match: 'all',
										conditions: [{ variable: 'region', op: 'in', values: [2, 3] }]
									}
								],
								otherLabel: 'no'
							}
						}
					]
				},
				'w'
			);
			const inFilter = await estimate(db, filtered.dataset, filtered.design, {
				variable: 'aware_2',
				categorical: true
			});
			const byDomain = (
				await estimate(db, whole.dataset, whole.design, {
					variable: 'aware_2',
					categorical: true,
					by: 'in_filter'
				})
			).filter((e) => e.domain?.in_filter === '1');
			expect(inFilter.map((e) => e.category)).toEqual(byDomain.map((e) => e.category));
			inFilter.forEach((e, i) => {
				near(e.estimate, byDomain[i]!.estimate);
				near(e.se, byDomain[i]!.se);
				near(e.ci_low, byDomain[i]!.ci_low);
				near(e.ci_high, byDomain[i]!.ci_high);
				expect(e.n).toBe(byDomain[i]!.n);
				// Degrees of freedom from the PSUs inside the filter, as R's degf(subset(…)).
				expect(e.df).toBe(byDomain[i]!.df);
				expect(e.domain).toBeNull();
			});
			// Outside the filter the respondent is not in any estimate, but stays in the design.
			expect(inFilter[0]!.n + inFilter[1]!.n).toBeLessThan(3000);
			expect(filtered.filterNote).toBe('Filter: region is 2 or 3');
			expect(filtered.weightingNote).toBe(
				weighting ? 'Weighted: Test margins (raking on sex, settlement)' : 'Unweighted'
			);
			await filtered.dispose();
			await whole.dispose();
		});
	}
});

describe('derived variables', () => {
	it('assigns k-means segments in SQL to the nearest stored centre, leaving incomplete and don\u2019t-know answers out', async () => {
		const base = await surveyTable(db, 2000);
		const derived: DerivedVariable = {
			kind: 'kmeans',
			name: 'cluster',
			label: 'Clusters',
			definition: {
				variables: ['favour', 'trust_tv'],
				means: [3, 2.5],
				sds: [1.4, 1.1],
				centers: [
					[-1, -1],
					[1, 1],
					[1, -1]
				],
				labels: ['low', 'high', 'mixed'],
				missing: [[98], [98]],
				seed: 1,
				fit: { n: 2000, withinSS: 1, silhouette: null, weighting: 'Unweighted' }
			}
		};
		const prepared = await prepareAnalysis(db, base, new Map(), { derived: [derived] }, 'k');
		const rows = await db.all<{ favour: number; trust_tv: number; cluster: number | null }>({
			sql: `SELECT favour, trust_tv, cluster FROM k_derived`,
			params: []
		});
		const centers = derived.definition.centers;
		let checked = 0;
		for (const row of rows) {
			if (row.favour === 98 || row.trust_tv === 98) {
				expect(row.cluster).toBeNull();
				continue;
			}
			const z = [(row.favour - 3) / 1.4, (row.trust_tv - 2.5) / 1.1];
			const distances = centers.map((c) => (z[0]! - c[0]!) ** 2 + (z[1]! - c[1]!) ** 2);
			expect(row.cluster).toBe(distances.indexOf(Math.min(...distances)) + 1);
			checked++;
		}
		expect(checked).toBeGreaterThan(1800);
		expect(prepared.labels.get('cluster')?.values.get('3')).toBe('mixed');
		await prepared.dispose();
		// Disposal drops every work table.
		const left = await db.all({
			sql: `SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'k_%'`,
			params: []
		});
		expect(left).toEqual([]);
	});

	it('lets a later rule segment use an earlier one, and refuses a name the data has', async () => {
		const base = await surveyTable(db, 500);
		const first: DerivedVariable = {
			kind: 'rules',
			name: 'aware_any',
			label: 'Aware of any',
			definition: {
				name: 'aware_any',
				rules: [
					{
						label: 'Aware',
						match: 'any',
						conditions: [
							{ variable: 'aware_1', op: 'in', values: [1] },
							{ variable: 'aware_2', op: 'in', values: [1] }
						]
					}
				],
				otherLabel: 'Unaware'
			}
		};
		const second: DerivedVariable = {
			kind: 'rules',
			name: 'aware_men',
			label: 'Aware men',
			definition: {
				name: 'aware_men',
				rules: [
					{
						label: 'Aware men',
						match: 'all',
						conditions: [
							{ variable: 'aware_any', op: 'in', values: [1] },
							{ variable: 'sex', op: 'in', values: [1] }
						]
					}
				],
				otherLabel: null
			}
		};
		const prepared = await prepareAnalysis(db, base, new Map(), { derived: [first, second] }, 'r');
		const check = await db.one<{ wrong: number; men: number }>({
			sql: `SELECT count(*) FILTER (WHERE (aware_men = 1) <> coalesce((aware_1 = 1 OR aware_2 = 1) AND sex = 1, false)) AS wrong,
				count(*) FILTER (WHERE aware_men = 1) AS men FROM r_derived`,
			params: []
		});
		expect(check).toEqual({ wrong: 0, men: expect.any(Number) });
		expect(check!.men).toBeGreaterThan(50);
		await prepared.dispose();
		await expect(
			prepareAnalysis(
				db,
				base,
				new Map(),
				{ derived: [{ ...first, name: 'sex', definition: { ...first.definition, name: 'sex' } }] },
				'x'
			)
		).rejects.toThrow('The data already has a variable named sex');
	});
});

describe('a filter on a table of the weighting variables themselves', () => {
	it('counts only the respondents inside, while the weights stay those of the whole sample', async () => {
		const base = await surveyTable(db, 3000);
		const filtered = await prepareAnalysis(
			db,
			base,
			new Map(),
			{ weighting: scheme, filters: [{ variable: 'region', op: 'in', values: [2, 3] }] },
			'g'
		);
		const [table] = await crosstab(db, filtered.dataset, filtered.design, {
			rows: ['sex'],
			cols: ['settlement']
		});
		const inside = await db.one<{ n: number }>({
			sql: 'SELECT count(*) AS n FROM data WHERE region IN (2, 3)',
			params: []
		});
		expect(table!.columns.reduce((n, c) => n + c.n, 0)).toBe(inside!.n);
		// The raked weights are the whole sample's: inside the filter they need not hit the targets.
		const whole = await prepareAnalysis(db, base, new Map(), { weighting: scheme }, 'h');
		const weights = await db.all<{ a: number; b: number }>({
			sql: 'SELECT f.design_weight AS a, w.weight AS b FROM g_filtered f JOIN h_weighted w USING (id) WHERE f.in_filter_domain = 1 LIMIT 50',
			params: []
		});
		expect(weights.length).toBe(50);
		for (const w of weights) expect(w.a).toBeCloseTo(w.b, 12);
		await filtered.dispose();
		await whole.dispose();
	});
});

describe('ordering derived variables', () => {
	const rule = (name: string, uses: string): DerivedVariable => ({
		kind: 'rules',
		name,
		label: name,
		definition: {
			name,
			rules: [{ label: 'x', match: 'all', conditions: [{ variable: uses, op: 'in', values: [1] }] }]
		}
	});
	it('puts each after the ones it reads, keeping the given order otherwise', () => {
		expect(
			orderDerived([rule('c', 'a'), rule('a', 'sex'), rule('b', 'sex')]).map((d) => d.name)
		).toEqual(['a', 'b', 'c']);
		expect(orderDerived([rule('a', 'sex'), rule('b', 'sex')]).map((d) => d.name)).toEqual([
			'a',
			'b'
		]);
	});
	it('refuses a cycle and a repeated name', () => {
		expect(() => orderDerived([rule('a', 'b'), rule('b', 'a')])).toThrow(
			'The derived variables a, b depend on each other.'
		);
		expect(() => orderDerived([rule('a', 'sex'), rule('a', 'sex')])).toThrow(
			'Two derived variables are named a.'
		);
	});
});
