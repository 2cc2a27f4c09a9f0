/**
 * The process-wide database: opened once, migrated once. Kept on globalThis so that Vite's module
 * reloading in development does not open the file a second time (DuckDB locks it).
 */
import { readConfig } from '../config.ts';
import { openDatabase, type Database } from './database.ts';
import { migrate } from './migrate.ts';

export type { Database, Queryable, Row } from './database.ts';
export { sql, quoteIdent, type SqlQuery, type SqlValue } from './sql.ts';

const key = Symbol.for('barometer.database');
type Holder = { [key]?: Promise<Database> };

export function database(): Promise<Database> {
	const holder = globalThis as Holder;
	holder[key] ??= (async () => {
		const db = await openDatabase(readConfig().databasePath);
		await migrate(db);
		return db;
	})();
	return holder[key];
}

export async function closeDatabase(): Promise<void> {
	const holder = globalThis as Holder;
	const open = holder[key];
	delete holder[key];
	if (open) await (await open).close();
}
