import type { Database } from './database.ts';
import { migrations as allMigrations, type Migration } from './migrations/index.ts';
import { sql } from './sql.ts';

/** Applies the migrations not yet recorded, each in its own transaction. Returns those applied. */
export async function migrate(
	db: Database,
	migrations: Migration[] = allMigrations
): Promise<Migration[]> {
	await db.run(
		sql(`CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY,
			name VARCHAR NOT NULL,
			applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
		)`)
	);
	const done = await db.all<{ version: number }>(sql('SELECT version FROM schema_migrations'));
	const applied = new Set(done.map((row) => row.version));
	const pending = migrations
		.filter((migration) => !applied.has(migration.version))
		.sort((a, b) => a.version - b.version);
	for (const migration of pending) {
		await db.transaction(async (tx) => {
			for (const statement of migration.statements) await tx.run(sql(statement));
			await tx.run(
				sql(
					'INSERT INTO schema_migrations (version, name) VALUES (?, ?)',
					migration.version,
					migration.name
				)
			);
		});
	}
	// Schema changes must not wait in the write-ahead log: DuckDB (1.5) cannot replay some of them
	// (ALTER TABLE … ADD COLUMN, sequences) after a crash and would refuse to open the file. The
	// crash test in tests/integration/crash.test.ts kills the server to keep this honest.
	if (pending.length) await db.run(sql('CHECKPOINT'));
	return pending;
}
