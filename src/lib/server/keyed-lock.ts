/**
 * Serialises async work per key within this process. DuckDB's optimistic concurrency does not
 * detect two transactions that each read "two owners remain" and then demote different owners,
 * so checks that span rows (a project's last owner) run one at a time per project. The embedded
 * store is one process by design; a multi-node store will need row locks in the database.
 */
export class KeyedLock {
	private tails = new Map<string, Promise<unknown>>();

	async run<T>(key: string, work: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		const result = previous.catch(() => undefined).then(work);
		const tail = result.catch(() => undefined);
		this.tails.set(key, tail);
		try {
			return await result;
		} finally {
			if (this.tails.get(key) === tail) this.tails.delete(key);
		}
	}
}
