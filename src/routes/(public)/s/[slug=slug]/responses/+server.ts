import { json } from '@sveltejs/kit';
import { database } from '$lib/server/db';
import { deviceHashOf } from '$lib/server/fieldwork/device';
import { acceptSubmission } from '$lib/server/ingest/accept-submission';
import type { RequestHandler } from './$types';

/**
 * Respondents' submissions. In production the submission lane answers this endpoint before
 * SvelteKit sees the request (bin/server.js); this route serves it under `vite dev` and anywhere
 * the lane is not in front. Both run acceptSubmission, which authorizes first.
 */
export const POST: RequestHandler = async (event) => {
	const reply = await acceptSubmission(await database(), {
		slug: event.params.slug,
		url: event.url,
		headers: event.request.headers,
		body: {
			contentType: event.request.headers.get('content-type'),
			contentLength: event.request.headers.get('content-length'),
			read: async () => new Uint8Array(await event.request.arrayBuffer())
		},
		clientAddress: event.getClientAddress(),
		deviceHash: deviceHashOf(event.cookies)
	});
	return json(reply.body, { status: reply.status, headers: reply.headers });
};
