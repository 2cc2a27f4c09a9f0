/**
 * The embedded store: one DuckDB database file, opened once per process.
 *
 * DuckDB transactions belong to a connection, so every transaction gets a connection of its own
 * from a small pool and plain reads borrow one for the length of one statement. Data-access
 * modules take a `Queryable` so that the same named query runs inside or outside a transaction
 * (and, later, against another store implementing the same interface).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
	DuckDBInstance,
	type DuckDBConnection,
	type DuckDBPreparedStatement
} from '@duckdb/node-api';
import type { SqlQuery } from './sql.ts';

export type Row = Record<string, unknown>;

export interface Queryable {
	all<T = Row>(query: SqlQuery): Promise<T[]>;
	one<T = Row>(query: SqlQuery): Promise<T | undefined>;
	run(query: SqlQuery): Promise<void>;
}

export interface Database extends Queryable {
	readonly path: string;
	transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
	/** Raw connection for bulk work (appenders, COPY); returned to the pool afterwards. */
	withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T>;
	/**
	 * A connection of its own for one sequential writer (the group commit): its statements are
	 * prepared once and reused, which saves DuckDB's planning on every batch. Closed with the
	 * database.
	 */
	dedicatedSession(): Promise<DedicatedSession>;
	close(): Promise<void>;
}

/** Calls must not overlap: the owner runs one statement or transaction at a time. */
export interface DedicatedSession {
	/** Statements outside a transaction: each commits on its own (durable when it returns). */
	statements: Queryable;
	transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
}

/** BIGINT results (counts, sums) arrive as bigint; callers want numbers at these magnitudes. */
function normaliseValue(value: unknown): unknown {
	return typeof value === 'bigint' ? Number(value) : value;
}

function normaliseRow(row: Record<string, unknown>): Row {
	const out: Row = {};
	for (const [key, value] of Object.entries(row)) out[key] = normaliseValue(value);
	return out;
}

function connectionQueryable(connection: DuckDBConnection): Queryable {
	return {
		async all<T>(query: SqlQuery) {
			const result = await connection.runAndReadAll(query.sql, query.params);
			return result.getRowObjectsJS().map(normaliseRow) as T[];
		},
		async one<T>(query: SqlQuery) {
			const result = await connection.runAndReadAll(query.sql, query.params);
			const rows = result.getRowObjectsJS();
			return rows.length ? (normaliseRow(rows[0]!) as T) : undefined;
		},
		async run(query: SqlQuery) {
			await connection.run(query.sql, query.params);
		}
	};
}

/**
 * Plain statements outside transactions share at most this many connections: DuckDB runs each
 * query on its own threads, so more connections than that only add the cost of opening and
 * closing them (under 200 concurrent requests that churn was a tenth of the CPU time).
 */
const statementConnections = 32;

/**
 * A Queryable whose statements are prepared once per SQL text. A prepared statement holds its
 * bound values until it runs, so this is only for one caller awaiting each statement in turn.
 */
function preparedQueryable(connection: DuckDBConnection): Queryable {
	const prepared = new Map<string, Promise<DuckDBPreparedStatement>>();
	async function bound(query: SqlQuery) {
		let statement = prepared.get(query.sql);
		if (!statement) prepared.set(query.sql, (statement = connection.prepare(query.sql)));
		const ready = await statement;
		ready.bind(query.params);
		return ready;
	}
	return {
		async all<T>(query: SqlQuery) {
			const result = await (await bound(query)).runAndReadAll();
			return result.getRowObjectsJS().map(normaliseRow) as T[];
		},
		async one<T>(query: SqlQuery) {
			const rows = (await (await bound(query)).runAndReadAll()).getRowObjectsJS();
			return rows.length ? (normaliseRow(rows[0]!) as T) : undefined;
		},
		async run(query: SqlQuery) {
			// Not reading the result saves a round trip to DuckDB's thread (~0.25 ms a statement).
			await (await bound(query)).run();
		}
	};
}

async function inTransaction<T>(
	connection: DuckDBConnection,
	tx: Queryable,
	work: (tx: Queryable) => Promise<T>
): Promise<T> {
	await connection.run('BEGIN TRANSACTION');
	try {
		const result = await work(tx);
		await connection.run('COMMIT');
		return result;
	} catch (error) {
		await connection.run('ROLLBACK').catch(() => undefined);
		throw error;
	}
}

/**
 * How much write-ahead log DuckDB lets grow before it checkpoints inside a commit (default 16 MB).
 * That checkpoint held the committing statement for 100–200 ms, every ~60,000 submissions,
 * stalling every respondent waiting on the group commit; the group commit now checkpoints when
 * submissions pause (group-commit.ts), and this bound is the backstop under sustained load. A
 * larger log makes a restart after a crash replay more: 4.1 s for 110 MB on the 2-core machine.
 */
const checkpointThreshold = '128MB';

export async function openDatabase(databasePath: string): Promise<Database> {
	if (databasePath !== ':memory:') fs.mkdirSync(path.dirname(databasePath), { recursive: true });
	const instance = await DuckDBInstance.create(databasePath, {
		checkpoint_threshold: checkpointThreshold
	});
	const idle: DuckDBConnection[] = [];
	const dedicated: DuckDBConnection[] = [];
	let closed = false;

	async function acquire(): Promise<DuckDBConnection> {
		if (closed) throw new Error('The database is closed.');
		return idle.pop() ?? (await instance.connect());
	}
	function release(connection: DuckDBConnection) {
		if (closed || idle.length >= statementConnections) connection.closeSync();
		else idle.push(connection);
	}
	async function withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>) {
		const connection = await acquire();
		try {
			return await work(connection);
		} finally {
			release(connection);
		}
	}

	// Statements wait for one of the shared connections. They never hold one while waiting for
	// another, so the bound cannot deadlock; transactions (which may run plain statements inside)
	// take connections outside it.
	let statementsRunning = 0;
	const waiting: (() => void)[] = [];
	async function statement<T>(work: (queryable: Queryable) => Promise<T>): Promise<T> {
		if (statementsRunning >= statementConnections)
			await new Promise<void>((resolve) => waiting.push(resolve));
		else statementsRunning++;
		try {
			return await withConnection((connection) => work(connectionQueryable(connection)));
		} finally {
			// The slot passes straight to the next waiter, so the count stays the same.
			const next = waiting.shift();
			if (next) next();
			else statementsRunning--;
		}
	}

	return {
		path: databasePath,
		all: (query) => statement((q) => q.all(query)),
		one: (query) => statement((q) => q.one(query)),
		run: (query) => statement((q) => q.run(query)),
		withConnection,
		async transaction(work) {
			return withConnection((connection) =>
				inTransaction(connection, connectionQueryable(connection), work)
			);
		},
		async dedicatedSession() {
			if (closed) throw new Error('The database is closed.');
			const connection = await instance.connect();
			dedicated.push(connection);
			const prepared = preparedQueryable(connection);
			return {
				statements: prepared,
				transaction: (work) => inTransaction(connection, prepared, work)
			};
		},
		async close() {
			closed = true;
			for (const connection of idle.splice(0)) connection.closeSync();
			for (const connection of dedicated.splice(0)) connection.closeSync();
			instance.closeSync();
		}
	};
}
