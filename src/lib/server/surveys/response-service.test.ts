/**
 * What a submission is stored as, beyond its answers: eligible, screened out (a complete trigger
 * ended it) or over quota; and what counts it then takes part in — completes, quota cells, the
 * device's "already taken part", the analysis table — wave by wave.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import * as collectors from '../db/collectors.ts';
import * as quotas from '../db/quotas.ts';
import * as responses from '../db/responses.ts';
import { sql } from '../db/sql.ts';
import type { Survey } from '../db/surveys.ts';
import { setExcluded } from '../fieldwork/quality-service.ts';
import { quotaGateFor } from '../fieldwork/quota-gate.ts';
import { buildAnalysisTable } from './analysis-table.ts';
import { submissionSchema, submitResponse } from './response-service.ts';
import { databaseWithPublishedSurvey, screenedOmnibus } from './published-survey.testing.ts';
import { startNextWave } from './survey-service.ts';

let db: Database;
let survey: Survey;

beforeEach(async () => {
	({ db, survey } = await databaseWithPublishedSurvey(screenedOmnibus));
	// One complete per gender.
	await quotas.create(db, {
		surveyId: survey.id,
		name: 'Gender',
		definition: {
			variables: ['gender'],
			cells: [
				{ values: { gender: 1 }, target: 1 },
				{ values: { gender: 2 }, target: 1 }
			]
		}
	});
});
afterEach(async () => db.close());

async function submit(answers: Record<string, unknown>, device = randomUUID()) {
	const id = randomUUID();
	const submission = submissionSchema.parse({ id, version: 1, status: 'complete', answers });
	const result = await submitResponse(db, survey, submission, 'web', { deviceHash: device });
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return { id, device, ...result };
}

async function stored(id: string) {
	return db.one<{ status: string; disposition: string | null }>(
		sql(`SELECT status, disposition FROM responses WHERE id = ?::UUID`, id)
	);
}

describe('screen-outs', () => {
	it('are stored complete but screened out, counted apart, and take no quota place', async () => {
		const minor = await submit({ adult: 2, gender: 1 });
		expect(minor).toMatchObject({ stored: true, screenedOut: true, overQuota: null });
		expect(await stored(minor.id)).toEqual({ status: 'complete', disposition: 'screened-out' });
		expect(await responses.countBySurvey(db, survey.id)).toEqual({
			complete: 0,
			partial: 0,
			screenedOut: 1,
			overQuota: 0
		});
		// The screen-out does not fill the one place for gender 1, in the gate's count nor in the
		// database's (read again as after a restart).
		quotaGateFor(db).invalidate(survey.id);
		const adult = await submit({ adult: 1, gender: 1, trust: 3 });
		expect(adult).toMatchObject({ stored: true, screenedOut: false, overQuota: null });
		// The screened-out browser has taken part: it is not asked again.
		expect(await responses.completedOnDevice(db, survey.id, minor.device)).toBe(true);
	});

	it('are left out of the analysis table', async () => {
		const minor = await submit({ adult: 2, gender: 2 });
		const adult = await submit({ adult: 1, gender: 1, trust: 2 });
		const built = (await buildAnalysisTable(db, survey.id, 'screened_analysis'))!;
		const ids = await db.all<{ response_id: string }>({
			sql: `SELECT response_id FROM ${built.dataset.table}`,
			params: []
		});
		expect(ids.map((row) => row.response_id)).toEqual([adult.id]);
		expect(ids.map((row) => row.response_id)).not.toContain(minor.id);
	});
});

describe('over quota', () => {
	it('keeps the answers as a partial marked over quota, and the browser as having taken part', async () => {
		await submit({ adult: 1, gender: 1, trust: 1 });
		const late = await submit({ adult: 1, gender: 1, trust: 2 });
		expect(late.overQuota).toEqual({ quota: 'Gender', cell: expect.any(String) });
		expect(await stored(late.id)).toEqual({ status: 'partial', disposition: 'over-quota' });
		expect(await responses.countBySurvey(db, survey.id)).toEqual({
			complete: 1,
			partial: 0,
			screenedOut: 0,
			overQuota: 1
		});
		expect(await responses.completedOnDevice(db, survey.id, late.device)).toBe(true);
	});

	it('frees the place of a complete an analyst excludes', async () => {
		const first = await submit({ adult: 1, gender: 2, trust: 1 });
		expect((await submit({ adult: 1, gender: 2, trust: 1 })).overQuota).not.toBeNull();
		expect(await setExcluded(db, survey.id, [first.id], true, null)).toBe(1);
		expect((await submit({ adult: 1, gender: 2, trust: 3 })).overQuota).toBeNull();
	});
});

describe('a new wave', () => {
	it('starts with empty quota cells and asks every browser again', async () => {
		const first = await submit({ adult: 1, gender: 1, trust: 1 });
		expect((await submit({ adult: 1, gender: 1, trust: 1 })).overQuota).not.toBeNull();
		expect(await responses.completedOnDevice(db, survey.id, first.device)).toBe(true);

		expect(await startNextWave(db, survey)).toBe(2);
		survey = { ...survey, currentWave: 2 };
		expect(await responses.completedOnDevice(db, survey.id, first.device)).toBe(false);
		const next = await submit({ adult: 1, gender: 1, trust: 2 }, first.device);
		expect(next.overQuota).toBeNull();
		expect(await db.one(sql(`SELECT wave FROM responses WHERE id = ?::UUID`, next.id))).toEqual({
			wave: 2
		});
	});
});

describe('a repeat of a complete from the wave before', () => {
	it('writes nothing and takes no place in the new wave’s quota cells', async () => {
		const first = await submit({ adult: 1, gender: 1, trust: 1 });
		await startNextWave(db, survey);
		survey = { ...survey, currentWave: 2 };
		// The interviewer's outbox or a browser sends it again (its answer was lost).
		const again = submissionSchema.parse({
			id: first.id,
			version: 1,
			status: 'complete',
			answers: { adult: 1, gender: 1, trust: 1 }
		});
		const repeat = await submitResponse(db, survey, again, 'web');
		expect(repeat).toMatchObject({ ok: true, stored: false });
		expect((await submit({ adult: 1, gender: 1, trust: 2 })).overQuota).toBeNull();
		// Sent once more, now that its cell is full in this wave: still answered as it stands, a
		// complete, not as over quota (the outbox would have turned it into an over-quota notice).
		expect(await submitResponse(db, survey, again, 'web')).toEqual({
			ok: true,
			stored: false,
			screenedOut: false,
			overQuota: null
		});
	});

	it('of a screen-out or an over-quota response is answered as the first was', async () => {
		const minor = await submit({ adult: 2, gender: 2 });
		await submit({ adult: 1, gender: 1, trust: 1 });
		const late = await submit({ adult: 1, gender: 1, trust: 2 });
		expect(late.overQuota).not.toBeNull();
		const resend = (id: string, answers: Record<string, unknown>) =>
			submitResponse(
				db,
				survey,
				submissionSchema.parse({ id, version: 1, status: 'complete', answers }),
				'web'
			);
		expect(await resend(minor.id, { adult: 2, gender: 2 })).toEqual({
			ok: true,
			stored: false,
			screenedOut: true,
			overQuota: null
		});
		// An over-quota response is a partial: a resend is judged again (the cell is still full).
		expect(await resend(late.id, { adult: 1, gender: 1, trust: 2 })).toMatchObject({
			overQuota: late.overQuota
		});
	});
});

describe('collectors', () => {
	it('a published survey has its public link from the start, and web responses count under it', async () => {
		const link = await collectors.findByKind(db, survey.id, 'public');
		expect(link).toBeDefined();
		await collectors.updateSettings(db, link!.id, {
			opensAt: null,
			closesAt: null,
			responseCap: 5,
			closedMessage: null
		});
		const submission = submissionSchema.parse({
			id: randomUUID(),
			version: 1,
			status: 'complete',
			answers: { adult: 1, gender: 2, trust: 2 }
		});
		await submitResponse(db, survey, submission, 'web', { collectorId: link!.id });
		// A cap set after responses came in counts them.
		expect(await collectors.completes(db, link!.id)).toBe(1);
	});
});
