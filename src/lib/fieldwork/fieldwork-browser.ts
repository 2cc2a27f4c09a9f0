/**
 * The interview pages' ties to the browser: the IndexedDB outbox with its sync loop, and the
 * service worker (src/service-worker.ts) that keeps these pages available offline.
 */
import { dev } from '$app/environment';
import { offlinePagesOf } from './offline-pages.ts';
import {
	dismissOverQuotaNotice,
	indexedDbOutbox,
	retryRefused,
	type OutboxStore
} from './outbox.ts';
import { createSyncLoop, httpSender, type SyncLoop, type SyncStatus } from './sync.ts';

export interface FieldworkSync {
	store: OutboxStore;
	loop: SyncLoop;
	/** Puts an interview the server refused back in line and sends it. */
	retry(id: string): Promise<void>;
	/** Removes an over-quota notice the interviewer has read. */
	dismiss(id: string): Promise<void>;
}

export function startFieldworkSync(
	userId: number,
	onStatus: (status: SyncStatus) => void
): FieldworkSync {
	const store = indexedDbOutbox();
	const loop = createSyncLoop({
		store,
		send: httpSender((input, init) => fetch(input, init)),
		userId,
		isOnline: () => navigator.onLine,
		events: window,
		onStatus
	});
	loop.start();
	// Each change of the outbox is followed by a round, which also reports the new status.
	const thenSync = (change: Promise<void>) =>
		change.then(() => loop.syncNow()).catch(() => undefined);
	return {
		store,
		loop,
		retry: (id) => thenSync(retryRefused(store, userId, id)),
		dismiss: (id) => thenSync(dismissOverQuotaNotice(store, userId, id))
	};
}

/**
 * Registers the service worker for this project's interview pages only (its scope), and asks it
 * to keep the assignment list and the questionnaires `surveyIds` for offline use: the page being
 * shown loaded before the worker could see it, and a questionnaire never opened online would
 * otherwise be missing offline. Resolves whether all of them are now available offline.
 */
export async function keepInterviewPagesOffline(
	projectId: number,
	surveyIds: Iterable<number>
): Promise<boolean> {
	if (!('serviceWorker' in navigator)) return false;
	try {
		await navigator.serviceWorker.register('/service-worker.js', {
			scope: `/projects/${projectId}/interview`,
			// Vite serves the worker as a module in development; the build is a classic script.
			type: dev ? 'module' : 'classic'
		});
		const { active } = await navigator.serviceWorker.ready;
		if (!active) return false;
		return await new Promise<boolean>((resolve) => {
			const channel = new MessageChannel();
			// Every questionnaire is fetched once: a slow connection may take a while.
			const timeout = setTimeout(() => resolve(false), 60_000);
			channel.port1.onmessage = (event: MessageEvent<{ kept?: unknown }>) => {
				clearTimeout(timeout);
				resolve(event.data?.kept === true);
			};
			active.postMessage({ type: 'keep-offline', urls: offlinePagesOf(projectId, surveyIds) }, [
				channel.port2
			]);
		});
	} catch {
		return false;
	}
}
