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
	// part-way is retried row by row, which is safe because a repeat writes nothing, and the
	// rows it wrote before failing are answered as written.
	let session: Promise<DedicatedSession> | null = null;
	const partials = new RecentPartials();
	let writtenSinceCheckpoint = 0;
	/**
	 * Writes the rows, adding each id to `written` as soon as the statement that wrote it has
	 * committed: if a later statement fails, the rows written before it are still known.
	 */
	async function upsert(rows: NewResponse[], written: Set<string>): Promise<void> {
		session ??= db.dedicatedSession();
		const { statements } = await session;
		const continuing: NewResponse[] = [];
		const others: NewResponse[] = [];
		for (const row of rows) (partials.has(row.id) ? continuing : others).push(row);
		// Most submissions are new: one INSERT of them all, which fails as a whole (and writes
		// nothing) if an id is stored already; then upsertMany looks the ids up first.
		if (others.length) {
			let inserted = false;
			try {
				await statements.run(responses.insertResponses(others));
				inserted = true;
			} catch {
				// An id is stored already, or a row is refused: upsertMany sorts them out.
			}
			if (inserted) for (const row of others) written.add(row.id);
			else await responses.upsertMany(statements, others, written);
		}
		// Rows that continue a response this process stored as partial (a respondent saving page
		// by page) go straight to the UPDATE, without looking their ids up first; any it did not
		// write (completed or removed meanwhile) are sorted out by upsertMany.
		if (continuing.length) {
			const updated = await responses.updatePartials(statements, continuing);
			for (const id of updated) written.add(id);
			const missed = continuing.filter((row) => !updated.has(row.id));
			if (missed.length) await responses.upsertMany(statements, missed, written);
			for (const row of missed) if (!written.has(row.id)) partials.forget(row.id);
		}
	}

	/**
	 * Up to maxBatch waiting rows with distinct ids; a repeat of an id waits for the next commit.
	 * Ids are compared in lower case, as the database stores a UUID: the same id in capitals in
	 * one batch would leave to DuckDB which of the two an UPDATE … FROM applies.
	 */
	function takeBatch(): Waiting[] {
		const batch: Waiting[] = [];
		const later: Waiting[] = [];
		const ids = new Set<string>();
		for (const waiting of queue) {
			const id = waiting.row.id.toLowerCase();
			if (batch.length < maxBatch && !ids.has(id)) {
				ids.add(id);
				batch.push(waiting);
			} else later.push(waiting);
		}
		queue = later;
		return batch;
	}

	async function commitWhileWaiting(): Promise<void> {
		while (queue.length) {
			const batch = takeBatch();
			const rows = batch.map((waiting) => waiting.row);
			const written = new Set<string>();
			try {
				await upsert(rows, written);
				options.onCommit?.(batch.length);
				for (const waiting of batch) waiting.resolve(written.has(waiting.row.id));
			} catch {
				// One bad row must not fail the others: each is tried on its own, and only those that
				// fail again are answered with the error (their clients keep the response to send
				// again). Rows written before the failure are answered as written.
				await commitOneByOne(batch, written);
			} finally {
				for (const row of rows) {
					if (!written.has(row.id)) continue;
					writtenSinceCheckpoint++;
					partials.record(row);
				}
			}
		}
	}

	async function commitOneByOne(batch: Waiting[], written: Set<string>): Promise<void> {
		for (const waiting of batch) {
			if (!written.has(waiting.row.id)) {
				try {
					await upsert([waiting.row], written);
				} catch (error) {
					if (!written.has(waiting.row.id)) {
						waiting.reject(error);
						continue;
					}
				}
			}
			options.onCommit?.(1);
			waiting.resolve(written.has(waiting.row.id));
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
	forget(id: string): void {
		this.ids.delete(id.toLowerCase());
	}
	record(row: NewResponse): void {
		const id = row.id.toLowerCase();
		this.ids.delete(id);
		if (row.status !== 'partial') return;
		this.ids.add(id);
		if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
	}
}
