/**
 * Group commit for submissions. Each submission waits until its row is committed (DuckDB has
 * written it to its write-ahead log) before it is acknowledged; submissions that arrive while a
 * commit is in flight share the next one. So a lone respondent waits for one commit, and under
 * load hundreds of responses share a transaction instead of queueing behind one commit each.
 */
import type { Database, DedicatedSession } from '../db/database.ts';
import * as responses from '../db/responses.ts';
import type { NewResponse } from '../db/responses.ts';
import { sql } from '../db/sql.ts';

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
	options: {
		maxBatch?: number;
		onCommit?: (size: number) => void;
		/** Checkpoint after this long without submissions, if any were written (0: never). */
		quietCheckpointMs?: number;
	} = {}
): GroupCommitter {
	const maxBatch = options.maxBatch ?? 1000;
	const quietCheckpointMs = options.quietCheckpointMs ?? 1000;
	let queue: Waiting[] = [];
	let running: Promise<void> | null = null;
	// One connection whose statements stay prepared: the committer runs one batch at a time.
	// Its statements commit one by one, each durable when it returns; a batch that fails
	// part-way is retried row by row, which is safe because a repeat writes nothing.
	let session: Promise<DedicatedSession> | null = null;
	const partials = new RecentPartials();
	let writtenSinceCheckpoint = 0;
	async function upsert(rows: NewResponse[]): Promise<Set<string>> {
		session ??= db.dedicatedSession();
		const { statements } = await session;
		const written = new Set<string>();
		// Rows that continue a response this process stored as partial (a respondent saving page
		// by page) go straight to the UPDATE, without looking their ids up first; any it did not
		// write (completed or removed meanwhile) are sorted out by upsertMany.
		const continuing: NewResponse[] = [];
		const others: NewResponse[] = [];
		for (const row of rows) (partials.has(row.id) ? continuing : others).push(row);
		if (continuing.length) {
			const updated = await responses.updatePartials(statements, continuing);
			const missed = continuing.filter((row) => !updated.has(row.id));
			for (const id of updated) written.add(id);
			if (missed.length)
				for (const id of await responses.upsertMany(statements, missed)) written.add(id);
		}
		// Most others are new: one INSERT of them all, which fails as a whole (and writes
		// nothing) if an id is stored already; then upsertMany looks the ids up first.
		if (others.length) {
			let inserted: Iterable<string>;
			try {
				await statements.run(responses.insertResponses(others));
				inserted = others.map((row) => row.id);
			} catch {
				// An id is stored already, or a row is refused: upsertMany sorts them out.
				inserted = await responses.upsertMany(statements, others);
			}
			for (const id of inserted) written.add(id);
		}
		writtenSinceCheckpoint += written.size;
		for (const row of rows) if (written.has(row.id)) partials.record(row);
		return written;
	}

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
				const written = await upsert(batch.map((waiting) => waiting.row));
				options.onCommit?.(batch.length);
				for (const waiting of batch) waiting.resolve(written.has(waiting.row.id));
			} catch (error) {
				// One bad row must not fail the others: each is tried on its own, and only those that
				// fail again are answered with the error (their clients keep the response to send
				// again). Rows stored before the failure are found by the retry and not written twice.
				if (batch.length === 1) batch[0]!.reject(error);
				else await commitOneByOne(batch);
			}
		}
	}

	async function commitOneByOne(batch: Waiting[]): Promise<void> {
		for (const waiting of batch) {
			try {
				const written = await upsert([waiting.row]);
				options.onCommit?.(1);
				waiting.resolve(written.has(waiting.row.id));
			} catch (error) {
				waiting.reject(error);
			}
		}
	}

	// The first commit after a quiet spell starts once the event loop has taken in the requests
	// that arrived together (setImmediate runs after pending I/O). Starting at once would commit
	// the first of them alone and make the rest wait a whole commit for the next.
	function start() {
		if (quietTimer) clearTimeout(quietTimer);
		quietTimer = null;
		running ??= new Promise<void>((resolve) => setImmediate(resolve))
			.then(commitWhileWaiting)
			.finally(afterRun);
	}
	function afterRun() {
		running = null;
		if (queue.length) start();
		else if (quietCheckpointMs > 0 && writtenSinceCheckpoint > 0)
			(quietTimer = setTimeout(checkpointIfQuiet, quietCheckpointMs)).unref();
	}

	// DuckDB moves its write-ahead log into the database file (a checkpoint) inside whichever
	// commit makes the log too long, and that commit then takes 100–200 ms. Checkpointing when
	// submissions pause keeps the log short, so that rarely happens while respondents wait. It
	// runs in the committer's turn: submissions arriving meanwhile wait for it and then commit.
	let quietTimer: ReturnType<typeof setTimeout> | null = null;
	function checkpointIfQuiet() {
		quietTimer = null;
		if (running || queue.length) return;
		running = checkpoint().finally(() => {
			running = null;
			if (queue.length) start();
		});
	}
	async function checkpoint() {
		try {
			session ??= db.dedicatedSession();
			await (await session).statements.run(sql('CHECKPOINT'));
			writtenSinceCheckpoint = 0;
		} catch {
			// Another connection has a transaction open (CHECKPOINT refuses then): the next pause
			// after a write tries again, and DuckDB's own threshold remains the backstop.
		}
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

/**
 * Ids this process stored as partial responses, the most recent `capacity` of them (a respondent
 * saving page after page continues one). Only a hint: an id missing here is still looked up
 * when its INSERT fails.
 */
class RecentPartials {
	private readonly ids = new Set<string>();
	constructor(private readonly capacity = 100_000) {}
	has(id: string): boolean {
		return this.ids.has(id.toLowerCase());
	}
	record(row: NewResponse): void {
		const id = row.id.toLowerCase();
		this.ids.delete(id);
		if (row.status !== 'partial') return;
		this.ids.add(id);
		if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
	}
}
