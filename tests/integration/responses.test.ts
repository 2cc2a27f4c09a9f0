/**
 * Submitting answers to a published survey through the public endpoint: what is accepted, what
 * is refused with which status and message, and that a refused submission stores nothing. Run
 * twice: against the submission lane (bin/server.js, production) and against SvelteKit's route
 * (adapter-node's build/index.js, as under `vite dev`), which must answer alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, type Workspace } from './support/fixtures.ts';
import { startServer, type TestServer } from './support/server.ts';

describe.each(['bin/server.js', 'build/index.js'] as const)('served by %s', (entry) => {
	let server: TestServer;
	let workspace: Workspace;

	beforeAll(async () => {
		server = await startServer({}, { entry });
		workspace = await seedWorkspace(server);
	});
	afterAll(async () => server?.stop());

	function submission(overrides: Record<string, unknown> = {}) {
		return {
			id: crypto.randomUUID(),
			version: 1,
			status: 'complete',
			answers: { aware: 1, sources: [1, 3], age: 40 },
			...overrides
		};
	}

	const endpoint = () => `/s/${workspace.slug}/responses`;

	async function completeCount(): Promise<number> {
		const page = await (
			await workspace.clients.owner.page(
				`/projects/${workspace.projectId}/surveys/${workspace.surveyId}`
			)
		).text();
		return Number(/data-testid="complete-count"[^>]*>(\d+) complete/.exec(page)![1]);
	}

	describe('POST /s/<slug>/responses', () => {
		it('stores a valid complete response once, even when the same submission is retried', async () => {
			const before = await completeCount();
			const body = submission();
			const first = await workspace.clients.anonymous.json(endpoint(), body);
			expect(first.status).toBe(201);
			const retry = await workspace.clients.anonymous.json(endpoint(), body);
			expect(retry.status).toBe(200);
			expect(retry.body.stored).toBe(false);
			expect(await completeCount()).toBe(before + 1);
		});

		it('completes a partial response with the same id', async () => {
			const before = await completeCount();
			const id = crypto.randomUUID();
			const partial = await workspace.clients.anonymous.json(
				endpoint(),
				submission({ id, status: 'partial', answers: {} })
			);
			expect(partial.status).toBe(201);
			expect(await completeCount()).toBe(before);
			const complete = await workspace.clients.anonymous.json(endpoint(), submission({ id }));
			expect(complete.status).toBe(201);
			expect(await completeCount()).toBe(before + 1);
		});

		it('answers malformed JSON with 400 and says what is wrong', async () => {
			const response = await workspace.clients.anonymous.json(endpoint(), '{"id": "x", ');
			expect(response.status).toBe(400);
			expect(String(response.body.message)).toMatch(/not valid JSON/);
		});

		it('answers a body that is not a submission with 400 naming the field', async () => {
			const response = await workspace.clients.anonymous.json(
				endpoint(),
				submission({ id: 'not-a-uuid' })
			);
			expect(response.status).toBe(400);
			expect(response.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
		});

		it('refuses an unknown question with 422 naming it, and stores nothing', async () => {
			const before = await completeCount();
			const response = await workspace.clients.anonymous.json(
				endpoint(),
				submission({ answers: { aware: 1, sources: [1], age: 40, favourite_colour: 'blue' } })
			);
			expect(response.status).toBe(422);
			expect(response.body.errors).toEqual([
				expect.objectContaining({ field: 'favourite_colour' })
			]);
			expect(await completeCount()).toBe(before);
		});

		it('refuses a value outside the choices with 422 naming the question', async () => {
			const response = await workspace.clients.anonymous.json(
				endpoint(),
				submission({ answers: { aware: 7 } })
			);
			expect(response.status).toBe(422);
			expect(response.body.errors).toEqual([expect.objectContaining({ field: 'aware' })]);
			expect(String(response.body.message)).toContain('not one of the choices');
		});

		it('refuses a complete response without a required answer', async () => {
			const response = await workspace.clients.anonymous.json(
				endpoint(),
				submission({ answers: { age: 30 } })
			);
			expect(response.status).toBe(422);
			expect(response.body.errors).toEqual([expect.objectContaining({ field: 'aware' })]);
		});

		it('refuses a version that was never published', async () => {
			const response = await workspace.clients.anonymous.json(
				endpoint(),
				submission({ version: 9 })
			);
			expect(response.status).toBe(422);
			expect(response.body.errors).toEqual([expect.objectContaining({ field: 'version' })]);
		});

		it('answers a body over the limit with 413', async () => {
			const response = await workspace.clients.anonymous.json(
				endpoint(),
				submission({ answers: { aware: 1, padding: 'x'.repeat(300 * 1024) } })
			);
			expect(response.status).toBe(413);
			expect(String(response.body.message)).toMatch(/larger than/);
		});

		it('answers a survey that does not exist with 404', async () => {
			const response = await workspace.clients.anonymous.json(
				'/s/no-such-survey/responses',
				submission()
			);
			expect(response.status).toBe(404);
			expect(response.body.message).toBe('This survey does not exist.');
		});

		it('refuses a body that is not sent as JSON with 415, with the usual headers', async () => {
			const response = await fetch(`${server.origin}${endpoint()}`, {
				method: 'POST',
				headers: { 'content-type': 'application/xml' },
				body: JSON.stringify(submission())
			});
			expect(response.status).toBe(415);
			expect(await response.json()).toEqual({ message: 'Send the body as application/json.' });
			expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		});
	});
});
