/** What a newcomer sees on the first `npm start`: the setup link or the admin from env, and the demo. */
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { Client } from './support/client.ts';
import { startServer, type TestServer } from './support/server.ts';

const servers: TestServer[] = [];
afterAll(async () => Promise.all(servers.map((server) => server.stop())));

describe('first start without BAROMETER_ADMIN_*', () => {
	it('prints a one-time setup link that creates the administrator once', async () => {
		const server = await startServer({ BAROMETER_ADMIN_EMAIL: '', BAROMETER_ADMIN_PASSWORD: '' });
		servers.push(server);
		const link = /(http:\/\/localhost:\d+\/setup\/[a-z0-9]+)/.exec(server.output())?.[1];
		expect(link, server.output()).toBeDefined();
		const path = new URL(link!).pathname;
		const visitor = new Client(server.origin);
		expect((await visitor.page(path)).status).toBe(200);
		const weak = await visitor.action(path, {
			email: 'boss@example.org',
			name: 'Boss',
			password: 'short'
		});
		expect(weak.status).toBe(400);
		const done = await visitor.action(path, {
			email: 'boss@example.org',
			name: 'Boss',
			password: 'boss-password-1'
		});
		expect(done.type).toBe('redirect');
		expect((await visitor.page(path)).status).toBe(404);
		const again = await visitor.action(path, {
			email: 'other@example.org',
			name: 'Other',
			password: 'other-password-1'
		});
		expect(again.status).toBe(404);
		expect(
			(await new Client(server.origin).login('boss@example.org', 'boss-password-1')).type
		).toBe('redirect');
		expect(
			(await new Client(server.origin).login('other@example.org', 'other-password-1')).type
		).not.toBe('redirect');
	});
});

describe('first start with the demo', () => {
	it('loads the synthetic awareness tracker once, over three waves, labelled synthetic', async () => {
		const server = await startServer({ BAROMETER_DEMO: '1' });
		servers.push(server);
		await server.halt();
		const instance = await DuckDBInstance.create(server.databasePath);
		const connection = await instance.connect();
		const rows = (
			await connection.runAndReadAll(
				`SELECT p.name, r.wave, r.source, count(*)::INTEGER AS n FROM responses r
				JOIN surveys s ON s.id = r.survey_id JOIN projects p ON p.id = s.project_id
				GROUP BY ALL ORDER BY r.wave`
			)
		).getRowObjectsJS();
		connection.closeSync();
		instance.closeSync();
		expect(rows.map((row) => row.wave)).toEqual([1, 2, 3]);
		expect(
			rows.every((row) => row.source === 'synthetic' && /synthetic/i.test(String(row.name)))
		).toBe(true);
		expect(rows.reduce((sum, row) => sum + Number(row.n), 0)).toBe(3600);
	});
});
