/**
 * The server-rendered first page (src/lib/survey/FirstPageForm.svelte) must look as SurveyJS shows
 * the same page, so that nothing moves when SurveyJS takes over. Here both are drawn in Chromium
 * with survey-core's stylesheet, at phone and desktop width, before and after choosing answers
 * (the form without any script, as before hydration): every question, option, field and button
 * must have the same box, and a chosen option the same colour. Run again after upgrading SurveyJS.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { render } from 'svelte/server';
import { compile } from 'svelte/compiler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type FirstPageForm from '../../src/lib/survey/FirstPageForm.svelte';
import { firstPage } from '../../src/lib/survey/first-page.ts';
import { launchBrowser } from './browser.ts';

const demo = JSON.parse(fs.readFileSync('surveys/awareness-tracker.json', 'utf8'));

/** One of each question type the form renders. */
const everyType = {
	title: 'Every type',
	description: 'About the types',
	showProgressBar: true,
	pages: [
		{
			name: 'first',
			title: 'Page one',
			description: 'Its description',
			elements: [
				{ type: 'html', name: 'intro', html: '<b>Welcome</b>' },
				{
					type: 'radiogroup',
					name: 'rg',
					title: 'Radio',
					description: 'Pick one',
					isRequired: true,
					colCount: 2,
					choices: [1, { value: 2, text: 'Two' }, 3, 4, 5]
				},
				{
					type: 'checkbox',
					name: 'cb',
					title: 'Check',
					showNoneItem: true,
					noneText: 'None of these',
					choices: ['a', 'b']
				},
				{
					type: 'rating',
					name: 'rt',
					displayMode: 'buttons',
					minRateDescription: 'Bad',
					maxRateDescription: 'Good'
				},
				{ type: 'boolean', name: 'bo', title: 'Agree?' },
				{ type: 'dropdown', name: 'dd', choices: [1, 2, 3] },
				{ type: 'text', name: 'tx', placeholder: 'Type here' },
				{ type: 'text', name: 'num', inputType: 'number', min: 0, max: 10 },
				{ type: 'comment', name: 'cm' },
				{
					type: 'matrix',
					name: 'mx',
					columns: [
						{ value: 1, text: 'Agree' },
						{ value: 2, text: 'Disagree' }
					],
					rows: [{ value: 'r1', text: 'Row one' }, 'r2']
				}
			]
		},
		{ name: 'second', elements: [{ type: 'text', name: 'later' }] }
	]
};

let browser: Browser;
let css: string;
let Form: typeof FirstPageForm;

beforeAll(async () => {
	// The component compiled for the server as SvelteKit does, with its own stylesheet.
	const source = fs.readFileSync('src/lib/survey/FirstPageForm.svelte', 'utf8');
	const compiled = compile(source, {
		generate: 'server',
		css: 'external',
		filename: 'FirstPageForm.svelte'
	});
	const out = path.resolve('test-results/first-page-markup/FirstPageForm.server.js');
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(
		out,
		compiled.js.code.replace(
			/from '\.\/first-page'/,
			`from '${path.resolve('src/lib/survey/first-page.ts')}'`
		)
	);
	Form = (await import(/* @vite-ignore */ out)).default;
	css = [
		fs.readFileSync('node_modules/survey-core/survey-core.fontless.css', 'utf8'),
		fs.readFileSync('src/app.css', 'utf8'),
		compiled.css!.code,
		'.respondent { max-width: 760px; margin: 0 auto; padding: 0.5rem 0.25rem 2rem; }'
	].join('\n');
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

async function open(width: number, body: string): Promise<Page> {
	const page = await (
		await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: true })
	).newPage();
	await page.setContent(
		`<html><head><style>${css}</style></head><body><main class="respondent"><div class="survey" id="s">${body}</div></main></body></html>`
	);
	return page;
}

/** Boxes (and, for chosen options, colours) of everything a respondent sees and touches. */
function layout(page: Page) {
	return page.evaluate(() =>
		[
			...document.querySelectorAll(
				'.sd-root-modern, .sd-container-modern__title, .sd-progress-buttons, .sd-page__title, .sd-page__description, [data-name], .sd-item, .sd-rating__item, .sd-input, .sd-boolean, .sd-table__cell, .sd-navigation__next-btn, .sd-navigation__complete-btn'
			)
		].map((element) => {
			const box = element.getBoundingClientRect();
			const decorator = element.querySelector('.sd-item__decorator');
			const colour = decorator
				? getComputedStyle(decorator).backgroundColor
				: element.matches('.sd-rating__item')
					? getComputedStyle(element).backgroundColor
					: '';
			const name = element.getAttribute('data-name') ?? element.className.split(' ')[0];
			return `${name} ${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}x${Math.round(box.height)} ${colour}`;
		})
	);
}

async function choose(page: Page) {
	await page.locator('[data-name="rg"] .sd-item__control-label').nth(1).click();
	await page.locator('[data-name="cb"] .sd-item__control-label').nth(0).click();
	await page.locator('[data-name="rt"] .sd-rating__item').nth(2).click();
	await page.locator('[data-name="mx"] .sd-matrix__label').nth(0).click();
}

describe('the server-rendered first page', () => {
	for (const [name, json, answer] of [
		['the demo questionnaire', demo, false],
		['every question type, answered', everyType, true]
	] as const) {
		for (const width of [390, 1000]) {
			it(`looks as SurveyJS shows it: ${name}, ${width} px wide`, async () => {
				const view = firstPage(json, '').view!;
				const form = await open(width, render(Form, { props: { view, mobile: width < 600 } }).body);
				await form.evaluate(() => {
					// Before hydration, as the server sends it: no script has run on the form.
					document.querySelectorAll('script').forEach((script) => script.remove());
				});
				const survey = await open(width, '');
				await survey.addScriptTag({ path: 'node_modules/survey-core/survey.core.js' });
				await survey.addScriptTag({ path: 'node_modules/survey-js-ui/survey-js-ui.js' });
				await survey.evaluate((json) => {
					const global = window as unknown as {
						Survey: { Model: new (json: unknown) => unknown };
						SurveyUI: { renderSurvey: (model: unknown, element: HTMLElement) => void };
					};
					global.SurveyUI.renderSurvey(
						new global.Survey.Model(json),
						document.getElementById('s')!
					);
				}, json);
				await survey.locator('.sd-root-modern .sd-page').waitFor();
				await survey.waitForTimeout(300);
				if (answer) {
					await choose(form);
					await choose(survey);
					await survey.waitForTimeout(300);
				}
				expect(await layout(form)).toEqual(await layout(survey));
				await form.context().close();
				await survey.context().close();
			});
		}
	}
});
