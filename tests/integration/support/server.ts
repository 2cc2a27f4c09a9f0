/**
 * Starts the built server (bin/server.js: the submission lane in front of SvelteKit) on a free port with its own DuckDB file in a temp
 * folder, as `npm start` would, and stops it afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestServer {
	origin: string;
	databasePath: string;
	output: () => string;
	/** Ends the server process and keeps its files (to inspect the database afterwards). */
	halt: () => Promise<void>;
	/** Kills the server process outright (SIGKILL), as a crash would; keeps its files. */
	kill: () => Promise<void>;
	/** Ends the server process and removes its files. */
	stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				typeof address === 'object' && address
					? resolve(address.port)
					: reject(new Error('no port'))
			);
		});
	});
}

export const adminCredentials = { email: 'admin@example.org', password: 'admin-password-123' };

export async function startServer(
	env: Record<string, string> = {},
	options: {
		databasePath?: string;
		/**
		 * bin/server.js (the default, as `npm start` runs) answers submissions in the submission
		 * lane; build/index.js is adapter-node's own server, where SvelteKit's route answers them.
		 */
		entry?: 'bin/server.js' | 'build/index.js';
	} = {}
): Promise<TestServer> {
	const folder = options.databasePath
		? path.dirname(options.databasePath)
		: fs.mkdtempSync(path.join(os.tmpdir(), 'barometer-test-'));
	const databasePath = options.databasePath ?? path.join(folder, 'barometer.duckdb');
	const port = await freePort();
	const origin = `http://localhost:${port}`;
	let output = '';
	const child: ChildProcess = spawn(process.execPath, [options.entry ?? 'bin/server.js'], {
		cwd: process.cwd(),
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			BAROMETER_DB: databasePath,
			BAROMETER_DEMO: '0',
			BAROMETER_ADMIN_EMAIL: adminCredentials.email,
			BAROMETER_ADMIN_PASSWORD: adminCredentials.password,
			BODY_SIZE_LIMIT: '4M',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (chunk) => (output += chunk));
	child.stderr?.on('data', (chunk) => (output += chunk));
	const deadline = Date.now() + 120_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`The server exited early:\n${output}`);
		try {
			const response = await fetch(`${origin}/healthz`);
			if (response.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`The server did not start within 120 s:\n${output}`);
		await new Promise((resolve) => setTimeout(resolve, 150));
	}
	const end = async (signal: NodeJS.Signals) => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill(signal);
		await exited;
	};
	const halt = () => end('SIGTERM');
	return {
		origin,
		databasePath,
		output: () => output,
		halt,
		kill: () => end('SIGKILL'),
		stop: async () => {
			await halt();
			fs.rmSync(folder, { recursive: true, force: true });
		}
	};
}
