/**
 * Group commit for submissions. Each submission waits until its row is committed (DuckDB has
 * written it to its write-ahead log) before it is acknowledged; submissions that arrive while a
 * commit is in flight share the next one. So a lone respondent waits for one commit, and under
 * load hundreds of responses share a transaction instead of queueing behind one commit each.
 */
import type { Database } from '../db/database.ts';
import * as responses from '../db/responses.ts';
import type { NewResponse } from '../db/responses.ts';

interface Waiting {
	row: NewResponse;
	resolve: (written: boolean) => void;
	reject: (error: unknown) => void;
}

export interface GroupCommitter {
	/** Resolves once the row is committed: true if it was written, false for a repeat. */
	write(row: NewResponse): Promise<boolean>;
	/** Resolves when nothing is waiting (for shutdown and tests). */
	drain(): Promise<void>;
}

export function createGroupCommitter(
	db: Database,
	options: { maxBatch?: number; onCommit?: (size: number) => void } = {}
): GroupCommitter {
	const maxBatch = options.maxBatch ?? 1000;
	let queue: Waiting[] = [];
	let running: Promise<void> | null = null;

	/** Up to maxBatch waiting rows with distinct ids; a repeat of an id waits for the next commit. */
	function takeBatch(): Waiting[] {
		const batch: Waiting[] = [];
		const later: Waiting[] = [];
		const ids = new Set<string>();
		for (const waiting of queue) {
			if (batch.length < maxBatch && !ids.has(waiting.row.id)) {
				ids.add(waiting.row.id);
				batch.push(waiting);
			} else later.push(waiting);
		}
		queue = later;
		return batch;
	}

	async function commitWhileWaiting(): Promise<void> {
		while (queue.length) {
			const batch = takeBatch();
			try {
				const written = await db.transaction((tx) =>
					responses.upsertMany(
						tx,
						batch.map((waiting) => waiting.row)
					)
				);
				options.onCommit?.(batch.length);
				for (const waiting of batch) waiting.resolve(written.has(waiting.row.id));
			} catch (error) {
				// Nothing of this batch was stored. One bad row must not fail the others: each is
				// tried on its own, and only those that fail again are answered with the error (their
				// clients keep the response to send again).
				if (batch.length === 1) batch[0]!.reject(error);
				else await commitOneByOne(batch);
			}
		}
	}

	async function commitOneByOne(batch: Waiting[]): Promise<void> {
		for (const waiting of batch) {
			try {
				const written = await db.transaction((tx) => responses.upsertMany(tx, [waiting.row]));
				options.onCommit?.(1);
				waiting.resolve(written.has(waiting.row.id));
			} catch (error) {
				waiting.reject(error);
			}
		}
	}

	function start() {
		running ??= commitWhileWaiting().finally(() => {
			running = null;
			if (queue.length) start();
		});
	}

	return {
		write(row) {
			return new Promise<boolean>((resolve, reject) => {
				queue.push({ row, resolve, reject });
				start();
			});
		},
		async drain() {
			while (running) await running;
		}
	};
}
