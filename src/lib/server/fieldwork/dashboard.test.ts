/** The dashboard's SQL builders run against a real in-memory DuckDB with a handful of responses. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { sql } from '../db/sql.ts';
import {
	dropOffQuery,
	loadFieldworkDashboard,
	medianDurationQuery,
	progressByCollectorQuery,
	progressByDayQuery,
	progressByInterviewerQuery
} from './dashboard.ts';
import { versionQuestionnaires } from './version-questionnaires.ts';

let db: Database;
const surveyId = 1;

const firstVersion = {
	pages: [
		{ name: 'screener', elements: [{ type: 'radiogroup', name: 'q1', choices: [1, 2] }] },
		{
			name: 'media',
			elements: [
				{ type: 'text', name: 'q2' },
				{ type: 'radiogroup', name: 'q3', choices: [1, 2], showOtherItem: true }
			]
		},
		{ name: 'closing', elements: [{ type: 'comment', name: 'q4' }] }
	]
};
// Version 2 puts an introduction before the screener, so q1 moves to page 2.
const secondVersion = {
	pages: [
		{ name: 'intro', elements: [{ type: 'html', name: 'welcome', html: 'Hello' }] },
		...firstVersion.pages
	]
};

interface Row {
	status: 'complete' | 'partial';
	disposition?: 'screened-out' | 'over-quota';
	at: string;
	answers?: Record<string, unknown>;
	paradata?: Record<string, unknown>;
	version?: number;
	collector?: number | null;
	interviewer?: number | null;
	survey?: number;
}

async function insertResponse(row: Row) {
	await db.run(
		sql(
			`INSERT INTO responses (id, survey_id, survey_version_id, wave, status, disposition, source,
				answers, paradata, submitted_at, collector_id, interviewer_id)
			VALUES (?::UUID, ?, ?, 1, ?, ?, 'web', ?, ?, ?::TIMESTAMPTZ, ?, ?)`,
			crypto.randomUUID(),
			row.survey ?? surveyId,
			row.version ?? 1,
			row.status,
			row.disposition ?? null,
			JSON.stringify(row.answers ?? {}),
			JSON.stringify(row.paradata ?? {}),
			row.at,
			row.collector ?? null,
			row.interviewer ?? null
		)
	);
}

beforeAll(async () => {
	db = await openDatabase(':memory:');
	await migrate(db);
	for (const [version, json] of [firstVersion, secondVersion].entries()) {
		await db.run(
			sql(
				`INSERT INTO survey_versions (id, survey_id, version, json, codebook) VALUES (?, ?, ?, ?, '{}')`,
				version + 1,
				surveyId,
				version + 1,
				JSON.stringify(json)
			)
		);
	}
	await db.run(sql(`INSERT INTO users (id, email, name) VALUES (5, 'nino@example.org', 'Nino')`));
	await db.run(
		sql(
			`INSERT INTO collectors (id, survey_id, kind, name) VALUES (1, ?, 'public', 'Web link')`,
			surveyId
		)
	);
	await db.run(
		sql(
			`INSERT INTO collectors (id, survey_id, kind, name) VALUES (2, ?, 'interviewer', 'CAPI')`,
			surveyId
		)
	);
	const rows: Row[] = [
		{
			status: 'complete',
			at: '2026-03-01T09:00:00Z',
			paradata: { durationMs: 100_000 },
			collector: 1
		},
		{
			status: 'complete',
			at: '2026-03-01T10:00:00Z',
			paradata: { durationMs: 600_000 },
			collector: 1
		},
		// 23:30 in New York is already 3 March in UTC.
		{
			status: 'complete',
			at: '2026-03-02T23:30:00-05:00',
			paradata: { durationMs: 200_000 },
			collector: 2,
			interviewer: 5
		},
		{ status: 'complete', at: '2026-03-02T12:00:00Z', collector: 2, interviewer: 5 },
		{ status: 'partial', at: '2026-03-01T11:00:00Z' },
		{ status: 'partial', at: '2026-03-01T12:00:00Z', answers: { q1: 1 }, collector: 1 },
		{
			status: 'partial',
			at: '2026-03-02T08:00:00Z',
			answers: { q1: 1, 'q3-Comment': 'a neighbour' },
			collector: 1
		},
		{
			status: 'partial',
			at: '2026-03-02T09:00:00Z',
			answers: { q1: 1 },
			paradata: { pagesVisited: 3 },
			interviewer: 5,
			collector: 2
		},
		{ status: 'partial', at: '2026-03-02T10:00:00Z', answers: { q1: 2 }, version: 2 },
		// Neither a complete (its short duration would move the median) nor an abandoned
		// interview (its pages would count in the drop-off): each is counted apart.
		{
			status: 'complete',
			disposition: 'screened-out',
			at: '2026-03-01T13:00:00Z',
			answers: { q1: 2 },
			paradata: { durationMs: 5_000 },
			collector: 1
		},
		{
			status: 'partial',
			disposition: 'over-quota',
			at: '2026-03-02T13:00:00Z',
			answers: { q1: 1 },
			paradata: { pagesVisited: 3 },
			collector: 1
		},
		// Another survey's responses never count.
		{ status: 'complete', at: '2026-03-01T09:00:00Z', paradata: { durationMs: 1 }, survey: 2 },
		{ status: 'partial', at: '2026-03-01T09:00:00Z', survey: 2 }
	];
	for (const row of rows) await insertResponse(row);
});
afterAll(async () => db?.close());

describe('fieldwork dashboard queries', () => {
	it('counts completes and partials per UTC day, screen-outs and over-quota apart', async () => {
		expect(await db.all(progressByDayQuery(surveyId))).toEqual([
			{ day: '2026-03-01', complete: 2, partial: 2, screenedOut: 1, overQuota: 0 },
			{ day: '2026-03-02', complete: 1, partial: 3, screenedOut: 0, overQuota: 1 },
			{ day: '2026-03-03', complete: 1, partial: 0, screenedOut: 0, overQuota: 0 }
		]);
	});

	it('counts per collector, with responses without one in a row of their own', async () => {
		const counts = (complete: number, partial: number, screenedOut = 0, overQuota = 0) => ({
			complete,
			partial,
			screenedOut,
			overQuota
		});
		expect(await db.all(progressByCollectorQuery(surveyId))).toEqual([
			{ collectorId: 1, collector: 'Web link', kind: 'public', ...counts(2, 2, 1, 1) },
			{ collectorId: 2, collector: 'CAPI', kind: 'interviewer', ...counts(2, 1) },
			{ collectorId: null, collector: null, kind: null, ...counts(0, 2) }
		]);
	});

	it('counts per interviewer by e-mail', async () => {
		expect(await db.all(progressByInterviewerQuery(surveyId))).toEqual([
			{
				interviewerId: 5,
				interviewer: 'nino@example.org',
				complete: 2,
				partial: 1,
				screenedOut: 0,
				overQuota: 0
			}
		]);
	});

	it('takes the median duration over eligible complete responses that have one', async () => {
		expect(await db.one(medianDurationQuery(surveyId))).toEqual({
			medianMs: 200_000,
			completes: 3
		});
	});

	it('places each eligible partial response on the furthest page it reached, by page name', async () => {
		const versions = await versionQuestionnaires(db, surveyId);
		expect(await db.all(dropOffQuery(surveyId, versions))).toEqual([
			{ page: 0, pageName: null, partials: 1 },
			// q1 is on page 1 of version 1 and on page 2 of version 2: one row.
			{ page: 1, pageName: 'screener', partials: 2 },
			// q3's "other" comment counts for q3.
			{ page: 2, pageName: 'media', partials: 1 },
			// pagesVisited 3 beats the answered page 1.
			{ page: 3, pageName: 'closing', partials: 1 }
		]);
	});

	it('loads everything at once', async () => {
		const dashboard = await loadFieldworkDashboard(db, surveyId);
		expect(dashboard.medianDurationMs).toBe(200_000);
		expect(dashboard.timedCompletes).toBe(3);
		expect(dashboard.byDay).toHaveLength(3);
		expect(dashboard.dropOff.map((row) => row.pageName)).toEqual([
			null,
			'screener',
			'media',
			'closing'
		]);
	});

	it('answers a survey without responses with empty figures', async () => {
		const dashboard = await loadFieldworkDashboard(db, 99);
		expect(dashboard).toEqual({
			byDay: [],
			byCollector: [],
			byInterviewer: [],
			medianDurationMs: null,
			timedCompletes: 0,
			dropOff: []
		});
	});
});
