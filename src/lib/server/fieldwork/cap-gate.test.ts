import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as collectors from '../db/collectors.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import * as responses from '../db/responses.ts';
import { sql } from '../db/sql.ts';
import { createCapGate } from './cap-gate.ts';

let db: Database;
let collector: collectors.Collector;
const surveyId = 4;

beforeEach(async () => {
	db = await openDatabase(':memory:');
	await migrate(db);
	await db.run(
		sql(
			`INSERT INTO surveys (id, project_id, slug, title, draft_json) VALUES (?, 1, 'c', 'C', '{}')`,
			surveyId
		)
	);
	collector = await collectors.ensure(db, surveyId, 'public');
});
afterEach(async () => db.close());

const capped = (responseCap: number | null) => ({ ...collector, responseCap });

async function storeComplete(changes: Partial<responses.NewResponse> = {}) {
	await responses.upsert(db, {
		id: randomUUID(),
		surveyId,
		surveyVersionId: 1,
		wave: 1,
		status: 'complete',
		source: 'web',
		answers: {},
		paradata: {},
		startedAt: null,
		collectorId: collector.id,
		...changes
	});
}

describe('the cap gate', () => {
	it('admits exactly the cap out of 200 simultaneous completes', async () => {
		const gate = createCapGate(db);
		const admissions = await Promise.all(
			Array.from({ length: 200 }, () => gate.admit(capped(5), randomUUID(), 'complete'))
		);
		const admitted = admissions.filter((admission) => admission.ok);
		expect(admitted).toHaveLength(5);
		for (const admission of admitted) if (admission.ok) admission.release(true);
		// Full now: partial saves are refused too.
		expect((await gate.admit(capped(5), randomUUID(), 'complete')).ok).toBe(false);
		expect((await gate.admit(capped(5), randomUUID(), 'partial')).ok).toBe(false);
	});

	it('takes partial saves while the last places are only held, and refuses them once counted', async () => {
		const gate = createCapGate(db);
		const held = await gate.admit(capped(1), randomUUID(), 'complete');
		expect(held.ok).toBe(true);
		// The held complete may yet not count: a respondent mid-survey goes on meanwhile.
		expect((await gate.admit(capped(1), randomUUID(), 'partial')).ok).toBe(true);
		expect((await gate.admit(capped(1), randomUUID(), 'complete')).ok).toBe(false);
		if (held.ok) held.release(true);
		expect((await gate.admit(capped(1), randomUUID(), 'partial')).ok).toBe(false);
	});

	it('frees the place of a complete that did not count, and lets a counted one repeat', async () => {
		const gate = createCapGate(db);
		const first = randomUUID();
		const held = await gate.admit(capped(1), first, 'complete');
		expect((await gate.admit(capped(1), randomUUID(), 'complete')).ok).toBe(false);
		if (held.ok) held.release(false); // a screen-out, over quota, or a failed write
		const second = randomUUID();
		const next = await gate.admit(capped(1), second, 'complete');
		expect(next.ok).toBe(true);
		if (next.ok) next.release(true);
		expect((await gate.admit(capped(1), first, 'complete')).ok).toBe(false);
		// A repeat of the counted complete writes nothing and is let through.
		expect((await gate.admit(capped(1), second, 'complete')).ok).toBe(true);
	});

	it('counts a complete whose retry was written after the first submission failed', async () => {
		const gate = createCapGate(db);
		const id = randomUUID();
		const first = await gate.admit(capped(1), id, 'complete');
		// The respondent's browser timed out and sent it again while the first was being written.
		const retry = await gate.admit(capped(1), id.toUpperCase(), 'complete');
		expect(first.ok && retry.ok).toBe(true);
		if (first.ok) first.release(false); // its write failed
		// The retry still holds the place…
		expect((await gate.admit(capped(1), randomUUID(), 'complete')).ok).toBe(false);
		if (retry.ok) retry.release(true); // …and was written: the collector is full.
		expect((await gate.admit(capped(1), randomUUID(), 'complete')).ok).toBe(false);
		expect((await gate.admit(capped(1), randomUUID(), 'partial')).ok).toBe(false);
		expect((await gate.admit(capped(1), id, 'complete')).ok).toBe(true);
	});

	it('starts from the eligible completes of the current wave in the database', async () => {
		await storeComplete();
		await storeComplete({ disposition: 'screened-out' });
		await storeComplete({ wave: 0 });
		await storeComplete({ status: 'partial' });
		const gate = createCapGate(db);
		expect((await gate.admit(capped(1), randomUUID(), 'complete')).ok).toBe(false);
		expect((await gate.admit(capped(2), randomUUID(), 'complete')).ok).toBe(true);
	});

	it('reads the count again once the survey is forgotten, and lets everything through without a cap', async () => {
		const gate = createCapGate(db);
		const held = await gate.admit(capped(1), randomUUID(), 'complete');
		if (held.ok) held.release(true);
		expect((await gate.admit(capped(1), randomUUID(), 'complete')).ok).toBe(false);
		// The database holds no complete (the one above was never written): after a new wave or
		// new settings the count is read again.
		gate.forgetSurvey(surveyId);
		expect((await gate.admit(capped(1), randomUUID(), 'complete')).ok).toBe(true);
		expect((await gate.admit(capped(null), randomUUID(), 'complete')).ok).toBe(true);
		expect((await gate.admit(null, randomUUID(), 'complete')).ok).toBe(true);
	});

	it('keeps the places held by completes being written when the counts are read again', async () => {
		const gate = createCapGate(db);
		const ids = [randomUUID(), randomUUID()];
		const held = await Promise.all(ids.map((id) => gate.admit(capped(2), id, 'complete')));
		// New settings are saved while both are being written.
		gate.forgetSurvey(surveyId);
		expect((await gate.admit(capped(2), randomUUID(), 'complete')).ok).toBe(false);
		for (const [index, id] of ids.entries()) {
			await storeComplete({ id });
			const admission = held[index]!;
			if (admission.ok) admission.release(true);
		}
		expect((await gate.admit(capped(2), randomUUID(), 'complete')).ok).toBe(false);
		gate.forgetSurvey(surveyId);
		expect((await gate.admit(capped(2), randomUUID(), 'complete')).ok).toBe(false);
		expect((await gate.admit(capped(3), randomUUID(), 'complete')).ok).toBe(true);
	});

	it('lets a retry of a complete stored before it started through a full collector', async () => {
		const stored = randomUUID();
		await storeComplete({ id: stored });
		const gate = createCapGate(db);
		expect((await gate.admit(capped(1), stored.toUpperCase(), 'complete')).ok).toBe(true);
		expect((await gate.admit(capped(1), randomUUID(), 'complete')).ok).toBe(false);
	});
});
