import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import * as responses from '../db/responses.ts';
import type { NewResponse } from '../db/responses.ts';
import { sql } from '../db/sql.ts';
import { createGroupCommitter } from './group-commit.ts';

let db: Database;
beforeAll(async () => {
	db = await openDatabase(':memory:');
	await migrate(db);
});
afterAll(async () => db?.close());

const row = (id: string, status: 'partial' | 'complete', answers = {}): NewResponse => ({
	id,
	surveyId: 1,
	surveyVersionId: 1,
	wave: 1,
	status,
	source: 'web',
	answers,
	paradata: {},
	startedAt: null
});

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The database, with the statements the committer's session runs written down. */
function recording(target: Database): { db: Database; statements: string[] } {
	const statements: string[] = [];
	const db: Database = {
		...target,
		async dedicatedSession() {
			const session = await target.dedicatedSession();
			const inner = session.statements;
			return {
				...session,
				statements: {
					all: (query) => (statements.push(query.sql), inner.all(query)),
					one: (query) => (statements.push(query.sql), inner.one(query)),
					run: (query) => (statements.push(query.sql), inner.run(query))
				}
			};
		}
	};
	return { db, statements };
}

describe('group commit', () => {
	it('writes concurrent submissions in shared transactions, each exactly once', async () => {
		const sizes: number[] = [];
		const committer = createGroupCommitter(db, { onCommit: (size) => sizes.push(size) });
		const writes = Array.from({ length: 300 }, (_, i) => committer.write(row(uuid(i), 'complete')));
		expect((await Promise.all(writes)).every(Boolean)).toBe(true);
		expect(sizes.reduce((a, b) => a + b, 0)).toBe(300);
		expect(sizes.length).toBeLessThan(300); // they shared commits
		const count = await db.one<{ n: number }>(sql('SELECT count(*)::INTEGER AS n FROM responses'));
		expect(count!.n).toBe(300);
	});

	it('treats a repeat as already written, and lets a partial become complete', async () => {
		const committer = createGroupCommitter(db);
		const id = uuid(1000);
		// The partial, its completion and a retry of the completion arrive together.
		const [partial, complete, retry] = await Promise.all([
			committer.write(row(id, 'partial', { q: 1 })),
			committer.write(row(id, 'complete', { q: 2 })),
			committer.write(row(id, 'complete', { q: 3 }))
		]);
		expect([partial, complete, retry]).toEqual([true, true, false]);
		const stored = await db.one<{ status: string; answers: string }>(
			sql('SELECT status, answers FROM responses WHERE id = ?::UUID', id)
		);
		expect(stored).toEqual({ status: 'complete', answers: '{"q":2}' });
	});

	it('takes an id in capitals for the same response', async () => {
		const committer = createGroupCommitter(db);
		const id = uuid(1001);
		const [partial, complete, retry] = await Promise.all([
			committer.write(row(id, 'partial', { q: 1 })),
			committer.write(row(id.toUpperCase(), 'complete', { q: 2 })),
			committer.write(row(id.toUpperCase(), 'partial', { q: 3 }))
		]);
		expect([partial, complete, retry]).toEqual([true, true, false]);
		const stored = await db.all<{ status: string; answers: string }>(
			sql('SELECT status, answers FROM responses WHERE id = ?::UUID', id)
		);
		expect(stored).toEqual([{ status: 'complete', answers: '{"q":2}' }]);
	});

	it('completes a partial stored before it started, in a batch with new ids', async () => {
		// As after a restart: the id is not one this committer has seen, so its first INSERT of
		// the batch fails on the primary key and the batch is sorted out id by id.
		await responses.upsert(db, row(uuid(1500), 'partial', { q: 1 }));
		await responses.upsert(db, row(uuid(1501), 'complete', { q: 1 }));
		const committer = createGroupCommitter(db);
		const results = await Promise.all([
			committer.write(row(uuid(1502), 'complete')),
			committer.write(row(uuid(1500).toUpperCase(), 'complete', { q: 2 })),
			committer.write(row(uuid(1501), 'complete', { q: 2 })),
			committer.write(row(uuid(1503), 'partial'))
		]);
		expect(results).toEqual([true, true, false, true]);
		const stored = await db.all<{ id: string; status: string; answers: string }>(
			sql(
				`SELECT id::VARCHAR AS id, status, answers FROM responses
				WHERE id::VARCHAR IN (?, ?, ?, ?) ORDER BY id`,
				uuid(1500),
				uuid(1501),
				uuid(1502),
				uuid(1503)
			)
		);
		expect(stored).toEqual([
			{ id: uuid(1500), status: 'complete', answers: '{"q":2}' },
			{ id: uuid(1501), status: 'complete', answers: '{"q":1}' },
			{ id: uuid(1502), status: 'complete', answers: '{}' },
			{ id: uuid(1503), status: 'partial', answers: '{}' }
		]);
	});

	it('continues partials page by page in batches with new ids, also when they changed meanwhile', async () => {
		const committer = createGroupCommitter(db);
		const [saved, completedElsewhere, removed] = [uuid(1600), uuid(1601), uuid(1602)];
		expect(
			await Promise.all([
				committer.write(row(saved, 'partial', { page: 1 })),
				committer.write(row(completedElsewhere, 'partial', { page: 1 })),
				committer.write(row(removed, 'partial', { page: 1 }))
			])
		).toEqual([true, true, true]);
		// Behind the committer's back (an import, an administrator): one completed, one removed.
		await responses.upsert(db, row(completedElsewhere, 'complete', { by: 'other' }));
		await db.run(sql('DELETE FROM responses WHERE id = ?::UUID', removed));

		const results = await Promise.all([
			committer.write(row(saved, 'partial', { page: 2 })),
			committer.write(row(uuid(1603), 'complete', { fresh: true })),
			committer.write(row(completedElsewhere, 'complete', { by: 'this' })),
			committer.write(row(removed, 'partial', { page: 2 }))
		]);
		expect(results).toEqual([true, true, false, true]);
		expect(await committer.write(row(saved, 'complete', { page: 3 }))).toBe(true);
		expect(await committer.write(row(saved, 'complete', { page: 4 }))).toBe(false);

		const stored = await db.all<{ id: string; status: string; answers: string }>(
			sql(
				`SELECT id::VARCHAR AS id, status, answers FROM responses
				WHERE id::VARCHAR IN (?, ?, ?, ?) ORDER BY id`,
				saved,
				completedElsewhere,
				removed,
				uuid(1603)
			)
		);
		expect(stored).toEqual([
			{ id: saved, status: 'complete', answers: '{"page":3}' },
			{ id: completedElsewhere, status: 'complete', answers: '{"by":"other"}' },
			{ id: removed, status: 'partial', answers: '{"page":2}' },
			{ id: uuid(1603), status: 'complete', answers: '{"fresh":true}' }
		]);
	});

	it('saves a response page by page with one statement a save, never looking it up', async () => {
		const { db: recorded, statements } = recording(db);
		const committer = createGroupCommitter(recorded);
		const id = uuid(1700);
		expect(await committer.write(row(id, 'partial', { page: 1 }))).toBe(true);
		expect(await committer.write(row(id, 'partial', { page: 2 }))).toBe(true);
		expect(await committer.write(row(id.toUpperCase(), 'complete', { page: 3 }))).toBe(true);
		expect(statements.map((text) => text.trim().split(/\s+/, 1)[0])).toEqual([
			'INSERT',
			'UPDATE',
			'UPDATE'
		]);
		const stored = await db.one<{ status: string; answers: string }>(
			sql('SELECT status, answers FROM responses WHERE id = ?::UUID', id)
		);
		expect(stored).toEqual({ status: 'complete', answers: '{"page":3}' });
	});

	it('never moves a partial it is continuing to another survey', async () => {
		const committer = createGroupCommitter(db);
		const id = uuid(1710);
		expect(await committer.write(row(id, 'partial', { page: 1 }))).toBe(true);
		expect(await committer.write({ ...row(id, 'complete', { page: 2 }), surveyId: 2 })).toBe(false);
		const stored = await db.one<{ status: string; surveyId: number }>(
			sql('SELECT status, survey_id AS "surveyId" FROM responses WHERE id = ?::UUID', id)
		);
		expect(stored).toEqual({ status: 'partial', surveyId: 1 });
	});

	it('answers as written what a batch wrote before one of its rows failed', async () => {
		const committer = createGroupCommitter(db);
		const continued = uuid(1720);
		expect(await committer.write(row(continued, 'partial', { page: 1 }))).toBe(true);
		// Stored before (unknown to this committer), so it is looked up, and its update fails
		// after the new row of the same batch was inserted.
		const storedBefore = uuid(1721);
		await responses.upsert(db, row(storedBefore, 'partial'));
		const results = await Promise.allSettled([
			committer.write(row(continued, 'complete', { page: 2 })),
			committer.write(row(uuid(1722), 'complete')),
			committer.write({ ...row(storedBefore, 'complete'), status: 'lost' as never })
		]);
		expect(
			results.map((result) => (result.status === 'fulfilled' ? result.value : 'failed'))
		).toEqual([true, true, 'failed']);
		const stored = await db.all<{ id: string; status: string }>(
			sql(
				`SELECT id::VARCHAR AS id, status FROM responses WHERE id::VARCHAR IN (?, ?, ?) ORDER BY id`,
				continued,
				storedBefore,
				uuid(1722)
			)
		);
		expect(stored).toEqual([
			{ id: continued, status: 'complete' },
			{ id: storedBefore, status: 'partial' },
			{ id: uuid(1722), status: 'complete' }
		]);
	});

	it('fails only the submission that cannot be written, not the others of its batch', async () => {
		const committer = createGroupCommitter(db);
		const bad = { ...row(uuid(2000), 'complete'), status: 'lost' as never };
		const results = await Promise.allSettled([
			committer.write(row(uuid(2001), 'complete')),
			committer.write(bad),
			committer.write(row(uuid(2002), 'complete'))
		]);
		expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		const stored = await db.one<{ n: number }>(
			sql(
				'SELECT count(*)::INTEGER AS n FROM responses WHERE id::VARCHAR IN (?, ?, ?)',
				uuid(2000),
				uuid(2001),
				uuid(2002)
			)
		);
		expect(stored!.n).toBe(2);
		expect(await committer.write(row(uuid(2003), 'complete'))).toBe(true);
	});

	it('checkpoints the write-ahead log when submissions pause, and only then', async () => {
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'barometer-checkpoint-'));
		const walSize = (file: string) =>
			fs.existsSync(`${file}.wal`) ? fs.statSync(`${file}.wal`).size : 0;
		async function walAfterPause(quietCheckpointMs: number) {
			const file = path.join(folder, `${quietCheckpointMs}.duckdb`);
			const fileDb = await openDatabase(file);
			try {
				await migrate(fileDb);
				await fileDb.run(sql('CHECKPOINT'));
				const committer = createGroupCommitter(fileDb, { quietCheckpointMs });
				const writes = Array.from({ length: 50 }, (_, i) =>
					committer.write(row(uuid(3000 + i), 'complete'))
				);
				await Promise.all(writes);
				const logged = walSize(file);
				await new Promise((resolve) => setTimeout(resolve, 400));
				await committer.drain();
				// A submission after the checkpoint is written as usual.
				expect(await committer.write(row(uuid(3999), 'complete'))).toBe(true);
				const stored = await fileDb.one<{ n: number }>(
					sql('SELECT count(*)::INTEGER AS n FROM responses')
				);
				expect(stored!.n).toBe(51);
				return { logged, afterPause: walSize(file) };
			} finally {
				await fileDb.close();
			}
		}
		const never = await walAfterPause(0);
		expect(never.afterPause).toBeGreaterThanOrEqual(never.logged);
		expect(never.logged).toBeGreaterThan(0);
		const quiet = await walAfterPause(50);
		expect(quiet.logged).toBeGreaterThan(0);
		// Only the one submission written after the checkpoint is left in the log.
		expect(quiet.afterPause).toBeLessThan(quiet.logged);
		fs.rmSync(folder, { recursive: true, force: true });
	});
});
