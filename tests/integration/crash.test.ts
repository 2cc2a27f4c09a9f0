/**
 * The ingest promise under a crash: respondents submit concurrently, the server is killed with
 * SIGKILL in the middle of the load, and restarted on the same database. Every submission that
 * was acknowledged with a 2xx must be there exactly once; the others may or may not be (their
 * respondents got no answer and send again — idempotent by id).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/database.ts';
import { sql } from '../../src/lib/server/db/sql.ts';
import { seedWorkspace, type Workspace } from './support/fixtures.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;
let workspace: Workspace;

beforeAll(async () => {
	// The load comes from one address: the per-address limit is off for it.
	server = await startServer({ BAROMETER_SUBMISSIONS_PER_MINUTE: '0' });
	workspace = await seedWorkspace(server);
});
afterAll(async () => server?.stop());

async function submitUntilStopped(
	origin: string,
	slug: string,
	stopped: () => boolean,
	acknowledged: string[]
): Promise<void> {
	while (!stopped()) {
		const id = crypto.randomUUID();
		try {
			const response = await fetch(`${origin}/s/${slug}/responses`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ id, version: 1, status: 'complete', answers: { aware: 1, age: 40 } })
			});
			if (response.status === 201 || response.status === 200) acknowledged.push(id);
			else await response.text();
		} catch {
			return; // the server is gone: this respondent got no acknowledgement
		}
	}
}

describe('a crash during load', () => {
	it('keeps every acknowledged response exactly once', { timeout: 120_000 }, async () => {
		const acknowledged: string[] = [];
		let stop = false;
		const respondents = Array.from({ length: 64 }, () =>
			submitUntilStopped(server.origin, workspace.slug, () => stop, acknowledged)
		);
		// Let the load build up, then kill the server while requests are in flight.
		while (acknowledged.length < 400) await new Promise((resolve) => setTimeout(resolve, 20));
		await server.kill();
		stop = true;
		await Promise.all(respondents);
		expect(acknowledged.length).toBeGreaterThanOrEqual(400);

		// Restart on the same database: it recovers and takes submissions again.
		const restarted = await startServer(
			{ BAROMETER_SUBMISSIONS_PER_MINUTE: '0' },
			{ databasePath: server.databasePath }
		);
		const after = crypto.randomUUID();
		const response = await fetch(`${restarted.origin}/s/${workspace.slug}/responses`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id: after, version: 1, status: 'complete', answers: { aware: 2 } })
		});
		expect(response.status).toBe(201);
		await restarted.halt();

		const db = await openDatabase(server.databasePath);
		try {
			const rows = await db.all<{ id: string; copies: number }>(
				sql(
					`SELECT id::VARCHAR AS id, count(*)::INTEGER AS copies FROM responses
					WHERE id::VARCHAR IN (SELECT unnest(CAST(? AS VARCHAR[]))) GROUP BY id`,
					JSON.stringify([...acknowledged, after])
				)
			);
			const found = new Map(rows.map((row) => [row.id, row.copies]));
			const missing = acknowledged.filter((id) => !found.has(id));
			expect(missing, 'acknowledged but lost').toEqual([]);
			expect(rows.every((row) => row.copies === 1)).toBe(true);
			expect(found.get(after)).toBe(1);
		} finally {
			await db.close();
		}
	});
});
