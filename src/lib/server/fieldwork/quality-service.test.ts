/**
 * Recomputing quality flags and excluding responses, against an in-memory DuckDB with a
 * published questionnaire and a fieldwork's worth of responses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listForProject } from '../db/audit-log.ts';
import type { Database } from '../db/database.ts';
import * as responses from '../db/responses.ts';
import { sql } from '../db/sql.ts';
import { databaseWithPublishedSurvey } from '../surveys/published-survey.testing.ts';
import { refreshQualityFlags, setExcluded } from './quality-service.ts';
import { listForReview, qualitySummary } from './response-quality.ts';

const questionnaire = {
	title: 'Quality test',
	pages: [
		{
			name: 'grid',
			elements: [
				{
					type: 'matrix',
					name: 'trust',
					columns: [1, 2, 3, 4, 5],
					rows: ['government', 'parliament', 'media', 'eu']
				},
				{ type: 'rating', name: 'check', attentionCheck: { expected: 2 } }
			]
		},
		{ name: 'open', elements: [{ type: 'comment', name: 'why' }] }
	]
};

let db: Database;
let surveyId: number;
let projectId: number;
const ids: Record<string, string> = {};

const earnest = (i: number) => ({
	trust: { government: 1 + (i % 5), parliament: 2, media: 3, eu: 4 },
	check: 2,
	why: 'The programme helped my family.'
});

beforeAll(async () => {
	const published = await databaseWithPublishedSurvey(questionnaire);
	({ db } = published);
	surveyId = published.survey.id;
	projectId = published.survey.projectId;
	const special: Record<string, { answers: Record<string, unknown>; durationMs?: number }> = {
		speeder: { answers: earnest(1), durationMs: 20_000 },
		straightliner: {
			answers: { ...earnest(2), trust: { government: 4, parliament: 4, media: 4, eu: 4 } }
		},
		inattentive: { answers: { ...earnest(3), check: 5 } },
		masher: { answers: { ...earnest(4), why: 'asdfghjkl' } },
		device1: { answers: earnest(5) },
		device2: { answers: earnest(6) }
	};
	const rows: responses.NewResponse[] = [];
	const add = (
		name: string,
		answers: Record<string, unknown>,
		durationMs: number,
		minute: number
	) => {
		ids[name] = crypto.randomUUID();
		rows.push({
			id: ids[name]!,
			surveyId,
			surveyVersionId: published.versionId,
			wave: 1,
			status: 'complete',
			source: 'web',
			answers,
			paradata: { durationMs },
			startedAt: null,
			submittedAt: new Date(Date.UTC(2026, 2, 1, 9, minute)).toISOString()
		});
	};
	for (let i = 0; i < 30; i++) add(`earnest${i}`, earnest(i), 280_000 + 1_000 * i, i);
	Object.entries(special).forEach(([name, { answers, durationMs }], i) =>
		add(name, answers, durationMs ?? 300_000, 40 + i)
	);
	await responses.insertMany(db, rows);
	await db.run(
		sql(
			`UPDATE responses SET device_hash = 'same-phone' WHERE id IN (?::UUID, ?::UUID)`,
			ids.device1!,
			ids.device2!
		)
	);
});
afterAll(async () => db?.close());

async function flagsById(): Promise<Record<string, string[] | null>> {
	const listed = await listForReview(db, surveyId, { needsReview: false, limit: 100 });
	const byId = new Map(listed.map((row) => [row.id, row.flags?.map((f) => f.flag) ?? null]));
	return Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, byId.get(id)!]));
}

describe('refreshQualityFlags', () => {
	it('leaves responses unchecked until the first recomputation', async () => {
		expect((await qualitySummary(db, surveyId)).unchecked).toBe(36);
	});

	it('flags every response in one pass and keeps [] for clean ones', async () => {
		expect(await refreshQualityFlags(db, surveyId)).toEqual({ responses: 36, flagged: 5 });
		const flags = await flagsById();
		expect(flags.speeder).toEqual(['speeder']);
		expect(flags.straightliner).toEqual(['straightliner']);
		expect(flags.inattentive).toEqual(['attention-failed']);
		expect(flags.masher).toEqual(['gibberish']);
		expect(flags.device1).toEqual([]);
		expect(flags.device2).toEqual(['duplicate']);
		expect(flags.earnest0).toEqual([]);
		const listed = await listForReview(db, surveyId, { needsReview: true, limit: 100 });
		expect(listed.map((row) => row.id).sort()).toEqual(
			[ids.speeder, ids.straightliner, ids.inattentive, ids.masher, ids.device2].sort()
		);
		expect(listed.find((row) => row.id === ids.device2)!.flags![0]!.detail).toBe(
			`same device as response ${ids.device1}`
		);
	});

	it('summarises the flags', async () => {
		const summary = await qualitySummary(db, surveyId);
		expect(summary).toMatchObject({ responses: 36, unchecked: 0, flagged: 5, excluded: 0 });
		expect(summary.byFlag).toEqual([
			{ flag: 'attention-failed', responses: 1 },
			{ flag: 'duplicate', responses: 1 },
			{ flag: 'gibberish', responses: 1 },
			{ flag: 'speeder', responses: 1 },
			{ flag: 'straightliner', responses: 1 }
		]);
	});

	it('takes the duplicate begun first as the original, not the one saved first', async () => {
		// device2 was begun before device1 and finished after it (a partial completed later).
		const setStarted = (id: string, started: string | null) =>
			db.run(
				sql(`UPDATE responses SET started_at = ?::TIMESTAMPTZ WHERE id = ?::UUID`, started, id)
			);
		await setStarted(ids.device2!, '2026-03-01T08:00:00Z');
		await setStarted(ids.device1!, '2026-03-01T08:30:00Z');
		await refreshQualityFlags(db, surveyId);
		const flags = await flagsById();
		expect([flags.device1, flags.device2]).toEqual([['duplicate'], []]);
		await setStarted(ids.device2!, null);
		await setStarted(ids.device1!, null);
		await refreshQualityFlags(db, surveyId);
		expect((await flagsById()).device2).toEqual(['duplicate']);
	});
});

describe('setExcluded', () => {
	it('excludes responses of this survey only, once, with an audit entry', async () => {
		const otherSurveysResponse = crypto.randomUUID();
		const changed = await setExcluded(
			db,
			surveyId,
			[ids.speeder!, ids.masher!, otherSurveysResponse],
			true,
			null
		);
		expect(changed).toBe(2);
		expect(await setExcluded(db, surveyId, [ids.speeder!], true, null)).toBe(0);
		const review = await listForReview(db, surveyId, { needsReview: true, limit: 100 });
		expect(
			review
				.filter((row) => row.excluded)
				.map((row) => row.id)
				.sort()
		).toEqual([ids.speeder, ids.masher].sort());
		const audit = await listForProject(db, projectId);
		const exclusions = audit.filter((entry) => entry.action === 'responses.exclude');
		expect(exclusions).toHaveLength(1);
		expect((exclusions[0]!.details!.responseIds as string[]).sort()).toEqual(
			[ids.speeder, ids.masher].sort()
		);
	});

	it('returns a response to the analysis', async () => {
		expect(await setExcluded(db, surveyId, [ids.masher!], false, null)).toBe(1);
		expect((await qualitySummary(db, surveyId)).excluded).toBe(1);
		const audit = await listForProject(db, projectId);
		expect(audit.some((entry) => entry.action === 'responses.include')).toBe(true);
	});

	it('keeps an exclusion when flags are recomputed', async () => {
		await refreshQualityFlags(db, surveyId);
		expect((await qualitySummary(db, surveyId)).excluded).toBe(1);
	});
});
