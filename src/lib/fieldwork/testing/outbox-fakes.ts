/** Stand-ins for unit tests: an outbox kept in memory instead of IndexedDB, and an interview. */
import type { InterviewSubmission } from '../interview-paradata.ts';
import type { OutboxItem, OutboxStore } from '../outbox.ts';

export interface MemoryOutbox extends OutboxStore {
	items: Map<string, OutboxItem>;
}

export function memoryOutbox(): MemoryOutbox {
	const items = new Map<string, OutboxItem>();
	let lastSync: string | null = null;
	// Copies in and out, as IndexedDB's structured clone does: callers cannot edit stored items.
	const copy = (item: OutboxItem): OutboxItem => structuredClone(item);
	return {
		items,
		put: async (item) => void items.set(item.id, copy(item)),
		all: async () => [...items.values()].map(copy),
		delete: async (id) => void items.delete(id),
		lastSyncAt: async () => lastSync,
		setLastSyncAt: async (at) => {
			lastSync = at;
		}
	};
}

export function sampleSubmission(id: string): InterviewSubmission {
	return {
		id,
		version: 1,
		status: 'complete',
		answers: { aware: 1 },
		startedAt: '2026-03-01T10:00:00.000Z',
		paradata: {
			language: 'en',
			durationMs: 60_000,
			endedAt: '2026-03-01T10:01:00.000Z',
			deviceClass: 'phone',
			order: {},
			pageTimesMs: { p1: 60_000 },
			changedAnswers: 0
		}
	};
}
