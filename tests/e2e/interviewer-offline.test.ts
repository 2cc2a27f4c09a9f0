/**
 * Interviewing without a connection, in a real browser on a phone-sized screen: the administrator
 * publishes a questionnaire, creates an interviewer, adds them to the demo project and assigns
 * them; the interviewer opens the interview page, loses the connection, completes two interviews
 * (kept in the outbox, the page even reloads from the service worker), comes back online, and
 * both interviews reach the server exactly once. On another device, the interviewer opens only
 * the assignment list before losing the connection, and still conducts an interview offline.
 */
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCredentials, startServer, type TestServer } from '../integration/support/server.ts';
import { completeSurvey, launchBrowser, phoneContext } from './browser.ts';

let server: TestServer;
let browser: Browser;
let admin: Page;

const interviewer = { email: 'nino@example.org', name: 'Nino', password: 'interviewer-pass-123' };
const questionnaire = {
	title: 'Doorstep interview',
	pages: [
		{
			name: 'p1',
			elements: [
				{
					type: 'radiogroup',
					name: 'aware',
					title: 'Have you heard of the programme?',
					isRequired: true,
					choices: [
						{ value: 1, text: 'Yes' },
						{ value: 2, text: 'No' }
					]
				},
				{ type: 'text', name: 'age', inputType: 'number', min: 18, max: 100 }
			]
		}
	]
};

beforeAll(async () => {
	server = await startServer({ BAROMETER_DEMO: '1' });
	browser = await launchBrowser();
	admin = await (await phoneContext(browser)).newPage();
	await signIn(admin, adminCredentials);
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function signIn(page: Page, who: { email: string; password: string }) {
	await page.goto(`${server.origin}/login`);
	await page.fill('#email', who.email);
	await page.fill('#password', who.password);
	await page.click('button[type="submit"]');
	await page.waitForURL(/\/projects$/);
}

/** Publishes the questionnaire in the demo project; returns the project's and survey's pages. */
async function publishQuestionnaire(): Promise<{ projectUrl: string; surveyUrl: string }> {
	await admin.goto(`${server.origin}/projects`);
	await admin.getByRole('link', { name: /Demo: awareness tracker/ }).click();
	await admin.waitForURL(/\/projects\/\d+$/);
	const projectUrl = admin.url();
	await admin.getByRole('link', { name: 'New questionnaire' }).click();
	await admin.getByText('…or paste SurveyJS JSON').click();
	await admin.fill('#json', JSON.stringify(questionnaire));
	await admin.getByRole('button', { name: 'Import' }).click();
	await admin.waitForURL(/\/surveys\/\d+\/design$/);
	await admin.goto(admin.url().replace(/\/design$/, ''));
	await admin.getByRole('button', { name: 'Preview' }).click();
	await admin.locator('[data-testid="preview"] .sd-question').first().waitFor();
	await admin.getByRole('button', { name: 'Publish' }).click();
	await admin.getByText(/Published version 1/).waitFor();
	return { projectUrl, surveyUrl: admin.url() };
}

async function enrolInterviewer(projectUrl: string) {
	await admin.goto(`${server.origin}/admin/users`);
	await admin.fill('#email', interviewer.email);
	await admin.fill('#name', interviewer.name);
	await admin.fill('#password', interviewer.password);
	await admin.getByRole('button', { name: 'Create user' }).click();
	await admin.getByText(`Created ${interviewer.email}`).waitFor();

	await admin.goto(`${projectUrl}/members`);
	await admin.fill('#email', interviewer.email);
	await admin.selectOption('#role', 'interviewer');
	await admin.getByRole('button', { name: 'Add member' }).click();
	await admin.getByText(`Added ${interviewer.email} as interviewer.`).waitFor();

	await admin.goto(projectUrl);
	await admin.getByRole('link', { name: /Fieldwork/ }).click();
	await admin.selectOption('#interviewer', { label: `${interviewer.name} (${interviewer.email})` });
	await admin.selectOption('#survey', { label: questionnaire.title });
	await admin.fill('#label', 'Tbilisi, Gldani');
	await admin.fill('#target', '20');
	await admin.getByRole('button', { name: 'Assign' }).click();
	await admin.getByText('Assigned "Tbilisi, Gldani".').waitFor();
}

async function completeCount(surveyUrl: string): Promise<number> {
	await admin.goto(surveyUrl);
	const text = await admin.getByTestId('complete-count').textContent();
	return Number(/(\d+) complete/.exec(text ?? '')![1]);
}

const syncLine = (page: Page) => page.getByTestId('sync-line').textContent();
const offlineReady = (page: Page) => page.getByTestId('offline-ready').textContent();

let assignment: Promise<{ projectUrl: string; surveyUrl: string }> | undefined;

/** The questionnaire published and assigned to the interviewer, once for the whole file. */
function assignedQuestionnaire(): Promise<{ projectUrl: string; surveyUrl: string }> {
	assignment ??= publishQuestionnaire().then(async (urls) => {
		await enrolInterviewer(urls.projectUrl);
		return urls;
	});
	return assignment;
}

describe('an interviewer on a phone', () => {
	it('interviews offline and every interview reaches the server exactly once', async () => {
		const { projectUrl, surveyUrl } = await assignedQuestionnaire();

		const context: BrowserContext = await phoneContext(browser);
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (error) => errors.push(error.message));
		const posted: Request[] = [];
		context.on('request', (request) => {
			if (request.method() === 'POST' && request.url().endsWith('/responses')) posted.push(request);
		});

		await signIn(page, interviewer);
		await page.goto(`${projectUrl}/interview`);
		await page.getByText('Tbilisi, Gldani').waitFor();
		await page.getByRole('link', { name: /Start interviewing/ }).click();
		await page.waitForURL(/\/interview\/\d+$/);
		const interviewUrl = page.url();
		await page.locator('.sd-question').first().waitFor();
		await expect.poll(() => offlineReady(page)).toBe('Ready for offline use');
		await expect.poll(() => syncLine(page)).toBe('0 waiting to sync, last sync never');

		await context.setOffline(true);
		await completeSurvey(page);
		await expect.poll(() => syncLine(page)).toBe('1 waiting to sync, last sync never');

		// The next interview starts in the same page (no page load, so this mark survives).
		await page.evaluate(() => ((window as unknown as { sameLoad: boolean }).sameLoad = true));
		const consent = page.getByLabel(/The respondent agrees that the interview's location/);
		await consent.check();
		await page.getByRole('button', { name: 'Start the next interview' }).click();
		// The next respondent is asked again: the last one's consent is not theirs.
		expect(await consent.isChecked()).toBe(false);
		// The interviewer walks to the next door: the interview starts with its first answer.
		await page.locator('.sd-question').first().waitFor();
		await page.waitForTimeout(1500);
		const answeringFrom = await page.evaluate(() => Date.now());
		await completeSurvey(page);
		await expect.poll(() => syncLine(page)).toBe('2 waiting to sync, last sync never');
		expect(await page.evaluate(() => (window as unknown as { sameLoad?: boolean }).sameLoad)).toBe(
			true
		);

		// A respondent who stops half-way: breaking off keeps nothing.
		await page.getByRole('button', { name: 'Start the next interview' }).click();
		await page.locator('.sd-question').first().waitFor();
		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByRole('button', { name: 'Break off this interview' }).click();
		await expect.poll(() => syncLine(page)).toBe('2 waiting to sync, last sync never');

		// Still offline, the page reloads from the service worker and the outbox is still there.
		await page.reload();
		await page.locator('.sd-question').first().waitFor();
		await expect.poll(() => syncLine(page)).toBe('2 waiting to sync, last sync never');
		await expect.poll(() => offlineReady(page)).toBe('Ready for offline use');
		await page.screenshot({ path: 'test-results/interviewer-offline.png' });

		await context.setOffline(false);
		await expect
			.poll(() => syncLine(page), { timeout: 45_000 })
			.toMatch(/^0 waiting to sync, last sync \d\d:\d\d$/);
		const sentIds = posted.map((request) => (request.postDataJSON() as { id: string }).id);
		expect(new Set(sentIds).size).toBe(2);
		// The outbox sends the oldest first: the other id is the second interview.
		const second = posted
			.map((request) => request.postDataJSON() as Record<string, unknown>)
			.find((body) => body.id !== sentIds[0]) as {
			startedAt: string;
			paradata: { gps?: unknown };
		};
		expect(Date.parse(second.startedAt)).toBeGreaterThanOrEqual(answeringFrom);
		expect(second.paradata.gps).toBeUndefined();

		expect(await completeCount(surveyUrl)).toBe(2);
		await admin.goto(`${projectUrl}/fieldwork`);
		const row = admin.getByTestId('interviewer-progress').getByRole('row', { name: /Nino/ });
		await expect.poll(() => row.locator('td').nth(1).textContent()).toBe('2');

		// Syncing again sends nothing: the outbox is empty.
		const postsBefore = posted.length;
		await page.getByRole('button', { name: 'Sync now' }).click();
		await expect.poll(() => page.getByRole('button', { name: 'Sync now' }).isEnabled()).toBe(true);
		await page.waitForTimeout(1_000);
		expect(posted.length).toBe(postsBefore);

		// Even a re-send of an interview the server has is answered 200 and writes nothing.
		const resent = await context.request.post(posted[0]!.url(), {
			data: posted[0]!.postDataJSON(),
			headers: { origin: server.origin }
		});
		expect(resent.status()).toBe(200);
		expect(await resent.json()).toMatchObject({ stored: false });
		expect(await completeCount(surveyUrl)).toBe(2);

		expect(page.url()).toBe(interviewUrl);
		expect(errors).toEqual([]);
	});

	it('conducts offline a questionnaire it never opened, having opened only the assignment list', async () => {
		const { projectUrl, surveyUrl } = await assignedQuestionnaire();
		const completesBefore = await completeCount(surveyUrl);

		// A device of its own: no service worker, nothing kept, no interview page ever opened.
		const context = await phoneContext(browser);
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (error) => errors.push(error.message));

		await signIn(page, interviewer);
		await page.goto(`${projectUrl}/interview`);
		await page.getByText('Tbilisi, Gldani').waitFor();
		// The worker installs (the whole app) first, then fetches the list and the questionnaire.
		await expect
			.poll(() => offlineReady(page), { timeout: 45_000 })
			.toBe('Assignments ready for offline use');
		await expect.poll(() => syncLine(page)).toBe('0 waiting to sync, last sync never');

		// Out of coverage, the interviewer opens the questionnaire by its link (SvelteKit loads
		// its data, kept in advance by the list) and completes an interview.
		await context.setOffline(true);
		await page.getByRole('link', { name: /Start interviewing/ }).click();
		await page.waitForURL(/\/interview\/\d+$/);
		await page.locator('.sd-question').first().waitFor();
		// Offline, the copies the list kept are what makes it ready.
		await expect.poll(() => offlineReady(page), { timeout: 15_000 }).toBe('Ready for offline use');
		await completeSurvey(page);
		await expect.poll(() => syncLine(page)).toBe('1 waiting to sync, last sync never');

		// Reloaded, the questionnaire's page comes from the copy the list kept too.
		await page.reload();
		await page.locator('.sd-question').first().waitFor();
		await expect.poll(() => syncLine(page)).toBe('1 waiting to sync, last sync never');

		// And the way back to the list works offline as well.
		await page.getByRole('link', { name: 'Your assignments' }).click();
		await page.waitForURL(/\/interview$/);
		await page.getByText('Tbilisi, Gldani').waitFor();
		await expect.poll(() => syncLine(page)).toBe('1 waiting to sync, last sync never');

		await context.setOffline(false);
		await expect
			.poll(() => syncLine(page), { timeout: 45_000 })
			.toMatch(/^0 waiting to sync, last sync \d\d:\d\d$/);
		expect(await completeCount(surveyUrl)).toBe(completesBefore + 1);
		expect(errors).toEqual([]);
		await context.close();
	});
});
