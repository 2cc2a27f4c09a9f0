/**
 * A value remembered for a short time, per key: what the submission path looks up for every
 * response (the survey behind a slug, its public collector) but which rarely changes. Changes
 * made in this process call `forget`; the lifetime bounds the staleness of anything else.
 */
export interface ShortLived<T> {
	get(key: string, load: () => Promise<T>): Promise<T>;
	forget(key: string): void;
}

export function shortLived<T>(lifetimeMs: number, capacity = 10_000): ShortLived<T> {
	const entries = new Map<string, { at: number; value: Promise<T> }>();
	return {
		get(key, load) {
			const now = Date.now();
			const entry = entries.get(key);
			if (entry && now - entry.at < lifetimeMs) return entry.value;
			const value = load();
			entries.set(key, { at: now, value });
			// A failed lookup is not remembered.
			value.catch(() => entries.delete(key));
			if (entries.size > capacity) entries.delete(entries.keys().next().value!);
			return value;
		},
		forget(key) {
			entries.delete(key);
		}
	};
}
