/**
 * The whole slice in a real browser on a phone-sized screen: an administrator signs in and
 * publishes the demo questionnaire, a respondent completes it, and the count goes up. Then the
 * same for a questionnaire carrying script in its text, which must not run.
 */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../integration/support/server.ts';
import { completeSurvey, launchBrowser, phoneContext, signIn } from './browser.ts';

let server: TestServer;
let browser: Browser;
let admin: Page;

beforeAll(async () => {
	server = await startServer({ BAROMETER_DEMO: '1' });
	browser = await launchBrowser();
	admin = await (await phoneContext(browser)).newPage();
	await signIn(admin, server.origin);
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** Creates a questionnaire through the page a researcher uses, publishes it, returns its page. */
async function publishQuestionnaire(
	json: string
): Promise<{ surveyUrl: string; publicPath: string }> {
	await admin.goto(`${server.origin}/projects`);
	await admin.getByRole('link', { name: /Demo: awareness tracker/ }).click();
	await admin.getByRole('link', { name: 'New questionnaire' }).click();
	await admin.getByText('…or paste SurveyJS JSON').click();
	await admin.fill('#json', json);
	await admin.getByRole('button', { name: 'Import' }).click();
	await admin.waitForURL(/\/surveys\/\d+\/design$/);
	await admin.goto(admin.url().replace(/\/design$/, ''));
	await admin.getByRole('button', { name: 'Preview' }).click();
	await admin.locator('[data-testid="preview"] .sd-question').first().waitFor();
	await admin.getByRole('button', { name: 'Publish' }).click();
	await admin.getByText(/Published version 1/).waitFor();
	const publicPath = (await admin.getByRole('link', { name: /Public link/ }).getAttribute('href'))!;
	return { surveyUrl: admin.url(), publicPath };
}

async function completeCount(surveyUrl: string): Promise<number> {
	await admin.goto(surveyUrl);
	const text = await admin.getByTestId('complete-count').textContent();
	return Number(/(\d+) complete/.exec(text ?? '')![1]);
}

describe('a respondent on a phone', () => {
	it('completes the published demo questionnaire and the count goes up', async () => {
		const { surveyUrl, publicPath } = await publishQuestionnaire(
			fs.readFileSync('surveys/awareness-tracker.json', 'utf8')
		);
		expect(await completeCount(surveyUrl)).toBe(0);

		const respondent = await (await phoneContext(browser)).newPage();
		const errors: string[] = [];
		respondent.on('pageerror', (error) => errors.push(error.message));
		await respondent.goto(server.origin + publicPath);
		await respondent.getByRole('button', { name: 'ქართული' }).click();
		await expect
			.poll(() => respondent.locator('.sd-page__title').first().textContent())
			.not.toBe('Before we begin');
		await respondent.getByRole('button', { name: 'English' }).click();
		const submitted = respondent.waitForResponse(
			(response) =>
				response.url().endsWith('/responses') &&
				response.request().postDataJSON()?.status === 'complete',
			// Counted from now, over the whole questionnaire: the default 30 s ran out on a busy machine.
			{ timeout: 100_000 }
		);
		await completeSurvey(respondent);
		expect((await submitted).status()).toBe(201);
		await respondent.screenshot({ path: 'test-results/respondent-completed.png' });
		expect(errors).toEqual([]);

		expect(await completeCount(surveyUrl)).toBe(1);

		// The responses page draws a Vega-Lite bar chart under the strict CSP (no eval).
		const chartErrors: string[] = [];
		admin.on('pageerror', (error) => chartErrors.push(error.message));
		await admin.goto(`${surveyUrl}/responses?chart=sex`);
		await admin.locator('.chart svg .mark-rect path').first().waitFor();
		expect(await admin.locator('.chart svg .mark-rect path').count()).toBe(2);
		expect(chartErrors).toEqual([]);
	});

	it('sends its saves in the order it made them, even when one is held up', async () => {
		const { publicPath } = await publishQuestionnaire(
			JSON.stringify({
				title: 'Three pages',
				pages: [1, 2, 3].map((n) => ({
					name: `p${n}`,
					elements: [{ type: 'radiogroup', name: `q${n}`, choices: [1, 2] }]
				}))
			})
		);
		const respondent = await (await phoneContext(browser)).newPage();
		// What the server is sent, and when it answers; the first save is held up for a while (a
		// slow connection). Sent side by side, page 2's save would reach the server before page
		// 1's, which would then write its fewer answers over it.
		const events: string[] = [];
		let first = true;
		await respondent.route(/\/responses$/, async (route) => {
			const body = route.request().postDataJSON() as { status: string; answers: object };
			const save = `${body.status} with ${Object.keys(body.answers).length}`;
			events.push(`sent ${save}`);
			if (first) {
				first = false;
				await new Promise((resolve) => setTimeout(resolve, 1500));
			}
			const response = await route.fetch();
			events.push(`answered ${save}: ${response.status()}`);
			await route.fulfill({ response });
		});
		await respondent.goto(server.origin + publicPath);
		// The thank-you page shows at once; the completion goes out after the saves before it.
		await completeSurvey(respondent);
		await expect.poll(() => events.length, { timeout: 15_000 }).toBe(6);
		expect(events).toEqual([
			'sent partial with 1',
			'answered partial with 1: 201',
			'sent partial with 2',
			'answered partial with 2: 201',
			'sent complete with 3',
			'answered complete with 3: 201'
		]);
	});

	it('never runs script written into the questionnaire', async () => {
		const hostile = {
			title: 'Hostile <img src=x onerror="window.__xss=1">',
			description: '<script>window.__xss=2</script>',
			completedHtml:
				'<h3>Thank you</h3><script>window.__xss=3</script><img src="x" onerror="window.__xss=4">',
			pages: [
				{
					elements: [
						{
							type: 'html',
							name: 'intro',
							html: '<b>Welcome</b><img src="x" onerror="window.__xss=5"><script>window.__xss=6</script>'
						},
						{
							type: 'radiogroup',
							name: 'q1',
							isRequired: true,
							title: 'Pick one <img src=x onerror="window.__xss=7">',
							choices: [{ value: 1, text: '<svg onload="window.__xss=8">One' }, 2]
						}
					]
				}
			]
		};
		const { publicPath } = await publishQuestionnaire(JSON.stringify(hostile));
		const respondent = await (await phoneContext(browser)).newPage();
		const dialogs: string[] = [];
		respondent.on('dialog', async (dialog) => {
			dialogs.push(dialog.message());
			await dialog.dismiss();
		});
		await respondent.goto(server.origin + publicPath);
		// .first(): while SurveyJS takes over, the question is there twice for a moment.
		await respondent.locator('.sd-question[data-name="q1"]').first().waitFor();
		// Shown first as the server-rendered form, then by SurveyJS in its place: once at a time.
		await respondent.locator('.survey .sd-question[data-name="q1"]').waitFor();
		await respondent.locator('[data-first-page]').waitFor({ state: 'detached' });
		expect(await respondent.locator('b', { hasText: 'Welcome' }).count()).toBe(1);
		await completeSurvey(respondent);
		await respondent.getByText('Thank you').waitFor();
		expect(
			await respondent.evaluate(() => (window as unknown as { __xss?: number }).__xss)
		).toBeUndefined();
		expect(dialogs).toEqual([]);
	});
});
