/**
 * The interviewer's outbox: completed interviews wait on the device until the server has them.
 * An item leaves the outbox only when the server accepted it (see sync.ts); an interview the
 * server refuses stays, marked with the server's reason, so that nothing is lost silently. One
 * the server stored as over quota stays as a notice, without the respondent's answers, until the
 * interviewer has read it: it counts as a partial, not as one of their completes.
 *
 * The logic works on an `OutboxStore`; `indexedDbOutbox` is the browser's store (IndexedDB
 * survives reloads, closed tabs and restarts of the device), tests use an in-memory one.
 */
import type { InterviewSubmission } from './interview-paradata.ts';

/** The full quota cell an interview fell in, as the server names it. */
export interface OverQuota {
	quota: string;
	/** E.g. `region = 3, sex = 2`. */
	cell: string;
}

export interface OutboxItem {
	/** The response id: a re-send of the same interview is recognised by the server. */
	id: string;
	/** Whose interview it is: a shared device syncs only the signed-in interviewer's items. */
	userId: number;
	/** Where the interview is posted. */
	endpoint: string;
	submission: InterviewSubmission;
	queuedAt: string;
	/** Attempts the server answered with a temporary failure. */
	attempts: number;
	/** Not before this time (epoch ms): the back-off after a temporary failure. */
	retryAt: number | null;
	/** The server's reason when it refused the interview for good (a 4xx answer). */
	failure: string | null;
	/**
	 * Set when the server stored the interview but its quota cell was full: the item is then only
	 * a notice for the interviewer and is never sent again. Absent before (and on items queued
	 * before this field existed).
	 */
	overQuota?: OverQuota;
}

export interface OutboxStore {
	put(item: OutboxItem): Promise<void>;
	all(): Promise<OutboxItem[]>;
	delete(id: string): Promise<void>;
	/** When the server last accepted an interview from this device (ISO), or null. */
	lastSyncAt(): Promise<string | null>;
	setLastSyncAt(at: string): Promise<void>;
}

export async function queueInterview(
	store: OutboxStore,
	entry: { userId: number; endpoint: string; submission: InterviewSubmission },
	now: Date
): Promise<OutboxItem> {
	const item: OutboxItem = {
		id: entry.submission.id,
		userId: entry.userId,
		endpoint: entry.endpoint,
		submission: entry.submission,
		queuedAt: now.toISOString(),
		attempts: 0,
		retryAt: null,
		failure: null
	};
	await store.put(item);
	return item;
}

/** The interviewer's items, oldest first. */
export async function itemsOf(store: OutboxStore, userId: number): Promise<OutboxItem[]> {
	const items = await store.all();
	return items
		.filter((item) => item.userId === userId)
		.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.id.localeCompare(b.id));
}

/** Sends a refused interview again (e.g. after the supervisor fixed the assignment). */
export async function retryRefused(store: OutboxStore, userId: number, id: string): Promise<void> {
	const item = (await itemsOf(store, userId)).find((candidate) => candidate.id === id);
	if (item) await store.put({ ...item, failure: null, attempts: 0, retryAt: null });
}

/**
 * What stays of an interview the server stored over quota: the notice. The answers and the
 * position leave the device, as they do with any interview the server has.
 */
export function overQuotaNotice(item: OutboxItem, overQuota: OverQuota): OutboxItem {
	const { gps: _position, ...paradata } = item.submission.paradata;
	return {
		...item,
		submission: { ...item.submission, answers: {}, paradata },
		retryAt: null,
		overQuota
	};
}

/** Deletes an over-quota notice the interviewer has read; never an interview still to be sent. */
export async function dismissOverQuotaNotice(
	store: OutboxStore,
	userId: number,
	id: string
): Promise<void> {
	const item = (await itemsOf(store, userId)).find((candidate) => candidate.id === id);
	if (item?.overQuota) await store.delete(id);
}

const itemsStore = 'items';
const metaStore = 'meta';
const lastSyncKey = 'lastSyncAt';

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

function openDatabase(factory: IDBFactory, name: string): Promise<IDBDatabase> {
	const request = factory.open(name, 1);
	request.onupgradeneeded = () => {
		request.result.createObjectStore(itemsStore, { keyPath: 'id' });
		request.result.createObjectStore(metaStore);
	};
	return requestResult(request);
}

/** The outbox in the browser's IndexedDB: one object store of items, one of small facts. */
export function indexedDbOutbox(
	factory: IDBFactory = indexedDB,
	name = 'barometer-interviews'
): OutboxStore {
	let opened: Promise<IDBDatabase> | undefined;
	async function run<T>(
		storeName: string,
		mode: IDBTransactionMode,
		work: (store: IDBObjectStore) => IDBRequest<T>
	): Promise<T> {
		opened ??= openDatabase(factory, name);
		const transaction = (await opened).transaction(storeName, mode);
		// A write counts once its transaction committed, not when its request succeeded.
		const committed = new Promise<void>((resolve, reject) => {
			transaction.oncomplete = () => resolve();
			transaction.onerror = () => reject(transaction.error);
			transaction.onabort = () => reject(transaction.error ?? new Error('aborted'));
		});
		const [result] = await Promise.all([
			requestResult(work(transaction.objectStore(storeName))),
			committed
		]);
		return result;
	}
	return {
		put: async (item) => void (await run(itemsStore, 'readwrite', (store) => store.put(item))),
		all: () => run(itemsStore, 'readonly', (store) => store.getAll() as IDBRequest<OutboxItem[]>),
		delete: async (id) => void (await run(itemsStore, 'readwrite', (store) => store.delete(id))),
		lastSyncAt: async () =>
			((await run(metaStore, 'readonly', (store) => store.get(lastSyncKey))) as
				string | undefined) ?? null,
		setLastSyncAt: async (at) =>
			void (await run(metaStore, 'readwrite', (store) => store.put(at, lastSyncKey)))
	};
}
