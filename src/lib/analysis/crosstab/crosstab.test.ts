/**
 * A banner of several columns is read in one grouped scan and split per column: the tables must
 * be exactly those of each column on its own, under a raked design.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { describeDataset, type Dataset } from '../dataset.ts';
import type { Design } from '../design.ts';
import { fixtureDatabase, fixtureMargins } from '../testing/r-fixture.ts';
import { calibrationOf } from '../weighting/calibration.ts';
import { computeWeights, writeWeights } from '../weighting/weight-dataset.ts';
import { crosstab, type CrosstabTable } from './crosstab.ts';

let db: Database;
let weighted: Dataset;
let design: Design;

beforeAll(async () => {
	const fixture = await fixtureDatabase();
	db = fixture.db;
	const result = await computeWeights(db, fixture.dataset, {
		margins: fixtureMargins,
		tolerance: 1e-12
	});
	await writeWeights(db, fixture.dataset, result, {}, { table: 'raked', name: 'w' });
	weighted = await describeDataset(db, 'raked');
	design = { weight: 'w', calibration: calibrationOf('raking', fixtureMargins) };
});
afterAll(async () => db?.close());

describe('crosstab over several banner variables', () => {
	it('gives each banner variable the table it would get alone', async () => {
		const together = await crosstab(db, weighted, design, {
			rows: ['rating', 'aware'],
			cols: ['region', 'sex', 'age'],
			means: true
		});
		const alone: CrosstabTable[] = [];
		for (const row of ['rating', 'aware']) {
			for (const col of ['region', 'sex', 'age']) {
				alone.push(
					...(await crosstab(
						db,
						weighted,
						{ ...design },
						{ rows: [row], cols: [col], means: true }
					))
				);
			}
		}
		expect(together.map((t) => `${t.row}×${t.col}`)).toEqual(alone.map((t) => `${t.row}×${t.col}`));
		together.forEach((table, i) => {
			const other = alone[i]!;
			expect(table.cells.length).toBe(other.cells.length);
			table.cells.forEach((cell, j) => {
				const twin = other.cells[j]!;
				expect(cell.row).toBe(twin.row);
				expect(cell.col_pct).toBeCloseTo(twin.col_pct, 12);
				expect(cell.se).toBeCloseTo(twin.se, 12);
			});
			expect(table.chi_square?.rao_scott_2.f).toBeCloseTo(other.chi_square!.rao_scott_2.f, 10);
			table.means!.forEach((mean, j) => expect(mean.se).toBeCloseTo(other.means![j]!.se, 12));
		});
	});
});
