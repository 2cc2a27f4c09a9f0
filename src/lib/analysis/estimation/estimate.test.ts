import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { describeDataset, type Dataset } from '../dataset.ts';
import type { Design } from '../design.ts';
import { estimate, type Estimate } from './estimate.ts';
import { LonelyPsuError } from './influence.ts';

type Value = string | number | null;

/**
 * Twelve respondents in two strata of three PSUs each. Reference values come from R's survey
 * package on the same data:
 *   des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d, nest = TRUE)
 */
const respondents = () => ({
	stratum: ['S1', 'S1', 'S1', 'S1', 'S1', 'S1', 'S2', 'S2', 'S2', 'S2', 'S2', 'S2'],
	psu: [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6],
	q: ['yes', 'no', 'yes', null, 'yes', 'yes', 'no', 'no', 'yes', null, 'yes', 'no'],
	region: ['N', 'S', 'N', 'S', 'N', 'S', 'N', 'S', 'N', 'S', 'N', 'S'],
	w: [1, 2, 1.5, 1, 2, 1, 1, 3, 1, 2, 1.5, 1],
	rating: [4, 3, null, 5, 2, 4, null, 1, 3, 5, 4, 2]
});

type Columns = Record<string, Value[]>;

const types: Record<string, string> = {
	stratum: 'VARCHAR',
	psu: 'INTEGER',
	q: 'VARCHAR',
	region: 'VARCHAR',
	w: 'DOUBLE',
	rating: 'DOUBLE'
};

let db: Database;

beforeEach(async () => {
	db = await openDatabase(':memory:');
});

afterEach(async () => {
	await db.close();
});

async function load(columns: Columns): Promise<Dataset> {
	const names = Object.keys(columns);
	const rows = columns[names[0]!]!.map((_, i) =>
		Object.fromEntries(names.map((name) => [name, columns[name]![i]]))
	);
	const select = names
		.map((name) => `(r->>'${name}')::${types[name] ?? 'VARCHAR'} AS ${name}`)
		.join(', ');
	await db.run({
		sql: `CREATE TABLE data AS SELECT ${select} FROM (SELECT unnest(CAST(? AS JSON[])) AS r)`,
		params: [JSON.stringify(rows)]
	});
	return describeDataset(db, 'data');
}

const design: Design = { weight: 'w', strata: 'stratum', cluster: 'psu' };

const find = (estimates: Estimate[], category: string, domain?: string) =>
	estimates.find(
		(e) => e.category === category && (domain === undefined || e.domain?.region === domain)
	)!;

const expectFinite = (e: Estimate) => {
	for (const value of [e.estimate, e.se, e.ci_low, e.ci_high]) {
		expect(Number.isFinite(value), `${e.category}: ${value}`).toBe(true);
	}
};

describe('estimate', () => {
	it('drops missing answers per variable and matches R for a proportion', async () => {
		const data = await load(respondents());
		const estimates = await estimate(db, data, design, { variable: 'q', categorical: true });
		expect(estimates.map((e) => e.category)).toEqual(['no', 'yes']);
		const yes = find(estimates, 'yes');
		expect(yes.n).toBe(10);
		expect(yes.weighted_n).toBeCloseTo(15, 12);
		// R: svymean(~q, des, na.rm = TRUE, deff = "replace"); svyciprop(method = "logit").
		expect(yes.estimate).toBeCloseTo(0.533333333333333, 12);
		expect(yes.se).toBeCloseTo(0.201769946005621, 9);
		expect(yes.df).toBe(4);
		expect(yes.ci_low).toBeCloseTo(0.107428131894182, 8);
		expect(yes.ci_high).toBeCloseTo(0.915625926575959, 8);
		expect(yes.deff).toBeCloseTo(1.47214285714286, 8);
	});

	it('counts a different base for each variable', async () => {
		const data = await load(respondents());
		const [mean] = await estimate(db, data, design, { variable: 'rating', categorical: false });
		expect(mean!.n).toBe(10);
		expect(mean!.weighted_n).toBeCloseTo(15.5, 12);
		// R: svymean(~rating, des, na.rm = TRUE, deff = "replace"); confint(df = degf(des)).
		expect(mean!.estimate).toBeCloseTo(3.03225806451613, 12);
		expect(mean!.se).toBeCloseTo(0.593270882146138, 9);
		expect(mean!.ci_low).toBeCloseTo(1.38507402772511, 8);
		expect(mean!.ci_high).toBeCloseTo(4.67944210130715, 8);
		expect(mean!.deff).toBeCloseTo(1.61068331599029, 8);
	});

	it('keeps respondents with a missing answer in the variance (unweighted, unclustered)', async () => {
		const data = await load(respondents());
		const estimates = await estimate(db, data, {}, { variable: 'q', categorical: true });
		const yes = find(estimates, 'yes');
		expect(yes.n).toBe(10);
		expect(yes.estimate).toBeCloseTo(0.6, 12);
		// R: svymean(~q, svydesign(ids = ~1, data = d), na.rm = TRUE) uses all 12 rows.
		expect(yes.se).toBeCloseTo(0.161807966991178, 10);
		expect(yes.df).toBe(11);
	});

	it('gives domain proportions that sum to 1 in each domain, matching R svyby', async () => {
		const data = await load(respondents());
		const estimates = await estimate(db, data, design, {
			variable: 'q',
			categorical: true,
			by: 'region'
		});
		for (const region of ['N', 'S']) {
			const inDomain = estimates.filter((e) => e.domain?.region === region);
			expect(inDomain).toHaveLength(2);
			expect(inDomain.reduce((sum, e) => sum + e.estimate, 0)).toBeCloseTo(1, 12);
		}
		// R: svyby(~q, ~region, des, svymean, na.rm = TRUE)
		expect(find(estimates, 'yes', 'N').estimate).toBeCloseTo(0.875, 12);
		expect(find(estimates, 'yes', 'N').se).toBeCloseTo(0.129790997858095, 9);
		expect(find(estimates, 'yes', 'S').estimate).toBeCloseTo(0.142857142857143, 12);
		expect(find(estimates, 'yes', 'S').se).toBeCloseTo(0.156758076487114, 9);
		expect(find(estimates, 'no', 'S').n).toBe(4);
	});

	it('gives a degenerate interval at a proportion of 1', async () => {
		const columns = respondents();
		columns.q = columns.q.map((answer) => (answer === null ? null : 'yes'));
		const data = await load(columns);
		const estimates = await estimate(db, data, design, { variable: 'q', categorical: true });
		expect(estimates).toHaveLength(1);
		const [yes] = estimates;
		expectFinite(yes!);
		expect(yes!.estimate).toBe(1);
		expect(yes!.se).toBe(0);
		expect([yes!.ci_low, yes!.ci_high]).toEqual([1, 1]);
	});

	it('gives a degenerate interval at a proportion of 0', async () => {
		// Respondents answering "no" carry weight 0, so "no" has a weighted share of 0.
		const columns = respondents();
		columns.w = columns.w.map((weight, i) => (columns.q[i] === 'no' ? 0 : weight));
		const data = await load(columns);
		const estimates = await estimate(db, data, design, { variable: 'q', categorical: true });
		const no = find(estimates, 'no');
		expectFinite(no);
		expect(no.estimate).toBe(0);
		expect(no.se).toBeCloseTo(0, 12);
		expect([no.ci_low, no.ci_high]).toEqual([0, 0]);
		expect(find(estimates, 'yes').estimate).toBe(1);
	});

	it('refuses a stratum with a single PSU, naming it', async () => {
		const columns = respondents();
		// PSU 6 moves to a stratum of its own.
		columns.stratum = columns.stratum.map((s, i) => (columns.psu[i] === 6 ? 'S3' : s));
		const data = await load(columns);
		const run = estimate(db, data, design, { variable: 'q', categorical: true });
		await expect(run).rejects.toBeInstanceOf(LonelyPsuError);
		await expect(
			estimate(db, data, design, { variable: 'q', categorical: true })
		).rejects.toMatchObject({ stratum: 'S3', message: expect.stringMatching(/^Stratum S3 /) });
	});

	it('refuses a stratum with a single respondent in an unclustered design', async () => {
		const columns = respondents();
		columns.stratum = columns.stratum.map((s, i) => (i === 11 ? 'alone' : s));
		const data = await load(columns);
		await expect(
			estimate(
				db,
				data,
				{ weight: 'w', strata: 'stratum' },
				{ variable: 'rating', categorical: false }
			)
		).rejects.toMatchObject({ name: 'LonelyPsuError', stratum: 'alone' });
	});
});
