/** A researcher's questionnaire from paste or upload to a published, immutable version. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createSurvey,
	seedWorkspace,
	smallQuestionnaire,
	type Workspace
} from './support/fixtures.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;
let workspace: Workspace;

beforeAll(async () => {
	server = await startServer();
	workspace = await seedWorkspace(server);
});
afterAll(async () => server?.stop());

const newSurveyPath = () => `/projects/${workspace.projectId}/surveys/new`;

describe('creating a questionnaire', () => {
	it('accepts an uploaded .json file', async () => {
		const form = new FormData();
		form.set('json', '');
		form.set(
			'file',
			new File([JSON.stringify(smallQuestionnaire)], 'survey.json', { type: 'application/json' })
		);
		const response = await workspace.clients.researcher.request(newSurveyPath(), {
			method: 'POST',
			headers: { origin: server.origin, accept: 'text/html' },
			body: form
		});
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toMatch(/\/surveys\/\d+\/design$/);
	});

	it('explains JSON that does not parse', async () => {
		const outcome = await workspace.clients.researcher.action(newSurveyPath(), {
			json: '{"pages": ['
		});
		expect(outcome.status).toBe(400);
		expect(JSON.stringify(outcome.data)).toContain('not valid JSON');
	});

	it('explains a questionnaire that SurveyJS cannot load', async () => {
		const outcome = await workspace.clients.researcher.action(newSurveyPath(), {
			json: JSON.stringify({
				pages: [{ elements: [{ type: 'no-such-question-type', name: 'q1' }] }]
			})
		});
		expect(outcome.status).toBe(400);
		expect(JSON.stringify(outcome.data)).toMatch(/no-such-question-type/);
	});

	it('names a question whose name cannot be a variable name', async () => {
		const outcome = await workspace.clients.researcher.action(newSurveyPath(), {
			json: JSON.stringify({ elements: [{ type: 'text', name: 'first question' }] })
		});
		expect(outcome.status).toBe(400);
		expect(JSON.stringify(outcome.data)).toContain('first question');
	});
});

describe('publishing', () => {
	it('freezes versions: a changed draft does not alter what respondents get until published', async () => {
		const surveyId = await createSurvey(
			workspace.clients.researcher,
			workspace.projectId,
			smallQuestionnaire
		);
		const base = `/projects/${workspace.projectId}/surveys/${surveyId}`;
		expect((await workspace.clients.researcher.action(`${base}?/publish`)).type).toBe('success');
		const page = await (await workspace.clients.researcher.page(base)).text();
		const slug = /\/s\/([a-z0-9-]+)/.exec(page)![1]!;

		const changed = structuredClone(smallQuestionnaire) as {
			pages: { elements: { choices?: unknown[] }[] }[];
		};
		changed.pages[0]!.elements[0]!.choices!.push({
			value: 3,
			text: { default: 'Partly', ka: 'ნაწილობრივ', ru: 'Отчасти' }
		});
		const saved = await workspace.clients.researcher.action(`${base}?/save`, {
			json: JSON.stringify(changed)
		});
		expect(saved.type).toBe('success');

		const answer = (aware: number, version: number) =>
			workspace.clients.anonymous.json(`/s/${slug}/responses`, {
				id: crypto.randomUUID(),
				version,
				status: 'complete',
				answers: { aware }
			});
		expect((await answer(3, 1)).status).toBe(422);
		expect((await workspace.clients.researcher.action(`${base}?/publish`)).type).toBe('success');
		expect((await answer(3, 2)).status).toBe(201);
		expect((await answer(1, 1)).status).toBe(201);
	});

	it('records publishing in the audit log', async () => {
		const page = await (
			await workspace.clients.owner.page(`/projects/${workspace.projectId}/audit`)
		).text();
		expect(page).toContain('survey.publish');
		expect(page).toContain('researcher@example.org');
	});
});

describe('exporting responses', () => {
	it('gives analysts a CSV with one column per variable of every version, and audits it', async () => {
		const base = `/projects/${workspace.projectId}/surveys/${workspace.surveyId}`;
		for (const aware of [1, 2]) {
			await workspace.clients.anonymous.json(`/s/${workspace.slug}/responses`, {
				id: crypto.randomUUID(),
				version: 1,
				status: 'complete',
				answers: { aware, sources: [2], age: 30 + aware }
			});
		}
		const response = await workspace.clients.analyst.request(`${base}/export`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/csv');
		const lines = (await response.text()).trim().split('\r\n');
		const header = lines[0]!.split(',');
		expect(header.slice(0, 5)).toEqual([
			'response_id',
			'version',
			'wave',
			'source',
			'submitted_at'
		]);
		expect(header).toEqual(
			expect.arrayContaining(['aware', 'sources_1', 'sources_2', 'sources_none', 'age'])
		);
		const rows = lines
			.slice(1)
			.map((line) => Object.fromEntries(line.split(',').map((value, i) => [header[i], value])));
		expect(rows.length).toBeGreaterThanOrEqual(2);
		const last = rows.find((row) => row.age === '32')!;
		expect(last).toMatchObject({
			aware: '2',
			sources_1: '0',
			sources_2: '1',
			sources_none: '0',
			source: 'web'
		});
		const audit = await (
			await workspace.clients.owner.page(`/projects/${workspace.projectId}/audit`)
		).text();
		expect(audit).toContain('responses.export');
		expect(audit).toContain('analyst@example.org');
	});
});

describe('the respondent page', () => {
	it('neutralises script in survey text and sends a strict Content-Security-Policy', async () => {
		const hostile = {
			title: 'Hostile <img src=x onerror="alert(1)">',
			completedHtml: '<p>Thanks</p><script>alert(2)</script><img src="x" onerror="alert(3)">',
			pages: [
				{
					elements: [
						{
							type: 'html',
							name: 'intro',
							html: {
								default: '<b>Hi</b><script>alert(4)</script>',
								ka: '<a href="javascript:alert(5)">x</a>'
							}
						},
						{
							type: 'radiogroup',
							name: 'q1',
							title: '<script>alert(6)</script>Question',
							choices: [1, 2]
						}
					]
				}
			]
		};
		const surveyId = await createSurvey(workspace.clients.researcher, workspace.projectId, hostile);
		const base = `/projects/${workspace.projectId}/surveys/${surveyId}`;
		await workspace.clients.researcher.action(`${base}?/publish`);
		const slug = /\/s\/([a-z0-9-]+)/.exec(
			await (await workspace.clients.researcher.page(base)).text()
		)![1]!;
		const response = await workspace.clients.anonymous.page(`/s/${slug}`);
		const csp = response.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/script-src 'self'/);
		expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
		const html = await response.text();
		// HTML-rendered properties are sanitised; the title stays text, which SurveyJS shows as text.
		for (const payload of ['alert(2)', 'alert(3)', 'alert(4)', 'alert(5)'])
			expect(html).not.toContain(payload);
		expect(html).toMatch(/\\u003Cb>Hi\\u003C\/b>|<b>Hi<\/b>/);
	});
});
