/**
 * How soon a respondent on a phone can answer: Chromium at phone size on an emulated slow 4G
 * connection (Lighthouse's mobile profile: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up,
 * CPU slowed 4×), a cold cache each run, from navigation to the first question's answer options
 * being shown and clickable. The demo questionnaire is used; the same page without throttling is
 * the baseline in the same invocation.
 *
 *   npm run bench:respondent [-- --runs 5]
 */
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { buildIfNeeded } from '../build-if-needed.js';
import { chromiumPath } from '../../tests/e2e/browser.ts';
import { adminCredentials, startServer } from '../../tests/integration/support/server.ts';

const at = process.argv.indexOf('--runs');
const runs = at > 0 ? Number(process.argv[at + 1]) : 5;

async function throttle(session: CDPSession, cpu: boolean) {
	await session.send('Network.enable');
	await session.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: 150,
		downloadThroughput: (1.6 * 1024 * 1024) / 8,
		uploadThroughput: (750 * 1024) / 8
	});
	if (cpu) await session.send('Emulation.setCPUThrottlingRate', { rate: 4 });
}

async function timeToAnswer(page: Page, url: string): Promise<number> {
	const start = Date.now();
	await page.goto(url, { waitUntil: 'commit' });
	// The first question's first option is visible and takes a click.
	const option = page.locator('.sd-question').first().locator('input, .sd-item').first();
	await option.waitFor({ state: 'visible', timeout: 60_000 });
	await page.locator('.sd-question').first().click({ trial: true, timeout: 60_000 });
	return (Date.now() - start) / 1000;
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

buildIfNeeded(process.cwd(), (line: string) => console.error(line));
const server = await startServer({ BAROMETER_DEMO: '1' });
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
try {
	// The demo questionnaire's public link, as the administrator finds it.
	const admin = await (await browser.newContext()).newPage();
	await admin.goto(`${server.origin}/login`);
	await admin.fill('#email', adminCredentials.email);
	await admin.fill('#password', adminCredentials.password);
	await admin.click('button[type="submit"]');
	await admin.waitForURL(/\/projects$/);
	await admin.getByRole('link', { name: /Demo: awareness tracker/ }).click();
	await admin
		.locator('a[href*="/surveys/"]')
		.filter({ hasText: /awareness/i })
		.first()
		.click();
	const path = await admin.getByRole('link', { name: /Public link/ }).getAttribute('href');
	const url = `${server.origin}${path}`;

	const profiles = ['baseline', 'network', 'network+cpu'] as const;
	const results: Record<string, number[]> = { baseline: [], network: [], 'network+cpu': [] };
	for (let run = 0; run < runs; run++) {
		for (const profile of profiles) {
			const context = await browser.newContext({
				viewport: { width: 390, height: 844 },
				isMobile: true,
				hasTouch: true
			});
			const page = await context.newPage();
			if (profile !== 'baseline')
				await throttle(await context.newCDPSession(page), profile === 'network+cpu');
			results[profile]!.push(await timeToAnswer(page, url));
			await context.close();
		}
	}
	const base = median(results.baseline!);
	console.log(`respondent's first page, phone size, cold cache, median of ${runs} runs`);
	console.log(`unthrottled (loopback): ${base.toFixed(2)} s`);
	for (const profile of ['network', 'network+cpu'] as const) {
		const value = median(results[profile]!);
		const label = profile === 'network' ? 'slow 4G network' : 'slow 4G network + CPU 4× slower';
		console.log(`${label}: ${value.toFixed(2)} s (${(value / base).toFixed(1)}× the baseline)`);
	}
	console.log(
		`runs (s): ${profiles.map((p) => `${p} ${results[p]!.map((v) => v.toFixed(2)).join(' ')}`).join('; ')}`
	);
} finally {
	await browser.close();
	await server.stop();
}
