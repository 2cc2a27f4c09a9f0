import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/database.ts';
import type { Dataset } from '../dataset.ts';
import { estimate, trend } from '../estimation/estimate.ts';
import { surveyTable } from '../testing/survey-table.ts';
import { prepareAnalysis, type PreparedAnalysis } from '../workspace/prepare-analysis.ts';
import { awarenessReport, awarenessSpecSchema, funnelVariables } from './awareness.ts';
import { defaultAwarenessSpec } from './awareness-defaults.ts';

let db: Database;
let base: Dataset;
let prepared: PreparedAnalysis;

const spec = awarenessSpecSchema.parse({
	items: [
		{ variable: 'aware_1' },
		{ variable: 'aware_2' },
		{ variable: 'knows', codes: ['3', '4'], label: 'Knows a lot' }
	],
	banners: ['sex'],
	wave: 'wave',
	rankBy: 'region',
	funnel: [
		{ label: 'Heard of it', conditions: [{ variable: 'aware_1', op: 'in', values: [1] }] },
		{ label: 'Knows it', conditions: [{ variable: 'knows', op: 'in', values: [3, 4] }] },
		{ label: 'Favourable', conditions: [{ variable: 'favour', op: 'in', values: [4, 5] }] }
	]
});

beforeAll(async () => {
	db = await openDatabase(':memory:');
	base = await surveyTable(db, 6000);
	prepared = await prepareAnalysis(db, base, new Map(), { derived: funnelVariables(spec, 1) }, 'a');
});
afterAll(async () => {
	await prepared.dispose();
	await db.close();
});

describe('the awareness report', () => {
	it('gives each item the share aware as estimate() does, with its CI, overall and by banner', async () => {
		const result = await awarenessReport(
			db,
			prepared.dataset,
			prepared.design,
			spec,
			(v) => v.toUpperCase(),
			1
		);
		const direct = (
			await estimate(db, prepared.dataset, prepared.design, {
				variable: 'aware_1',
				categorical: true
			})
		).find((e) => e.category === '1')!;
		expect(result.items[0]!.label).toBe('AWARE_1');
		expect(result.items[0]!.overall.estimate).toBeCloseTo(direct.estimate, 12);
		expect(result.items[0]!.overall.ci_low).toBeCloseTo(direct.ci_low, 12);
		expect(result.items[2]!.label).toBe('Knows a lot');
		// Codes 3 and 4 together, among those asked (knows is NULL for the unaware).
		const knows = await db.one<{ p: number }>({
			sql: `SELECT avg((knows IN (3, 4))::INTEGER) AS p FROM data WHERE knows IS NOT NULL`,
			params: []
		});
		expect(result.items[2]!.overall.estimate).toBeCloseTo(knows!.p, 12);
		const men = result.items[0]!.byBanner.find((b) => b.banner === 'sex' && b.category === '1')!;
		const byDirect = (
			await estimate(db, prepared.dataset, prepared.design, {
				variable: 'aware_1',
				categorical: true,
				by: 'sex'
			})
		).find((e) => e.category === '1' && e.domain?.sex === '1')!;
		expect(men.share.estimate).toBeCloseTo(byDirect.estimate, 12);
	});

	it('marks the significant wave-on-wave changes found by trend()', async () => {
		const result = await awarenessReport(db, prepared.dataset, prepared.design, spec, (v) => v, 1);
		const waves = result.trend.filter((t) => t.variable === 'aware_1');
		expect(waves.map((w) => w.wave)).toEqual(['1', '2', '3']);
		expect(waves[0]!.change).toBeNull();
		const direct = await trend(db, prepared.dataset, prepared.design, {
			variable: 'aware_1',
			categorical: true,
			by: 'wave'
		});
		const change = direct.changes.find((c) => c.category === '1' && c.to_wave === '2')!;
		expect(waves[1]!.change!.change).toBeCloseTo(change.change, 12);
		expect(waves[1]!.change!.significant).toBe(change.p < 0.05);
		// The generator raises awareness by 8 points a wave: with 2,000 a wave that is significant.
		expect(waves[2]!.change!.significant).toBe(true);
	});

	it('ranks the units from most to least aware and builds a cumulative funnel', async () => {
		const result = await awarenessReport(db, prepared.dataset, prepared.design, spec, (v) => v, 1);
		const shares = result.ranking!.units.map((u) => u.share.estimate);
		expect(shares).toEqual([...shares].sort((a, b) => b - a));
		expect(result.ranking!.units.map((u) => u.rank)).toEqual([1, 2, 3, 4, 5]);
		// aware_2 rises with the region number in the generator, but the ranking is of item 0.
		expect(result.ranking!.variable).toBe('aware_1');
		const funnel = result.funnel.map((stage) => stage.share.estimate);
		expect(funnel).toHaveLength(3);
		expect(funnel[0]).toBeGreaterThan(funnel[1]!);
		expect(funnel[1]).toBeGreaterThan(funnel[2]!);
		const last = await db.one<{ p: number }>({
			sql: `SELECT avg(coalesce(aware_1 = 1 AND knows IN (3, 4) AND favour IN (4, 5), false)::INTEGER) AS p FROM data`,
			params: []
		});
		expect(funnel[2]).toBeCloseTo(last!.p, 12);
	});
});

describe('the tracker defaults', () => {
	it('reads items, banners, wave, ranking and the funnel off the questionnaire', () => {
		const spec = defaultAwarenessSpec(
			[
				{ name: 'wave', kind: 'wave', values: [] },
				{ name: 'region', kind: 'single', values: [{ code: '1', label: 'Tbilisi' }] },
				{ name: 'sex', kind: 'single', values: [] },
				{
					name: 'aware_programmes',
					kind: 'multi',
					values: [],
					options: [
						{ name: 'aware_programmes_1', label: 'Startup Georgia' },
						{ name: 'aware_programmes_none', label: 'None of these' }
					]
				},
				{
					name: 'programme_knowledge',
					kind: 'single',
					values: ['1', '2', '3', '4', '98'].map((code) => ({ code, label: code }))
				},
				{
					name: 'attitudes_govt_informs_well',
					kind: 'single',
					values: ['1', '2', '3', '4', '5', '98'].map((code) => ({ code, label: code }))
				}
			],
			3
		);
		expect(spec.items).toEqual([
			{ variable: 'aware_programmes_1', label: 'Startup Georgia', codes: ['1'] }
		]);
		expect(spec.banners).toEqual(['sex']);
		expect(spec.wave).toBe('wave');
		expect(spec.rankBy).toBe('region');
		expect(spec.funnel.map((stage) => stage.conditions[0])).toEqual([
			{ variable: 'aware_programmes_none', op: 'in', values: [0] },
			{ variable: 'programme_knowledge', op: 'in', values: [3, 4] },
			{ variable: 'attitudes_govt_informs_well', op: 'in', values: [4, 5] }
		]);
		expect(defaultAwarenessSpec([{ name: 'wave', kind: 'wave', values: [] }], 1).wave).toBeNull();
	});
});
