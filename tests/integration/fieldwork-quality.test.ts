/**
 * Fieldwork quality against the built server: respondents submit through the public endpoint, an
 * analyst recomputes the quality flags (a speeder and a straightliner are caught), excludes a
 * response and no longer finds it in the CSV export; a viewer or researcher cannot exclude.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSurvey, seedWorkspace, type Workspace } from './support/fixtures.ts';
import { startServer, type TestServer } from './support/server.ts';

const questionnaire = {
	title: 'Quality check',
	pages: [
		{
			name: 'grid',
			elements: [
				{
					type: 'matrix',
					name: 'trust',
					title: 'How much do you trust…',
					columns: [1, 2, 3, 4, 5].map((value) => ({ value, text: String(value) })),
					rows: ['government', 'parliament', 'media', 'courts', 'police']
				}
			]
		},
		{ name: 'open', elements: [{ type: 'comment', name: 'why', title: 'Why?' }] }
	]
};

let server: TestServer;
let workspace: Workspace;
let base: string;
const speeder = crypto.randomUUID();
const straightliner = crypto.randomUUID();

const earnestTrust = (i: number) => ({
	government: 1 + (i % 5),
	parliament: 1 + ((i + 2) % 5),
	media: 2,
	courts: 3,
	police: 4
});

beforeAll(async () => {
	server = await startServer();
	workspace = await seedWorkspace(server);
	const admin = workspace.clients.admin;
	const surveyId = await createSurvey(admin, workspace.projectId, questionnaire);
	base = `/projects/${workspace.projectId}/surveys/${surveyId}`;
	const published = await admin.action(`${base}?/publish`);
	expect(published.type, published.message).toBe('success');
	const page = await (await admin.page(base)).text();
	const slug = /\/s\/([a-z0-9-]+)/.exec(page)![1]!;
	const submit = async (id: string, trust: Record<string, number>, durationMs: number) => {
		const response = await workspace.clients.anonymous.json(`/s/${slug}/responses`, {
			id,
			version: 1,
			status: 'complete',
			answers: { trust, why: 'Because the news said so.' },
			paradata: { language: 'en', durationMs }
		});
		expect(response.status, JSON.stringify(response.body)).toBe(201);
	};
	for (let i = 0; i < 32; i++)
		await submit(crypto.randomUUID(), earnestTrust(i), 240_000 + 5_000 * i);
	await submit(speeder, earnestTrust(1), 15_000);
	const allThrees = { government: 3, parliament: 3, media: 3, courts: 3, police: 3 };
	await submit(straightliner, allThrees, 300_000);
});
afterAll(async () => server?.stop());

async function flagsOf(id: string): Promise<string> {
	const page = await (await workspace.clients.analyst.page(`${base}/fieldwork?show=all`)).text();
	const row = new RegExp(`data-response-id="${id}"[^>]*data-flags="([^"]*)"`).exec(page);
	expect(row, `row of ${id}`).not.toBeNull();
	return row![1]!;
}

async function exportCsv(query = ''): Promise<string> {
	const response = await workspace.clients.analyst.request(`${base}/export${query}`);
	expect(response.status).toBe(200);
	return response.text();
}

describe('fieldwork quality', () => {
	it('links the fieldwork page from the survey page', async () => {
		const page = await (await workspace.clients.analyst.page(base)).text();
		expect(page).toContain(`${base}/fieldwork`);
	});

	it('flags a speeder and a straightliner after recomputation', async () => {
		const recomputed = await workspace.clients.analyst.action(`${base}/fieldwork?/recompute`);
		expect(recomputed.type, recomputed.message).toBe('success');
		expect(await flagsOf(speeder)).toBe('speeder');
		expect(await flagsOf(straightliner)).toBe('straightliner');
		const page = await (await workspace.clients.analyst.page(`${base}/fieldwork`)).text();
		expect(page).toMatch(/data-testid="flagged-count"[^>]*>2 flagged/);
		expect(page).toMatch(/data-testid="fieldwork-complete"[^>]*>34 complete/);
	});

	it('lets an analyst exclude a response, which then leaves the CSV export', async () => {
		expect(await exportCsv()).toContain(speeder);
		const excluded = await workspace.clients.analyst.action(`${base}/fieldwork?/exclude`, {
			responseId: speeder
		});
		expect(excluded.type, excluded.message).toBe('success');
		const csv = await exportCsv();
		expect(csv).not.toContain(speeder);
		expect(csv).toContain(straightliner);
		const everything = await exportCsv('?excluded=include');
		expect(everything).toContain(speeder);
	});

	it('refuses exclusion to a viewer and a researcher, and shows the researcher no buttons', async () => {
		for (const actor of ['viewer', 'researcher'] as const) {
			const outcome = await workspace.clients[actor].action(`${base}/fieldwork?/exclude`, {
				responseId: straightliner
			});
			expect(outcome.status, actor).toBe(403);
		}
		expect(await exportCsv()).toContain(straightliner);
		const page = await (await workspace.clients.researcher.page(`${base}/fieldwork`)).text();
		expect(page).not.toContain('?/exclude');
		expect((await workspace.clients.viewer.page(`${base}/fieldwork`)).status).toBe(403);
	});

	it('answers an exclusion without a valid response id with 400', async () => {
		const outcome = await workspace.clients.analyst.action(`${base}/fieldwork?/exclude`, {
			responseId: 'not-a-uuid'
		});
		expect(outcome.type).toBe('failure');
		expect(outcome.status).toBe(400);
	});
});
