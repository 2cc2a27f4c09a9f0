/**
 * Fieldwork in a real browser: a respondent completes through an invitation link after leaving
 * half-way and coming back on another device; a respondent on the public link resumes from the
 * resume link; a quota cell fills and the next respondent in it sees the over-quota page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../integration/support/server.ts';
import { launchBrowser, phoneContext, signIn } from './browser.ts';

let server: TestServer;
let browser: Browser;
let admin: Page;
let surveyUrl: string;
let publicPath: string;

const questionnaire = {
	title: 'Fieldwork check',
	// The questionnaire's own over-quota text (otherwise Barometer's standard one).
	overQuotaText: 'We have all the answers we need from your area. Thank you for your time.',
	pages: [
		{
			name: 'about',
			elements: [
				{
					type: 'radiogroup',
					name: 'region',
					title: 'Where do you live?',
					isRequired: true,
					choices: [
						{ value: 1, text: 'Tbilisi' },
						{ value: 2, text: 'Kutaisi' }
					]
				}
			]
		},
		{
			name: 'opinion',
			elements: [
				{
					type: 'radiogroup',
					name: 'trust',
					title: 'Do you trust the news?',
					isRequired: true,
					choices: [
						{ value: 1, text: 'Mostly' },
						{ value: 2, text: 'Rarely' }
					]
				}
			]
		}
	]
};

beforeAll(async () => {
	server = await startServer({ BAROMETER_DEMO: '1' });
	browser = await launchBrowser();
	admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
	await signIn(admin, server.origin);
	await admin.getByRole('link', { name: /Demo: awareness tracker/ }).click();
	await admin.getByRole('link', { name: 'New questionnaire' }).click();
	await admin.getByText('…or paste SurveyJS JSON').click();
	await admin.fill('#json', JSON.stringify(questionnaire));
	await admin.getByRole('button', { name: 'Import' }).click();
	await admin.waitForURL(/\/surveys\/\d+\/design$/);
	surveyUrl = admin.url().replace(/\/design$/, '');
	await admin.goto(surveyUrl);
	await admin.getByRole('button', { name: 'Publish' }).click();
	await admin.getByText(/Published version 1/).waitFor();
	publicPath = (await admin.getByRole('link', { name: /Public link/ }).getAttribute('href'))!;
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function respondent(): Promise<Page> {
	return (await phoneContext(browser)).newPage();
}

async function answerAndGoOn(page: Page, label: string, button: 'Next' | 'Complete') {
	// While SurveyJS takes over the first page it is laid out unseen beside the plain form, so
	// the label is there twice for a moment: the visible one is the one to click.
	await page.getByText(label, { exact: true }).visible().click();
	await page.getByRole('button', { name: button }).click();
}

describe('fieldwork', () => {
	it('an invitee leaves half-way, continues on another device, and cannot answer twice', async () => {
		await admin.goto(`${surveyUrl}/collectors`);
		await admin.fill('#list', 'email,panel\nnino@example.ge,A\nivan@example.org,B');
		await admin.getByRole('button', { name: 'Make invitation links' }).click();
		await admin.getByText('2 invitations made.').waitFor();
		const link = (await admin
			.getByTestId('invitations')
			.locator('a')
			.first()
			.getAttribute('href'))!;
		expect(link).toMatch(/\?t=[a-z2-7]{32}$/);

		const phone = await respondent();
		await phone.goto(link);
		const saved = phone.waitForResponse((r) => r.url().endsWith('/responses') && r.ok());
		await answerAndGoOn(phone, 'Kutaisi', 'Next');
		await saved;
		await phone.context().close();

		const laptop = await respondent();
		await laptop.goto(link);
		await laptop.getByText('Do you trust the news?').waitFor(); // page 2, page 1 kept
		const completed = laptop.waitForResponse(
			(r) => r.url().endsWith('/responses') && r.request().postDataJSON()?.status === 'complete'
		);
		await answerAndGoOn(laptop, 'Mostly', 'Complete');
		const reply = await completed;
		expect(reply.status(), await reply.text()).toBe(201);

		await admin.goto(`${surveyUrl}/collectors`);
		await expect
			.poll(() =>
				admin.getByTestId('invitations').locator('tr', { hasText: 'nino@example.ge' }).textContent()
			)
			.toContain('complete');
		await laptop.goto(link);
		await laptop.getByText('You have already completed this survey').waitFor();
	});

	it('a respondent on the public link resumes from the resume link', async () => {
		const phone = await respondent();
		await phone.goto(server.origin + publicPath);
		await answerAndGoOn(phone, 'Kutaisi', 'Next');
		const resume = (await phone.getByTestId('resume-link').getAttribute('href'))!;
		expect(resume).toMatch(/\?r=[a-z2-7]{26}$/);
		await phone.context().close();

		const other = await respondent();
		await other.goto(resume);
		await other.getByText('Do you trust the news?').waitFor();
		const submitted = other.waitForRequest(
			(r) => r.url().endsWith('/responses') && r.postDataJSON()?.status === 'complete'
		);
		await answerAndGoOn(other, 'Rarely', 'Complete');
		expect((await submitted).postDataJSON().answers).toEqual({ region: 2, trust: 2 });
	});

	it('an answer given on the page on screen survives closing the tab in the same browser', async () => {
		const context = await phoneContext(browser);
		const phone = await context.newPage();
		await phone.goto(server.origin + publicPath);
		await answerAndGoOn(phone, 'Kutaisi', 'Next');
		await phone.getByText('Rarely', { exact: true }).click();
		await phone.close();

		// The same browser comes back: it opens on the second page with the answer still given,
		// so Complete goes through without answering again.
		const again = await context.newPage();
		await again.goto(server.origin + publicPath);
		await again.getByText('Do you trust the news?').waitFor();
		const submitted = again.waitForRequest(
			(r) => r.url().endsWith('/responses') && r.postDataJSON()?.status === 'complete'
		);
		await again.getByRole('button', { name: 'Complete' }).click();
		expect((await submitted).postDataJSON().answers).toEqual({ region: 2, trust: 2 });
	});

	it('a respondent completes the survey with the keyboard alone', async () => {
		const phone = await respondent();
		await phone.goto(server.origin + publicPath);
		const submitted = phone.waitForRequest(
			(r) => r.url().endsWith('/responses') && r.postDataJSON()?.status === 'complete'
		);
		// Each page: Tab into the choices (a radio group is one stop), an arrow to choose, Tab on to
		// the page's forward button (past Previous on the second page), Enter.
		const focused = () => phone.evaluate(() => document.activeElement?.getAttribute('value'));
		for (const [question, forward] of [
			['Where do you live?', 'Next'],
			['Do you trust the news?', 'Complete']
		] as const) {
			// Once SurveyJS has taken the first page over from the plain form (during the handover the
			// group is briefly there twice), so that every key lands where the respondent sees it.
			const group = phone.getByRole('radiogroup', { name: question });
			await expect
				.poll(
					async () =>
						(await group.count()) === 1 && (await phone.locator('.sd-radio__control').count()) > 0
				)
				.toBe(true);
			for (
				let tabs = 0;
				!(await group.evaluate((node) => node.contains(document.activeElement)));
				tabs++
			) {
				expect(tabs, `the choices of "${question}" are reachable by Tab`).toBeLessThan(10);
				await phone.keyboard.press('Tab');
			}
			await phone.keyboard.press('ArrowDown');
			for (let tabs = 0; (await focused()) !== forward; tabs++) {
				expect(tabs, `${forward} is reachable by Tab`).toBeLessThan(5);
				await phone.keyboard.press('Tab');
			}
			await phone.keyboard.press('Enter');
		}
		expect((await submitted).postDataJSON().answers).toEqual({ region: 2, trust: 2 });
	});

	it('a full quota cell ends the survey for the next respondent in it', async () => {
		const definition = {
			variables: ['region'],
			cells: [
				{ values: { region: 1 }, target: 1 },
				{ values: { region: 2 }, target: 100 }
			]
		};
		const saved = await admin.request.post(`${surveyUrl}/quotas?/save`, {
			headers: { origin: server.origin },
			form: { name: 'Region', definition: JSON.stringify(definition) }
		});
		expect(saved.ok()).toBe(true);

		const first = await respondent();
		await first.goto(server.origin + publicPath);
		await answerAndGoOn(first, 'Tbilisi', 'Next');
		await answerAndGoOn(first, 'Mostly', 'Complete');
		await first.getByText('Thank you').first().waitFor();

		const second = await respondent();
		await second.goto(server.origin + publicPath);
		await answerAndGoOn(second, 'Tbilisi', 'Next');
		await second.getByTestId('over-quota').waitFor();
		expect(await second.getByTestId('over-quota').textContent()).toContain(
			'We have all the answers we need from your area. Thank you for your time.'
		);

		// Someone in the open cell goes on as usual.
		const third = await respondent();
		await third.goto(server.origin + publicPath);
		await answerAndGoOn(third, 'Kutaisi', 'Next');
		await third.getByText('Do you trust the news?').waitFor();
	});
});
