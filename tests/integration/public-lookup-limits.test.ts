/**
 * The limits on public lookups against the built server (src/lib/server/public-lookup-limit.ts):
 * openings of resume links and views of shared reports per address and minute, and failed lookups
 * (an unknown resume key, survey or invitation token) on the survey page and on the submission
 * lane alike, after which every lookup from the address is refused until the minute ends. Every
 * request comes from the test's loopback address, so the steps run in order in one minute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from './support/client.ts';
import { seedWorkspace, type Workspace } from './support/fixtures.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;
let workspace: Workspace;
/** A partial response's resume key, and a shared report's path. */
const resumeKey = 'k'.repeat(26);
let sharedReport: string;

beforeAll(async () => {
	server = await startServer({
		BAROMETER_FAILED_LOOKUPS_PER_MINUTE: '3',
		BAROMETER_LINK_OPENINGS_PER_MINUTE: '4',
		BAROMETER_REPORT_VIEWS_PER_MINUTE: '2'
	});
	workspace = await seedWorkspace(server);
	// Submissions count towards none of these limits.
	expect((await submit({ status: 'partial', answers: {}, resumeKey })).status).toBe(201);
	for (const aware of [1, 1, 2, 98])
		expect((await submit({ status: 'complete', answers: { aware } })).status).toBe(201);
	const admin = workspace.clients.admin;
	const survey = `/projects/${workspace.projectId}/surveys/${workspace.surveyId}`;
	const saved = await admin.action(`${survey}/analysis?/save`, {
		title: 'Shared report',
		query: 'rows=aware&cols=aware'
	});
	expect(saved.type, saved.message).toBe('redirect');
	const shared = await admin.action(`${saved.location}?/share`, { days: '7' });
	expect(shared.type, shared.message).toBe('success');
	sharedReport = /\/r\/[a-z2-7]{26,64}/.exec(JSON.stringify(shared.data))![0];
});
afterAll(async () => server?.stop());

function submit(fields: Record<string, unknown>, slug = workspace.slug) {
	return new Client(server.origin).json(`/s/${slug}/responses`, {
		id: crypto.randomUUID(),
		version: 1,
		...fields
	});
}

const page = (path: string) => new Client(server.origin).page(path);

async function expectTooMany(response: Response) {
	expect(response.status).toBe(429);
	expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
	expect(await response.text()).toContain('Too many requests from this address');
}

/** Waits, if need be, for a minute with time enough left for the steps below. */
async function freshMinute() {
	const intoMinute = Date.now() % 60_000;
	if (intoMinute > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
}

describe('public lookups from one address', () => {
	it('are limited per kind, and refused altogether after too many failures', async () => {
		await freshMinute();
		const resume = `/s/${workspace.slug}?r=${resumeKey}`;

		// Openings of a resume link: four a minute (an unknown key counts too, and as a failure).
		for (let i = 0; i < 3; i++) {
			const opened = await page(resume);
			expect(opened.status).toBe(200);
			expect(await opened.text()).not.toContain('This link is not valid');
		}
		const unknownKey = await page(`/s/${workspace.slug}?r=${'q'.repeat(26)}`); // failure 1
		expect(await unknownKey.text()).toContain('This link is not valid');
		await expectTooMany(await page(resume));
		// The public link itself is not counted.
		expect((await page(`/s/${workspace.slug}`)).status).toBe(200);

		// Views of a shared report: two a minute.
		for (let i = 0; i < 2; i++) expect((await page(sharedReport)).status).toBe(200);
		await expectTooMany(await page(sharedReport));

		// Failures on the submission lane count with those on the pages: three a minute.
		const unknownSurvey = await submit({ status: 'complete', answers: {} }, 'no-such-survey');
		expect(unknownSurvey.status).toBe(404); // failure 2
		const unknownToken = await submit({ status: 'complete', answers: {}, token: 'a'.repeat(32) });
		expect(unknownToken.status).toBe(403); // failure 3
		await expectTooMany(await page('/s/another-survey-that-does-not-exist'));

		// Now nothing this address asks for is looked up, so a hit cannot be told from a miss.
		await expectTooMany(await page(`/s/${workspace.slug}`));
		const valid = await submit({ status: 'complete', answers: { aware: 1 } });
		expect(valid.status).toBe(429);
		expect(String(valid.body.message)).toContain('Too many requests from this address');
	});
});
