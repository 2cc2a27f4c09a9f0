/**
 * Undo and redo for the designer: snapshots of the whole questionnaire (small JSON documents, so
 * a copy per edit is cheap and every kind of edit is undoable the same way). Consecutive edits
 * of the same field within a short time are merged, so that typing a title is one undo step.
 */
export interface History<T> {
	/** Records the state before an edit; `mergeKey` merges it with the previous edit of that key. */
	record(before: T, mergeKey?: string): void;
	undo(current: T): T | undefined;
	redo(current: T): T | undefined;
	readonly canUndo: boolean;
	readonly canRedo: boolean;
}

export function createHistory<T>(
	options: { limit?: number; mergeWithinMs?: number; now?: () => number } = {}
): History<T> {
	const limit = options.limit ?? 200;
	const mergeWithin = options.mergeWithinMs ?? 1500;
	const now = options.now ?? (() => Date.now());
	const past: T[] = [];
	let future: T[] = [];
	let last: { key: string; at: number } | null = null;
	return {
		record(before, mergeKey) {
			const at = now();
			const merge = mergeKey !== undefined && last?.key === mergeKey && at - last.at < mergeWithin;
			last = mergeKey === undefined ? null : { key: mergeKey, at };
			future = [];
			if (merge) return;
			past.push(structuredClone(before));
			if (past.length > limit) past.shift();
		},
		undo(current) {
			const previous = past.pop();
			if (previous === undefined) return undefined;
			future.push(structuredClone(current));
			last = null;
			return previous;
		},
		redo(current) {
			const next = future.pop();
			if (next === undefined) return undefined;
			past.push(structuredClone(current));
			last = null;
			return next;
		},
		get canUndo() {
			return past.length > 0;
		},
		get canRedo() {
			return future.length > 0;
		}
	};
}
