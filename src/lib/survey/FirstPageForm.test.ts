import fs from 'node:fs';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import FirstPageForm from './FirstPageForm.svelte';
import { firstPage } from './first-page.ts';

const demo = JSON.parse(fs.readFileSync('surveys/awareness-tracker.json', 'utf8'));

function html(json: unknown, locale = '', mobile = true): string {
	const view = firstPage(json, locale).view;
	if (!view) throw new Error('fell back');
	return render(FirstPageForm, { props: { view, mobile } }).body;
}

describe('the first page form, as the server sends it', () => {
	it('is plain form controls, labelled, in SurveyJS markup', () => {
		const body = html(demo);
		expect(body).not.toMatch(/<script/);
		// SurveyJS's layout classes, phone layout as guessed.
		expect(body).toMatch(/class="sd-root-modern[^"]*sd-root-modern--mobile/);
		expect(body).toContain('Page 1 of 6');
		// Every control the respondent answers with has a name (read into the answers) and an
		// accessible name (its question's title, referenced by id).
		const inputs = [...body.matchAll(/<input[^>]*>/g)].map(([tag]) => tag);
		const answers = inputs.filter((tag) => /name="fp-/.test(tag));
		expect(answers.length).toBe(3); // age, and resident's two choices
		expect(body).toMatch(/<input[^>]*type="number"[^>]*min="16"[^>]*max="100"/);
		for (const id of body.matchAll(/aria-labelledby="([^"]+)"/g)) {
			expect(body).toContain(`id="${id[1]}"`);
		}
		// The two choices of "resident" are radio buttons inside their labels, in one fieldset.
		expect(body).toMatch(
			/<fieldset role="radiogroup"[^>]*>[\s\S]*<label[^>]*><input[^>]*type="radio"[^>]*name="fp-1"[^>]*value="0"[\s\S]*Yes[\s\S]*<\/fieldset>/
		);
		// Next waits for the page's script; Enter in a field submits nothing.
		expect(body).toMatch(/<input type="button"[^>]*value="Next"[^>]*disabled/);
		expect(body).toMatch(/<button type="submit" disabled/);
	});

	it('shows the chosen language and the wide layout when the screen is not a phone', () => {
		const body = html(demo, 'ka', false);
		expect(body).toContain('lang="ka"');
		expect(body).toContain('სანამ დავიწყებთ');
		expect(body).toMatch(/role="progressbar"[^>]*aria-label="პროგრესის ბარი"/);
		expect(body).not.toContain('sd-root-modern--mobile');
	});

	it('shows html as sanitised on the server, and titles as text', () => {
		const body = html({
			pages: [
				{
					elements: [
						{ type: 'html', name: 'intro', html: '<b>Welcome</b>' },
						{ type: 'radiogroup', name: 'q', title: 'Pick <i>one</i>', choices: [1, 2] }
					]
				}
			]
		});
		expect(body).toMatch(/<div class="sd-html">(<!--[^>]*-->)*<b>Welcome<\/b>/);
		expect(body).toContain('Pick &lt;i>one&lt;/i>');
	});
});
