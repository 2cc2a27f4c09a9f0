/**
 * A workspace for tests that need one: a project with a published questionnaire and one signed-in
 * client per actor (every project role, an administrator, a signed-in outsider, and anonymous).
 */
import { expect } from 'vitest';
import { roles, type Role } from '../../../src/lib/roles.ts';
import { Client } from './client.ts';
import { adminCredentials, type TestServer } from './server.ts';

export const actors = ['anonymous', 'outsider', 'admin', ...roles] as const;
export type Actor = (typeof actors)[number];

export const smallQuestionnaire = {
	title: { default: 'Test survey', ka: 'სატესტო გამოკითხვა', ru: 'Тестовый опрос' },
	pages: [
		{
			name: 'p1',
			elements: [
				{
					type: 'radiogroup',
					name: 'aware',
					title: {
						default: 'Have you heard of the programme?',
						ka: 'გსმენიათ პროგრამის შესახებ?',
						ru: 'Вы слышали о программе?'
					},
					isRequired: true,
					choices: [
						{ value: 1, text: { default: 'Yes', ka: 'დიახ', ru: 'Да' } },
						{ value: 2, text: { default: 'No', ka: 'არა', ru: 'Нет' } },
						{ value: 98, text: { default: "Don't know", ka: 'არ ვიცი', ru: 'Не знаю' } }
					]
				},
				{ type: 'checkbox', name: 'sources', choices: [1, 2, 3], showNoneItem: true },
				{ type: 'text', name: 'age', inputType: 'number', min: 18, max: 100 }
			]
		}
	]
};

export const password = 'member-password-123';

export interface Workspace {
	projectId: number;
	surveyId: number;
	slug: string;
	clients: Record<Actor, Client>;
}

export interface AnalysisObjects {
	schemeId: number;
	segmentId: number;
	reportId: number;
	datasetId: number;
}

/** A weighting scheme, a rule-based segment and a saved report in the workspace's project. */
export async function seedAnalysisObjects(workspace: Workspace): Promise<AnalysisObjects> {
	const admin = workspace.clients.admin;
	const project = `/projects/${workspace.projectId}`;
	const survey = `${project}/surveys/${workspace.surveyId}`;
	const idOf = (outcome: { type: string; location?: string; message?: string }) => {
		expect(outcome.type, outcome.message).toBe('redirect');
		return Number(outcome.location!.split('/').pop());
	};
	const schemeId = idOf(
		await admin.action(`${project}/weighting?/create`, {
			name: 'Test scheme',
			source: 'paste',
			csv: 'variable,category,target\naware,1,0.5\naware,2,0.3\naware,98,0.2'
		})
	);
	const segmentId = idOf(
		await admin.action(`${survey}/segments?/rules`, {
			name: 'aware_segment',
			label: 'Aware or not',
			definition: JSON.stringify({
				otherLabel: 'Others',
				rules: [
					{
						label: 'Aware',
						match: 'all',
						conditions: [{ variable: 'aware', op: 'in', values: [1] }]
					}
				]
			})
		})
	);
	const reportId = idOf(
		await admin.action(`${survey}/analysis?/save`, {
			title: 'Test report',
			query: 'rows=aware&cols=aware'
		})
	);
	const upload = new URLSearchParams({
		upload: crypto.randomUUID(),
		offset: '0',
		final: '1',
		name: 'Test dataset',
		fileName: 'test.csv'
	});
	const sent = await admin.request(`${project}/datasets/upload?${upload}`, {
		method: 'POST',
		headers: { origin: admin.origin, 'content-type': 'application/octet-stream' },
		body: new TextEncoder().encode('sex,aware\n1,1\n2,0\n1,0\n')
	});
	expect(sent.status).toBe(202);
	const { datasetId } = (await sent.json()) as { datasetId: number };
	for (let attempt = 0; ; attempt++) {
		const page = await (await admin.page(`${project}/datasets/${datasetId}`)).text();
		if (page.includes('Rows (stub variables)')) break;
		if (attempt > 100) throw new Error('The test dataset was not imported.');
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return { schemeId, segmentId, reportId, datasetId };
}

export async function signedIn(server: TestServer, email: string, secret: string): Promise<Client> {
	const client = new Client(server.origin);
	const outcome = await client.login(email, secret);
	expect(outcome.type, `login of ${email}`).toBe('redirect');
	return client;
}

export async function createSurvey(
	admin: Client,
	projectId: number,
	json: unknown
): Promise<number> {
	const created = await admin.action(`/projects/${projectId}/surveys/new`, {
		json: JSON.stringify(json)
	});
	expect(created.type, created.message).toBe('redirect');
	return Number(/surveys\/(\d+)/.exec(created.location!)![1]);
}

export async function seedWorkspace(server: TestServer): Promise<Workspace> {
	const admin = await signedIn(server, adminCredentials.email, adminCredentials.password);
	const project = await admin.action('/projects?/create', {
		name: 'Test project',
		description: ''
	});
	expect(project.type).toBe('redirect');
	const projectId = Number(project.location!.split('/').pop());
	const clients = { anonymous: new Client(server.origin), admin } as Record<Actor, Client>;
	for (const actor of ['outsider', ...roles] as const) {
		const email = `${actor}@example.org`;
		const created = await admin.action('/admin/users?/create', { email, name: actor, password });
		expect(created.type, created.message).toBe('success');
		if (actor !== 'outsider') {
			const added = await admin.action(`/projects/${projectId}/members?/add`, {
				email,
				role: actor as Role
			});
			expect(added.type, added.message).toBe('success');
		}
		clients[actor] = await signedIn(server, email, password);
	}
	const surveyId = await createSurvey(admin, projectId, smallQuestionnaire);
	const published = await admin.action(`/projects/${projectId}/surveys/${surveyId}?/publish`);
	expect(published.type, published.message).toBe('success');
	const page = await (await admin.page(`/projects/${projectId}/surveys/${surveyId}`)).text();
	const slug = /\/s\/([a-z0-9-]+)/.exec(page)![1]!;
	return { projectId, surveyId, slug, clients };
}
