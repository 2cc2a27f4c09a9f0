/**
 * The interview pages' ties to the browser: the IndexedDB outbox with its sync loop, and the
 * service worker (src/service-worker.ts) that keeps these pages available offline.
 */
import { dev } from '$app/environment';
import { indexedDbOutbox, type OutboxStore } from './outbox.ts';
import { createSyncLoop, httpSender, type SyncLoop, type SyncStatus } from './sync.ts';

export interface FieldworkSync {
	store: OutboxStore;
	loop: SyncLoop;
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
	return { store, loop };
}

/**
 * Registers the service worker for this project's interview pages only (its scope), and asks it
 * to cache the page being shown, which loaded before the worker could see it. Resolves whether
 * the page is now available offline.
 */
export async function keepInterviewPageOffline(projectId: number): Promise<boolean> {
	if (!('serviceWorker' in navigator)) return false;
	await navigator.serviceWorker.register('/service-worker.js', {
		scope: `/projects/${projectId}/interview`,
		// Vite serves the worker as a module in development; the build is a classic script.
		type: dev ? 'module' : 'classic'
	});
	const { active } = await navigator.serviceWorker.ready;
	if (!active) return false;
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		const timeout = setTimeout(() => resolve(false), 30_000);
		channel.port1.onmessage = (event: MessageEvent<{ kept?: unknown }>) => {
			clearTimeout(timeout);
			resolve(event.data?.kept === true);
		};
		active.postMessage({ type: 'keep-offline', url: location.href }, [channel.port2]);
	});
}
