/**
 * The public submission endpoint's guards against the built server: a limit per client address
 * and minute (429 with Retry-After), and the first-party device cookie whose keyed hash lets a
 * second response from the same browser be flagged as a duplicate and the public link tell that
 * browser it has already answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from './support/client.ts';
import { seedWorkspace, type Workspace } from './support/fixtures.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;
let workspace: Workspace;

beforeAll(async () => {
	server = await startServer({ BAROMETER_SUBMISSIONS_PER_MINUTE: '4' });
	workspace = await seedWorkspace(server);
});
afterAll(async () => server?.stop());

const submit = (client: Client) =>
	client.json(`/s/${workspace.slug}/responses`, {
		id: crypto.randomUUID(),
		version: 1,
		status: 'complete',
		answers: { aware: 1 }
	});

describe('public submissions', () => {
	it('flags a second response from the same browser, and limits submissions per address', async () => {
		const browser = new Client(server.origin);
		const page = await browser.page(`/s/${workspace.slug}`);
		expect(page.status).toBe(200);
		expect(page.headers.get('set-cookie') ?? '').toMatch(/barometer_device=[a-z2-7]{26};/);

		expect((await submit(browser)).status).toBe(201);
		expect((await submit(browser)).status).toBe(201);
		// The public link is then closed to this browser, and open to another.
		const again = await (await browser.page(`/s/${workspace.slug}`)).text();
		expect(again).toContain('You have already completed this survey');
		const other = await (await new Client(server.origin).page(`/s/${workspace.slug}`)).text();
		expect(other).not.toContain('You have already completed this survey');

		const base = `/projects/${workspace.projectId}/surveys/${workspace.surveyId}`;
		const recomputed = await workspace.clients.analyst.action(`${base}/fieldwork?/recompute`);
		expect(recomputed.type, recomputed.message).toBe('success');
		const review = await (await workspace.clients.analyst.page(`${base}/fieldwork`)).text();
		// Exactly one response (the second) carries the duplicate flag.
		expect(review.match(/data-flags="[^"]*\bduplicate\b[^"]*"/g) ?? []).toHaveLength(1);
		expect(review).toContain('1 flagged');

		// Four per minute from this address (the test's loopback address): two more, then 429.
		expect((await submit(new Client(server.origin))).status).toBe(201);
		expect((await submit(new Client(server.origin))).status).toBe(201);
		const refused = await new Client(server.origin).request(`/s/${workspace.slug}/responses`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id: crypto.randomUUID(), version: 1, status: 'complete', answers: {} })
		});
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
	});
});
