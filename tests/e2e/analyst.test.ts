/**
 * The analyst's day in a real browser, on the demo tracker: apply the demo weighting scheme, run
 * a banner with significance letters, build a rule-based and a k-means segment, read a segment
 * profile and the awareness report, export XLSX, .sav (checked with PSPP) and PPTX, and open a
 * share link in a fresh browser context. Screenshots of the awareness report and the segment
 * profile go to test-results/ for the CI output.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSav } from '../../src/lib/analysis/io/sav-reader.ts';
import { readXlsx } from '../../src/lib/analysis/io/xlsx-reader.ts';
import { demoSchemeName } from '../../src/lib/server/setup/demo-project.ts';
import { startServer, type TestServer } from '../integration/support/server.ts';
import { launchBrowser, signIn } from './browser.ts';

let server: TestServer;
let browser: Browser;
let analyst: Page;
let surveyUrl: string;
const results = path.resolve('test-results');
const analystEmail = 'analyst@example.ge';
const analystPassword = 'analyst-password-123';

async function bytesOf(download: Download): Promise<Buffer> {
	return fs.readFileSync((await download.path())!);
}

async function downloadFrom(page: Page, click: () => Promise<void>): Promise<Download> {
	const [download] = await Promise.all([page.waitForEvent('download'), click()]);
	return download;
}

beforeAll(async () => {
	fs.mkdirSync(results, { recursive: true });
	server = await startServer({ BAROMETER_DEMO: '1' });
	browser = await launchBrowser();
	// The administrator makes an analyst account and adds it to the demo project.
	const admin = await (await browser.newContext()).newPage();
	await signIn(admin, server.origin);
	const projectPath = (await admin
		.getByRole('link', { name: /Demo: awareness tracker/ })
		.getAttribute('href'))!;
	await admin.goto(`${server.origin}/admin/users`);
	await admin.fill('#email', analystEmail);
	await admin.fill('#name', 'Ana Analyst');
	await admin.fill('#password', analystPassword);
	await admin.getByRole('button', { name: /Create/ }).click();
	await admin.getByText(analystEmail).first().waitFor();
	await admin.goto(`${server.origin}${projectPath}/members`);
	await admin.fill('#email', analystEmail);
	await admin.selectOption('#role', 'analyst');
	await admin.getByRole('button', { name: /Add/ }).click();
	await admin.getByText(analystEmail).first().waitFor();
	await admin.context().close();

	analyst = await (
		await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
	).newPage();
	await signIn(analyst, server.origin, { email: analystEmail, password: analystPassword });
	await analyst.getByRole('link', { name: /Demo: awareness tracker/ }).click();
	await analyst
		.getByRole('link', { name: /Public Awareness of Government Programmes/ })
		.first()
		.click();
	await analyst.waitForURL(/\/surveys\/\d+$/);
	surveyUrl = analyst.url();
});

/** The id of the demo weighting scheme, from the banner page's scheme selector. */
async function schemeIdOf(page: Page): Promise<string> {
	const current = page.url();
	await page.goto(`${surveyUrl}/analysis`);
	const id = await page
		.locator('select[name="scheme"] option', { hasText: demoSchemeName })
		.getAttribute('value');
	await page.goto(current);
	return id!;
}

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('the analyst workspace', () => {
	it('weights with the demo scheme and runs a banner table with significance letters, then exports it', async () => {
		await analyst.goto(`${surveyUrl}/analysis`);
		await analyst.locator('select[name="rows"]').selectOption(['eu_referendum', 'info_sources']);
		await analyst.locator('select[name="cols"]').selectOption(['settlement', 'education']);
		await analyst.locator('select[name="scheme"]').selectOption({ label: demoSchemeName });
		await analyst.getByRole('button', { name: 'Run tables' }).click();
		const report = analyst.getByTestId('report');
		await report.locator('figure.report-table').first().waitFor();
		await expect
			.poll(() => report.textContent())
			.toContain(`Weighted: ${demoSchemeName} (raking on region, sex, age_group, settlement)`);
		// Urban and rural, and education levels, differ on the referendum: some letters appear.
		expect(await report.locator('.sig').count()).toBeGreaterThan(0);
		expect(await report.locator('tr.base').first().textContent()).toContain('Unweighted base');

		const download = await downloadFrom(analyst, () =>
			analyst.getByRole('link', { name: 'Download XLSX' }).click()
		);
		const sheets = readXlsx(new Uint8Array(await bytesOf(download)));
		expect(sheets[0]!.name).toBe('Contents');
		expect(sheets.length).toBe(3);
		const table = sheets[1]!;
		expect(table.rows.flat()).toContain('Unweighted base');
		expect(table.rows.flat().some((cell) => typeof cell === 'number' && cell > 0 && cell < 1)).toBe(
			true
		);
	});

	it('creates a rule-based segment from conditions and opens its profile', async () => {
		await analyst.goto(`${surveyUrl}/segments`);
		const form = analyst.getByTestId('rule-form');
		await form.locator('input[name="name"]').fill('aware_pro_eu');
		await form.locator('input[name="label"]').fill('Awareness and EU attitude');
		await form.getByLabel('Segment 1 label').fill('Aware and pro-EU');
		await form.getByLabel('Segment 1 condition 1 variable').selectOption('aware_programmes_none');
		await form.getByLabel('Segment 1 condition 1 values').selectOption(['0']);
		await form.getByRole('button', { name: 'Add condition' }).click();
		await form.getByLabel('Segment 1 condition 2 variable').selectOption('attitudes_eu_membership');
		await form.getByLabel('Segment 1 condition 2 values').selectOption(['4', '5']);
		await form.getByRole('button', { name: 'Add segment' }).click();
		await form.getByLabel('Segment 2 label').fill('Unaware of all');
		await form.getByLabel('Segment 2 condition 1 variable').selectOption('aware_programmes_none');
		await form.getByLabel('Segment 2 condition 1 values').selectOption(['1']);
		await form.getByRole('button', { name: 'Save segment' }).click();
		await analyst.waitForURL(/\/segments\/\d+$/);
		const report = analyst.getByTestId('report');
		await report.getByText('Segment sizes: Awareness and EU attitude').waitFor();
		await report.getByText('Profile: Aware and pro-EU').waitFor();
		await analyst.screenshot({ path: path.join(results, 'segment-profile.png'), fullPage: true });
		console.log(`Screenshot: ${path.join(results, 'segment-profile.png')}`);
		const sizes = report.locator('figure.report-table').first();
		expect(await sizes.locator('tbody tr').count()).toBe(3);
	});

	it('fits k-means segments after comparing k, and profiles them', async () => {
		await analyst.goto(`${surveyUrl}/segments`);
		await analyst
			.getByLabel('Clustering variables')
			.selectOption([
				'attitudes_eu_membership',
				'attitudes_nato_membership',
				'trust_government',
				'trust_media'
			]);
		await analyst.getByRole('button', { name: 'Compare k' }).click();
		const choice = analyst.getByTestId('k-choice');
		await choice.waitFor();
		expect(await choice.locator('tbody tr').count()).toBe(6);
		await choice.locator('input[name="k"]').fill('3');
		await choice.locator('input[name="name"]').fill('attitude_clusters');
		await choice.locator('input[name="label"]').fill('Attitude clusters');
		await choice.getByRole('button', { name: 'Create segments' }).click();
		await analyst.waitForURL(/\/segments\/\d+$/);
		const sizes = analyst.getByTestId('report').locator('figure.report-table').first();
		await sizes.waitFor();
		expect(await sizes.locator('tbody tr').count()).toBe(3);
		// The segment is a variable now: it is offered as a banner.
		await analyst.goto(`${surveyUrl}/analysis`);
		expect(
			await analyst.locator('select[name="cols"] option[value="attitude_clusters"]').count()
		).toBe(1);
	});

	it('opens the awareness report in one click, saves it, exports PPTX and shares it', async () => {
		await analyst.goto(surveyUrl);
		await analyst.getByRole('link', { name: 'Awareness report' }).click();
		const report = analyst.getByTestId('report');
		await report.getByText('Awareness funnel').first().waitFor();
		await report.getByText('Awareness by wave').waitFor();
		await report
			.getByText(/^Ranking by /)
			.first()
			.waitFor();
		expect(await report.locator('.chart svg').count()).toBeGreaterThanOrEqual(4);
		await analyst.screenshot({ path: path.join(results, 'awareness-report.png'), fullPage: true });
		console.log(`Screenshot: ${path.join(results, 'awareness-report.png')}`);

		// Any chart downloads as PNG, drawn in the page.
		const png = await downloadFrom(analyst, () =>
			report.locator('.chart-downloads').first().getByRole('button', { name: 'PNG' }).click()
		);
		expect(png.suggestedFilename()).toMatch(/\.png$/);
		expect((await bytesOf(png)).subarray(1, 4).toString()).toBe('PNG');

		await analyst.locator('input[name="title"]').fill('Quarterly awareness — Q4');
		await analyst.getByRole('button', { name: 'Save as report' }).click();
		await analyst.waitForURL(/\/reports\/\d+$/);
		await analyst.getByTestId('report').getByText('Awareness funnel').first().waitFor();

		const reportUrl = analyst.url();
		// A banner weighted the same way joins the report as its second section.
		await analyst.goto(
			`${surveyUrl}/analysis?rows=eu_referendum&cols=settlement&scheme=${await schemeIdOf(analyst)}`
		);
		await analyst.getByTestId('report').locator('figure.report-table').first().waitFor();
		await analyst.getByLabel('Save to').selectOption({ label: 'into “Quarterly awareness — Q4”' });
		await analyst.getByRole('button', { name: 'Add to report' }).click();
		await analyst.waitForURL(reportUrl);
		await analyst.getByText('Sections (2)').waitFor();

		const pptx = await bytesOf(
			await downloadFrom(analyst, () => analyst.getByRole('link', { name: 'PPTX' }).click())
		);
		expect(pptx.subarray(0, 2).toString()).toBe('PK');
		expect(pptx.includes(Buffer.from('ppt/slides/slide2.xml'))).toBe(true);

		await analyst.getByText('Share links (read-only, no account needed)').click();
		await analyst.getByRole('button', { name: 'Create share link' }).click();
		const link = (await analyst.getByTestId('share-link').getAttribute('href'))!;
		expect(link).toMatch(/\/r\/[a-z2-7]{32}$/);
		const stranger = await (await browser.newContext()).newPage();
		await stranger.goto(link);
		await stranger.getByRole('heading', { name: 'Quarterly awareness — Q4' }).waitFor();
		await stranger.getByText('Awareness funnel').first().waitFor();
		await stranger.context().close();
		// The opening is logged; revoked, the link stops working.
		await analyst.reload();
		await expect
			.poll(() =>
				analyst.locator('details table tbody tr').first().locator('td').nth(3).textContent()
			)
			.toBe('1');
		await analyst.getByRole('button', { name: 'Revoke' }).click();
		await analyst.locator('details table tbody tr td', { hasText: 'revoked' }).waitFor();
		const late = await (await browser.newContext()).newPage();
		const response = await late.goto(link);
		expect(response!.status()).toBe(404);
		await late.context().close();
	});

	it('exports the weighted data as .sav that PSPP opens with its labels', async () => {
		await analyst.goto(`${surveyUrl}/dataset`);
		await analyst.locator('select[name="format"]').selectOption('sav');
		await analyst.locator('select[name="scheme"]').selectOption({ label: demoSchemeName });
		const bytes = await bytesOf(
			await downloadFrom(analyst, () => analyst.getByRole('button', { name: 'Download' }).click())
		);
		const sav = readSav(new Uint8Array(bytes));
		expect(sav.caseCount).toBe(3600);
		const names = sav.variables.map((v) => v.name);
		expect(names).toEqual(
			expect.arrayContaining(['weight', 'aware_pro_eu', 'attitude_clusters', 'eu_referendum'])
		);
		expect(
			sav.variables.find((v) => v.name === 'aware_pro_eu')!.valueLabels.map((v) => v.label)
		).toEqual(['Aware and pro-EU', 'Unaware of all', 'Everyone else']);
		const pspp = '/usr/bin/pspp';
		if (!fs.existsSync(pspp)) {
			if (process.env.BAROMETER_REQUIRE_PSPP === '1')
				throw new Error('PSPP is required but not installed.');
			return;
		}
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'barometer-e2e-pspp-'));
		try {
			fs.writeFileSync(path.join(dir, 'tracker.sav'), bytes);
			fs.writeFileSync(
				path.join(dir, 'check.sps'),
				"GET FILE='tracker.sav'.\nCROSSTABS /TABLES=eu_referendum BY settlement /STATISTICS=CHISQ.\n"
			);
			const output = execFileSync(pspp, ['-O', 'width=300', 'check.sps'], {
				cwd: dir,
				encoding: 'utf8'
			});
			expect(output).toContain('If a referendum on Georgia joining the European Union');
			expect(output).toContain('Pearson Chi-Square');
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
