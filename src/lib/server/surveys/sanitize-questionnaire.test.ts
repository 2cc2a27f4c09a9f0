import { describe, expect, it } from 'vitest';
import { sanitizeHtmlFragment, sanitizeQuestionnaire } from './sanitize-questionnaire.ts';

function htmlQuestion(html: unknown) {
	return { type: 'html', name: 'intro', html };
}

type QuestionnaireJson = Record<string, unknown> & {
	pages: { name: string; elements: unknown[] }[];
};

function questionnaire(
	extra: Record<string, unknown> = {},
	elements: unknown[] = []
): QuestionnaireJson {
	return {
		title: 'Poll',
		pages: [{ name: 'p1', elements: [{ type: 'text', name: 'age' }, ...elements] }],
		...extra
	};
}

/** Everything that would run script, in the spellings that matter. */
function expectNoScript(html: string) {
	expect(html).not.toMatch(/<script/i);
	expect(html).not.toMatch(/\son\w+\s*=/i);
	expect(html).not.toMatch(/javascript:/i);
}

describe('sanitizeHtmlFragment', () => {
	it('removes script elements with their content', () => {
		expect(sanitizeHtmlFragment('<p>Hello<script>alert(1)</script></p>')).toBe('<p>Hello</p>');
	});

	it('removes event handler attributes', () => {
		const clean = sanitizeHtmlFragment(
			'<img src="x.png" onerror="alert(1)"><p onclick="go()">Hi</p>'
		);
		expectNoScript(clean);
		expect(clean).toBe('<img src="x.png" /><p>Hi</p>');
	});

	it('removes javascript: links but keeps the link text', () => {
		const clean = sanitizeHtmlFragment('<a href="JavaScript:alert(1)">privacy</a>');
		expectNoScript(clean);
		expect(clean).toContain('privacy</a>');
	});

	it('removes elements outside the allowed list', () => {
		const clean = sanitizeHtmlFragment(
			'<iframe src="https://e.org"></iframe><svg onload="x()"></svg><b>ok</b>'
		);
		expect(clean).toBe('<b>ok</b>');
	});

	it('keeps harmless formatting, lists, tables and safe links', () => {
		const html =
			'<h2>About</h2><p><strong>Anonymous</strong>, <em>short</em>.</p><ul><li>One</li></ul>' +
			'<table><tbody><tr><td class="x">1</td></tr></tbody></table>';
		expect(sanitizeHtmlFragment(html)).toBe(html);
	});

	it('marks kept links noopener noreferrer', () => {
		expect(sanitizeHtmlFragment('<a href="https://example.org" target="_blank">site</a>')).toBe(
			'<a href="https://example.org" target="_blank" rel="noopener noreferrer">site</a>'
		);
	});
});

describe('sanitizeQuestionnaire', () => {
	it('cleans the html of html questions', () => {
		const dirty = questionnaire({}, [
			htmlQuestion('<p>Welcome</p><script>steal()</script><img src=x onerror=alert(1)>')
		]);
		const clean = sanitizeQuestionnaire(dirty);
		const html = clean.pages[0]!.elements[1] as { html: string };
		expectNoScript(html.html);
		expect(html.html).toContain('<p>Welcome</p>');
	});

	it('cleans every language of a localised html text', () => {
		const dirty = questionnaire({}, [
			htmlQuestion({
				default: '<b>Hi</b><script>x()</script>',
				ka: '<img src=x onerror="y()">გამარჯობა'
			})
		]);
		const html = (
			sanitizeQuestionnaire(dirty).pages[0]!.elements[1] as { html: Record<string, string> }
		).html;
		expect(html).toEqual({ default: '<b>Hi</b>', ka: '<img src="x" />გამარჯობა' });
	});

	it('cleans completedHtml, plain or localised', () => {
		expect(
			sanitizeQuestionnaire(questionnaire({ completedHtml: '<p>Thanks</p><script>x()</script>' }))
				.completedHtml
		).toBe('<p>Thanks</p>');
		const localised = sanitizeQuestionnaire(
			questionnaire({
				completedHtml: {
					default: '<p onmouseover="x()">Thanks</p>',
					ka: '<script>x()</script>გმადლობთ'
				}
			})
		).completedHtml;
		expect(localised).toEqual({ default: '<p>Thanks</p>', ka: 'გმადლობთ' });
	});

	it('cleans the html of conditional completion pages', () => {
		const dirty = questionnaire({
			completedHtmlOnCondition: [
				{ expression: '{age} < 18', html: { default: 'Bye<script>x()</script>' } }
			]
		});
		expect(sanitizeQuestionnaire(dirty).completedHtmlOnCondition).toEqual([
			{ expression: '{age} < 18', html: { default: 'Bye' } }
		]);
	});

	it('removes a javascript: navigateToUrl, whatever its case and spacing', () => {
		for (const url of [
			'javascript:alert(1)',
			' JavaScript:alert(1)',
			'data:text/html,<script>x()</script>'
		]) {
			expect(sanitizeQuestionnaire(questionnaire({ navigateToUrl: url })).navigateToUrl).toBe('');
		}
	});

	it('removes javascript: urls of conditional navigation', () => {
		const dirty = questionnaire({
			navigateToUrlOnCondition: [{ expression: 'true', url: 'javascript:x()' }]
		});
		expect(sanitizeQuestionnaire(dirty).navigateToUrlOnCondition).toEqual([
			{ expression: 'true', url: '' }
		]);
	});

	it('keeps http(s) and same-site navigateToUrl', () => {
		for (const url of ['https://example.org/thanks', 'http://example.org', '/projects/1']) {
			expect(sanitizeQuestionnaire(questionnaire({ navigateToUrl: url })).navigateToUrl).toBe(url);
		}
	});

	it('removes protocol-relative urls that would leave the site', () => {
		// Browsers read "/\" and "/<tab>/" as "//", so these go to another host as well.
		for (const url of ['//evil.example', '/\\evil.example', '/\t/evil.example']) {
			expect(sanitizeQuestionnaire(questionnaire({ navigateToUrl: url })).navigateToUrl, url).toBe(
				''
			);
		}
	});

	it('leaves titles, descriptions and choice texts untouched (SurveyJS shows them as text)', () => {
		const question = {
			type: 'radiogroup',
			name: 'q1',
			title: { default: 'Is 2 < 3 & <b>bold</b>?', ka: '<script>ტექსტი</script>' },
			description: '<img src=x onerror=alert(1)>',
			choices: [{ value: 1, text: '<i>Yes</i>' }]
		};
		const dirty = questionnaire({ title: '<script>title</script>' }, [question]);
		expect(sanitizeQuestionnaire(dirty)).toEqual(dirty);
	});

	it('returns a copy and leaves the input as it was', () => {
		const dirty = questionnaire({ completedHtml: '<script>x()</script>' });
		const before = structuredClone(dirty);
		const clean = sanitizeQuestionnaire(dirty);
		expect(dirty).toEqual(before);
		expect(clean).not.toBe(dirty);
	});

	it('keeps numbers, booleans and nulls as they are', () => {
		const json = questionnaire({ showProgressBar: true, maxTimeToFinish: 600, locale: null });
		expect(sanitizeQuestionnaire(json)).toEqual(json);
	});
});
