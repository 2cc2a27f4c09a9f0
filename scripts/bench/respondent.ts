/**
 * How soon a respondent on a phone can answer: Chromium at phone size on an emulated slow 4G
 * connection (Lighthouse's mobile profile: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up,
 * optionally the CPU slowed 4×), a cold cache each run, from navigation to the first question's
 * answer options being shown and clickable. The demo questionnaire is used; the same page without
 * throttling is the baseline in the same invocation.
 *
 * The first page may be the server-rendered form (src/lib/survey/FirstPageForm.svelte) or SurveyJS:
 * both use SurveyJS's markup, so the same selector finds the first question's first option in
 * either. Also timed: until SurveyJS has taken over (for SurveyJS alone, the same moment). Times
 * are taken in the page, from navigation start (watchFirstQuestion). The browser sends a phone's
 * user agent, as a phone would.
 *
 *   npm run bench:respondent [-- --runs 5]
 */
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { buildIfNeeded } from '../build-if-needed.js';
import { chromiumPath, signIn } from '../../tests/e2e/browser.ts';
import { startServer } from '../../tests/integration/support/server.ts';

const at = process.argv.indexOf('--runs');
const runs = at > 0 ? Number(process.argv[at + 1]) : 5;

const phoneUserAgent =
	'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

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

interface Timing {
	/** Seconds from navigation until the first question's first option is shown and takes a click. */
	answerable: number;
	/** Seconds until SurveyJS shows the page (SurveyRunner's container). */
	surveyJs: number;
	/** Which renderer the respondent could first answer on. */
	renderer: 'form' | 'SurveyJS';
}

/**
 * Runs in the page from its start: on every frame, finds the first question's first option (the
 * same SurveyJS markup whoever renders it) and notes, on the page's own clock from navigation,
 * when it is shown and would take a tap (the element at its centre is it or inside it), first
 * anywhere and then in SurveyJS's container. Frames only come when the page can paint and its
 * script thread is free, as a tap would need. Plain JavaScript in a string: it is not compiled.
 */
const watchFirstQuestion = `(() => {
	const found = {};
	window.__firstQuestion = found;
	const selector =
		'.sd-page .sd-question[data-name] :is(input:not(.sd-visuallyhidden):not(.sv-visuallyhidden), .sd-item, .sd-rating__item, .sd-boolean, select, textarea)';
	const tappable = (element) => {
		if (!element) return false;
		const box = element.getBoundingClientRect();
		if (box.width === 0 || box.height === 0) return false;
		if (getComputedStyle(element).visibility !== 'visible') return false;
		element.scrollIntoView({ block: 'nearest' });
		const at = element.getBoundingClientRect();
		const hit = document.elementFromPoint(at.left + at.width / 2, at.top + at.height / 2);
		return !!hit && (hit === element || element.contains(hit) || hit.contains(element));
	};
	const frame = () => {
		if (found.answerable === undefined) {
			const option = document.querySelector(selector);
			if (tappable(option)) {
				found.answerable = performance.now();
				found.renderer = option.closest('[data-first-page]') ? 'form' : 'SurveyJS';
			}
		}
		if (found.surveyJs === undefined && tappable(document.querySelector('.survey ' + selector)))
			found.surveyJs = performance.now();
		if (found.surveyJs === undefined) requestAnimationFrame(frame);
	};
	requestAnimationFrame(frame);
})();`;

async function timeToAnswer(page: Page, url: string): Promise<Timing> {
	await page.addInitScript({ content: watchFirstQuestion });
	await page.goto(url, { waitUntil: 'commit' });
	await page.waitForFunction(
		() =>
			(window as unknown as { __firstQuestion: { surveyJs?: number } }).__firstQuestion?.surveyJs,
		undefined,
		{ timeout: 60_000, polling: 200 }
	);
	const found = await page.evaluate(
		() =>
			(
				window as unknown as {
					__firstQuestion: { answerable: number; surveyJs: number; renderer: 'form' | 'SurveyJS' };
				}
			).__firstQuestion
	);
	return {
		answerable: found.answerable / 1000,
		surveyJs: found.surveyJs / 1000,
		renderer: found.renderer
	};
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

buildIfNeeded(process.cwd(), (line: string) => console.error(line));
const server = await startServer({ BAROMETER_DEMO: '1' });
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
try {
	// The demo questionnaire's public link, as the administrator finds it.
	const admin = await (await browser.newContext()).newPage();
	await signIn(admin, server.origin);
	await admin.getByRole('link', { name: /Demo: awareness tracker/ }).click();
	await admin
		.locator('a[href*="/surveys/"]')
		.filter({ hasText: /awareness/i })
		.first()
		.click();
	const path = await admin.getByRole('link', { name: /Public link/ }).getAttribute('href');
	const url = `${server.origin}${path}`;

	const profiles = ['baseline', 'network', 'network+cpu'] as const;
	const results: Record<(typeof profiles)[number], Timing[]> = {
		baseline: [],
		network: [],
		'network+cpu': []
	};
	for (let run = 0; run < runs; run++) {
		for (const profile of profiles) {
			const context = await browser.newContext({
				viewport: { width: 390, height: 844 },
				isMobile: true,
				hasTouch: true,
				userAgent: phoneUserAgent
			});
			const page = await context.newPage();
			if (profile !== 'baseline')
				await throttle(await context.newCDPSession(page), profile === 'network+cpu');
			results[profile].push(await timeToAnswer(page, url));
			await context.close();
		}
	}
	const labels = {
		baseline: 'unthrottled (loopback)',
		network: 'slow 4G network',
		'network+cpu': 'slow 4G network + CPU 4× slower'
	};
	const base = median(results.baseline.map((timing) => timing.answerable));
	const renderers = new Set(Object.values(results).flatMap((list) => list.map((t) => t.renderer)));
	console.log(`respondent's first page, phone size, cold cache, median of ${runs} runs`);
	console.log(`first answerable on: ${[...renderers].join(' / ')}`);
	for (const profile of profiles) {
		const answerable = median(results[profile].map((timing) => timing.answerable));
		const surveyJs = median(results[profile].map((timing) => timing.surveyJs));
		const ratio =
			profile === 'baseline' ? '' : ` (${(answerable / base).toFixed(1)}× the baseline)`;
		console.log(
			`${labels[profile]}: answerable ${answerable.toFixed(2)} s${ratio}; SurveyJS in charge ${surveyJs.toFixed(2)} s`
		);
	}
	for (const profile of profiles) {
		const list = results[profile];
		console.log(
			`runs ${profile} (s): answerable ${list.map((t) => t.answerable.toFixed(2)).join(' ')}; SurveyJS ${list.map((t) => t.surveyJs.toFixed(2)).join(' ')}`
		);
	}
} finally {
	await browser.close();
	await server.stop();
}
