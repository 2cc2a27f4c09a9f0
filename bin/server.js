/**
 * The production HTTP server: SvelteKit's request handler (adapter-node's build/handler.js)
 * behind the submission lane (src/lib/server/ingest/submission-lane.ts), which answers
 * POST /s/<slug>/responses without SvelteKit's per-request machinery. Otherwise it does what
 * adapter-node's build/index.js does: listens on HOST:PORT and shuts down gracefully on SIGTERM
 * and SIGINT (open requests finish; idle connections close at once).
 *
 * Run it with `npm start` (which builds first when needed) or `node bin/server.js` after a build.
 */
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Importing the handler starts SvelteKit (its init hook opens the database and registers the lane).
const { handler } = await import(pathToFileURL(path.join(root, 'build', 'handler.js')).href);
const lane = globalThis[Symbol.for('barometer.lane')];
if (typeof lane !== 'function') throw new Error('The build did not register the submission lane.');

const host = process.env.HOST ?? '0.0.0.0';
const port = Number(process.env.PORT ?? 3000);
const shutdownSeconds = Number(process.env.SHUTDOWN_TIMEOUT ?? 30);

const server = http.createServer((request, response) => {
	if (!lane(request, response)) handler(request, response);
});
if (process.env.KEEP_ALIVE_TIMEOUT)
	server.keepAliveTimeout = Number(process.env.KEEP_ALIVE_TIMEOUT) * 1000;

server.listen(port, host, () => console.log(`Listening on http://${host}:${port}`));

let stopping = false;
function shutdown(reason) {
	if (stopping) return;
	stopping = true;
	server.closeIdleConnections();
	server.close(() => process.emit('sveltekit:shutdown', reason));
	setTimeout(() => server.closeAllConnections(), shutdownSeconds * 1000).unref();
}
// Connections that become idle while shutting down close at once instead of lingering.
server.on('request', (request) => {
	request.on('close', () => {
		if (stopping) server.closeIdleConnections();
	});
});
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
