/**
 * Process configuration, read from the environment once. Server code imports this instead of
 * `$env` so that the CLI (run outside SvelteKit) and the app share one definition.
 */
import path from 'node:path';

export interface BarometerConfig {
	/** DuckDB database file; `:memory:` is allowed for tests. */
	databasePath: string;
	port: number;
	adminEmail: string | undefined;
	adminPassword: string | undefined;
	/** Load the demo project on first start (off with BAROMETER_DEMO=0). */
	loadDemo: boolean;
	/** Public origin used in printed links (setup link, survey links). */
	origin: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): BarometerConfig {
	const port = Number(env.PORT ?? 3000);
	if (!Number.isInteger(port) || port <= 0 || port > 65535) {
		throw new Error(`PORT must be a whole number from 1 to 65535, not "${env.PORT}".`);
	}
	const databasePath = env.BAROMETER_DB ?? path.join('data', 'barometer.duckdb');
	return {
		databasePath: databasePath === ':memory:' ? databasePath : path.resolve(databasePath),
		port,
		adminEmail: env.BAROMETER_ADMIN_EMAIL || undefined,
		adminPassword: env.BAROMETER_ADMIN_PASSWORD || undefined,
		loadDemo: env.BAROMETER_DEMO !== '0',
		origin: (env.ORIGIN ?? `http://localhost:${port}`).replace(/\/$/, '')
	};
}
