import { Model } from 'survey-core';
import { describe, expect, it } from 'vitest';
import { shownOrder } from './shown-order.ts';

const json = {
	pages: [
		{
			name: 'p1',
			questionOrder: 'random',
			elements: [
				{
					type: 'radiogroup',
					name: 'q',
					choicesOrder: 'random',
					choices: [1, 2, 3, 4, 5, 6, 7, 8, { value: 98, text: "Don't know", randomize: false }]
				},
				{ type: 'text', name: 'a' },
				{ type: 'text', name: 'b' },
				{ type: 'text', name: 'anchor', randomize: false },
				{ type: 'text', name: 'c' }
			]
		},
		{ name: 'p2', elements: [{ type: 'radiogroup', name: 'fixed', choices: [1, 2] }] }
	]
};

describe('shownOrder', () => {
	it('records shuffled choices and questions, with anchored ones in place', () => {
		const orders = Array.from({ length: 12 }, (_, seed) => {
			const model = new Model(json);
			model.randomSeed = seed + 1;
			return shownOrder(model);
		});
		for (const order of orders) {
			expect(order.choices!.q!.slice().sort((a, b) => Number(a) - Number(b))).toEqual([
				1, 2, 3, 4, 5, 6, 7, 8, 98
			]);
			expect(order.choices!.q!.at(-1)).toBe(98);
			expect(order.questions!.p1![3]).toBe('anchor');
			expect(order.questions!.p1!.slice().sort()).toEqual(['a', 'anchor', 'b', 'c', 'q']);
			expect(order.choices!.fixed).toBeUndefined();
			expect(order.questions!.p2).toBeUndefined();
		}
		// Shuffled: not every respondent sees the authored order.
		const distinct = new Set(orders.map((order) => order.choices!.q!.join(',')));
		expect(distinct.size).toBeGreaterThan(1);
	});
	it('records nothing for a questionnaire without randomisation', () => {
		expect(shownOrder(new Model({ elements: [{ type: 'text', name: 'a' }] }))).toEqual({});
	});
});
