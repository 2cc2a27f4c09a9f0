/**
 * Signing in on a slow connection: what is typed before the page's script has run must still be
 * there once it has (hydration used to set the e-mail field back to empty, and the browser then
 * refused to send the form for the required field: nothing happened on Sign in).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCredentials, startServer, type TestServer } from '../integration/support/server.ts';
import { launchBrowser, phoneContext } from './browser.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('the sign-in page', () => {
	it('keeps what was typed before its script ran, and signs in with it', async () => {
		const page = await (await phoneContext(browser)).newPage();
		// The app's script is held back until the form has been filled in, as on a slow network.
		let releaseScript = () => {};
		const scriptHeld = new Promise<void>((resolve) => (releaseScript = resolve));
		await page.route('**/_app/immutable/**', async (route) => {
			await scriptHeld;
			await route.continue();
		});
		await page.goto(`${server.origin}/login`, { waitUntil: 'commit' });
		await page.fill('#email', adminCredentials.email);
		await page.fill('#password', adminCredentials.password);
		releaseScript();
		// Every module loaded and run: the page is hydrated.
		await page.waitForLoadState('networkidle');
		expect(await page.inputValue('#email')).toBe(adminCredentials.email);
		expect(await page.inputValue('#password')).toBe(adminCredentials.password);
		await page.click('button[type="submit"]');
		await page.waitForURL(/\/projects$/);
	});
});
