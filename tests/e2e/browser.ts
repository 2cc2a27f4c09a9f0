/** Debian's Chromium driven by playwright-core (no browser download), with a phone profile. */
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { adminCredentials } from '../integration/support/server.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
	if (!fs.existsSync(chromiumPath)) {
		throw new Error(
			`Chromium is not at ${chromiumPath}: run "apt-get install -y chromium" or set CHROMIUM_PATH.`
		);
	}
	return chromium.launch({
		executablePath: chromiumPath,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}

/** A phone-sized context, as most respondents have. */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
	return browser.newContext({
		viewport: { width: 390, height: 844 },
		isMobile: true,
		hasTouch: true,
		deviceScaleFactor: 2
	});
}

/**
 * Answers every visible question of the current SurveyJS page with its first option (numbers:
 * `age`), re-reading the page after each answer because answers can reveal further questions.
 */
export async function answerCurrentPage(page: Page, age = 35): Promise<void> {
	const answered = new Set<string>();
	for (let round = 0; round < 50; round++) {
		const names = await page
			.locator('.sd-page .sd-question[data-name]:visible')
			.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-name')!));
		const next = names.find((name) => !answered.has(name));
		if (!next) return;
		answered.add(next);
		// Visible only: while SurveyJS takes over the first page it is laid out, unseen, beside the
		// server-rendered form, so each question is there twice for a moment.
		const question = page.locator(`.sd-question[data-name="${next}"]`).visible();
		const number = question.locator('input[type="number"]');
		if (await number.count()) {
			await number.fill(String(age));
			await number.press('Tab');
			continue;
		}
		const groups = await question
			.locator('input[type="radio"], input[type="checkbox"]')
			.evaluateAll((inputs) => [
				...new Set(inputs.map((input) => (input as HTMLInputElement).name))
			]);
		for (const group of groups) {
			await question.locator(`label:has(input[name="${group}"])`).first().click();
		}
	}
	throw new Error('The page kept showing new questions.');
}

/** Fills the whole questionnaire page by page and completes it. */
export async function completeSurvey(page: Page): Promise<void> {
	// Answers go to SurveyJS, not to the server-rendered first page it replaces: the swap in the
	// middle of a page's answers detaches the inputs being clicked (answering the server-rendered
	// form is what respondent-first-page.test.ts checks).
	await page.locator('[data-first-page]').waitFor({ state: 'detached' });
	for (let pageNo = 0; pageNo < 30; pageNo++) {
		const first = page.locator('.sd-page .sd-question[data-name]').visible().first();
		await first.waitFor();
		const shown = page.locator(
			`.sd-question[data-name="${await first.getAttribute('data-name')}"]`
		);
		await answerCurrentPage(page);
		const next = page.locator('.sd-navigation__next-btn:visible');
		if (await next.count()) {
			await next.click();
			// The next page appears a moment later (longer on a loaded machine): answering before
			// then would answer this page again, and a second click on a checkbox clears it.
			await shown.visible().waitFor({ state: 'hidden' });
			continue;
		}
		await page.locator('.sd-navigation__complete-btn:visible').click();
		await page.locator('.sd-completedpage').waitFor();
		return;
	}
	throw new Error('The questionnaire did not end within 30 pages.');
}

/** Signs in on the login page (the administrator by default) and waits for the project list. */
export async function signIn(
	page: Page,
	origin: string,
	credentials: { email: string; password: string } = adminCredentials
): Promise<void> {
	await page.goto(`${origin}/login`);
	await page.fill('#email', credentials.email);
	await page.fill('#password', credentials.password);
	await page.click('button[type="submit"]');
	await page.waitForURL(/\/projects$/);
}
