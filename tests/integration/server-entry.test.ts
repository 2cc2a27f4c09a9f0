/**
 * bin/server.js beyond the submission lane: compression of what SvelteKit renders, and the ways
 * of listening adapter-node's own server offers (a Unix socket, systemd socket activation).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchServer, startServer, type TestServer } from './support/server.ts';

interface RawResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

/** A GET without fetch's automatic decompression, over TCP or a Unix socket. */
function get(
	target: { origin: string } | { socketPath: string },
	pathname: string,
	headers: Record<string, string> = {}
): Promise<RawResponse> {
	const where =
		'origin' in target
			? { host: new URL(target.origin).hostname, port: new URL(target.origin).port }
			: { socketPath: target.socketPath };
	return new Promise((resolve, reject) => {
		const request = http.get({ ...where, path: pathname, headers }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () =>
				resolve({
					status: response.statusCode!,
					headers: response.headers,
					body: Buffer.concat(chunks)
				})
			);
		});
		request.on('error', reject);
	});
}

describe('compression', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer();
	}, 180_000);
	afterAll(async () => server?.stop());

	it('compresses rendered pages with brotli or gzip, as the browser accepts', async () => {
		const plain = await get(server, '/login', { 'accept-encoding': 'identity' });
		expect(plain.status).toBe(200);
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.body.toString()).toContain('<form');

		const br = await get(server, '/login', { 'accept-encoding': 'gzip, br' });
		expect(br.headers['content-encoding']).toBe('br');
		expect(br.headers.vary).toMatch(/accept-encoding/i);
		expect(br.body.length).toBeLessThan(plain.body.length / 2);
		// Each rendering carries fresh nonces, so the same page is compared by content and length.
		const brText = zlib.brotliDecompressSync(br.body).toString();
		expect(brText).toContain('<form');
		expect(Math.abs(brText.length - plain.body.length)).toBeLessThan(200);

		const gzip = await get(server, '/login', { 'accept-encoding': 'gzip' });
		expect(gzip.headers['content-encoding']).toBe('gzip');
		expect(zlib.gunzipSync(gzip.body).toString()).toContain('<form');
	});

	it('leaves precompressed static files as they are', async () => {
		const page = (await get(server, '/login', { 'accept-encoding': 'identity' })).body.toString();
		const script = /\/_app\/immutable\/[^"']+\.js/.exec(page)?.[0];
		expect(script).toBeDefined();
		const asset = await get(server, script!, { 'accept-encoding': 'br' });
		expect(asset.status).toBe(200);
		expect(asset.headers['content-encoding']).toBe('br');
		// Decodes once: not compressed a second time on top of the precompressed file.
		expect(zlib.brotliDecompressSync(asset.body).toString()).toMatch(/import|export|function/);
	});
});

type Target = { origin: string } | { socketPath: string };

/** Starts bin/server.js through `command` and waits until /healthz answers on the target. */
async function startListening(
	command: string,
	args: string[],
	env: Record<string, string>,
	/** Where it will listen, once that is known. */
	target: () => Target | null
) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'barometer-entry-'));
	const server = await launchServer({
		command,
		args,
		databasePath: path.join(folder, 'barometer.duckdb'),
		env: { ORIGIN: 'http://localhost', ...env },
		ready: async () => {
			const where = target();
			return where !== null && (await get(where, '/healthz')).status === 200;
		}
	});
	return {
		output: server.output,
		exitCode: server.exitCode,
		async stop() {
			await server.end('SIGTERM');
			fs.rmSync(folder, { recursive: true, force: true });
		}
	};
}

describe('listening', () => {
	it('refuses a malformed setting with one sentence naming it, before opening anything', () => {
		const run = spawnSync(process.execPath, ['bin/server.js'], {
			env: { ...process.env, HEADERS_TIMEOUT: '30s' },
			encoding: 'utf8'
		});
		expect(run.status).toBe(1);
		expect(run.stderr.trim()).toBe('HEADERS_TIMEOUT must be a whole number of seconds, not "30s".');
	});

	it('listens on a Unix socket given as SOCKET_PATH, replacing a stale one', async () => {
		const socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'barometer-sock-')), 's');
		// A socket file left by a server that died (exiting without closing leaves the file).
		spawnSync(process.execPath, [
			'-e',
			`require('node:net').createServer().listen(${JSON.stringify(socketPath)}, () => process.exit(0))`
		]);
		expect(fs.statSync(socketPath).isSocket()).toBe(true);
		fs.writeFileSync(`${socketPath}.probe`, ''); // an unrelated file next to it stays
		const server = await startListening(
			process.execPath,
			['bin/server.js'],
			{ SOCKET_PATH: socketPath },
			() => ({ socketPath })
		);
		try {
			expect(server.output()).toContain(`Listening on ${socketPath}`);
			const login = await get({ socketPath }, '/login');
			expect(login.status).toBe(200);
			expect(fs.existsSync(`${socketPath}.probe`)).toBe(true);
		} finally {
			await server.stop();
			fs.rmSync(path.dirname(socketPath), { recursive: true, force: true });
		}
	}, 180_000);

	it('takes its listening socket from systemd socket activation, and stops when idle', async () => {
		// perl (always on Debian) plays systemd: it opens the socket as file descriptor 3, sets
		// LISTEN_PID to its own process id and LISTEN_FDS, writes the port down and becomes node.
		const portFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'barometer-act-')), 'port');
		// ($^F: perl leaves descriptors up to it open across exec.)
		const script = `use IO::Socket::INET; use POSIX; $^F = 255;
			my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 128) or die $!;
			POSIX::dup2($s->fileno, 3) or die $! if $s->fileno != 3;
			open(my $f, '>', $ARGV[0]) or die $!; print $f $s->sockport; close $f;
			$ENV{LISTEN_PID} = $$; $ENV{LISTEN_FDS} = 1;
			exec($ARGV[1], 'bin/server.js') or die $!;`;
		const origin = () => {
			const port = fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8') : '';
			return /^\d+$/.test(port) ? { origin: `http://127.0.0.1:${port}` } : null;
		};
		const server = await startListening(
			'perl',
			['-e', script, portFile, process.execPath],
			{ IDLE_TIMEOUT: '1' },
			origin
		);
		try {
			expect(server.output()).toContain('Listening on file descriptor 3');
			expect((await get(origin()!, '/login')).status).toBe(200);
			// A second after the last request it stops by itself (systemd starts it again on demand).
			for (let waited = 0; waited < 10_000 && server.exitCode() === null; waited += 100)
				await new Promise((resolve) => setTimeout(resolve, 100));
			expect(server.exitCode()).toBe(0);
		} finally {
			await server.stop();
			fs.rmSync(path.dirname(portFile), { recursive: true, force: true });
		}
	}, 180_000);
});
