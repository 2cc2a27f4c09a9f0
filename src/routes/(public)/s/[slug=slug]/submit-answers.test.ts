import { describe, expect, it } from 'vitest';
import { inOrder } from './submit-answers.ts';

/** A send the test answers or fails by hand, recording when it started. */
function pendingSend(log: string[], name: string) {
	let settle: { answer(): void; fail(): void } = { answer() {}, fail() {} };
	const send = () => {
		log.push(`start ${name}`);
		return new Promise<string>((resolve, reject) => {
			settle = { answer: () => resolve(name), fail: () => reject(new Error(name)) };
		});
	};
	return { send, settle: () => settle };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('inOrder', () => {
	it('starts each send only once the one before has been answered or has failed', async () => {
		const log: string[] = [];
		const queue = inOrder();
		const page1 = pendingSend(log, 'page 1');
		const page2 = pendingSend(log, 'page 2');
		const complete = pendingSend(log, 'complete');
		const first = queue(page1.send);
		const second = queue(page2.send);
		const third = queue(complete.send);
		await tick();
		// Page 1's save is held up: the others wait for it.
		expect(log).toEqual(['start page 1']);
		page1.settle().fail();
		await expect(first).rejects.toThrow('page 1');
		await tick();
		// A failed save does not hold the rest back.
		expect(log).toEqual(['start page 1', 'start page 2']);
		page2.settle().answer();
		await expect(second).resolves.toBe('page 2');
		await tick();
		expect(log).toEqual(['start page 1', 'start page 2', 'start complete']);
		complete.settle().answer();
		await expect(third).resolves.toBe('complete');
	});

	it('starts at once when nothing is being sent', async () => {
		const queue = inOrder();
		await queue(async () => 'earlier');
		const log: string[] = [];
		const next = pendingSend(log, 'next');
		void queue(next.send);
		await tick();
		expect(log).toEqual(['start next']);
	});
});
