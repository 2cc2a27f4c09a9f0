/**
 * The designer's server side against the built app: drafts saved with a revision check (two
 * editors never overwrite each other silently), crafted drafts refused with 422 naming the
 * problem, translation files exported and imported, XLSForm conversion, and the version diff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaSurveyXlsForm } from '../../src/lib/survey/xlsform-fixture.ts';
import {
	createSurvey,
	seedWorkspace,
	smallQuestionnaire,
	type Workspace
} from './support/fixtures.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;
let workspace: Workspace;
let base: string;

beforeAll(async () => {
	server = await startServer();
	workspace = await seedWorkspace(server);
	const surveyId = await createSurvey(
		workspace.clients.researcher,
		workspace.projectId,
		smallQuestionnaire
	);
	base = `/projects/${workspace.projectId}/surveys/${surveyId}`;
});
afterAll(async () => server?.stop());

async function readDraft(): Promise<{ revision: number; json: Record<string, unknown> }> {
	const response = await workspace.clients.researcher.request(`${base}/draft`);
	expect(response.status).toBe(200);
	return (await response.json()) as { revision: number; json: Record<string, unknown> };
}

const put = (body: unknown, client = workspace.clients.researcher) =>
	client.json(`${base}/draft`, body, 'PUT');

function withQuestion(json: Record<string, unknown>, question: Record<string, unknown>) {
	const copy = structuredClone(json) as { pages: { elements: unknown[] }[] };
	copy.pages[0]!.elements.push(question);
	return copy;
}

describe('saving drafts', () => {
	it('saves from the current revision and refuses a stale one with 409', async () => {
		const start = await readDraft();
		const mine = withQuestion(start.json, { type: 'text', name: 'mine' });
		const theirs = withQuestion(start.json, { type: 'text', name: 'theirs' });
		const first = await put({ revision: start.revision, json: mine });
		expect(first.status).toBe(200);
		expect(first.body.revision).toBe(start.revision + 1);
		const second = await put({ revision: start.revision, json: theirs });
		expect(second.status).toBe(409);
		expect(second.body.revision).toBe(start.revision + 1);
		expect(String(second.body.message)).toMatch(/Reload/);
		const stored = await readDraft();
		expect(JSON.stringify(stored.json)).toContain('"mine"');
		expect(JSON.stringify(stored.json)).not.toContain('"theirs"');
	});

	it('refuses a duplicate variable name with 422 naming it, and keeps the stored draft', async () => {
		const start = await readDraft();
		const json = withQuestion(start.json, { type: 'text', name: 'aware' });
		const response = await put({ revision: start.revision, json });
		expect(response.status).toBe(422);
		expect(String(response.body.message)).toContain('aware');
		expect((await readDraft()).revision).toBe(start.revision);
	});

	it('refuses logic survey-core cannot parse, and choices without numeric codes', async () => {
		const start = await readDraft();
		const badLogic = withQuestion(start.json, {
			type: 'text',
			name: 'why',
			visibleIf: '{aware} = = 1 and ('
		});
		const logic = await put({ revision: start.revision, json: badLogic });
		expect(logic.status).toBe(422);
		expect(String(logic.body.message)).toContain('why');
		const badCodes = withQuestion(start.json, {
			type: 'radiogroup',
			name: 'colour',
			choices: [
				{ value: 'red', text: 'Red' },
				{ value: 2, text: 'Blue' }
			]
		});
		const codes = await put({ revision: start.revision, json: badCodes });
		expect(codes.status).toBe(422);
		expect(String(codes.body.message)).toContain('colour');
	});

	it('answers malformed bodies with 400 naming the field, and over-large ones with 413', async () => {
		const noRevision = await put({ json: smallQuestionnaire });
		expect(noRevision.status).toBe(400);
		expect(noRevision.body.field).toBe('revision');
		const huge = await put({ revision: 1, json: { title: 'x'.repeat(3 * 1024 * 1024) } });
		expect(huge.status).toBe(413);
	});

	it('does not let a viewer save', async () => {
		const start = await readDraft();
		const response = await put(
			{ revision: start.revision, json: start.json },
			workspace.clients.viewer
		);
		expect(response.status).toBe(403);
	});
});

describe('translation files', () => {
	it('exports CSV and imports a translated file into the draft', async () => {
		const exported = await workspace.clients.researcher.request(`${base}/translations?format=csv`);
		expect(exported.status).toBe(200);
		const csv = await exported.text();
		expect(csv.split('\n')[0]).toContain('key');
		const start = await readDraft();
		// A translator adds Russian for the question title.
		const table = `key,element,property,en,ru\r\nq:aware/title,aware,title,"Have you heard of the programme?","Вы слышали об этой программе?"\r\nq:nope/title,nope,title,Gone,Нет\r\n`;
		const form = new FormData();
		form.set('file', new File([table], 'translations.csv', { type: 'text/csv' }));
		form.set('revision', String(start.revision));
		const response = await workspace.clients.researcher.request(`${base}/translations`, {
			method: 'POST',
			headers: { origin: server.origin },
			body: form
		});
		const body = (await response.json()) as { revision: number; unknownKeys: string[] };
		expect(response.status, JSON.stringify(body)).toBe(200);
		expect(body.unknownKeys).toEqual(['q:nope/title']);
		const stored = await readDraft();
		expect(stored.revision).toBe(body.revision);
		expect(JSON.stringify(stored.json)).toContain('Вы слышали об этой программе?');
	});
});

describe('versions', () => {
	it('shows what changed between two published versions', async () => {
		const researcher = workspace.clients.researcher;
		expect((await researcher.action(`${base}/design?/publish`)).type).toBe('success');
		const start = await readDraft();
		const json = structuredClone(start.json) as {
			pages: { elements: { name: string; choices?: unknown[] }[] }[];
		};
		json.pages[0]!.elements.find((e) => e.name === 'aware')!.choices!.push({
			value: 7,
			text: 'Not sure'
		});
		expect((await put({ revision: start.revision, json })).status).toBe(200);
		expect((await researcher.action(`${base}/design?/publish`)).type).toBe('success');
		const page = await (await researcher.page(`${base}/versions?from=1&to=2`)).text();
		expect(page).toContain('Not sure');
		const bad = await researcher.page(`${base}/versions?from=1&to=99`);
		expect(bad.status).toBe(404);
	});
});

describe('XLSForm', () => {
	const upload = (path: string, bytes: Uint8Array, name = 'form.xlsx') => {
		const form = new FormData();
		form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
		return workspace.clients.researcher.request(path, {
			method: 'POST',
			headers: { origin: server.origin, accept: 'application/json' },
			body: form
		});
	};

	it('converts a form for the designer and lists what it skipped', async () => {
		const response = await upload(`${base}/import`, mediaSurveyXlsForm());
		const body = (await response.json()) as { json: { pages: unknown[] }; warnings: string[] };
		expect(response.status).toBe(200);
		expect(body.json.pages.length).toBeGreaterThan(0);
		expect(body.warnings.join(' ')).toMatch(/repeat/i);
	});

	it('answers a file that is not a workbook with 422 and a plain sentence', async () => {
		const response = await upload(`${base}/import`, new TextEncoder().encode('not a zip'));
		expect(response.status).toBe(422);
		expect(((await response.json()) as { message: string }).message).toMatch(/\.$/);
	});

	it('creates a questionnaire from an XLSForm on the new-questionnaire page', async () => {
		const response = await upload(
			`/projects/${workspace.projectId}/surveys/new`,
			mediaSurveyXlsForm()
		);
		const body = (await response.json()) as { type: string; data: string };
		expect(body.type, JSON.stringify(body)).toBe('success');
		expect(body.data).toMatch(/design/);
	});
});
