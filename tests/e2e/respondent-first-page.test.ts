/**
 * The first page is on the phone before SurveyJS: the server renders it as form controls
 * (src/lib/survey/FirstPageForm.svelte). Here SurveyJS's chunks are held back, so the respondent
 * answers on that form; once SurveyJS arrives it takes over on the same page with the answers and
 * the focus where they were, and the answers reach the stored response.
 */
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../integration/support/server.ts';
import { completeSurvey, launchBrowser, phoneContext, signIn } from './browser.ts';

let server: TestServer;
let browser: Browser;
let admin: Page;
let surveyUrl: string;
let publicUrl: string;

beforeAll(async () => {
	server = await startServer({ BAROMETER_DEMO: '1' });
	browser = await launchBrowser();
	admin = await (await phoneContext(browser)).newPage();
	await signIn(admin, server.origin);
	await admin.getByRole('link', { name: /Demo: awareness tracker/ }).click();
	await admin
		.locator('a[href*="/surveys/"]')
		.filter({ hasText: /awareness/i })
		.first()
		.click();
	await admin.waitForURL(/\/surveys\/\d+$/);
	surveyUrl = admin.url();
	publicUrl =
		server.origin + (await admin.getByRole('link', { name: /Public link/ }).getAttribute('href'));
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/**
 * A respondent whose browser gets the page at once and its scripts only after `release()`: all of
 * them (`everything`: nothing of the page's script has run), or just the modules imported later
 * (SurveyJS), the ones the page does not name (in its Link header or markup) to start with.
 */
async function respondentWithScriptsHeld(everything: boolean) {
	const first = await fetch(publicUrl);
	const named = `${first.headers.get('link') ?? ''}\n${await first.text()}`;
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	const held: string[] = [];
	const page = await (await phoneContext(browser)).newPage();
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await page.route(/\/_app\/immutable\/.+\.js$/, async (route: Route) => {
		const path = new URL(route.request().url()).pathname.slice(1);
		if (everything || (path.includes('/chunks/') && !named.includes(path))) {
			held.push(path);
			await released;
		}
		await route.continue();
	});
	return { page, held, release, errors };
}

function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i]!;
		if (quoted) {
			if (char === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (char === '"') quoted = false;
			else cell += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			row.push(cell);
			cell = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && text[i + 1] === '\n') i++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else cell += char;
	}
	if (cell || row.length) rows.push([...row, cell]);
	return rows;
}

describe('the first page before SurveyJS', () => {
	it('takes answers at once, and SurveyJS continues with them and the focus', async () => {
		const { page, held, release, errors } = await respondentWithScriptsHeld(true);
		await page.goto(publicUrl, { waitUntil: 'domcontentloaded' });
		const form = page.locator('[data-first-page]');
		await form.getByRole('radiogroup', { name: 'Do you usually live in Georgia?' }).waitFor();
		// Native controls: the answers take even before the page's script has run.
		await form.locator('[data-name="resident"] label', { hasText: 'Yes' }).click();
		const age = form.getByRole('spinbutton', { name: /How old are you/ });
		await age.fill('3');
		expect(held.length).toBeGreaterThan(0);
		expect(await page.locator('[data-first-page="ready"]').count()).toBe(0);

		// The page's script runs (hydration keeps what was answered), SurveyJS comes and takes over
		// with the answers read from the form.
		release();
		const surveyAge = page.locator('.survey [data-name="age"] input');
		await surveyAge.waitFor();
		await form.waitFor({ state: 'detached' });
		expect(await surveyAge.inputValue()).toBe('3');
		expect(
			await page.locator('.survey [data-name="resident"] .sd-item--checked').textContent()
		).toContain('Yes');
		// The focus stayed in the age field: typing goes on there.
		await page.keyboard.type('7');
		expect(await surveyAge.inputValue()).toBe('37');

		const completed = page.waitForResponse(
			(response) =>
				response.url().endsWith('/responses') &&
				response.request().postDataJSON()?.status === 'complete',
			// Counted from now, over the whole questionnaire: the default 30 s ran out on a busy machine.
			{ timeout: 100_000 }
		);
		await page.locator('.survey .sd-navigation__next-btn').click();
		await page.locator('.survey .sd-page__title', { hasText: 'About you' }).waitFor();
		await completeSurvey(page);
		const response = await completed;
		expect(response.status()).toBe(201);
		const submitted = response.request().postDataJSON() as {
			id: string;
			answers: Record<string, unknown>;
			paradata: { pageTimesMs: Record<string, number> };
		};
		expect(submitted.answers).toMatchObject({ age: 37, resident: 1 });
		expect(submitted.paradata.pageTimesMs.screener).toBeGreaterThan(0);
		expect(errors).toEqual([]);

		// Stored: the export has the response with the answers given on the form.
		const csv = await (await admin.request.get(`${surveyUrl}/export`)).text();
		const [columns, ...rows] = parseCsv(csv);
		const row = rows.find((cells) => cells.includes(submitted.id));
		expect(row, 'the response is in the export').toBeDefined();
		expect(row![columns!.indexOf('age')]).toBe('37');
		expect(row![columns!.indexOf('resident')]).toBe('1');
	});

	it('moves on when Next was pressed before SurveyJS arrived', async () => {
		const { page, held, release, errors } = await respondentWithScriptsHeld(false);
		await page.goto(publicUrl);
		const form = page.locator('[data-first-page]');
		await form.getByRole('spinbutton', { name: /How old are you/ }).fill('41');
		await form.locator('[data-name="resident"] label', { hasText: 'Yes' }).click();
		// Next needs the page's script (the choices do not): disabled until it has run.
		await form.getByRole('button', { name: 'Next' }).click();
		expect(held.length).toBeGreaterThan(0);
		await expect.poll(() => form.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);

		const partial = page.waitForResponse(
			(response) =>
				response.url().endsWith('/responses') &&
				response.request().postDataJSON()?.status === 'partial'
		);
		release();
		await page.locator('.survey .sd-page__title', { hasText: 'About you' }).waitFor();
		expect((await partial).request().postDataJSON().answers).toMatchObject({
			age: 41,
			resident: 1
		});
		expect(errors).toEqual([]);
	});

	it('switches language before the script runs by reloading in that language', async () => {
		const page = await (await phoneContext(browser)).newPage();
		await page.route(/\/_app\/immutable\/.+\.js$/, (route) => route.abort());
		await page.goto(publicUrl);
		await page.getByRole('button', { name: 'ქართული' }).click();
		await page.waitForURL(/[?&]lang=ka/);
		await page
			.locator('[data-first-page] .sd-page__title', { hasText: 'სანამ დავიწყებთ' })
			.waitFor();
	});
});
