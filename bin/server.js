/**
 * The production HTTP server: SvelteKit's request handler (adapter-node's build/handler.js)
 * behind the submission lane (src/lib/server/ingest/submission-lane.ts), which answers
 * POST /s/<slug>/responses without SvelteKit's per-request machinery. Everything else is
 * compressed (brotli or gzip, as the browser accepts) unless already compressed: adapter-node
 * precompresses the static files, but not the pages SvelteKit renders.
 *
 * It reads the environment variables adapter-node's build/index.js reads: HOST and PORT, or
 * SOCKET_PATH (a Unix socket, for a reverse proxy on the same machine), or systemd socket
 * activation (LISTEN_PID, LISTEN_FDS, and IDLE_TIMEOUT to stop when idle); KEEP_ALIVE_TIMEOUT,
 * HEADERS_TIMEOUT and SHUTDOWN_TIMEOUT in seconds. On SIGTERM or SIGINT open requests finish and
 * idle connections close at once.
 *
 * Run it with `npm start` (which builds first when needed) or `node bin/server.js` after a build.
 */
import compression from 'compression';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A configuration mistake: one plain sentence and a non-zero exit, not a stack trace. */
function refuse(sentence) {
	console.error(sentence);
	process.exit(1);
}

/** A whole number of seconds from the environment, or the fallback; refuses anything else. */
function seconds(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	if (!/^\d+$/.test(raw)) refuse(`${name} must be a whole number of seconds, not "${raw}".`);
	return Number(raw);
}

const socketPath = process.env.SOCKET_PATH || null;
const host = process.env.HOST ?? '0.0.0.0';
const port = Number(process.env.PORT ?? 3000);
const shutdownSeconds = seconds('SHUTDOWN_TIMEOUT', 30);
const idleSeconds = seconds('IDLE_TIMEOUT', 0);
const keepAliveSeconds = seconds('KEEP_ALIVE_TIMEOUT', undefined);
const headersSeconds = seconds('HEADERS_TIMEOUT', undefined);

// systemd socket activation (sd_listen_fds): the listening socket arrives as file descriptor 3.
const listenPid = Number(process.env.LISTEN_PID ?? 0);
const listenFds = Number(process.env.LISTEN_FDS ?? 0);
if (listenPid !== 0 && listenPid !== process.pid)
	refuse(`LISTEN_PID is ${listenPid}, but this process is ${process.pid}.`);
if (listenFds > 1) refuse(`Only one socket can be passed in; LISTEN_FDS is ${listenFds}.`);
const activated = listenPid === process.pid && listenFds === 1;

// Importing the handler starts SvelteKit (its init hook opens the database and registers the lane).
const { handler } = await import(pathToFileURL(path.join(root, 'build', 'handler.js')).href);
const lane = globalThis[Symbol.for('barometer.lane')];
if (typeof lane !== 'function') refuse('The build did not register the submission lane.');

const compress = compression({ threshold: 1024 });
const server = http.createServer((request, response) => {
	if (!lane(request, response)) compress(request, response, () => handler(request, response));
});
if (keepAliveSeconds !== undefined) server.keepAliveTimeout = keepAliveSeconds * 1000;
if (headersSeconds !== undefined) server.headersTimeout = headersSeconds * 1000;

if (activated) {
	server.listen({ fd: 3 }, () => console.log('Listening on file descriptor 3'));
} else if (socketPath) {
	// A socket file left behind by a previous run would make listen fail.
	if (fs.existsSync(socketPath) && fs.statSync(socketPath).isSocket()) fs.rmSync(socketPath);
	server.listen(socketPath, () => console.log(`Listening on ${socketPath}`));
} else {
	server.listen(port, host, () => console.log(`Listening on http://${host}:${port}`));
}

let stopping = false;
function shutdown(reason) {
	if (stopping) return;
	stopping = true;
	server.closeIdleConnections();
	server.close(() => process.emit('sveltekit:shutdown', reason));
	setTimeout(() => server.closeAllConnections(), shutdownSeconds * 1000).unref();
}

// Open requests, for the idle stop of an activated server.
let open = 0;
let idleTimer = null;
server.on('request', (request) => {
	open++;
	if (idleTimer) clearTimeout(idleTimer);
	idleTimer = null;
	request.on('close', () => {
		open--;
		// Connections that become idle while shutting down close at once instead of lingering.
		if (stopping) server.closeIdleConnections();
		else if (open === 0 && activated && idleSeconds > 0)
			idleTimer = setTimeout(() => shutdown('IDLE'), idleSeconds * 1000);
	});
});
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
