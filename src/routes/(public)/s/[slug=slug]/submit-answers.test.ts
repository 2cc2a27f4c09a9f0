import { afterEach, describe, expect, it, vi } from 'vitest';
import { respondentText } from '$lib/survey/respondent-text';
import { inOrder, submitAnswers, type SubmissionBody } from './submit-answers.ts';

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

describe('submitAnswers', () => {
	afterEach(() => vi.unstubAllGlobals());

	const body: SubmissionBody = {
		id: '5a1d5c3e-2f0a-4c55-9d7e-0d1b2c3d4e5f',
		version: 1,
		status: 'complete',
		answers: { q1: 1 },
		startedAt: '2026-11-27T10:00:00.000Z',
		paradata: {
			language: 'ka',
			durationMs: 1000,
			pagesVisited: 1,
			order: {},
			pageTimesMs: {},
			changedAnswers: 0,
			deviceClass: 'phone'
		}
	};

	it('gives up on a save the connection never answers, so the saves after it can go', async () => {
		// A request that hangs until it is aborted, as on a connection that has died.
		vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
			return new Promise((_resolve, reject) => {
				init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
			});
		});
		const queue = inOrder();
		const held = queue(() => submitAnswers('poll', body, 50));
		const after = queue(async () => 'sent');
		await expect(held).rejects.toThrow(respondentText('ka').unreachable);
		await expect(after).resolves.toBe('sent');
	});

	it('takes a reply cut off while it was read for no reply, to be sent again', async () => {
		vi.stubGlobal('fetch', async () => {
			const body = new ReadableStream({
				start(controller) {
					controller.enqueue(new TextEncoder().encode('{"overQuota":'));
					controller.error(new TypeError('network error'));
				}
			});
			return new Response(body, { status: 201 });
		});
		await expect(submitAnswers('poll', body)).rejects.toThrow(respondentText('ka').unreachable);
	});

	it("tells a closed survey's message and hides other refusals behind a plea to retry", async () => {
		const reply = (status: number, message: string) =>
			vi.stubGlobal('fetch', async () => Response.json({ message }, { status }));
		reply(410, 'Fieldwork ended on 20 November.');
		await expect(submitAnswers('poll', body)).rejects.toThrow('Fieldwork ended on 20 November.');
		reply(422, 'answers.q1: not one of the choices');
		await expect(submitAnswers('poll', body)).rejects.toThrow(respondentText('ka').saveFailed);
		vi.stubGlobal('fetch', async () => Response.json({ overQuota: true }));
		await expect(submitAnswers('poll', body)).resolves.toEqual({
			overQuota: true,
			screenedOut: false
		});
	});
});
