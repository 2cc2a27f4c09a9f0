/**
 * Quotas against the built app: a researcher defines one from the published codebook, malformed
 * and invalid definitions are refused with 400 naming the problem, and the dashboard shows the
 * completes achieved per cell from responses submitted through the public endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, type Workspace } from './support/fixtures.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;
let workspace: Workspace;
let quotasPage: string;

beforeAll(async () => {
	server = await startServer();
	workspace = await seedWorkspace(server);
	quotasPage = `/projects/${workspace.projectId}/surveys/${workspace.surveyId}/quotas`;
});
afterAll(async () => server?.stop());

/** `aware` is the seeded questionnaire's single-choice question: 1 Yes, 2 No, 98 Don't know. */
const awareYes = (target: number) => ({
	variables: ['aware'],
	cells: [{ values: { aware: 1 }, target }]
});

function save(fields: Record<string, string>, client = workspace.clients.researcher) {
	return client.action(`${quotasPage}?/save`, fields);
}

/** The texts in an action's answer (SvelteKit sends it as devalue's flat JSON array). */
function problemsOf(data: unknown): string {
	const values = JSON.parse(data as string) as unknown[];
	return values.filter((value) => typeof value === 'string').join('\n');
}

async function submit(status: 'partial' | 'complete', aware: number, language?: string) {
	const response = await workspace.clients.anonymous.json(`/s/${workspace.slug}/responses`, {
		id: crypto.randomUUID(),
		version: 1,
		status,
		answers: { aware },
		...(language ? { paradata: { language } } : {})
	});
	expect(response.status, JSON.stringify(response.body)).toBe(201);
	return response.body;
}

/** The dashboard row of a cell, read from the page as a viewer (or the given client) sees it. */
async function dashboardCell(
	label: string,
	page = quotasPage,
	client = workspace.clients.viewer
): Promise<{ achieved: number; target: number }> {
	const response = await client.page(page);
	expect(response.status).toBe(200);
	const html = await response.text();
	const row = new RegExp(`data-cell="${label}" data-achieved="(\\d+)" data-target="(\\d+)"`).exec(
		html
	);
	expect(row, `no dashboard row for ${label}`).not.toBeNull();
	return { achieved: Number(row![1]), target: Number(row![2]) };
}

describe('defining quotas', () => {
	it('refuses invalid definitions with 400 naming the problem', async () => {
		const cases: [Record<string, unknown>, RegExp][] = [
			[{ variables: ['region'], cells: [{ values: { region: 1 }, target: 2 }] }, /"region"/],
			[
				{ variables: ['age'], cells: [{ values: { age: 30 }, target: 2 }] },
				/"age" is not a single-choice/
			],
			[
				{ variables: ['aware'], cells: [{ values: { aware: 7 }, target: 2 }] },
				/7 is not a code of "aware"/
			],
			[awareYes(0), /target above zero/],
			[
				{
					variables: ['aware'],
					cells: [
						{ values: { aware: 1 }, target: 2 },
						{ values: { aware: [1, 2] }, target: 3 }
					]
				},
				/repeats a combination of cell 1/
			],
			[{ variables: ['aware'], cells: [{ values: { aware: 1 }, target: 'two' }] }, /number/]
		];
		for (const [definition, problem] of cases) {
			const outcome = await save({ name: 'Awareness', definition: JSON.stringify(definition) });
			expect(outcome.type, JSON.stringify(definition)).toBe('failure');
			expect(outcome.status).toBe(400);
			expect(problemsOf(outcome.data)).toMatch(problem);
		}
		const unnamed = await save({ name: ' ', definition: JSON.stringify(awareYes(2)) });
		expect(unnamed.status).toBe(400);
		expect(problemsOf(unnamed.data)).toContain('Give the quota a name.');
		const notJson = await save({ name: 'Awareness', definition: '{variables' });
		expect(notJson.status).toBe(400);
		expect(problemsOf(notJson.data)).toContain('not JSON');

		const page = await (await workspace.clients.viewer.page(quotasPage)).text();
		expect(page).toContain('No quotas yet.');
	});

	it('does not let a viewer define a quota', async () => {
		const outcome = await save(
			{ name: 'Awareness', definition: JSON.stringify(awareYes(2)) },
			workspace.clients.viewer
		);
		expect(outcome.status).toBe(403);
	});
});

describe('the dashboard', () => {
	it('shows the completes achieved in each cell against its target', async () => {
		const defined = await save({ name: 'Awareness', definition: JSON.stringify(awareYes(2)) });
		expect(defined.type, defined.message).toBe('success');
		expect(await dashboardCell('aware: Yes')).toEqual({ achieved: 0, target: 2 });

		await submit('complete', 1);
		await submit('complete', 2);
		await submit('partial', 1);
		expect(await dashboardCell('aware: Yes')).toEqual({ achieved: 1, target: 2 });

		await submit('complete', 1);
		expect(await dashboardCell('aware: Yes')).toEqual({ achieved: 2, target: 2 });
		const page = await (await workspace.clients.viewer.page(quotasPage)).text();
		expect(page).toContain('2 of 2 complete');

		// A third complete in the full cell is screened out as over quota, not counted; its
		// respondent is told so in the language they answered in.
		const over = await submit('complete', 1, 'ka');
		expect(over).toMatchObject({ overQuota: true, stored: true });
		expect(over.message).toMatch(/^გმადლობთ დათმობილი დროისთვის\./);
		expect(await dashboardCell('aware: Yes')).toEqual({ achieved: 2, target: 2 });
		// The fieldwork dashboard shows the same progress, and the over-quota response apart.
		const fieldworkPage = quotasPage.replace(/quotas$/, 'fieldwork');
		const analyst = workspace.clients.analyst;
		expect(await dashboardCell('aware: Yes', fieldworkPage, analyst)).toEqual({
			achieved: 2,
			target: 2
		});
		const fieldwork = await (await analyst.page(fieldworkPage)).text();
		expect(fieldwork).toMatch(/data-testid="fieldwork-over-quota"[^>]*>1 over quota/);
	});

	it('records quota edits in the audit log', async () => {
		const audit = await (
			await workspace.clients.owner.page(`/projects/${workspace.projectId}/audit`)
		).text();
		expect(audit).toContain('quota.save');
	});
});
