import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cellKey, type QuotaDefinition } from '../../fieldwork/quotas.ts';
import { openDatabase, type Database, type Queryable } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import * as quotas from '../db/quotas.ts';
import * as responses from '../db/responses.ts';
import { sql } from '../db/sql.ts';
import { createQuotaGate, type QuotaAdmission } from './quota-gate.ts';

const surveyId = 7;
let db: Database;

beforeEach(async () => {
	db = await openDatabase(':memory:');
	await migrate(db);
	// Quotas count the completes of the survey's current wave.
	await db.run(
		sql(
			`INSERT INTO surveys (id, project_id, slug, title, draft_json) VALUES (?, 1, 'q', 'Q', '{}')`,
			surveyId
		)
	);
});
afterEach(async () => db.close());

const women = { gender: 2 };
const men = { gender: 1 };

function genderQuota(targets: { women: number; men?: number }): QuotaDefinition {
	const cells = [{ values: women, target: targets.women }];
	if (targets.men) cells.push({ values: men, target: targets.men });
	return { variables: ['gender'], cells };
}

async function defineQuota(definition: QuotaDefinition, name = 'Gender') {
	return quotas.create(db, { surveyId, name, definition });
}

function writeComplete(id: string, answers: Record<string, unknown>, survey = surveyId) {
	return responses.upsert(db, {
		id,
		surveyId: survey,
		surveyVersionId: 1,
		wave: 1,
		status: 'complete',
		source: 'web',
		answers,
		paradata: {},
		startedAt: null
	});
}

/** What the ingest path does: admit, write the complete when admitted, then release. */
async function submitComplete(
	gate: ReturnType<typeof createQuotaGate>,
	answers: Record<string, unknown> = women
) {
	const id = randomUUID();
	const admission = await gate.admit(surveyId, id, answers, 'complete');
	if (admission.ok) {
		await writeComplete(id, answers);
		admission.release(true);
	}
	return { id, admission };
}

describe('concurrent completes', () => {
	it('admits exactly the target out of 200 simultaneous completes in one cell', async () => {
		await defineQuota(genderQuota({ women: 50 }));
		const gate = createQuotaGate(db);
		const ids = Array.from({ length: 200 }, () => randomUUID());
		const admissions = await Promise.all(
			ids.map((id) => gate.admit(surveyId, id, { gender: 2, age: 30 }, 'complete'))
		);
		const admitted = ids.filter((_, index) => admissions[index]!.ok);
		expect(admitted).toHaveLength(50);
		const refusals = admissions.filter((admission) => !admission.ok);
		expect(refusals).toHaveLength(150);
		expect(refusals[0]).toEqual({ ok: false, quota: 'Gender', cell: cellKey(women) });

		for (const [index, id] of ids.entries()) {
			const admission = admissions[index]!;
			if (!admission.ok) continue;
			await writeComplete(id, { gender: 2, age: 30 });
			admission.release(true);
		}
		const retry = await gate.admit(surveyId, admitted[0]!, { gender: 2, age: 30 }, 'complete');
		expect(retry.ok).toBe(true);
		// The same id in capitals is the same response (the database stores a UUID).
		expect((await gate.admit(surveyId, admitted[0]!.toUpperCase(), women, 'complete')).ok).toBe(
			true
		);
		expect((await gate.admit(surveyId, randomUUID(), women, 'complete')).ok).toBe(false);

		// Read back from the database: still full, and the retry still recognised.
		gate.invalidate(surveyId);
		expect((await gate.admit(surveyId, randomUUID(), women, 'complete')).ok).toBe(false);
		expect((await gate.admit(surveyId, admitted[1]!, women, 'complete')).ok).toBe(true);
		expect((await gate.admit(surveyId, admitted[1]!.toUpperCase(), women, 'complete')).ok).toBe(
			true
		);
	});

	it('lets duplicate submissions of one id share a single place', async () => {
		await defineQuota(genderQuota({ women: 2 }));
		const gate = createQuotaGate(db);
		const id = randomUUID();
		const [first, second] = await Promise.all([
			gate.admit(surveyId, id, women, 'complete'),
			gate.admit(surveyId, id, women, 'complete')
		]);
		expect(first!.ok && second!.ok).toBe(true);
		await writeComplete(id, women);
		(first as Extract<QuotaAdmission, { ok: true }>).release(true);
		(second as Extract<QuotaAdmission, { ok: true }>).release(true);
		expect((await submitComplete(gate)).admission.ok).toBe(true);
		expect((await submitComplete(gate)).admission.ok).toBe(false);
	});
});

describe('counts and places', () => {
	it('starts from the completes in the database, leaving out excluded ones and partials', async () => {
		await defineQuota(genderQuota({ women: 3, men: 1 }));
		const counted = randomUUID();
		const excluded = randomUUID();
		await writeComplete(counted, women);
		await writeComplete(excluded, women);
		await writeComplete(randomUUID(), women, surveyId + 1);
		await db.run(sql('UPDATE responses SET excluded = true WHERE id = ?::UUID', excluded));
		await writeComplete(randomUUID(), men);
		const gate = createQuotaGate(db);
		expect((await submitComplete(gate, men)).admission.ok).toBe(false);
		expect((await submitComplete(gate)).admission.ok).toBe(true);
		expect((await submitComplete(gate)).admission.ok).toBe(true);
		expect((await submitComplete(gate)).admission).toMatchObject({ ok: false, quota: 'Gender' });
		// Retries of completes already stored are admitted, excluded ones included.
		expect((await gate.admit(surveyId, counted, women, 'complete')).ok).toBe(true);
		expect((await gate.admit(surveyId, excluded, women, 'complete')).ok).toBe(true);
	});

	it('frees a place when the write did not happen', async () => {
		await defineQuota(genderQuota({ women: 1 }));
		const gate = createQuotaGate(db);
		const held = await gate.admit(surveyId, randomUUID(), women, 'complete');
		expect((await gate.admit(surveyId, randomUUID(), women, 'complete')).ok).toBe(false);
		if (!held.ok) throw new Error('expected a place');
		held.release(false);
		held.release(true); // a second release of the same admission changes nothing
		expect((await submitComplete(gate)).admission.ok).toBe(true);
		expect((await submitComplete(gate)).admission.ok).toBe(false);
	});

	it('refuses a partial only once its quota variables put it in a full cell', async () => {
		await defineQuota(genderQuota({ women: 1, men: 5 }));
		const gate = createQuotaGate(db);
		const partial = await gate.admit(surveyId, randomUUID(), women, 'partial');
		expect(partial.ok).toBe(true);
		// The partial held nothing: a complete still gets the only place.
		expect((await submitComplete(gate)).admission.ok).toBe(true);
		expect((await gate.admit(surveyId, randomUUID(), {}, 'partial')).ok).toBe(true);
		expect((await gate.admit(surveyId, randomUUID(), men, 'partial')).ok).toBe(true);
		expect(await gate.admit(surveyId, randomUUID(), women, 'partial')).toEqual({
			ok: false,
			quota: 'Gender',
			cell: cellKey(women)
		});
	});

	it('admits answers outside every cell, and everything in a survey without quotas', async () => {
		await defineQuota(genderQuota({ women: 1 }));
		const gate = createQuotaGate(db);
		expect((await gate.admit(surveyId, randomUUID(), { gender: 98 }, 'complete')).ok).toBe(true);
		expect((await gate.admit(surveyId + 1, randomUUID(), women, 'complete')).ok).toBe(true);
	});

	it('refuses when any of several quotas is full, naming that quota', async () => {
		await defineQuota(genderQuota({ women: 5 }));
		await defineQuota(
			{ variables: ['region'], cells: [{ values: { region: [1, 2] }, target: 1 }] },
			'Region'
		);
		const gate = createQuotaGate(db);
		expect((await submitComplete(gate, { gender: 2, region: 1 })).admission.ok).toBe(true);
		expect((await submitComplete(gate, { gender: 2, region: 2 })).admission).toEqual({
			ok: false,
			quota: 'Region',
			cell: cellKey({ region: [1, 2] })
		});
		expect((await submitComplete(gate, { gender: 2, region: 3 })).admission.ok).toBe(true);
	});
});

describe('invalidate', () => {
	it('reads edited quotas again', async () => {
		const quota = await defineQuota(genderQuota({ women: 1 }));
		const gate = createQuotaGate(db);
		expect((await submitComplete(gate)).admission.ok).toBe(true);
		expect((await submitComplete(gate)).admission.ok).toBe(false);
		await quotas.update(db, { ...quota, surveyId, definition: genderQuota({ women: 2 }) });
		gate.invalidate(surveyId);
		expect((await submitComplete(gate)).admission.ok).toBe(true);
		expect((await submitComplete(gate)).admission.ok).toBe(false);
	});

	it('counts a complete written while the quotas are being reloaded exactly once', async () => {
		await defineQuota(genderQuota({ women: 2 }));
		let unblock: () => void = () => undefined;
		let blockNextCount = false;
		// Holds the counting query until the test lets it go, to commit a complete meanwhile.
		const slowCounts: Queryable = {
			all: async (query) => {
				if (blockNextCount && query.sql.includes('count(*)')) {
					blockNextCount = false;
					await new Promise<void>((resolve) => (unblock = resolve));
				}
				return db.all(query);
			},
			one: (query) => db.one(query),
			run: (query) => db.run(query)
		};
		const gate = createQuotaGate(slowCounts);
		const early = randomUUID();
		// Sent in capitals: the count read back (lower case, as DuckDB prints it) must still
		// recognise it as the one being written.
		const held = await gate.admit(surveyId, early.toUpperCase(), women, 'complete');
		expect(held.ok).toBe(true);

		gate.invalidate(surveyId);
		blockNextCount = true;
		const waiting = gate.admit(surveyId, randomUUID(), women, 'complete');
		await new Promise((resolve) => setTimeout(resolve, 20));
		await writeComplete(early, women);
		if (held.ok) held.release(true);
		unblock();

		expect((await waiting).ok).toBe(true);
		expect((await gate.admit(surveyId, randomUUID(), women, 'complete')).ok).toBe(false);
	});
});
