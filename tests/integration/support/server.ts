/**
 * Starts the built server (bin/server.js: the submission lane in front of SvelteKit) on a free port with its own DuckDB file in a temp
 * folder, as `npm start` would, and stops it afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serverNodeFlags } from '../../../bin/node-flags.js';

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

export interface LaunchedServer {
	output: () => string;
	/** The exit code once the process has exited by itself, else null. */
	exitCode: () => number | null;
	/** Sends the signal (unless the process has ended) and waits for the exit. */
	end: (signal: NodeJS.Signals) => Promise<void>;
}

/**
 * Spawns a server process with a fresh demo-free database at `databasePath` and the administrator
 * above, and waits (up to 120 s) until `ready` says it answers.
 */
export async function launchServer(options: {
	command: string;
	args: string[];
	databasePath: string;
	env: Record<string, string>;
	ready: () => Promise<boolean>;
}): Promise<LaunchedServer> {
	let output = '';
	const child: ChildProcess = spawn(options.command, options.args, {
		cwd: process.cwd(),
		env: {
			...process.env,
			BAROMETER_DB: options.databasePath,
			BAROMETER_DEMO: '0',
			BAROMETER_ADMIN_EMAIL: adminCredentials.email,
			BAROMETER_ADMIN_PASSWORD: adminCredentials.password,
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (chunk) => (output += chunk));
	child.stderr?.on('data', (chunk) => (output += chunk));
	const deadline = Date.now() + 120_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`The server exited early:\n${output}`);
		if (await options.ready().catch(() => false)) break;
		if (Date.now() > deadline) throw new Error(`The server did not start within 120 s:\n${output}`);
		await new Promise((resolve) => setTimeout(resolve, 150));
	}
	return {
		output: () => output,
		exitCode: () => child.exitCode,
		async end(signal) {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill(signal);
			await exited;
		}
	};
}

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
	const server = await launchServer({
		command: process.execPath,
		// With the flags npm start gives Node (bin/node-flags.js), so tests and benchmarks run it as is.
		args: [...serverNodeFlags, options.entry ?? 'bin/server.js'],
		databasePath,
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			BODY_SIZE_LIMIT: '4M',
			...env
		},
		ready: async () => (await fetch(`${origin}/healthz`)).ok
	});
	const halt = () => server.end('SIGTERM');
	return {
		origin,
		databasePath,
		output: server.output,
		halt,
		kill: () => server.end('SIGKILL'),
		stop: async () => {
			await halt();
			fs.rmSync(folder, { recursive: true, force: true });
		}
	};
}
