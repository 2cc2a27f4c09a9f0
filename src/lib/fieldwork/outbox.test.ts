import { describe, expect, it } from 'vitest';
import {
	dismissOverQuotaNotice,
	itemsOf,
	overQuotaNotice,
	queueInterview,
	retryRefused
} from './outbox.ts';
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

	it('keeps of an interview stored over quota only the notice: no answers, no position', async () => {
		const item = await queueInterview(
			memoryOutbox(),
			{ userId: 7, endpoint: '/e', submission: submission('a') },
			new Date('2026-03-01T10:01:00Z')
		);
		item.submission.paradata.gps = { lat: 41.7, lon: 44.8, accuracy: 10 };
		const overQuota = { quota: 'Sex', cell: 'sex = 2' };
		const notice = overQuotaNotice({ ...item, retryAt: 5 }, overQuota);
		expect(notice).toMatchObject({ id: 'a', queuedAt: item.queuedAt, retryAt: null, overQuota });
		expect(notice.submission.answers).toEqual({});
		expect('gps' in notice.submission.paradata).toBe(false);
		expect(item.submission.paradata.gps, 'the item itself is left as it was').toBeDefined();
	});

	it('dismisses only over-quota notices, and only its own interviewer may', async () => {
		const store = memoryOutbox();
		const queue = (id: string) =>
			queueInterview(store, { userId: 7, endpoint: '/e', submission: submission(id) }, new Date());
		await queue('waiting');
		await store.put(overQuotaNotice(await queue('notice'), { quota: 'Sex', cell: 'sex = 2' }));
		await dismissOverQuotaNotice(store, 7, 'waiting');
		await dismissOverQuotaNotice(store, 8, 'notice');
		expect([...store.items.keys()].sort()).toEqual(['notice', 'waiting']);
		await dismissOverQuotaNotice(store, 7, 'notice');
		expect([...store.items.keys()]).toEqual(['waiting']);
	});
});
