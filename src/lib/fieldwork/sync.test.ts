import { describe, expect, it, vi } from 'vitest';
import { dismissOverQuotaNotice, queueInterview, type OutboxItem } from './outbox.ts';
import {
	createSyncLoop,
	httpSender,
	overQuotaLine,
	readStatus,
	retryDelayMs,
	statusLine,
	syncRound,
	type SendOutcome,
	type SyncStatus
} from './sync.ts';
import {
	memoryOutbox,
	sampleSubmission as submission,
	type MemoryOutbox
} from './testing/outbox-fakes.ts';

const interviewer = 7;
const endpoint = '/projects/1/interview/2/responses';

async function outboxWith(...ids: string[]): Promise<MemoryOutbox> {
	const store = memoryOutbox();
	for (const [index, id] of ids.entries()) {
		await queueInterview(
			store,
			{ userId: interviewer, endpoint, submission: submission(id) },
			new Date(Date.UTC(2026, 2, 1, 10, index))
		);
	}
	return store;
}

/** A fake fetch answering each POST with the next scripted answer; records what was posted. */
function fakeFetch(...answers: (Response | Error | ((id: string) => Response))[]) {
	const posted: { url: string; id: string }[] = [];
	const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
		const id = (JSON.parse(String(init?.body)) as { id: string }).id;
		posted.push({ url: String(url), id });
		const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
		if (answer instanceof Error) throw answer;
		return typeof answer === 'function' ? answer(id) : answer.clone();
	});
	return { fetch: fetch as unknown as typeof globalThis.fetch, posted };
}

const json = (status: number, body: unknown) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const accepted =
	(status = 201) =>
	(id: string) =>
		json(status, { id, stored: status === 201, overQuota: null });
const fullCell = { quota: 'Region × sex', cell: 'region = 3, sex = 2' };
const acceptedOverQuota = (id: string) => json(201, { id, stored: true, overQuota: fullCell });

describe('httpSender', () => {
	const item = async () => (await (await outboxWith('a')).all())[0]!;

	it('posts the submission as JSON to the item’s endpoint', async () => {
		const { fetch } = fakeFetch(accepted());
		await httpSender(fetch)(await item());
		const [url, init] = vi.mocked(fetch).mock.calls[0]!;
		expect(url).toBe(endpoint);
		expect(init?.method).toBe('POST');
		expect(new Headers(init?.headers).get('content-type')).toBe('application/json');
		expect(JSON.parse(String(init?.body))).toEqual(submission('a'));
	});

	it.each<[string, Response | Error | ((id: string) => Response), SendOutcome]>([
		['201 with the id', accepted(201), { kind: 'accepted', overQuota: null }],
		['200 with the id (a re-send)', accepted(200), { kind: 'accepted', overQuota: null }],
		['201 stored over quota', acceptedOverQuota, { kind: 'accepted', overQuota: fullCell }],
		[
			'201 from a server that does not name the cell',
			(id) => json(201, { id, stored: true }),
			{ kind: 'accepted', overQuota: null }
		],
		[
			'200 from something else (a captive portal)',
			new Response('<html>Sign in to Wi-Fi</html>', { status: 200 }),
			{ kind: 'temporary', message: 'The answer did not come from Barometer.' }
		],
		[
			'403',
			json(403, { message: 'You are not assigned to this questionnaire.' }),
			{ kind: 'refused', message: 'You are not assigned to this questionnaire.' }
		],
		[
			'422',
			json(422, { message: 'Version 9 of this survey is not published.' }),
			{ kind: 'refused', message: 'Version 9 of this survey is not published.' }
		],
		[
			'401',
			json(401, { message: 'Sign in first.' }),
			{ kind: 'signed-out', message: 'Sign in first.' }
		],
		[
			'503 without a body',
			new Response(null, { status: 503, statusText: 'Service Unavailable' }),
			{ kind: 'temporary', message: 'The server answered 503 Service Unavailable.' }
		],
		['429', json(429, { message: 'Slow down.' }), { kind: 'temporary', message: 'Slow down.' }],
		['a network error', new TypeError('Failed to fetch'), { kind: 'unreachable' }]
	])('classifies %s', async (_, answer, outcome) => {
		const { fetch } = fakeFetch(answer);
		expect(await httpSender(fetch)(await item())).toEqual(outcome);
	});

	it('gives up on a request the connection never answers, as unreachable', async () => {
		// Hangs until aborted, as on a connection that died half-way.
		const hanging = (_url: string | URL | Request, init?: RequestInit) =>
			new Promise<Response>((_resolve, reject) =>
				init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))
			);
		expect(await httpSender(hanging, 50)(await item())).toEqual({ kind: 'unreachable' });
	});

	it('takes an acceptance cut off while it was read for no answer, to be sent again', async () => {
		const cutOff = async () => {
			const body = new ReadableStream({
				start(controller) {
					controller.enqueue(new TextEncoder().encode('{"id":'));
					controller.error(new TypeError('network error'));
				}
			});
			return new Response(body, { status: 201 });
		};
		expect(await httpSender(cutOff)(await item())).toEqual({ kind: 'unreachable' });
	});
});

describe('syncRound', () => {
	const clock = () => Date.UTC(2026, 2, 1, 12, 0);

	it('deletes each interview the server accepted and records the time', async () => {
		const store = await outboxWith('a', 'b');
		const { fetch, posted } = fakeFetch(accepted(201), accepted(200));
		const result = await syncRound(store, httpSender(fetch), interviewer, clock);
		expect(result).toEqual({ sent: 2, refused: 0, deferred: 0, stoppedBy: null });
		expect(posted.map((p) => p.id)).toEqual(['a', 'b']);
		expect(store.items.size).toBe(0);
		expect(await store.lastSyncAt()).toBe('2026-03-01T12:00:00.000Z');
	});

	it('keeps everything on a network error and stops trying the rest', async () => {
		const store = await outboxWith('a', 'b');
		const before = await store.all();
		const { fetch, posted } = fakeFetch(new TypeError('Failed to fetch'));
		const result = await syncRound(store, httpSender(fetch), interviewer, clock);
		expect(result.stoppedBy).toBe('unreachable');
		expect(posted).toHaveLength(1);
		expect(await store.all(), 'no attempt is counted against the items').toEqual(before);
		expect(await store.lastSyncAt()).toBeNull();
	});

	it('keeps an interview after a 5xx and backs off before sending it again', async () => {
		const store = await outboxWith('a');
		const { fetch, posted } = fakeFetch(json(500, { message: 'Database busy.' }), accepted());
		const send = httpSender(fetch);
		let now = clock();
		expect(await syncRound(store, send, interviewer, () => now)).toMatchObject({ deferred: 1 });
		expect(store.items.get('a')).toMatchObject({
			attempts: 1,
			retryAt: now + 30_000,
			failure: null
		});

		now += 29_000;
		expect(await syncRound(store, send, interviewer, () => now)).toMatchObject({
			sent: 0,
			deferred: 1
		});
		expect(posted).toHaveLength(1);

		now += 1_000;
		expect(await syncRound(store, send, interviewer, () => now)).toMatchObject({ sent: 1 });
		expect(store.items.size).toBe(0);
	});

	it('marks an interview the server refused with its message, keeps it and does not resend it', async () => {
		const store = await outboxWith('a', 'b');
		const { fetch, posted } = fakeFetch(
			json(403, { message: 'You are not assigned to this questionnaire.' }),
			accepted()
		);
		const send = httpSender(fetch);
		expect(await syncRound(store, send, interviewer, clock)).toEqual({
			sent: 1,
			refused: 1,
			deferred: 0,
			stoppedBy: null
		});
		expect(store.items.get('a')?.failure).toBe('You are not assigned to this questionnaire.');
		await syncRound(store, send, interviewer, clock);
		expect(posted.map((p) => p.id)).toEqual(['a', 'b']);
		expect([...store.items.keys()]).toEqual(['a']);
	});

	it('keeps everything and stops when the interviewer is signed out', async () => {
		const store = await outboxWith('a', 'b');
		const { fetch, posted } = fakeFetch(json(401, { message: 'Sign in first.' }));
		const result = await syncRound(store, httpSender(fetch), interviewer, clock);
		expect(result.stoppedBy).toBe('signed-out');
		expect(posted).toHaveLength(1);
		expect(store.items.size).toBe(2);
		expect(store.items.get('a')).toMatchObject({ attempts: 0, failure: null });
	});

	it('keeps an interview stored over quota as a notice without the answers, never sent again', async () => {
		const store = await outboxWith('a', 'b');
		const { fetch, posted } = fakeFetch(acceptedOverQuota, accepted());
		const send = httpSender(fetch);
		expect(await syncRound(store, send, interviewer, clock)).toMatchObject({ sent: 2 });
		expect(await store.lastSyncAt()).toBe('2026-03-01T12:00:00.000Z');
		expect([...store.items.keys()], 'b was stored as a complete and leaves the outbox').toEqual([
			'a'
		]);
		const notice = store.items.get('a')!;
		expect(notice.overQuota).toEqual(fullCell);
		expect(notice.submission.answers).toEqual({});

		await syncRound(store, send, interviewer, clock);
		expect(posted.map((p) => p.id)).toEqual(['a', 'b']);
		expect(await readStatus(store, interviewer, null, false)).toMatchObject({
			waiting: 0,
			refused: [],
			overQuota: [{ id: 'a', queuedAt: notice.queuedAt, ...fullCell }]
		});
	});

	it("never sends another interviewer's interviews from a shared device", async () => {
		const store = await outboxWith('mine');
		await queueInterview(
			store,
			{ userId: 8, endpoint, submission: submission('theirs') },
			new Date()
		);
		const { fetch, posted } = fakeFetch(accepted());
		await syncRound(store, httpSender(fetch), interviewer, clock);
		expect(posted.map((p) => p.id)).toEqual(['mine']);
		expect([...store.items.keys()]).toEqual(['theirs']);
	});
});

describe('retryDelayMs', () => {
	it('doubles from 30 s up to 15 minutes', () => {
		expect([1, 2, 3, 4, 5, 6, 10].map(retryDelayMs)).toEqual([
			30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000
		]);
	});
});

describe('overQuotaLine', () => {
	it('tells the interviewer the interview arrived, and in which full cell', () => {
		expect(overQuotaLine(fullCell)).toBe('synced — over quota (Region × sex: region = 3, sex = 2)');
	});
});

describe('statusLine', () => {
	it('says how many interviews wait and when the last one reached the server', () => {
		const at = new Date(2026, 2, 1, 9, 5);
		expect(statusLine({ waiting: 2, lastSyncAt: at.toISOString() })).toBe(
			'2 waiting to sync, last sync 09:05'
		);
		expect(statusLine({ waiting: 0, lastSyncAt: null })).toBe('0 waiting to sync, last sync never');
	});
});

describe('the sync loop', () => {
	function loopOver(
		store: MemoryOutbox,
		fetch: typeof globalThis.fetch,
		online: { value: boolean }
	) {
		const events = new EventTarget();
		const statuses: SyncStatus[] = [];
		let tick: (() => void) | null = null;
		const loop = createSyncLoop({
			store,
			send: httpSender(fetch),
			userId: interviewer,
			isOnline: () => online.value,
			events,
			onStatus: (status) => statuses.push(status),
			setInterval: (callback, ms) => {
				expect(ms).toBe(30_000);
				tick = callback;
				return 1;
			},
			clearInterval: () => {
				tick = null;
			}
		});
		return { loop, events, statuses, tick: () => tick?.(), ticking: () => tick !== null };
	}

	const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

	it('waits while offline, then sends on the online event', async () => {
		const store = await outboxWith('a', 'b');
		const online = { value: false };
		const { fetch, posted } = fakeFetch(accepted());
		const { loop, events, statuses } = loopOver(store, fetch, online);
		loop.start();
		await settled();
		expect(posted).toEqual([]);
		expect(statuses.at(-1)).toMatchObject({ waiting: 2, problem: 'offline', syncing: false });

		online.value = true;
		events.dispatchEvent(new Event('online'));
		await vi.waitFor(() => expect(statuses.at(-1)).toMatchObject({ waiting: 0, syncing: false }));
		expect(posted.map((p) => p.id)).toEqual(['a', 'b']);
		expect(statuses.at(-1)?.problem).toBeNull();
		expect(statuses.at(-1)?.lastSyncAt).not.toBeNull();
		loop.stop();
	});

	it('tries again every 30 s, and stops doing so when stopped', async () => {
		const store = await outboxWith('a');
		const online = { value: true };
		const { fetch, posted } = fakeFetch(new TypeError('Failed to fetch'), accepted());
		const { loop, statuses, tick, ticking } = loopOver(store, fetch, online);
		loop.start();
		await vi.waitFor(() =>
			expect(statuses.at(-1)).toMatchObject({ problem: 'offline', waiting: 1 })
		);
		tick();
		await vi.waitFor(() => expect(statuses.at(-1)).toMatchObject({ problem: null, waiting: 0 }));
		expect(posted.map((p) => p.id)).toEqual(['a', 'a']);
		loop.stop();
		expect(ticking()).toBe(false);
	});

	it('runs one round at a time and serves a request made during a round with one more', async () => {
		const store = await outboxWith('a');
		let release: () => void = () => undefined;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const posted: string[] = [];
		const fetch = (async (_url: string, init: RequestInit) => {
			const id = (JSON.parse(String(init.body)) as { id: string }).id;
			posted.push(id);
			await gate;
			return json(201, { id });
		}) as unknown as typeof globalThis.fetch;
		const { loop } = loopOver(store, fetch, { value: true });
		const first = loop.syncNow();
		await vi.waitFor(() => expect(posted).toEqual(['a']));
		await queueInterview(
			store,
			{ userId: interviewer, endpoint, submission: submission('b') },
			new Date()
		);
		const second = loop.syncNow();
		const third = loop.syncNow();
		release();
		await Promise.all([first, second, third]);
		expect(posted, 'a is never posted twice, b is posted by the extra round').toEqual(['a', 'b']);
		expect(store.items.size).toBe(0);
	});

	it('sends nothing when the outbox is empty', async () => {
		const store = await outboxWith();
		const { fetch, posted } = fakeFetch(accepted());
		const { loop, statuses } = loopOver(store, fetch, { value: true });
		await loop.syncNow();
		await loop.syncNow();
		expect(posted).toEqual([]);
		expect(statuses.at(-1)).toMatchObject({ waiting: 0, refused: [], problem: null });
	});

	it('shows an interview stored over quota until the interviewer dismisses it', async () => {
		const store = await outboxWith('a');
		const { fetch } = fakeFetch(acceptedOverQuota);
		const { loop, statuses } = loopOver(store, fetch, { value: true });
		await loop.syncNow();
		expect(statuses.at(-1)).toMatchObject({
			waiting: 0,
			overQuota: [{ id: 'a', ...fullCell }],
			problem: null
		});
		await dismissOverQuotaNotice(store, interviewer, 'a');
		await loop.syncNow();
		expect(statuses.at(-1)).toMatchObject({ waiting: 0, overQuota: [] });
		expect(store.items.size).toBe(0);
	});

	it('shows refused interviews with the server’s message', async () => {
		const store = await outboxWith('a');
		const { fetch } = fakeFetch(
			json(422, { message: 'Version 9 of this survey is not published.' })
		);
		const { loop, statuses } = loopOver(store, fetch, { value: true });
		await loop.syncNow();
		const item = store.items.get('a') as OutboxItem;
		expect(statuses.at(-1)).toMatchObject({
			waiting: 0,
			refused: [
				{ id: 'a', queuedAt: item.queuedAt, message: 'Version 9 of this survey is not published.' }
			]
		});
	});
});
