import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import * as projects from '../db/projects.ts';
import * as quotas from '../db/quotas.ts';
import { sql } from '../db/sql.ts';
import type { Survey } from '../db/surveys.ts';
import * as users from '../db/users.ts';
import { createSurvey, publish } from '../surveys/survey-service.ts';
import { claimedTimeWithin } from '../surveys/response-service.ts';
import { interviewSubmissionSchema, submitInterview } from './interview-submission.ts';

let db: Database;
let survey: Survey;
let interviewerId: number;

beforeEach(async () => {
	db = await openDatabase(':memory:');
	await migrate(db);
	interviewerId = (
		await users.create(db, {
			email: 'i@example.org',
			name: 'I',
			passwordHash: null,
			isAdmin: false
		})
	).id;
	const project = await projects.create(db, { name: 'P', description: '', createdBy: null });
	const created = await createSurvey(db, {
		projectId: project.id,
		userId: interviewerId,
		text: JSON.stringify({
			title: 'Omnibus',
			pages: [{ name: 'p1', elements: [{ type: 'radiogroup', name: 'vote', choices: [1, 2] }] }]
		})
	});
	if (!created.ok) throw new Error(JSON.stringify(created.problems));
	survey = created.value;
	const published = await publish(db, survey, null);
	if (!published.ok) throw new Error(JSON.stringify(published.problems));
});

afterEach(async () => {
	await db.close();
});

function interview(overrides: { paradata?: Record<string, unknown>; [key: string]: unknown } = {}) {
	const { paradata, ...rest } = overrides;
	return {
		id: '6f1d2c4e-8a0b-4c3d-9e5f-112233445566',
		version: 1,
		status: 'complete',
		answers: { vote: 2 },
		startedAt: '2026-03-01T10:00:00.000Z',
		paradata: {
			language: 'en',
			durationMs: 420_000,
			endedAt: '2026-03-01T10:07:00.000Z',
			deviceClass: 'tablet',
			order: {},
			gps: { lat: 41.7151, lon: 44.8271, accuracy: 15 },
			...paradata
		},
		...rest
	};
}

async function storedRow() {
	const row = await db.one<{ source: string; interviewer: number; paradata: string; n: number }>(
		sql(
			`SELECT any_value(source) AS source, any_value(interviewer_id) AS interviewer,
				any_value(paradata) AS paradata, count(*) AS n FROM responses`
		)
	);
	return { ...row!, paradata: row!.paradata ? JSON.parse(row!.paradata) : null };
}

describe('interviewSubmissionSchema', () => {
	it('accepts an interview with and without a position', () => {
		expect(interviewSubmissionSchema.safeParse(interview()).success).toBe(true);
		expect(
			interviewSubmissionSchema.safeParse(interview({ paradata: { gps: undefined } })).success
		).toBe(true);
	});

	it.each([
		['endedAt missing', { endedAt: undefined }, 'paradata.endedAt'],
		['endedAt not a date-time', { endedAt: 'yesterday' }, 'paradata.endedAt'],
		['deviceClass unknown', { deviceClass: 'watch' }, 'paradata.deviceClass'],
		['deviceClass missing', { deviceClass: undefined }, 'paradata.deviceClass'],
		['latitude out of range', { gps: { lat: 91, lon: 0, accuracy: 5 } }, 'paradata.gps.lat'],
		['longitude out of range', { gps: { lat: 0, lon: -181, accuracy: 5 } }, 'paradata.gps.lon'],
		['negative accuracy', { gps: { lat: 0, lon: 0, accuracy: -1 } }, 'paradata.gps.accuracy'],
		['a position as text', { gps: { lat: '41.7', lon: 44.8, accuracy: 5 } }, 'paradata.gps.lat'],
		['more than a position', { gps: { lat: 0, lon: 0, accuracy: 5, altitude: 3 } }, 'paradata.gps'],
		['an unknown paradata field', { battery: 0.5 }, 'paradata']
	])('refuses %s', (_, paradata, field) => {
		const parsed = interviewSubmissionSchema.safeParse(interview({ paradata }));
		expect(parsed.success).toBe(false);
		expect(parsed.error!.issues.map((issue) => issue.path.join('.'))).toContain(field);
	});

	it('refuses an interview without paradata', () => {
		expect(
			interviewSubmissionSchema.safeParse({ ...interview(), paradata: undefined }).success
		).toBe(false);
	});
});

describe('submitInterview', () => {
	it('stores the interview once, as the interviewer’s, with its paradata', async () => {
		expect(await submitInterview(db, survey, interview(), interviewerId)).toEqual({
			ok: true,
			id: interview().id,
			stored: true,
			overQuota: null
		});
		const row = await storedRow();
		expect(row).toMatchObject({ source: 'interviewer', interviewer: interviewerId, n: 1 });
		expect(row.paradata).toMatchObject({
			endedAt: '2026-03-01T10:07:00.000Z',
			deviceClass: 'tablet',
			gps: { lat: 41.7151, lon: 44.8271, accuracy: 15 },
			durationMs: 420_000
		});
	});

	it('dates the interview by when it ended on the device, and its arrival by the server', async () => {
		await db.run(sql(`UPDATE survey_versions SET published_at = now() - INTERVAL 7 DAY`));
		const endedAt = new Date(Date.now() - 2 * 86_400_000).toISOString(); // synced two days later
		await submitInterview(db, survey, interview({ paradata: { endedAt } }), interviewerId);
		const times = await db.one<{ submitted: string; receivedRecently: boolean }>(
			sql(
				`SELECT strftime(timezone('UTC', submitted_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS submitted,
					received_at > now() - INTERVAL 1 MINUTE AS "receivedRecently" FROM responses`
			)
		);
		expect(times).toEqual({ submitted: endedAt, receivedRecently: true });
	});

	it('dates an interview neither in the future nor before its questionnaire, whatever the device’s clock says', () => {
		const published = new Date('2026-03-01T09:00:00.000Z');
		const now = new Date('2026-03-05T12:00:00.000Z');
		const dated = (endedAt: string) => claimedTimeWithin(endedAt, published, now);
		expect(dated('2026-03-04T08:00:00.000Z')).toBe('2026-03-04T08:00:00.000Z');
		expect(dated('2027-01-01T00:00:00.000Z')).toBe('2026-03-05T12:00:00.000Z');
		expect(dated('2001-01-01T00:00:00.000Z')).toBe('2026-03-01T09:00:00.000Z');
		expect(dated('yesterday')).toBe('2026-03-05T12:00:00.000Z');
	});

	it('dates an interview from a device whose clock was reset by when its version was published', async () => {
		const endedAt = '2001-01-01T00:07:00.000Z';
		const reset = interview({ startedAt: '2001-01-01T00:00:00.000Z', paradata: { endedAt } });
		await submitInterview(db, survey, reset, interviewerId);
		// To the millisecond: the time travels as an ISO string.
		const row = await db.one<{ ended: boolean; started: boolean }>(
			sql(`SELECT abs(epoch_ms(r.submitted_at) - epoch_ms(v.published_at)) < 1 AS ended,
					abs(epoch_ms(r.started_at) - epoch_ms(v.published_at)) < 1 AS started
				FROM responses r JOIN survey_versions v ON v.id = r.survey_version_id`)
		);
		expect(row).toEqual({ ended: true, started: true });
	});

	it('writes nothing for a re-send of the same interview', async () => {
		await submitInterview(db, survey, interview(), interviewerId);
		expect(await submitInterview(db, survey, interview(), interviewerId)).toEqual({
			ok: true,
			id: interview().id,
			stored: false,
			overQuota: null
		});
		expect((await storedRow()).n).toBe(1);
	});

	it('stores the time per page and the changed answers the device recorded', async () => {
		const answering = { pageTimesMs: { p1: 420_000 }, changedAnswers: 3 };
		await submitInterview(db, survey, interview({ paradata: answering }), interviewerId);
		expect((await storedRow()).paradata).toMatchObject(answering);
	});

	it('tells the interviewer, naming the cell, when the quota cell was already full', async () => {
		await quotas.create(db, {
			surveyId: survey.id,
			name: 'Vote',
			definition: { variables: ['vote'], cells: [{ values: { vote: 2 }, target: 1 }] }
		});
		expect(await submitInterview(db, survey, interview(), interviewerId)).toMatchObject({
			overQuota: null
		});
		const second = interview({ id: '7a2e3d5f-9b1c-4d4e-8f60-223344556677' });
		const expected = { quota: 'Vote', cell: 'vote = 2' };
		expect(await submitInterview(db, survey, second, interviewerId)).toEqual({
			ok: true,
			id: second.id,
			stored: true,
			overQuota: expected
		});
		const row = await db.one<{ status: string }>(
			sql(`SELECT status FROM responses WHERE id = ?`, second.id)
		);
		expect(row?.status, 'kept as a partial, not counted as a complete').toBe('partial');
		expect(
			await submitInterview(db, survey, second, interviewerId),
			'a re-send is told the same'
		).toMatchObject({ ok: true, overQuota: expected });
	});

	it('answers 400 naming the field for a malformed body, and stores nothing', async () => {
		const result = await submitInterview(
			db,
			survey,
			interview({ paradata: { deviceClass: 'watch' } }),
			interviewerId
		);
		expect(result).toMatchObject({ ok: false, status: 400 });
		expect(!result.ok && result.errors[0]!.field).toBe('paradata.deviceClass');
		expect((await storedRow()).n).toBe(0);
	});

	it('answers 422 for a version that is not published', async () => {
		const result = await submitInterview(db, survey, interview({ version: 7 }), interviewerId);
		expect(result).toMatchObject({
			ok: false,
			status: 422,
			message: 'Version 7 of this survey is not published.'
		});
	});
});

describe('the interviewer collector', () => {
	it('is made once for a survey published without one, however many devices sync at once', async () => {
		await db.run(sql(`DELETE FROM collectors WHERE kind = 'interviewer'`));
		const ids = [1, 2, 3, 4].map((n) => `6f1d2c4e-8a0b-4c3d-9e5f-11223344556${n}`);
		const results = await Promise.all(
			ids.map((id) => submitInterview(db, survey, interview({ id }), interviewerId))
		);
		expect(results.every((result) => result.ok)).toBe(true);
		const made = await db.all<{ id: number }>(
			sql(`SELECT id FROM collectors WHERE survey_id = ? AND kind = 'interviewer'`, survey.id)
		);
		expect(made).toHaveLength(1);
		const used = await db.all<{ collector: number }>(
			sql(`SELECT DISTINCT collector_id AS collector FROM responses`)
		);
		expect(used).toEqual([{ collector: made[0]!.id }]);
	});
});
