/**
 * Walks every route operation with every actor against the built server and compares what
 * happens with the access table. Denied means: 401/403, a redirect to the login page, or (inside
 * a project, where outsiders must not learn what exists) 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTable } from './access-table.ts';
import type { Client } from './support/client.ts';
import {
	actors,
	password,
	seedAnalysisObjects,
	seedWorkspace,
	type AnalysisObjects,
	signedIn,
	type Actor,
	type Workspace
} from './support/fixtures.ts';
import { enumerateRoutes, routePath, type RouteOperation } from './support/routes.ts';
import { adminCredentials, startServer, type TestServer } from './support/server.ts';

const operations = enumerateRoutes();
const key = (op: RouteOperation) => `${op.route} ${op.operation}`;

describe('the access table', () => {
	it('lists exactly the route operations that exist', () => {
		const existing = operations.map(key).sort();
		expect(
			existing.filter((k) => !(k in accessTable)),
			'routes missing from the access table'
		).toEqual([]);
		expect(
			Object.keys(accessTable).filter((k) => !existing.includes(k)),
			'table rows with no route'
		).toEqual([]);
	});
});

describe('every route with every role', () => {
	let server: TestServer;
	let workspace: Workspace;
	let analysis: AnalysisObjects;

	beforeAll(async () => {
		server = await startServer();
		workspace = await seedWorkspace(server);
		analysis = await seedAnalysisObjects(workspace);
	});
	afterAll(async () => server?.stop());

	async function attempt(
		client: Client,
		op: RouteOperation
	): Promise<{ denied: boolean; detail: string }> {
		const url = routePath(op.route, {
			projectId: String(workspace.projectId),
			surveyId: String(workspace.surveyId),
			slug: workspace.slug,
			token: 'not-a-real-setup-token',
			schemeId: String(analysis.schemeId),
			segmentId: String(analysis.segmentId),
			reportId: String(analysis.reportId),
			datasetId: String(analysis.datasetId)
		});
		const projectScoped = op.route.includes('[projectId');
		if (op.operation.startsWith('action:')) {
			const name = op.operation.slice('action:'.length);
			const outcome = await client.action(name === 'default' ? url : `${url}?/${name}`);
			const toLogin =
				outcome.type === 'redirect' &&
				(outcome.location ?? '').startsWith('/login') &&
				!url.startsWith('/account');
			const denied =
				[401, 403].includes(outcome.status) || (projectScoped && outcome.status === 404) || toLogin;
			return { denied, detail: `${outcome.type} ${outcome.status} ${outcome.message ?? ''}` };
		}
		const response =
			op.operation === 'GET'
				? await client.page(url)
				: await client
						.json(url, {}, op.operation)
						.then((r) => ({ status: r.status, headers: new Headers() }));
		const location = response.headers.get('location') ?? '';
		const denied =
			[401, 403].includes(response.status) ||
			(projectScoped && response.status === 404) ||
			(response.status === 303 && location.startsWith('/login?'));
		expect(response.status, `${op.operation} ${url} must not fail on the server`).toBeLessThan(500);
		return { denied, detail: `${response.status} ${location}` };
	}

	it('shows an interviewer the project without its questionnaires, their links or counts', async () => {
		const project = `/projects/${workspace.projectId}`;
		const seen = async (actor: Actor) => (await workspace.clients[actor].page(project)).text();
		expect(await seen('researcher')).toContain(`/s/${workspace.slug}`);
		const interviewer = await seen('interviewer');
		expect(interviewer).toContain('Interviewing');
		expect(interviewer).not.toContain(`/s/${workspace.slug}`);
		expect(interviewer).not.toContain('response-count');
	});

	for (const op of operations) {
		const rule = accessTable[key(op)];
		if (!rule) continue;
		it(`${key(op)}`, async () => {
			for (const actor of actors) {
				const { denied, detail } = await attempt(workspace.clients[actor], op);
				// Signing out (everywhere) ends the shared session too: sign the actor in again.
				if (rule.endsSession && actor !== 'anonymous') {
					const email = actor === 'admin' ? adminCredentials.email : `${actor}@example.org`;
					workspace.clients[actor] = await signedIn(
						server,
						email,
						actor === 'admin' ? adminCredentials.password : password
					);
				}
				const expected = rule.allowed.includes(actor as Actor) ? 'allowed' : 'denied';
				expect(denied ? 'denied' : 'allowed', `${actor} on ${key(op)}: ${detail}`).toBe(expected);
			}
		});
	}
});
