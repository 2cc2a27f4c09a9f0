import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cellWeightSums } from './diagnostics.ts';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { describeDataset, type Dataset } from '../dataset.ts';
import { marginKey } from './ipf.ts';
import { TargetsError, type MarginSpec } from './targets.ts';
import { computeWeights, writeWeights, type WeightingResult } from './weight-dataset.ts';

type Value = string | number | null;
type Row = Record<string, Value>;
type SqlType = 'VARCHAR' | 'DOUBLE' | 'INTEGER';

let db: Database;

beforeEach(async () => {
	db = await openDatabase(':memory:');
});

afterEach(async () => {
	await db.close();
});

/** `count` copies of `row`. */
const repeat = (count: number, row: Row): Row[] =>
	Array.from({ length: count }, () => ({ ...row }));

/**
 * The sample the weighting tests share: 100 respondents, 30 men and 70 women, half young.
 * Raked to sex 50/50 and age 30/70 the weights are 1 (M young), 2 (M old), 0.5 (F young) and
 * 1 (F old): the odds ratio of the equal base weights is kept, so a·d = b·c with the margins.
 */
const sample = (): Row[] => [
	...repeat(10, { sex: 'M', age: 'young', region: 1 }),
	...repeat(20, { sex: 'M', age: 'old', region: 2 }),
	...repeat(40, { sex: 'F', age: 'young', region: 1 }),
	...repeat(30, { sex: 'F', age: 'old', region: 2 })
];

const columns: Record<string, SqlType> = { sex: 'VARCHAR', age: 'VARCHAR', region: 'DOUBLE' };

async function load(rows: Row[], types: Record<string, SqlType> = columns): Promise<Dataset> {
	const select = Object.entries(types)
		.map(([name, type]) => `(r->>'${name}')::${type} AS ${name}`)
		.join(', ');
	await db.run({
		sql: `CREATE TABLE data AS SELECT row_number() OVER () AS id, ${select}
			FROM (SELECT unnest(CAST(? AS JSON[])) AS r)`,
		params: [JSON.stringify(rows)]
	});
	return describeDataset(db, 'data');
}

const margin = (variable: string, targets: Record<string, number>): MarginSpec => ({
	variables: [variable],
	targets: new Map(Object.entries(targets))
});

const sex = margin('sex', { M: 0.5, F: 0.5 });
const age = margin('age', { young: 0.3, old: 0.7 });

const weightOf = (result: WeightingResult, ...keys: string[]) =>
	result.cells.find((cell) => marginKey(cell.keys) === marginKey(keys))!.weight;

function share(result: WeightingResult, variable: string, category: string): number {
	const index = result.variables.indexOf(variable);
	const total = result.cells.reduce((sum, c) => sum + cellWeightSums(c).sum, 0);
	const part = result.cells
		.filter((c) => c.keys[index] === category)
		.reduce((sum, c) => sum + cellWeightSums(c).sum, 0);
	return part / total;
}

describe('computeWeights', () => {
	it('rakes the sample to the targets, scaled to the number of respondents', async () => {
		const data = await load(sample());
		const result = await computeWeights(db, data, { margins: [sex, age] });
		expect(result.converged).toBe(true);
		expect(result.kind).toBe('proportions');
		expect(result.variables).toEqual(['sex', 'age']);
		expect(weightOf(result, 'M', 'young')).toBeCloseTo(1, 5);
		expect(weightOf(result, 'M', 'old')).toBeCloseTo(2, 5);
		expect(weightOf(result, 'F', 'young')).toBeCloseTo(0.5, 5);
		expect(weightOf(result, 'F', 'old')).toBeCloseTo(1, 5);
		expect(result.diagnostics.n).toBe(100);
		expect(result.diagnostics.sumWeights).toBeCloseTo(100, 6);
		const men = result.margins.find((m) => m.variable === 'sex' && m.category === 'M')!;
		expect(men.target).toBeCloseTo(0.5, 12);
		expect(men.unweighted).toBeCloseTo(0.3, 12);
		expect(men.weighted).toBeCloseTo(0.5, 6);
	});

	it('refuses missing values in a raking variable, with their count', async () => {
		const rows = sample();
		rows[0]!.age = null;
		rows[50]!.age = null;
		const data = await load(rows);
		const run = computeWeights(db, data, { margins: [sex, age] });
		await expect(run).rejects.toThrow(TargetsError);
		await expect(computeWeights(db, data, { margins: [sex, age] })).rejects.toThrow(
			/^Raking variable age has 2 missing values/
		);
	});

	it('weights missing values as the missing level when the targets include it', async () => {
		const rows = sample();
		rows[0]!.age = null;
		rows[50]!.age = null;
		const data = await load(rows);
		const withMissing = margin('age', { young: 0.3, old: 0.65, none: 0.05 });
		const result = await computeWeights(db, data, {
			margins: [sex, withMissing],
			missingLevel: 'none'
		});
		expect(result.converged).toBe(true);
		expect(share(result, 'age', 'none')).toBeCloseTo(0.05, 6);
		expect(share(result, 'age', 'old')).toBeCloseTo(0.65, 6);
	});

	it('refuses the missing level when the targets lack it', async () => {
		const rows = sample();
		rows[0]!.age = null;
		const data = await load(rows);
		await expect(
			computeWeights(db, data, { margins: [sex, age], missingLevel: 'none' })
		).rejects.toThrow('Category none of age is in the data but has no target.');
	});

	it('refuses base weights that are zero, negative or missing', async () => {
		const rows: Row[] = sample().map((row) => ({ ...row, w: 1.5 }));
		rows[3]!.w = 0;
		rows[4]!.w = -2;
		rows[5]!.w = null;
		const data = await load(rows, { ...columns, w: 'DOUBLE' });
		await expect(
			computeWeights(db, data, { margins: [sex, age], baseWeight: 'w' })
		).rejects.toThrow(/^Base weight w is missing, zero, negative or infinite for 3 respondents\.$/);
	});

	it('refuses a base weight that is not numeric', async () => {
		const data = await load(sample());
		await expect(computeWeights(db, data, { margins: [age], baseWeight: 'sex' })).rejects.toThrow(
			'Base weight sex is not numeric.'
		);
	});

	it('multiplies base weights and keeps the margins', async () => {
		const rows = sample().map((row, i) => ({ ...row, w: i % 2 === 0 ? 1 : 3 }));
		const data = await load(rows, { ...columns, w: 'DOUBLE' });
		const result = await computeWeights(db, data, { margins: [sex, age], baseWeight: 'w' });
		expect(result.converged).toBe(true);
		expect(result.diagnostics.sumWeights).toBeCloseTo(200, 6);
		expect(share(result, 'sex', 'M')).toBeCloseTo(0.5, 6);
		expect(share(result, 'age', 'young')).toBeCloseTo(0.3, 6);
		// One cell per sex × age combination, whatever the base weights: within it, weights keep
		// the base weights' ratio.
		const cells = result.cells.filter((c) => c.keys.join() === 'M,old');
		expect(cells).toHaveLength(1);
		expect(cells[0]!.bases).toMatchObject({ min: 1, max: 3 });
		expect(result.diagnostics.maxToMin).toBeGreaterThanOrEqual(3);
	});

	it('matches numeric codes such as 1.0 with target categories such as "1"', async () => {
		const data = await load(sample());
		expect(data.columns.get('region')).toBe('numeric');
		const region = margin('region', { '1': 0.4, '2': 0.6 });
		const result = await computeWeights(db, data, { margins: [sex, region] });
		expect(result.converged).toBe(true);
		expect(result.variables).toEqual(['sex', 'region']);
		expect(new Set(result.cells.map((c) => c.keys[1]))).toEqual(new Set(['1', '2']));
		expect(share(result, 'region', '1')).toBeCloseTo(0.4, 6);
	});

	it('trims to feasible bounds and reports that bounds and margins hold', async () => {
		const data = await load(sample());
		// Untrimmed, M old weighs 2. With bounds [0.4, 1.9] the margins leave M young's weight t
		// in [1.2, 1.4], so both can hold.
		const bounds = { low: 0.4, high: 1.9 };
		const result = await computeWeights(db, data, {
			margins: [sex, age],
			trim: { kind: 'bounds', ...bounds }
		});
		expect(result.trimming).toMatchObject({ bounds, boundsHeld: true, marginsHeld: true });
		expect(result.trimming!.rounds).toBeGreaterThan(0);
		for (const cell of result.cells) {
			expect(cell.weight).toBeGreaterThanOrEqual(bounds.low * (1 - 1e-6));
			expect(cell.weight).toBeLessThanOrEqual(bounds.high * (1 + 1e-6));
		}
		expect(share(result, 'sex', 'M')).toBeCloseTo(0.5, 5);
		expect(share(result, 'age', 'young')).toBeCloseTo(0.3, 5);
		expect(result.diagnostics.sumWeights).toBeCloseTo(100, 4);
	});

	it('reports when bounds and margins cannot hold together', async () => {
		const data = await load(sample());
		// M old ≤ 1.8 needs t ≥ 1.4 while F young ≥ 0.6 needs t ≤ 0.6.
		const result = await computeWeights(db, data, {
			margins: [sex, age],
			maxIterations: 20,
			trim: { kind: 'bounds', low: 0.6, high: 1.8 }
		});
		expect(result.trimming!.rounds).toBe(20);
		expect(result.trimming!.boundsHeld && result.trimming!.marginsHeld).toBe(false);
	});

	it('reports no trimming when none is asked', async () => {
		const data = await load(sample());
		const result = await computeWeights(db, data, { margins: [sex, age] });
		expect(result.trimming).toBeUndefined();
	});
});

describe('writeWeights', () => {
	interface Weighted {
		id: number;
		sex: string;
		age: string | null;
		w: number;
	}

	const readWeights = () =>
		db.all<Weighted>({ sql: 'SELECT id, sex, age, w FROM weighted ORDER BY id', params: [] });

	it('adds the weight column and gives each respondent the weight of its cell', async () => {
		const data = await load(sample());
		const result = await computeWeights(db, data, { margins: [sex, age] });
		await writeWeights(db, data, result, {}, { table: 'weighted', name: 'w' });
		const written = await describeDataset(db, 'weighted');
		expect([...written.columns.keys()]).toEqual(['id', 'sex', 'age', 'region', 'w']);
		const rows = await readWeights();
		expect(rows).toHaveLength(100);
		for (const row of rows) expect(row.w).toBe(weightOf(result, row.sex, row.age!));
		expect(rows.reduce((sum, row) => sum + row.w, 0)).toBeCloseTo(100, 6);
	});

	it('writes a weight for respondents in the missing level and for numeric codes', async () => {
		const rows = sample();
		rows[0]!.age = null;
		rows[50]!.age = null;
		const data = await load(rows);
		const spec = {
			margins: [
				margin('region', { '1': 0.4, '2': 0.6 }),
				margin('age', { young: 0.3, old: 0.65, none: 0.05 })
			],
			missingLevel: 'none'
		};
		const result = await computeWeights(db, data, spec);
		await writeWeights(db, data, result, spec, { table: 'weighted', name: 'w' });
		const written = await readWeights();
		expect(written).toHaveLength(100);
		const missing = written.filter((row) => row.age === null);
		expect(missing.map((row) => row.id)).toEqual([1, 51]);
		expect(missing[0]!.w).toBe(weightOf(result, '1', 'none'));
		expect(missing[1]!.w).toBe(weightOf(result, '1', 'none'));
	});

	it('carries base weights into the match of rows and cells', async () => {
		const rows = sample().map((row, i) => ({ ...row, base: i % 2 === 0 ? 0.5 : 2.25 }));
		const data = await load(rows, { ...columns, base: 'DOUBLE' });
		const spec = { margins: [sex, age], baseWeight: 'base' };
		const result = await computeWeights(db, data, spec);
		await writeWeights(db, data, result, spec, { table: 'weighted', name: 'w' });
		const written = await db.all<{ id: number; base: number; w: number }>({
			sql: 'SELECT id, base, w FROM weighted ORDER BY id',
			params: []
		});
		expect(written).toHaveLength(100);
		const total = written.reduce((sum, row) => sum + row.w, 0);
		expect(total).toBeCloseTo(result.diagnostics.sumWeights, 8);
		const ratio = written[1]!.w / written[0]!.w;
		// Rows 1 and 2 are both M young, with base weights 0.5 and 2.25.
		expect(ratio).toBeCloseTo(4.5, 10);
	});

	it('refuses a weight name that is already a column', async () => {
		const data = await load(sample());
		const result = await computeWeights(db, data, { margins: [sex, age] });
		await expect(
			writeWeights(db, data, result, {}, { table: 'weighted', name: 'region' })
		).rejects.toThrow('The data already has a column named region; choose another weight name.');
	});
});
