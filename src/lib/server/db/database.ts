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
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
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
	close(): Promise<void>;
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

export async function openDatabase(databasePath: string): Promise<Database> {
	if (databasePath !== ':memory:') fs.mkdirSync(path.dirname(databasePath), { recursive: true });
	const instance = await DuckDBInstance.create(databasePath);
	const idle: DuckDBConnection[] = [];
	let closed = false;

	async function acquire(): Promise<DuckDBConnection> {
		if (closed) throw new Error('The database is closed.');
		return idle.pop() ?? (await instance.connect());
	}
	function release(connection: DuckDBConnection) {
		if (closed || idle.length >= 8) connection.closeSync();
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

	return {
		path: databasePath,
		all: (query) => withConnection((c) => connectionQueryable(c).all(query)),
		one: (query) => withConnection((c) => connectionQueryable(c).one(query)),
		run: (query) => withConnection((c) => connectionQueryable(c).run(query)),
		withConnection,
		async transaction(work) {
			return withConnection(async (connection) => {
				await connection.run('BEGIN TRANSACTION');
				try {
					const result = await work(connectionQueryable(connection));
					await connection.run('COMMIT');
					return result;
				} catch (error) {
					await connection.run('ROLLBACK').catch(() => undefined);
					throw error;
				}
			});
		},
		async close() {
			closed = true;
			for (const connection of idle.splice(0)) connection.closeSync();
			instance.closeSync();
		}
	};
}
