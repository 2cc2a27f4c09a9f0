/** Reading request bodies with a size limit and a clear message for each way they can be wrong. */
export type BodyResult =
	{ ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415; message: string };

export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyResult> {
	return parseJsonBody(
		{
			contentType: request.headers.get('content-type'),
			contentLength: request.headers.get('content-length'),
			read: async () => new Uint8Array(await request.arrayBuffer())
		},
		maxBytes
	);
}

/** A request body as both HTTP stacks (SvelteKit's Request and node:http's stream) can give it. */
export interface RawBody {
	contentType: string | null | undefined;
	contentLength: string | null | undefined;
	/** Reads the whole body (the HTTP server's own limit caps what arrives). */
	read(): Promise<Uint8Array>;
}

export async function parseJsonBody(body: RawBody, maxBytes: number): Promise<BodyResult> {
	if (!(body.contentType ?? '').includes('application/json')) {
		return { ok: false, status: 415, message: 'Send the body as application/json.' };
	}
	const tooLarge = {
		ok: false,
		status: 413,
		message: `The body is larger than ${Math.round(maxBytes / 1024)} KB.`
	} as const;
	if (Number(body.contentLength ?? 0) > maxBytes) {
		// Read what was sent before answering: a response that leaves the body unread leaves the
		// connection unusable for the client's next request.
		await body.read().catch(() => undefined);
		return tooLarge;
	}
	const bytes = await body.read();
	if (bytes.length > maxBytes) return tooLarge;
	try {
		return { ok: true, value: JSON.parse(new TextDecoder().decode(bytes)) };
	} catch (error) {
		const detail = error instanceof Error ? error.message : String(error);
		return { ok: false, status: 400, message: `The body is not valid JSON: ${detail}` };
	}
}
