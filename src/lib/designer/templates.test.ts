import { describe, expect, it } from 'vitest';
import { loadQuestionnaire } from '../survey/questionnaire.ts';
import { allNames, normaliseDoc } from './document.ts';
import { insertTemplate, templates } from './templates.ts';

describe('templates', () => {
	it('are trilingual questionnaires survey-core loads', () => {
		for (const template of templates) {
			const loaded = loadQuestionnaire(template.json);
			expect(loaded.ok, template.id).toBe(true);
			const text = JSON.stringify(template.json);
			expect(text).toContain('"ka":');
			expect(text).toContain('"ru":');
		}
	});
	it('can be inserted twice: names get a suffix and logic follows', () => {
		const doc = normaliseDoc({
			pages: [{ name: 'start', elements: [{ type: 'text', name: 'x' }] }]
		});
		insertTemplate(doc, 'awareness', 'start');
		insertTemplate(doc, 'awareness');
		const names = allNames(doc);
		expect(new Set(names).size).toBe(names.length);
		expect(names).toContain('aware_programmes');
		expect(names).toContain('aware_programmes_1');
		const second = JSON.stringify(doc.pages.slice(-5));
		expect(second).toContain('{aware_programmes_1}');
		expect(second).not.toContain('{aware_programmes}');
		expect(doc.languages).toEqual(['en', 'ka', 'ru']);
		expect(loadQuestionnaire(doc).ok).toBe(true);
	});
});
