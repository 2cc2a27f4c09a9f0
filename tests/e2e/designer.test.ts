/**
 * A researcher builds a two-language questionnaire entirely through the designer — skip logic,
 * display logic, randomised choices with an anchored option, "Other (specify)", a Likert grid —
 * publishes it, changes it, publishes version 2 and reads the version diff. Then a respondent's
 * answers carry the order their randomised choices were shown in.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../integration/support/server.ts';
import { launchBrowser, signIn } from './browser.ts';

let server: TestServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
	server = await startServer({ BAROMETER_DEMO: '1' });
	browser = await launchBrowser();
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	page = await context.newPage();
	page.on('pageerror', (error) => errors.push(error.message));
	await signIn(page, server.origin);
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const outlineEntry = (name: string) => page.locator(`.outline [data-name="${name}"]`);

async function select(name: string) {
	await outlineEntry(name).click();
	await expect.poll(() => page.inputValue('#element-name')).toBe(name);
}

async function saved() {
	await expect
		.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 })
		.toBe('All changes saved');
}

async function readDraft(): Promise<Record<string, unknown>> {
	const url = page.url().replace(/\/design$/, '/draft');
	const response = await page.request.get(url);
	return ((await response.json()) as { json: Record<string, unknown> }).json;
}

describe('the questionnaire designer', () => {
	it('builds, publishes, changes and diffs a two-language questionnaire', async () => {
		await page.getByRole('link', { name: /Demo: awareness tracker/ }).click();
		await page.getByRole('link', { name: 'New questionnaire' }).click();
		await page.fill('#title', 'Media use');
		await page.getByRole('button', { name: 'Create and open the designer' }).click();
		await page.waitForURL(/\/surveys\/\d+\/design$/);
		// Controls work once the page is hydrated; clicking earlier would do nothing.
		await page.locator('[data-testid="designer-toolbar"][data-ready="true"]').waitFor();

		// Questionnaire settings: a second language.
		await page.getByRole('button', { name: 'Add ქართული' }).click();

		// The starting question becomes "social": yes / no.
		await select('q1');
		await page.fill('#element-name', 'social');
		await expect.poll(() => outlineEntry('social').count()).toBe(1);
		await page.fill('#element-title', 'Do you use social media?');
		await page.getByLabel('Label of choices 1').fill('Yes');
		await page.getByLabel('Label of choices 2').fill('No');
		await page.getByRole('button', { name: 'Delete choices 3' }).click();

		// A duplicate name is refused live.
		await page.getByRole('button', { name: 'Multiple choice' }).click();
		await page.fill('#element-name', 'social');
		await expect
			.poll(() => page.locator('#element-name-error').textContent())
			.toContain('already used');
		await page.fill('#element-name', 'platforms');
		await page.fill('#element-title', 'Which platforms do you use?');
		for (const [index, label] of ['Facebook', 'TikTok', 'Telegram'].entries())
			await page.getByLabel(`Label of choices ${index + 1}`).fill(label);
		await page.getByLabel('Randomise the order of choices').check();
		await page.getByLabel('“Other (specify)” with a text box').check();
		await page.getByLabel(/“Don't know” \(code 98\)/).check();
		await page.getByLabel('Keep choices 3 in place').check();
		// Display logic: only for social media users.
		await page.getByRole('button', { name: 'Add condition' }).first().click();
		await expect.poll(() => page.inputValue('#visible-expression')).toBe('{social} = 1');

		// A Likert grid, shown to everyone, with an earlier answer piped into its text.
		await page.getByRole('button', { name: 'Likert grid' }).click();
		await page.fill('#element-name', 'trust_media');
		await page.fill('#element-title', 'How much do you trust what you read on');
		await page.selectOption('#element-pipe', 'platforms');
		await expect
			.poll(() => page.inputValue('#element-title'))
			.toBe('How much do you trust what you read on {platforms}');

		// Reorder from the keyboard: Alt+↑ moves the grid above "platforms", Alt+↓ back.
		const order = () =>
			page
				.locator('.outline [data-name]')
				.evaluateAll((items) => items.map((i) => i.getAttribute('data-name')));
		await outlineEntry('trust_media').focus();
		await page.keyboard.press('Alt+ArrowUp');
		await expect.poll(order).toEqual(['page1', 'social', 'trust_media', 'platforms']);
		await page.keyboard.press('Alt+ArrowDown');
		await expect.poll(order).toEqual(['page1', 'social', 'platforms', 'trust_media']);

		// Skip logic: "No" skips to the grid.
		await select('social');
		await page.getByRole('button', { name: 'Add a skip from this question' }).click();
		await page.getByLabel('After this question, if: value').selectOption('2');
		await page.locator('#skip-target-0').selectOption('trust_media');

		// Georgian texts.
		await page.selectOption('#edit-language', 'ka');
		await page.fill('#element-title', 'იყენებთ სოციალურ მედიას?');
		await page.getByLabel('Label of choices 1').fill('დიახ');
		await page.getByLabel('Label of choices 2').fill('არა');
		await saved();
		await page.screenshot({ path: 'test-results/designer-edit.png', fullPage: true });

		const draft = JSON.stringify(await readDraft());
		expect(draft).toContain('"languages":["en","ka"]');
		expect(draft).toContain('"visibleIf":"{social} = 1"');
		expect(draft).toContain('{"type":"skip","expression":"{social} = 2","gotoName":"trust_media"}');
		expect(draft).toContain('"choicesOrder":"random"');
		expect(draft).toContain('{"value":3,"text":"Telegram","randomize":false}');
		expect(draft).toContain('"showOtherItem":true');
		expect(draft).toContain('"type":"matrix","name":"trust_media"');
		expect(draft).toContain(
			'"title":{"default":"Do you use social media?","ka":"იყენებთ სოციალურ მედიას?"}'
		);

		// Undo and redo an edit.
		await page.getByRole('button', { name: 'Delete choices 2' }).click();
		await page.getByRole('button', { name: 'Undo' }).click();
		await expect.poll(() => page.getByLabel('Label of choices 2').inputValue()).toBe('არა');

		// Preview with the real renderer, in Georgian at phone width; nothing is stored.
		await page.getByRole('tab', { name: 'Preview' }).click();
		const preview = page.getByTestId('designer-preview');
		await preview.locator('.sd-question').first().waitFor();
		await page.selectOption('#preview-language', 'ka');
		await expect.poll(() => preview.textContent()).toContain('იყენებთ სოციალურ მედიას?');

		// Checks: no errors, and the missing Georgian texts are counted.
		await page.getByRole('tab', { name: /Checks/ }).click();
		await expect
			.poll(() => page.getByRole('status').filter({ hasText: 'errors' }).textContent())
			.toMatch(/^0 errors/);
		await page.getByRole('tab', { name: 'Translations' }).click();
		const missing = Number(
			/(\d+) missing/.exec((await page.getByTestId('missing-ka').textContent())!)![1]
		);
		expect(missing).toBeGreaterThan(0);

		await page.getByRole('tab', { name: 'Edit' }).click();
		await page.getByRole('button', { name: 'Publish' }).click();
		await page.getByText('Published version 1.').waitFor();

		// Version 2: one more platform.
		await select('platforms');
		await page.selectOption('#edit-language', 'en');
		await page.getByRole('button', { name: 'Add choice' }).first().click();
		await page.getByLabel('Label of choices 4').fill('Instagram');
		await saved();
		await page.getByRole('button', { name: 'Publish' }).click();
		await page.getByText('Published version 2.').waitFor();

		await page.getByRole('link', { name: /Versions/ }).click();
		const diff = page.getByTestId('version-diff');
		await diff.waitFor();
		const text = (await diff.textContent()) ?? '';
		expect(text).toContain('platforms');
		expect(text).toContain('Instagram');
		await page.screenshot({ path: 'test-results/designer-version-diff.png', fullPage: true });

		// A respondent's submission records the order their randomised choices were shown in.
		await page.getByRole('link', { name: /← Media use/ }).click();
		const publicPath = (await page
			.getByRole('link', { name: /Public link/ })
			.getAttribute('href'))!;
		const respondent = await (
			await browser.newContext({ viewport: { width: 390, height: 844 } })
		).newPage();
		await respondent.goto(server.origin + publicPath);
		// .visible(): SurveyJS, taking over the first page, is laid out unseen beside the form.
		await respondent.getByText('Yes', { exact: true }).visible().click();
		await respondent.getByText('Facebook', { exact: true }).visible().click();
		const submitted = respondent.waitForRequest(
			(request) =>
				request.url().endsWith('/responses') && request.postDataJSON()?.status === 'complete'
		);
		await respondent.getByRole('button', { name: 'Complete' }).click();
		const body = (await submitted).postDataJSON() as {
			answers: Record<string, unknown>;
			paradata: {
				order: { choices: Record<string, unknown[]> };
				pageTimesMs: Record<string, number>;
				changedAnswers: number;
				deviceClass: string;
			};
		};
		expect(body.paradata.deviceClass).toBe('phone');
		expect(Object.keys(body.paradata.pageTimesMs)).toEqual(['page1']);
		expect(body.paradata.pageTimesMs.page1).toBeGreaterThan(0);
		expect(body.paradata.changedAnswers).toBe(0);
		expect(body.answers).toMatchObject({ social: 1, platforms: [1] });
		const shown = body.paradata.order.choices.platforms!;
		expect([...shown].map(String).sort()).toEqual(['1', '2', '3', '4', '98', 'other']);
		expect(shown[2]).toBe(3); // Telegram is anchored in third place

		// Signing out (which first clears pages kept offline) ends the session.
		await page.getByRole('button', { name: 'Sign out' }).click();
		await page.waitForURL(/\/login/);
		await page.goto(`${server.origin}/projects`);
		await page.waitForURL(/\/login/);
		expect(errors).toEqual([]);
	});
});
