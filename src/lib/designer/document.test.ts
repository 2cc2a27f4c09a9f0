import { describe, expect, it } from 'vitest';
import { loadQuestionnaire } from '../survey/questionnaire.ts';
import {
	addElement,
	addPage,
	allNames,
	duplicateElement,
	moveElement,
	moveTo,
	normaliseDoc,
	outline,
	questionsBefore,
	removeElement,
	renameElement,
	type QuestionnaireDoc
} from './document.ts';
import { palette } from './question-types.ts';

function sample(): QuestionnaireDoc {
	return normaliseDoc({
		pages: [
			{
				name: 'p1',
				elements: [
					{ type: 'radiogroup', name: 'a', choices: [1, 2] },
					{
						type: 'panel',
						name: 'box',
						elements: [{ type: 'text', name: 'b', visibleIf: '{a} = 1' }]
					}
				]
			},
			{ name: 'p2', elements: [{ type: 'comment', name: 'c', title: 'You said {a}.' }] }
		],
		triggers: [{ type: 'skip', expression: '{a} = 2', gotoName: 'c' }]
	});
}

const order = (doc: QuestionnaireDoc) => allNames(doc).join(' ');

describe('normaliseDoc', () => {
	it('puts top-level elements on a named page and leaves the input alone', () => {
		const input = { elements: [{ type: 'text', name: 'x' }] };
		const doc = normaliseDoc(input);
		expect(doc.pages).toEqual([{ name: 'page1', elements: [{ type: 'text', name: 'x' }] }]);
		expect(input).toEqual({ elements: [{ type: 'text', name: 'x' }] });
	});
	it('names unnamed pages without clashing with element names', () => {
		const doc = normaliseDoc({ pages: [{ elements: [{ type: 'text', name: 'page1' }] }] });
		expect(doc.pages[0]!.name).toBe('page2');
	});
});

describe('element edits', () => {
	it('adds every palette kind with a unique name, and survey-core loads the result', () => {
		const doc = sample();
		for (const item of palette) addElement(doc, item.kind, { inside: 'p2' });
		const names = allNames(doc);
		expect(new Set(names).size).toBe(names.length);
		expect(loadQuestionnaire(doc).ok).toBe(true);
	});
	it('inserts after an element, inside a panel, or at the end of a page', () => {
		const doc = sample();
		addElement(doc, 'single', { after: 'a' });
		addElement(doc, 'text', { inside: 'box' });
		expect(order(doc)).toBe('p1 a q1 box b q2 p2 c');
	});
	it('moves up and down within a list, into and out of panels, and across pages', () => {
		const doc = sample();
		expect(moveElement(doc, 'a', 1)).toBe(true);
		expect(order(doc)).toBe('p1 box a b p2 c');
		expect(moveElement(doc, 'a', -1)).toBe(true);
		expect(order(doc)).toBe('p1 a box b p2 c');
		expect(moveElement(doc, 'c', -1)).toBe(true);
		expect(order(doc)).toBe('p1 a box b c p2');
		expect(moveElement(doc, 'c', 1)).toBe(true);
		expect(order(doc)).toBe('p1 a box b p2 c');
		expect(moveElement(doc, 'b', 1)).toBe(true); // out of the panel, after it
		expect(order(doc)).toBe('p1 a box b p2 c');
		expect(doc.pages[0]!.elements.map((e) => e.name)).toEqual(['a', 'box', 'b']);
		expect(moveElement(doc, 'c', 1)).toBe(false);
		expect(moveElement(doc, 'p2', -1)).toBe(true);
		expect(doc.pages.map((p) => p.name)).toEqual(['p2', 'p1']);
	});
	it('drops an element after another or inside a panel, never inside itself', () => {
		const doc = sample();
		expect(moveTo(doc, 'c', { inside: 'box' })).toBe(true);
		expect(order(doc)).toBe('p1 a box b c p2');
		expect(moveTo(doc, 'box', { inside: 'box' })).toBe(false);
		expect(moveTo(doc, 'a', { after: 'c' })).toBe(true);
		expect(order(doc)).toBe('p1 box b c a p2');
	});
	it('duplicates with fresh names for the element and its children', () => {
		const doc = sample();
		expect(duplicateElement(doc, 'box')).toBe('box_copy1');
		expect(order(doc)).toBe('p1 a box b box_copy1 b_copy1 p2 c');
	});
	it('removes elements but never the last page', () => {
		const doc = sample();
		expect(removeElement(doc, 'box')).toBe(true);
		expect(order(doc)).toBe('p1 a p2 c');
		expect(removeElement(doc, 'p2')).toBe(true);
		expect(removeElement(doc, 'p1')).toBe(false);
	});
	it('adds pages after a given page', () => {
		const doc = sample();
		expect(addPage(doc, 'p1')).toBe('page1');
		expect(doc.pages.map((p) => p.name)).toEqual(['p1', 'page1', 'p2']);
	});
});

describe('renameElement', () => {
	it('follows references in logic, piped text and skip targets, and nothing else', () => {
		const doc = sample();
		doc.pages[1]!.elements.push({ type: 'text', name: 'ab', visibleIf: '{ab} = 1 and {a} = 2' });
		renameElement(doc, 'a', 'aware');
		renameElement(doc, 'c', 'comments');
		const json = JSON.stringify(doc);
		expect(json).toContain('"visibleIf":"{aware} = 1"');
		expect(json).toContain('You said {aware}.');
		expect(json).toContain('"expression":"{aware} = 2","gotoName":"comments"');
		expect(json).toContain('"visibleIf":"{ab} = 1 and {aware} = 2"');
	});
});

describe('questionsBefore', () => {
	it('lists earlier questions; a page sees only questions of earlier pages', () => {
		const doc = sample();
		expect(questionsBefore(doc, 'c').map((q) => q.name)).toEqual(['a', 'b']);
		expect(questionsBefore(doc, 'b').map((q) => q.name)).toEqual(['a']);
		expect(questionsBefore(doc, 'p1').map((q) => q.name)).toEqual([]);
		expect(outline(doc).find((e) => e.name === 'b')!.depth).toBe(2);
	});
});

describe('page names', () => {
	it('renames pages that share a name with an element or another page', () => {
		const doc = normaliseDoc({
			pages: [
				{ name: 'trust', elements: [{ type: 'matrix', name: 'trust' }] },
				{ name: 'p', elements: [] },
				{ name: 'p', elements: [] }
			]
		});
		expect(doc.pages.map((page) => page.name)).toEqual(['trust_page1', 'p', 'p_page1']);
	});
});
