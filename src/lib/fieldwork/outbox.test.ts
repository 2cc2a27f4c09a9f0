import { describe, expect, it } from 'vitest';
import { itemsOf, queueInterview, retryRefused } from './outbox.ts';
import { memoryOutbox, sampleSubmission as submission } from './testing/outbox-fakes.ts';

describe('the outbox', () => {
	it('keeps a queued interview under its response id, waiting and untried', async () => {
		const store = memoryOutbox();
		const item = await queueInterview(
			store,
			{ userId: 7, endpoint: '/projects/1/interview/2/responses', submission: submission('a') },
			new Date('2026-03-01T10:01:00Z')
		);
		expect(item).toEqual({
			id: 'a',
			userId: 7,
			endpoint: '/projects/1/interview/2/responses',
			submission: submission('a'),
			queuedAt: '2026-03-01T10:01:00.000Z',
			attempts: 0,
			retryAt: null,
			failure: null
		});
		expect(await store.all()).toEqual([item]);
	});

	it("lists one interviewer's items oldest first and never another's", async () => {
		const store = memoryOutbox();
		const entry = (id: string, userId: number) => ({
			userId,
			endpoint: '/e',
			submission: submission(id)
		});
		await queueInterview(store, entry('late', 7), new Date('2026-03-01T12:00:00Z'));
		await queueInterview(store, entry('other', 8), new Date('2026-03-01T09:00:00Z'));
		await queueInterview(store, entry('early', 7), new Date('2026-03-01T11:00:00Z'));
		expect((await itemsOf(store, 7)).map((item) => item.id)).toEqual(['early', 'late']);
		expect((await itemsOf(store, 8)).map((item) => item.id)).toEqual(['other']);
	});

	it('puts a refused interview back in line when the interviewer retries it', async () => {
		const store = memoryOutbox();
		const item = await queueInterview(
			store,
			{ userId: 7, endpoint: '/e', submission: submission('a') },
			new Date()
		);
		await store.put({ ...item, attempts: 3, retryAt: 5, failure: 'Not assigned.' });
		await retryRefused(store, 8, 'a');
		expect((await store.all())[0]!.failure, 'only its own interviewer may retry it').toBe(
			'Not assigned.'
		);
		await retryRefused(store, 7, 'a');
		expect(await store.all()).toEqual([{ ...item, attempts: 0, retryAt: null, failure: null }]);
	});
});
