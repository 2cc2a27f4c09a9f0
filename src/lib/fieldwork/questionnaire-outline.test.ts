import { describe, expect, it } from 'vitest';
import { questionnaireOutline } from './questionnaire-outline.ts';

describe('questionnaireOutline', () => {
	it('lists questions with their page, panels included, under their value names', () => {
		const outline = questionnaireOutline({
			pages: [
				{
					name: 'intro',
					elements: [
						{ type: 'html', name: 'welcome', html: 'Hello' },
						{ type: 'text', name: 'age', inputType: 'number' }
					]
				},
				{
					elements: [
						{
							type: 'panel',
							name: 'about',
							elements: [
								{ type: 'matrix', name: 'grid', rows: ['a', 'b'], columns: [1, 2] },
								{
									type: 'radiogroup',
									name: 'check_q',
									valueName: 'check',
									attentionCheck: { expected: 2 }
								}
							]
						}
					]
				}
			]
		});
		expect(outline.pages).toEqual([
			{ number: 1, name: 'intro' },
			{ number: 2, name: 'page2' }
		]);
		expect(outline.questions).toEqual([
			{ name: 'welcome', type: 'html', page: 1 },
			{ name: 'age', type: 'text', page: 1, inputType: 'number' },
			{ name: 'grid', type: 'matrix', page: 2, rows: 2 },
			{ name: 'check', type: 'radiogroup', page: 2, attentionCheck: { expected: 2 } }
		]);
	});

	it('reads a questionnaire without pages as one page', () => {
		const outline = questionnaireOutline({ elements: [{ type: 'comment', name: 'why' }] });
		expect(outline.pages).toEqual([{ number: 1, name: 'page1' }]);
		expect(outline.questions).toEqual([{ name: 'why', type: 'comment', page: 1 }]);
	});
});
