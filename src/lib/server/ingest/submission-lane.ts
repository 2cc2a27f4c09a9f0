/**
 * The submission lane: the one hot public endpoint, POST /s/<slug>/responses, answered straight
 * from node:http. SvelteKit builds a WHATWG Request, streams and signals for every request and
 * routes it through its hooks; on this endpoint that machinery cost more than validating and
 * storing the response (ingest measured ~800 responses/s through SvelteKit on two cores). The
 * lane runs the same acceptSubmission as the SvelteKit route, so behaviour is one piece of code;
 * bin/server.js puts the lane in front of SvelteKit's handler. Everything else goes to SvelteKit.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { database } from '../db/index.ts';
import { deviceCookieName, deviceHashFromCookie } from '../fieldwork/device.ts';
import { maxSubmissionBytes } from '../surveys/response-service.ts';
import { acceptSubmission, type SubmissionReply } from './accept-submission.ts';

export type Lane = (request: IncomingMessage, response: ServerResponse) => boolean;

const submissionPath = /^\/s\/([a-z0-9][a-z0-9-]{2,63})\/responses$/;

/** The requester's address as adapter-node gives it to SvelteKit (ADDRESS_HEADER, XFF_DEPTH). */
export function clientAddressOf(request: IncomingMessage, env = process.env): string {
	const header = (env.ADDRESS_HEADER ?? '').toLowerCase();
	if (!header) return request.socket.remoteAddress ?? '';
	const value = request.headers[header];
	if (value === undefined) throw new Error(`The address header ${header} is missing.`);
	const text = Array.isArray(value) ? value.join(',') : value;
	if (header !== 'x-forwarded-for') return text;
	const depth = Number.parseInt(env.XFF_DEPTH ?? '1', 10);
	const addresses = text.split(',');
	if (!(depth >= 1) || depth > addresses.length)
		throw new Error(`XFF_DEPTH is ${depth}, but only ${addresses.length} addresses were given.`);
	return addresses[addresses.length - depth]!.trim();
}

/** One cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const at = part.indexOf('=');
		if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
	}
	return undefined;
}

/**
 * The body, keeping no more than `cap` + 1 bytes (enough for the size check to refuse it) while
 * the rest is read and dropped, so the connection stays usable.
 */
export function readBody(request: IncomingMessage, cap: number): Promise<Uint8Array> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let kept = 0;
		request.on('data', (chunk: Buffer) => {
			if (kept > cap) return;
			chunks.push(chunk);
			kept += chunk.length;
		});
		request.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

function send(response: ServerResponse, reply: SubmissionReply): void {
	const body = JSON.stringify(reply.body);
	response.writeHead(reply.status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(body),
		// As the hooks add to every SvelteKit response.
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'same-origin',
		...reply.headers
	});
	response.end(body);
}

async function serve(request: IncomingMessage, response: ServerResponse, slug: string) {
	const headers = {
		get: (name: string) => {
			const value = request.headers[name.toLowerCase()];
			return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
		}
	};
	let body: Promise<Uint8Array> | null = null;
	const reply = await acceptSubmission(await database(), {
		slug,
		url: new URL(request.url!, `http://${request.headers.host ?? 'localhost'}`),
		headers,
		body: {
			contentType: request.headers['content-type'],
			contentLength: request.headers['content-length'],
			read: () => (body ??= readBody(request, maxSubmissionBytes))
		},
		clientAddress: clientAddressOf(request),
		deviceHash: deviceHashFromCookie(cookieValue(request.headers.cookie, deviceCookieName))
	});
	send(response, reply);
}

export const submissionLane: Lane = (request, response) => {
	if (request.method !== 'POST') return false;
	const match = submissionPath.exec(request.url?.split('?', 1)[0] ?? '');
	if (!match) return false;
	serve(request, response, match[1]!).catch((error: unknown) => {
		console.error(`[${new Date().toISOString()}] POST ${request.url} failed:`, error);
		if (response.headersSent) response.destroy();
		else
			send(response, {
				status: 500,
				body: { message: 'Something went wrong on the server; the error has been logged.' }
			});
	});
	return true;
};

const registry = Symbol.for('barometer.lane');

/** Called by the server hooks at start-up: bin/server.js finds the lane here. */
export function registerLane(lane: Lane): void {
	(globalThis as { [registry]?: Lane })[registry] = lane;
}
