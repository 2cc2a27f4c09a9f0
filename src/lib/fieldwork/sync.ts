/**
 * Sends the outbox to the server. An interview is deleted from the device only after the server
 * answered 2xx with its id; on a network error or a temporary failure (5xx, 408, 429) it stays
 * and is tried again later (back-off per item after server failures); a refusal (other 4xx) marks
 * it with the server's message for the interviewer to see. 401 (signed out) keeps everything and
 * waits for the interviewer to sign in again: the interviews are not at fault. An interview the
 * server stored as over quota becomes a notice for the interviewer (outbox.ts).
 *
 * Everything the loop needs from the browser (fetch, online state, events, timers, storage) is
 * passed in, so the logic runs in tests with fakes.
 */
import { isNotJson, timeoutSignal } from '../timeout-signal.ts';
import {
	itemsOf,
	overQuotaNotice,
	type OutboxItem,
	type OutboxStore,
	type OverQuota
} from './outbox.ts';

export type SendOutcome =
	| { kind: 'accepted'; overQuota: OverQuota | null }
	| { kind: 'refused'; message: string }
	| { kind: 'temporary'; message: string }
	| { kind: 'signed-out'; message: string }
	| { kind: 'unreachable' };

export type Send = (item: OutboxItem) => Promise<SendOutcome>;

async function serverMessage(response: Response): Promise<string> {
	const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
	return typeof body?.message === 'string'
		? body.message
		: `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`;
}

/** The server's `overQuota` (its quota and cell), or null when absent or not in that shape. */
function overQuotaOf(value: unknown): OverQuota | null {
	const candidate = value as { quota?: unknown; cell?: unknown } | null | undefined;
	return typeof candidate?.quota === 'string' && typeof candidate.cell === 'string'
		? { quota: candidate.quota, cell: candidate.cell }
		: null;
}

/**
 * How long a send may take before the connection counts as gone. Rounds run one at a time, so a
 * request hanging on a dying connection would otherwise stop every later sync until a reload; a
 * send that timed out after the server stored it is harmless to repeat (sends are idempotent).
 */
export const sendTimeoutMs = 60_000;

/** Posts an item with `fetchFn` and classifies the answer. */
export function httpSender(fetchFn: typeof fetch, timeoutMs = sendTimeoutMs): Send {
	return async (item) => {
		let response: Response;
		try {
			response = await fetchFn(item.endpoint, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(item.submission),
				credentials: 'same-origin',
				// A redirect (e.g. to a sign-in page) is not an acceptance.
				redirect: 'manual',
				signal: timeoutSignal(timeoutMs)
			});
		} catch {
			return { kind: 'unreachable' };
		}
		if (response.status >= 200 && response.status < 300) {
			// Only the server's own answer counts: a captive portal or proxy page also says 200.
			let body: { id?: unknown; overQuota?: unknown } | null;
			try {
				body = await response.json();
			} catch (error) {
				// Cut off while it was read (the same time limit): not known, so sent again.
				if (!isNotJson(error)) return { kind: 'unreachable' };
				body = null;
			}
			return body?.id === item.id
				? { kind: 'accepted', overQuota: overQuotaOf(body.overQuota) }
				: { kind: 'temporary', message: 'The answer did not come from Barometer.' };
		}
		const message = await serverMessage(response);
		if (response.status === 401) return { kind: 'signed-out', message };
		if (response.status === 408 || response.status === 429 || response.status >= 500) {
			return { kind: 'temporary', message };
		}
		if (response.status >= 400) return { kind: 'refused', message };
		return { kind: 'temporary', message };
	};
}

/** 30 s after the first temporary failure, doubling, at most 15 minutes. */
export function retryDelayMs(attempts: number): number {
	return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);
}

export interface RoundResult {
	sent: number;
	refused: number;
	/** Items kept for later: a temporary failure now, or still backing off from one. */
	deferred: number;
	/** Why the round ended early, if it did; the remaining items were not tried. */
	stoppedBy: 'unreachable' | 'signed-out' | null;
}

/** Tries each of the interviewer's items that is due, oldest first. */
export async function syncRound(
	store: OutboxStore,
	send: Send,
	userId: number,
	now: () => number
): Promise<RoundResult> {
	const result: RoundResult = { sent: 0, refused: 0, deferred: 0, stoppedBy: null };
	for (const item of await itemsOf(store, userId)) {
		if (item.failure !== null || item.overQuota) continue;
		if (item.retryAt !== null && item.retryAt > now()) {
			result.deferred++;
			continue;
		}
		const outcome = await send(item);
		if (outcome.kind === 'accepted') {
			if (outcome.overQuota) await store.put(overQuotaNotice(item, outcome.overQuota));
			else await store.delete(item.id);
			await store.setLastSyncAt(new Date(now()).toISOString());
			result.sent++;
		} else if (outcome.kind === 'refused') {
			await store.put({ ...item, attempts: item.attempts + 1, failure: outcome.message });
			result.refused++;
		} else if (outcome.kind === 'temporary') {
			const attempts = item.attempts + 1;
			await store.put({ ...item, attempts, retryAt: now() + retryDelayMs(attempts) });
			result.deferred++;
		} else {
			// Offline or signed out: the next items would fare the same; nothing is counted
			// against this one, the connection or the session is at fault.
			result.stoppedBy = outcome.kind;
			return result;
		}
	}
	return result;
}

export interface SyncStatus {
	waiting: number;
	refused: { id: string; queuedAt: string; message: string }[];
	/** Interviews the server stored as over quota, until the interviewer dismisses the notice. */
	overQuota: ({ id: string; queuedAt: string } & OverQuota)[];
	lastSyncAt: string | null;
	problem: 'offline' | 'signed-out' | null;
	syncing: boolean;
}

export async function readStatus(
	store: OutboxStore,
	userId: number,
	problem: SyncStatus['problem'],
	syncing: boolean
): Promise<SyncStatus> {
	const items = await itemsOf(store, userId);
	return {
		waiting: items.filter((item) => item.failure === null && !item.overQuota).length,
		refused: items
			.filter((item) => item.failure !== null)
			.map((item) => ({ id: item.id, queuedAt: item.queuedAt, message: item.failure! })),
		overQuota: items.flatMap(({ id, queuedAt, overQuota }) =>
			overQuota ? [{ id, queuedAt, ...overQuota }] : []
		),
		lastSyncAt: await store.lastSyncAt(),
		problem,
		syncing
	};
}

/** `synced — over quota (Region × sex: region = 3, sex = 2)`. */
export function overQuotaLine(overQuota: OverQuota): string {
	return `synced — over quota (${overQuota.quota}: ${overQuota.cell})`;
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** "2 waiting to sync, last sync 14:05" (the device's local time). */
export function statusLine(status: Pick<SyncStatus, 'waiting' | 'lastSyncAt'>): string {
	const at = status.lastSyncAt ? new Date(status.lastSyncAt) : null;
	const time = at ? `${twoDigits(at.getHours())}:${twoDigits(at.getMinutes())}` : 'never';
	return `${status.waiting} waiting to sync, last sync ${time}`;
}

export interface SyncLoopOptions {
	store: OutboxStore;
	send: Send;
	userId: number;
	isOnline: () => boolean;
	/** Where `online` events arrive (the window). */
	events: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
	onStatus: (status: SyncStatus) => void;
	now?: () => number;
	intervalMs?: number;
	setInterval?: (callback: () => void, ms: number) => unknown;
	clearInterval?: (handle: unknown) => void;
}

export interface SyncLoop {
	start(): void;
	stop(): void;
	/** Runs a round now, or right after the one in progress; resolves when it is done. */
	syncNow(): Promise<void>;
}

export function createSyncLoop(options: SyncLoopOptions): SyncLoop {
	const now = options.now ?? Date.now;
	const intervalMs = options.intervalMs ?? 30_000;
	const every = options.setInterval ?? ((callback, ms) => setInterval(callback, ms));
	const cancel =
		options.clearInterval ?? ((handle) => clearInterval(handle as ReturnType<typeof setInterval>));
	let timer: unknown = null;
	let running: Promise<void> | null = null;
	let again = false;
	let problem: SyncStatus['problem'] = null;

	const report = async (syncing: boolean) =>
		options.onStatus(await readStatus(options.store, options.userId, problem, syncing));

	async function round(): Promise<void> {
		if (options.isOnline()) {
			await report(true);
			const result = await syncRound(options.store, options.send, options.userId, now);
			problem = result.stoppedBy === 'unreachable' ? 'offline' : result.stoppedBy;
		} else {
			problem = 'offline';
		}
		await report(false);
	}

	function syncNow(): Promise<void> {
		// One round at a time, so that an item is never posted twice at once; a request made
		// during a round (e.g. for a just-queued interview) is served by one more round after it.
		again = true;
		running ??= (async () => {
			try {
				while (again) {
					again = false;
					await round();
				}
			} finally {
				running = null;
			}
		})();
		return running;
	}

	const onOnline = () => void syncNow().catch(() => undefined);
	const onOffline = () => {
		problem = 'offline';
		void report(running !== null).catch(() => undefined);
	};

	return {
		start() {
			options.events.addEventListener('online', onOnline);
			options.events.addEventListener('offline', onOffline);
			timer = every(onOnline, intervalMs);
			onOnline();
		},
		stop() {
			options.events.removeEventListener('online', onOnline);
			options.events.removeEventListener('offline', onOffline);
			if (timer !== null) cancel(timer);
			timer = null;
		},
		syncNow
	};
}
