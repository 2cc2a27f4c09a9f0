import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import AttentionCheckField from './AttentionCheckField.svelte';

const agreement = {
	type: 'radiogroup',
	name: 'check',
	choices: [
		{ value: 1, text: 'Disagree' },
		{ value: 2, text: 'Agree' }
	]
};

function html(element: Record<string, unknown>, editable = true): string {
	const props = { element, language: 'en', defaultLanguage: 'en', editable, onchange: () => {} };
	return render(AttentionCheckField, { props }).body;
}

/** The options in order, the selected one marked with a *. */
const options = (body: string) =>
	[...body.matchAll(/<option([^>]*)>([^<]*)<\/option>/g)].map(
		([, attributes, text]) => `${/selected/.test(attributes!) ? '*' : ''}${text!.trim()}`
	);

describe('the attention check control', () => {
	it('is a labelled list of the question’s answers, with its help text described', () => {
		const body = html(agreement);
		expect(body).toMatch(/<label for="element-attention">Attention check<\/label>/);
		expect(body).toMatch(
			/<select id="element-attention"[^>]*aria-describedby="element-attention-help"/
		);
		expect(body).toMatch(
			/id="element-attention-help"[^>]*>(<!--[^>]*-->)*[^<]*failed attention check/
		);
		expect(options(body)).toEqual([
			'*not an attention check',
			'expects 1 — Disagree',
			'expects 2 — Agree'
		]);
	});

	it('shows the expected answer chosen, also when written as text', () => {
		expect(options(html({ ...agreement, attentionCheck: { expected: '2' } }))).toEqual([
			'not an attention check',
			'expects 1 — Disagree',
			'*expects 2 — Agree'
		]);
	});

	it('shows an expected answer the question does not offer, so it can be changed', () => {
		const body = html({ ...agreement, attentionCheck: { expected: 7 } });
		expect(options(body).at(-1)).toBe('*expects 7: not an answer of this question');
		expect(body).toMatch(/<select[^>]*aria-invalid="true"/);
	});

	it('lets a check on a type that cannot be one only be removed, and says why', () => {
		const body = html({
			type: 'checkbox',
			name: 'media',
			choices: [1, 2],
			attentionCheck: { expected: [1] }
		});
		expect(options(body)).toEqual([
			'not an attention check',
			'*expects [1]: not an answer of this question'
		]);
		expect(body).toContain('Only single choice, dropdown, rating and yes/no questions');
	});

	it('is read-only for a viewer', () => {
		expect(html(agreement, false)).toMatch(/<select[^>]*disabled/);
		expect(html(agreement, true)).not.toMatch(/<select[^>]*disabled/);
	});
});
