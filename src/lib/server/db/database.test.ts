import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.ts';
import { migrate } from './migrate.ts';
import type { Migration } from './migrations/index.ts';
import { migrations } from './migrations/index.ts';
import { sql } from './sql.ts';

let db: Database;

beforeEach(async () => {
	db = await openDatabase(':memory:');
});

afterEach(async () => {
	await db.close();
});

function migration(version: number, statements: string[]): Migration {
	return { version, name: `test migration ${version}`, statements };
}

async function tableNames(): Promise<string[]> {
	const rows = await db.all<{ name: string }>(
		sql('SELECT table_name AS name FROM information_schema.tables ORDER BY 1')
	);
	return rows.map((row) => row.name);
}

async function countRows(table: 'users' | 'notes'): Promise<number> {
	const row = await db.one<{ n: number }>(sql(`SELECT count(*) AS n FROM ${table}`));
	return row!.n;
}

describe('migrate', () => {
	it('applies every migration on a new database and none the second time', async () => {
		const first = await migrate(db);
		expect(first.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
		expect(await migrate(db)).toEqual([]);
	});

	it('creates the schema tables and records the applied versions', async () => {
		await migrate(db);
		expect(await tableNames()).toEqual(
			expect.arrayContaining(['users', 'sessions', 'surveys', 'responses', 'audit_log'])
		);
		const recorded = await db.all<{ version: number }>(
			sql('SELECT version FROM schema_migrations ORDER BY version')
		);
		expect(recorded.map((row) => row.version)).toEqual(migrations.map((m) => m.version));
	});

	it('applies pending migrations in version order, whatever the list order', async () => {
		const later = migration(2, ['INSERT INTO notes VALUES (2)']);
		const earlier = migration(1, ['CREATE TABLE notes (n INTEGER)']);
		const applied = await migrate(db, [later, earlier]);
		expect(applied.map((m) => m.version)).toEqual([1, 2]);
		expect(await countRows('notes')).toBe(1);
	});

	it('applies only the migration added since the last run', async () => {
		const first = migration(1, ['CREATE TABLE notes (n INTEGER)']);
		await migrate(db, [first]);
		const applied = await migrate(db, [first, migration(2, ['INSERT INTO notes VALUES (1)'])]);
		expect(applied.map((m) => m.version)).toEqual([2]);
		expect(await countRows('notes')).toBe(1);
	});

	it('leaves nothing of a migration whose later statement fails, and does not record it', async () => {
		const broken = migration(1, [
			'CREATE TABLE notes (n INTEGER)',
			'INSERT INTO notes VALUES (1)',
			'INSERT INTO no_such_table VALUES (1)'
		]);
		await expect(migrate(db, [broken])).rejects.toThrow();
		expect(await tableNames()).not.toContain('notes');
		expect(await db.all(sql('SELECT version FROM schema_migrations'))).toEqual([]);
	});
});

describe('transaction', () => {
	beforeEach(async () => {
		await migrate(db);
	});

	function insertUser(email: string) {
		return sql(
			'INSERT INTO users (email, name, password_hash, is_admin) VALUES (?, ?, NULL, false)',
			email,
			'Test user'
		);
	}

	it('commits every statement and returns the result of the work', async () => {
		const result = await db.transaction(async (tx) => {
			await tx.run(insertUser('a@example.org'));
			await tx.run(insertUser('b@example.org'));
			return 'done';
		});
		expect(result).toBe('done');
		expect(await countRows('users')).toBe(2);
	});

	it('rolls back every statement when the work throws', async () => {
		const work = db.transaction(async (tx) => {
			await tx.run(insertUser('a@example.org'));
			await tx.run(insertUser('b@example.org'));
			throw new Error('stop here');
		});
		await expect(work).rejects.toThrow('stop here');
		expect(await countRows('users')).toBe(0);
	});

	it('rolls back earlier statements when a later statement fails', async () => {
		const work = db.transaction(async (tx) => {
			await tx.run(insertUser('a@example.org'));
			await tx.run(insertUser('a@example.org')); // violates UNIQUE (email)
		});
		await expect(work).rejects.toThrow();
		expect(await countRows('users')).toBe(0);
	});

	it('leaves the pooled connection usable after a rollback', async () => {
		await db.transaction(async () => Promise.reject(new Error('fail'))).catch(() => undefined);
		await db.transaction((tx) => tx.run(insertUser('c@example.org')));
		expect(await countRows('users')).toBe(1);
	});
});

describe('queries', () => {
	it('returns BIGINT results as numbers', async () => {
		const row = await db.one<Record<string, unknown>>(
			sql('SELECT count(*) AS n, 9007199254740::BIGINT AS big, sum(x) AS total FROM range(5) t(x)')
		);
		expect(row).toEqual({ n: 5, big: 9007199254740, total: 10 });
		expect(typeof row!.n).toBe('number');
	});

	it('binds values instead of splicing them into the text', async () => {
		const row = await db.one<{ value: string }>(sql('SELECT ? AS value', "'; DROP TABLE x; --"));
		expect(row!.value).toBe("'; DROP TABLE x; --");
	});

	it('returns undefined from one() and [] from all() when nothing matches', async () => {
		const empty = sql('SELECT x FROM range(3) t(x) WHERE x > ?', 10);
		expect(await db.one(empty)).toBeUndefined();
		expect(await db.all(empty)).toEqual([]);
	});

	it('refuses queries after close', async () => {
		const closed = await openDatabase(':memory:');
		await closed.close();
		await expect(closed.all(sql('SELECT 1'))).rejects.toThrow('The database is closed.');
	});
});

describe('connections', () => {
	it('answers hundreds of concurrent statements, each with its own result', async () => {
		const answers = await Promise.all(
			Array.from({ length: 300 }, (_, i) => db.one<{ n: number }>(sql('SELECT ? + 1 AS n', i)))
		);
		expect(answers.map((row) => row!.n)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
	});

	it('does not deadlock when many transactions run plain statements inside', async () => {
		await db.run(sql('CREATE TABLE counter (n INTEGER)'));
		// More transactions than shared statement connections, each waiting on a plain statement.
		await Promise.all(
			Array.from({ length: 40 }, (_, i) =>
				db.transaction(async (tx) => {
					const row = await db.one<{ n: number }>(sql('SELECT ? AS n', i));
					await tx.run(sql('INSERT INTO counter VALUES (?)', row!.n));
				})
			)
		);
		const total = await db.one<{ n: number; sum: number }>(
			sql('SELECT count(*)::INTEGER AS n, sum(n)::INTEGER AS sum FROM counter')
		);
		expect(total).toEqual({ n: 40, sum: (39 * 40) / 2 });
	});

	it('frees a shared connection when a statement fails', async () => {
		const failures = await Promise.allSettled(
			Array.from({ length: 20 }, () => db.one(sql('SELECT * FROM no_such_table')))
		);
		expect(failures.every((result) => result.status === 'rejected')).toBe(true);
		expect(await db.one(sql('SELECT 42 AS n'))).toEqual({ n: 42 });
	});
});

describe('dedicated session', () => {
	it('reuses a prepared statement with new values each time and rolls back a failed transaction', async () => {
		await db.run(sql('CREATE TABLE kept (n INTEGER PRIMARY KEY)'));
		const session = await db.dedicatedSession();
		for (const n of [1, 2, 3])
			await session.transaction((tx) => tx.run(sql('INSERT INTO kept VALUES (?)', n)));
		await expect(
			session.transaction(async (tx) => {
				await tx.run(sql('INSERT INTO kept VALUES (?)', 4));
				await tx.run(sql('INSERT INTO kept VALUES (?)', 1)); // duplicate key
			})
		).rejects.toThrow();
		const rows = await session.transaction((tx) =>
			tx.all<{ n: number }>(sql('SELECT n FROM kept WHERE n > ? ORDER BY n', 0))
		);
		expect(rows.map((row) => row.n)).toEqual([1, 2, 3]);
	});
});
