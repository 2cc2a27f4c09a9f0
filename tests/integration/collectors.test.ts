/**
 * Collectors against the built server: the public link's opening and closing times, closed
 * message and cap, invitation links (import, export with status, forged and foreign tokens, one
 * response per invitee) with settings of their own, and resume links. Each case checks the
 * respondent's page and the submission endpoint alike, and uses a survey of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/lib/csv.ts';
import { Client, type ActionOutcome } from './support/client.ts';
import { createSurvey, signedIn, smallQuestionnaire } from './support/fixtures.ts';
import { adminCredentials, startServer, type TestServer } from './support/server.ts';

let server: TestServer;
let admin: Client;
let projectId: number;

beforeAll(async () => {
	server = await startServer();
	admin = await signedIn(server, adminCredentials.email, adminCredentials.password);
	const project = await admin.action('/projects?/create', { name: 'Collectors', description: '' });
	expect(project.type, project.message).toBe('redirect');
	projectId = Number(project.location!.split('/').pop());
});
afterAll(async () => server?.stop());

const notYetOpen = 'This survey is not open yet. Please come back later.';
const fullMessage = 'This survey has all the responses it needs. Thank you for your interest.';
const alreadyCompleted = 'You have already completed this survey. Thank you!';
const invalidLink = 'This link is not valid. Please check that it was copied in full.';

interface PublishedSurvey {
	slug: string;
	/** The survey's collectors page. */
	collectors: string;
}

async function publishedSurvey(): Promise<PublishedSurvey> {
	const surveyId = await createSurvey(admin, projectId, smallQuestionnaire);
	const base = `/projects/${projectId}/surveys/${surveyId}`;
	const published = await admin.action(`${base}?/publish`);
	expect(published.type, published.message).toBe('success');
	const page = await (await admin.page(base)).text();
	return { slug: /\/s\/([a-z0-9-]+)/.exec(page)![1]!, collectors: `${base}/collectors` };
}

/** Saves one collector's settings as its form on the collectors page sends them. */
function saveSettings(survey: PublishedSurvey, fields: Record<string, string>) {
	return admin.action(`${survey.collectors}?/settings`, {
		kind: 'public',
		opensAt: '',
		closesAt: '',
		responseCap: '',
		closedMessage: '',
		...fields
	});
}

function expectSaved(outcome: ActionOutcome) {
	expect(outcome.type, outcome.message).toBe('success');
}

/** A fresh respondent (no device cookie) submits; answers are valid for smallQuestionnaire. */
function submit(slug: string, fields: Record<string, unknown> = {}) {
	return new Client(server.origin).json(`/s/${slug}/responses`, {
		id: crypto.randomUUID(),
		version: 1,
		status: 'complete',
		answers: { aware: 1 },
		...fields
	});
}

/** A fresh respondent opens a link: the page's HTML, and the message shown instead of the survey. */
async function open(path: string): Promise<{ html: string; message: string | null }> {
	const response = await new Client(server.origin).page(path);
	expect(response.status, path).toBe(200);
	const html = await response.text();
	const shown =
		/<section class="message[^"]*" role="status"[^>]*>\s*<h1>[^<]*<\/h1>\s*<p>([^<]*)<\/p>/.exec(
			html
		);
	return { html, message: shown ? shown[1]! : null };
}

const messageAt = async (path: string) => (await open(path)).message;

/** The fields of an action's failure (SvelteKit sends them as devalue's flat JSON array). */
function failureFields(outcome: ActionOutcome): Record<string, unknown> {
	const values = JSON.parse(outcome.data as string) as unknown[];
	const root = values[0] as Record<string, number>;
	return Object.fromEntries(Object.entries(root).map(([key, index]) => [key, values[index]]));
}

describe('the public link', () => {
	it('that leads to no survey says so in the language the browser prefers', async () => {
		const response = await new Client(server.origin).request('/s/no-such-survey-here', {
			headers: { accept: 'text/html', 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' }
		});
		expect(response.status).toBe(404);
		expect(await response.text()).toMatch(
			/<main class="page-error[^"]*" lang="ru">[\s\S]*Такого опроса нет, или он сейчас недоступен\./
		);
		// A link no route takes (a slug in capitals, mistyped) reads the same.
		const mistyped = await new Client(server.origin).request('/s/No_Such', {
			headers: { accept: 'text/html', 'accept-language': 'ka' }
		});
		expect(mistyped.status).toBe(404);
		expect(await mistyped.text()).toMatch(
			/<main class="page-error[^"]*" lang="ka">[\s\S]*ეს გამოკითხვა არ არსებობს/
		);
		// The workbench's own pages stay English.
		const elsewhere = await new Client(server.origin).request('/no-such-page', {
			headers: { accept: 'text/html', 'accept-language': 'ka' }
		});
		expect(elsewhere.status).toBe(404);
		expect(await elsewhere.text()).toMatch(
			/<main class="page-error[^"]*" lang="en">[\s\S]*Not Found/
		);
	});

	it('refuses respondents before it opens, and takes them once it has opened', async () => {
		const survey = await publishedSurvey();
		expectSaved(await saveSettings(survey, { opensAt: '2999-01-01T00:00' }));
		expect(await messageAt(`/s/${survey.slug}`)).toBe(notYetOpen);
		const early = await submit(survey.slug);
		expect(early.status).toBe(410);
		expect(early.body.message).toBe(notYetOpen);
		// In the respondent's language: the page's chosen one, the language a submission was made in.
		const inGeorgian = await open(`/s/${survey.slug}?lang=ka`);
		expect(inGeorgian.message).toBe(
			'ეს გამოკითხვა ჯერ არ დაწყებულა. გთხოვთ, მოგვიანებით შემოხვიდეთ.'
		);
		// The questionnaire's title in that language heads the page.
		expect(inGeorgian.html).toContain('<h1>სატესტო გამოკითხვა</h1>');
		expect(inGeorgian.html).toMatch(/<main class="respondent[^"]*" lang="ka">/);
		const inRussian = await submit(survey.slug, { paradata: { language: 'ru' } });
		expect(inRussian.status).toBe(410);
		expect(inRussian.body.message).toBe('Этот опрос ещё не начался. Пожалуйста, зайдите позже.');

		expectSaved(await saveSettings(survey, { opensAt: '2000-01-01T00:00' }));
		expect(await messageAt(`/s/${survey.slug}`)).toBeNull();
		const onTime = await submit(survey.slug);
		expect(onTime.status, JSON.stringify(onTime.body)).toBe(201);
	});

	it('shows its own message once closed, on the page and to submissions', async () => {
		const survey = await publishedSurvey();
		expect((await submit(survey.slug)).status).toBe(201);
		const closedMessage = 'Fieldwork ended on 1 March. Thank you for your interest!';
		expectSaved(await saveSettings(survey, { closesAt: '2000-01-01T00:00', closedMessage }));
		expect(await messageAt(`/s/${survey.slug}`)).toBe(closedMessage);
		// The researcher's message is shown as written, whatever the language chosen.
		expect(await messageAt(`/s/${survey.slug}?lang=ka`)).toBe(closedMessage);
		const late = await submit(survey.slug);
		expect(late.status).toBe(410);
		expect(late.body.message).toBe(closedMessage);
	});

	it('is full once its cap is reached, counting completes made before the cap was set', async () => {
		const survey = await publishedSurvey();
		for (const status of ['complete', 'complete', 'partial'])
			expect((await submit(survey.slug, { status })).status).toBe(201);
		const page = await (await admin.page(survey.collectors)).text();
		expect(page).toContain('2 complete through it this wave');

		expectSaved(await saveSettings(survey, { responseCap: '2' }));
		expect(await messageAt(`/s/${survey.slug}`)).toBe(fullMessage);
		const over = await submit(survey.slug);
		expect(over.status).toBe(410);
		expect(over.body.message).toBe(fullMessage);
		expect(await messageAt(`/s/${survey.slug}?lang=ru`)).toBe(
			'Для этого опроса уже собрано достаточно ответов. Спасибо за интерес.'
		);
	});

	it('takes no more completes than its cap, even when they arrive together', async () => {
		const survey = await publishedSurvey();
		expectSaved(await saveSettings(survey, { responseCap: '3' }));
		expect((await submit(survey.slug)).status).toBe(201);
		expect((await submit(survey.slug)).status).toBe(201);
		const together = await Promise.all(Array.from({ length: 6 }, () => submit(survey.slug)));
		expect(together.map((reply) => reply.status).sort()).toEqual([201, 410, 410, 410, 410, 410]);
		const page = await (await admin.page(survey.collectors)).text();
		expect(page).toContain('3 complete through it this wave');
	});

	it('shows a resume link of a completed response the completed page', async () => {
		const survey = await publishedSurvey();
		const id = crypto.randomUUID();
		const resumeKey = 'r'.repeat(26);
		const started = await submit(survey.slug, { id, status: 'partial', answers: {}, resumeKey });
		expect(started.status).toBe(201);
		const resumed = await open(`/s/${survey.slug}?r=${resumeKey}`);
		expect(resumed.message).toBeNull();
		expect(resumed.html).toContain(id);

		expect((await submit(survey.slug, { id, resumeKey })).status).toBe(201);
		expect(await messageAt(`/s/${survey.slug}?r=${resumeKey}`)).toBe(alreadyCompleted);
	});
});

describe('invitation links', () => {
	/** Makes invitation links from a panel list through the collectors page. */
	async function invite(survey: PublishedSurvey, list: string) {
		const invited = await admin.action(`${survey.collectors}?/invite`, { list });
		expect(invited.type, invited.message).toBe('success');
	}

	/** The export's records (after checking it starts with a BOM for Excel). */
	async function exported(survey: PublishedSurvey): Promise<string[][]> {
		const response = await admin.request(`${survey.collectors}/invitations.csv`);
		expect(response.status).toBe(200);
		const bytes = new Uint8Array(await response.arrayBuffer());
		// Read as bytes: text() would drop the BOM.
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		return parseCsv(new TextDecoder().decode(bytes));
	}

	/** The path (with its token) of an invitee's link, from the export. */
	async function linkOf(survey: PublishedSurvey, invitee: string): Promise<string> {
		const row = (await exported(survey)).find((cells) => cells[0] === invitee);
		const url = new URL(row!.at(-1)!);
		expect(url.pathname).toBe(`/s/${survey.slug}`);
		return url.pathname + url.search;
	}

	const tokenOf = (link: string) => new URL(link, server.origin).searchParams.get('t')!;

	it('are exported with their status, and answer once, with their own response id', async () => {
		const survey = await publishedSurvey();
		await invite(
			survey,
			'email,region,panel\nnino@example.ge,Imereti,A\ngiorgi@example.ge,Kakheti,'
		);
		const [header, ...rows] = await exported(survey);
		expect(header).toEqual(['invitee', 'panel', 'region', 'status', 'link']);
		expect(rows.map((row) => row.slice(0, -1))).toEqual([
			['nino@example.ge', 'A', 'Imereti', 'not-started'],
			['giorgi@example.ge', '', 'Kakheti', 'not-started']
		]);
		const links = rows.map((row) => row.at(-1)!);
		expect(new Set(links).size).toBe(2);
		for (const link of links)
			expect(link).toMatch(new RegExp(`^${server.origin}/s/${survey.slug}\\?t=[a-z2-7]{32}$`));

		// A token of the right form that was never issued.
		const forged = 'a'.repeat(32);
		expect(await messageAt(`/s/${survey.slug}?t=${forged}`)).toBe(invalidLink);
		const forgedSubmission = await submit(survey.slug, {
			token: forged,
			paradata: { language: 'ru' }
		});
		expect(forgedSubmission.status).toBe(403);
		expect((forgedSubmission.body.errors as { field: string }[])[0]!.field).toBe('token');
		expect(forgedSubmission.body.message).toBe(
			'Эта ссылка недействительна. Проверьте, полностью ли она скопирована.'
		);

		// The invitee's page carries the response id the invitation answers with.
		const link = await linkOf(survey, 'nino@example.ge');
		const invitation = await open(link);
		expect(invitation.message).toBeNull();
		const responseId = /responseId:"([0-9a-f-]{36})"/.exec(invitation.html)![1]!;
		const token = tokenOf(link);
		const foreignId = await submit(survey.slug, { token });
		expect(foreignId.status).toBe(422);
		expect((foreignId.body.errors as { field: string }[])[0]!.field).toBe('id');

		const partial = await submit(survey.slug, { token, id: responseId, status: 'partial' });
		expect(partial.status).toBe(201);
		expect((await exported(survey)).find((row) => row[0] === 'nino@example.ge')![3]).toBe(
			'partial'
		);
		const complete = await submit(survey.slug, { token, id: responseId });
		expect(complete.status, JSON.stringify(complete.body)).toBe(201);
		const repeat = await submit(survey.slug, { token, id: responseId });
		expect(repeat.status).toBe(200);
		expect(repeat.body.stored).toBe(false);
		expect((await exported(survey)).map((row) => row[3])).toEqual([
			'status',
			'complete',
			'not-started'
		]);
		expect(await messageAt(link)).toBe(alreadyCompleted);
	});

	it('have settings of their own, apart from the public link', async () => {
		const survey = await publishedSurvey();
		await invite(survey, 'invitee\nA-17\nA-18');
		const link = await linkOf(survey, 'A-17');
		const token = tokenOf(link);
		const responseId = /responseId:"([0-9a-f-]{36})"/.exec((await open(link)).html)![1]!;

		const closedMessage = 'The panel wave has ended.';
		// A bad value is refused naming its field, and changes nothing.
		const refused = await saveSettings(survey, {
			kind: 'invitation',
			closesAt: '2000-01-01T00:00',
			responseCap: 'abc',
			closedMessage
		});
		expect(refused.type).toBe('failure');
		expect(refused.status).toBe(400);
		expect(failureFields(refused)).toMatchObject({ kind: 'invitation', field: 'responseCap' });
		expect(await messageAt(link)).toBeNull();
		const noSuchKind = await saveSettings(survey, {
			kind: 'interviewer',
			closesAt: '2000-01-01T00:00'
		});
		expect(noSuchKind.status).toBe(400);
		expect(failureFields(noSuchKind)).toMatchObject({ field: 'kind' });
		expect(await messageAt(`/s/${survey.slug}`)).toBeNull();

		expectSaved(
			await saveSettings(survey, {
				kind: 'invitation',
				closesAt: '2000-01-01T00:00',
				closedMessage
			})
		);
		expect(await messageAt(link)).toBe(closedMessage);
		const late = await submit(survey.slug, { token, id: responseId });
		expect(late.status).toBe(410);
		expect(late.body.message).toBe(closedMessage);
		const page = await (await admin.page(survey.collectors)).text();
		expect(page).toContain('value="2000-01-01T00:00"');

		// The public link is another collector, and stays open.
		expect(await messageAt(`/s/${survey.slug}`)).toBeNull();
		expect((await submit(survey.slug)).status).toBe(201);
	});
});
