import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.ts';
import { migrate } from './migrate.ts';
import {
	findForResume,
	insertMany,
	storedOutcome,
	upsertMany,
	type NewResponse
} from './responses.ts';
import { sql } from './sql.ts';

let db: Database;
beforeAll(async () => {
	db = await openDatabase(':memory:');
	await migrate(db);
});
afterAll(async () => db?.close());

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const response = (n: number, changes: Partial<NewResponse> = {}): NewResponse => ({
	id: uuid(n),
	surveyId: 1,
	surveyVersionId: 1,
	wave: 1,
	status: 'partial',
	source: 'web',
	answers: { q: n },
	paradata: { step: 1 },
	startedAt: '2026-11-01T10:00:00.000Z',
	collectorId: 7,
	deviceHash: 'first-device',
	resumeTokenHash: null,
	...changes
});

async function stored(n: number) {
	return db.one<Record<string, unknown>>(
		sql(
			`SELECT status, survey_id AS "surveyId", answers::VARCHAR AS answers, paradata::VARCHAR AS paradata,
				collector_id AS "collectorId", device_hash AS "deviceHash",
				resume_token_hash AS "resumeTokenHash", started_at AS "startedAt"
			FROM responses WHERE id = ?`,
			uuid(n)
		)
	);
}

describe('upsertMany', () => {
	it('inserts new ids, completes partials, and leaves completes and other surveys alone', async () => {
		await db.transaction((tx) =>
			upsertMany(tx, [
				response(1),
				response(2, { status: 'complete' }),
				response(3, { surveyId: 2 }),
				response(4, { resumeTokenHash: 'kept-hash' })
			])
		);
		const written = await db.transaction((tx) =>
			upsertMany(tx, [
				// completes the partial; collector, device and start stay as first written
				response(1, {
					status: 'complete',
					answers: { q: 'final' },
					paradata: { step: 2 },
					collectorId: 99,
					deviceHash: 'other-device',
					resumeTokenHash: 'late-hash'
				}),
				// a complete response is never changed
				response(2, { status: 'complete', answers: { q: 'changed' } }),
				// the id belongs to another survey's response
				response(3, { status: 'complete', answers: { q: 'hijack' } }),
				// the resume key of the first write is kept
				response(4, { status: 'complete', resumeTokenHash: 'new-hash' }),
				response(5, { status: 'complete' })
			])
		);
		expect([...written].sort()).toEqual([uuid(1), uuid(4), uuid(5)]);
		expect(await stored(1)).toMatchObject({
			status: 'complete',
			answers: '{"q":"final"}',
			paradata: '{"step":2}',
			collectorId: 7,
			deviceHash: 'first-device',
			resumeTokenHash: 'late-hash'
		});
		expect(await stored(2)).toMatchObject({ status: 'complete', answers: '{"q":2}' });
		expect(await stored(3)).toMatchObject({ status: 'partial', surveyId: 2, answers: '{"q":3}' });
		expect(await stored(4)).toMatchObject({ status: 'complete', resumeTokenHash: 'kept-hash' });
		expect(await stored(5)).toMatchObject({ status: 'complete', collectorId: 7 });
	});

	it('dates a completed partial by its completion, not its first page', async () => {
		const submittedAt = async (n: number) =>
			(
				await db.one<{ at: string }>(
					sql(
						`SELECT strftime(timezone('UTC', submitted_at), '%Y-%m-%dT%H:%M:%SZ') AS at
						FROM responses WHERE id = ?`,
						uuid(n)
					)
				)
			)?.at;
		await upsertMany(db, [response(40, { submittedAt: '2026-03-01T23:50:00Z' })]);
		expect(await submittedAt(40)).toBe('2026-03-01T23:50:00Z');
		await upsertMany(db, [
			response(40, { status: 'complete', submittedAt: '2026-03-03T09:15:00Z' })
		]);
		expect(await submittedAt(40)).toBe('2026-03-03T09:15:00Z');
		// Without a time of its own, a save is dated when the server stores it.
		await upsertMany(db, [response(41, { submittedAt: '2026-03-01T23:50:00Z' })]);
		await upsertMany(db, [response(41, { status: 'complete' })]);
		expect(Date.parse((await submittedAt(41))!)).toBeGreaterThan(Date.now() - 60_000);
	});

	it('stores every field as given: text in any script, quotes, times with their zone', async () => {
		const answers = { open: 'ქართული "ციტატა" \\ слово\n<b>', list: [1, 'два'], nothing: null };
		await db.transaction((tx) =>
			upsertMany(tx, [
				response(20, {
					answers,
					paradata: { language: 'ka' },
					startedAt: '2026-11-01T10:00:00.000+04:00',
					submittedAt: '2026-11-01T06:30:00.000Z',
					interviewerId: 3,
					deviceHash: null
				})
			])
		);
		const row = await db.one<Record<string, unknown>>(
			sql(
				`SELECT answers::VARCHAR AS answers, paradata::VARCHAR AS paradata, started_at AS "startedAt",
					submitted_at AS "submittedAt", interviewer_id AS "interviewerId", device_hash AS "deviceHash"
				FROM responses WHERE id = ?`,
				uuid(20)
			)
		);
		expect(JSON.parse(row!.answers as string)).toEqual(answers);
		expect(row).toMatchObject({
			paradata: '{"language":"ka"}',
			startedAt: new Date('2026-11-01T06:00:00.000Z'),
			submittedAt: new Date('2026-11-01T06:30:00.000Z'),
			interviewerId: 3,
			deviceHash: null
		});
	});

	it('writes nothing of a batch whose transaction fails', async () => {
		await expect(
			db.transaction(async (tx) => {
				await upsertMany(tx, [response(10, { status: 'complete' })]);
				throw new Error('after the write');
			})
		).rejects.toThrow('after the write');
		expect(await stored(10)).toBeUndefined();
	});

	it('bulk-inserts imported rows with every field, leaving when they were received empty', async () => {
		await insertMany(db, [
			response(30, { status: 'complete', interviewerId: 4, deviceHash: 'device-30' }),
			response(31, { status: 'complete', submittedAt: '2026-01-15T09:00:00.000Z' })
		]);
		const rows = await db.all<Record<string, unknown>>(
			sql(
				`SELECT interviewer_id AS "interviewerId", device_hash AS "deviceHash",
					received_at AS "receivedAt", submitted_at IS NOT NULL AS submitted
				FROM responses WHERE id IN (?, ?) ORDER BY id`,
				uuid(30),
				uuid(31)
			)
		);
		expect(rows).toEqual([
			{ interviewerId: 4, deviceHash: 'device-30', receivedAt: null, submitted: true },
			{ interviewerId: null, deviceHash: 'first-device', receivedAt: null, submitted: true }
		]);
	});
});

describe('storedOutcome', () => {
	it('says how a response of the survey ended, and nothing of another survey’s', async () => {
		const overQuota = { quota: 'Gender', cell: 'gender=1' };
		await insertMany(db, [
			response(301, { status: 'complete', disposition: 'screened-out' }),
			response(302, { disposition: 'over-quota', paradata: { overQuota } }),
			response(303, { status: 'complete' })
		]);
		expect(await storedOutcome(db, 1, uuid(301))).toEqual({ screenedOut: true, overQuota: null });
		expect(await storedOutcome(db, 1, uuid(302).toUpperCase())).toEqual({
			screenedOut: false,
			overQuota
		});
		expect(await storedOutcome(db, 1, uuid(303))).toEqual({ screenedOut: false, overQuota: null });
		expect(await storedOutcome(db, 2, uuid(302))).toEqual({ screenedOut: false, overQuota: null });
		expect(await storedOutcome(db, 1, uuid(399))).toEqual({ screenedOut: false, overQuota: null });
	});
});

describe('findForResume', () => {
	it('returns what the response has cost so far: its start, page times and changed answers', async () => {
		await db.run(
			sql(
				`INSERT INTO survey_versions (id, survey_id, version, json, codebook)
				VALUES (901, 90, 1, '{}', '{}')`
			)
		);
		await upsertMany(db, [
			response(901, {
				surveyId: 90,
				surveyVersionId: 901,
				resumeTokenHash: 'resume-hash',
				paradata: { pageTimesMs: { p1: 12_000, bogus: 'x' }, changedAnswers: 2 }
			}),
			response(902, { surveyId: 90, surveyVersionId: 901, startedAt: null, paradata: {} })
		]);
		const found = await findForResume(db, 90, { resumeTokenHash: 'resume-hash' });
		expect(found).toMatchObject({
			id: uuid(901),
			version: 1,
			spent: {
				startedAt: '2026-11-01T10:00:00.000Z',
				pageTimesMs: { p1: 12_000 },
				changedAnswers: 2
			}
		});
		// Without a recorded start, the response's first save stands in for it.
		const bare = await findForResume(db, 90, { id: uuid(902) });
		expect(bare?.spent).toMatchObject({ pageTimesMs: {}, changedAnswers: 0 });
		expect(Number.isNaN(Date.parse(bare!.spent.startedAt))).toBe(false);
	});
});

describe('a partial response completed after a new wave opened', () => {
	it('counts in the wave it was completed in', async () => {
		await upsertMany(db, [response(950, { wave: 1 })]);
		await upsertMany(db, [response(950, { wave: 2, status: 'complete' })]);
		expect(await db.one(sql(`SELECT wave, status FROM responses WHERE id = ?`, uuid(950)))).toEqual(
			{ wave: 2, status: 'complete' }
		);
	});
});
