import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { comparePair } from '../crosstab/column-tests.ts';
import { crosstab } from '../crosstab/crosstab.ts';
import { surveyTable } from '../testing/survey-table.ts';
import { prepareAnalysis, type PreparedAnalysis } from '../workspace/prepare-analysis.ts';
import type { DerivedVariable } from '../workspace/derived-variables.ts';
import { segmentProfile } from './segment-profile.ts';

let db: Database;
let prepared: PreparedAnalysis;

const segments: DerivedVariable = {
	kind: 'rules',
	name: 'seg',
	label: 'Segments',
	definition: {
		name: 'seg',
		otherLabel: 'Rest',
		rules: [
			{
				label: 'Old TV watchers',
				match: 'all',
				conditions: [
					{ variable: 'age_group', op: 'in', values: [3] },
					{ variable: 'source_tv', op: 'in', values: [1] }
				]
			},
			{
				label: 'Young social',
				match: 'all',
				conditions: [
					{ variable: 'age_group', op: 'in', values: [1] },
					{ variable: 'source_social', op: 'in', values: [1] }
				]
			}
		]
	}
};
// The complement of segment 1, to compute "the rest" directly.
const notFirst: DerivedVariable = {
	kind: 'rules',
	name: 'not_first',
	label: 'Not segment 1',
	definition: {
		name: 'not_first',
		otherLabel: 'in',
		rules: [
			{ label: 'out', match: 'all', conditions: [{ variable: 'seg', op: 'not_in', values: [1] }] }
		]
	}
};

beforeAll(async () => {
	db = await openDatabase(':memory:');
	const base = await surveyTable(db, 5000);
	prepared = await prepareAnalysis(
		db,
		base,
		new Map(),
		{
			derived: [segments, notFirst],
			weighting: {
				name: 'w',
				definition: {
					targets: [
						{ variable: 'sex', category: '1', target: 0.45 },
						{ variable: 'sex', category: '2', target: 0.55 }
					],
					tolerance: 1e-9,
					maxIterations: 100,
					trim: null,
					dropEmptyTargets: false
				}
			}
		},
		'p'
	);
});
afterAll(async () => {
	await prepared.dispose();
	await db.close();
});

describe('the segment profile', () => {
	it('sizes each segment, and indexes every category against the total', async () => {
		const profiles = await segmentProfile(
			db,
			prepared.dataset,
			prepared.design,
			{ segment: 'seg', variables: ['sex', 'region', 'source_tv', 'seg'] },
			() => false
		);
		expect(profiles.map((p) => p.code)).toEqual(['1', '2', '3']);
		const sizes = profiles.map((p) => p.size.estimate);
		expect(sizes.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
		for (const p of profiles) {
			expect(p.size.ci_low).toBeLessThan(p.size.estimate);
			expect(p.size.ci_high).toBeGreaterThan(p.size.estimate);
			// The segment itself is not profiled; a 0/1 indicator only by its 1s.
			expect(p.lines.some((l) => l.variable === 'seg')).toBe(false);
			expect(p.lines.filter((l) => l.variable === 'source_tv').map((l) => l.category)).toEqual([
				'1'
			]);
			for (const line of p.lines)
				expect(line.index).toBeCloseTo((100 * line.segmentShare) / line.totalShare, 10);
		}
		// Segment 1 is old TV watchers by definition: source_tv = 1 for all of them.
		const tv = profiles[0]!.lines.find((l) => l.variable === 'source_tv')!;
		expect(tv.segmentShare).toBe(1);
		expect(tv.significant).toBe(true);
		// Sorted by distinctiveness.
		const t = profiles[0]!.lines.map((l) => Math.abs(l.t));
		expect(t).toEqual([...t].sort((a, b) => b - a));
	});

	it('tests a segment against the rest exactly as a banner of segment against complement would', async () => {
		const [profile] = await segmentProfile(
			db,
			prepared.dataset,
			prepared.design,
			{ segment: 'seg', variables: ['region'] },
			() => false
		);
		const [table] = await crosstab(db, prepared.dataset, prepared.design, {
			rows: ['region'],
			cols: ['not_first']
		});
		// not_first: 1 = outside segment 1 (the rest), 2 = inside.
		const column = (key: string) => table!.columns.find((c) => c.key === key)!;
		for (const line of profile!.lines) {
			const cell = (key: string) =>
				table!.cells.find((c) => c.row === line.category && c.col === key)!;
			const inside = column('2');
			const rest = column('1');
			expect(line.segmentShare).toBeCloseTo(cell('2').col_pct, 12);
			const direct = comparePair(
				{
					p: cell('2').col_pct,
					weightedBase: inside.weighted_n,
					effectiveBase: inside.effective_base,
					n: inside.n
				},
				{
					p: cell('1').col_pct,
					weightedBase: rest.weighted_n,
					effectiveBase: rest.effective_base,
					n: rest.n
				}
			);
			expect(line.t).toBeCloseTo(direct.t, 9);
			expect(line.p).toBeCloseTo(direct.p, 9);
		}
	});
});
