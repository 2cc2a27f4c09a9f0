/** Reading request bodies with a size limit and a clear message for each way they can be wrong. */
export type BodyResult =
	{ ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415; message: string };

export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyResult> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.includes('application/json')) {
		return { ok: false, status: 415, message: 'Send the body as application/json.' };
	}
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > maxBytes) {
		// Read what was sent before answering (the server's own body limit caps it): a response
		// that leaves the body unread leaves the connection unusable for the client's next request.
		await request.arrayBuffer().catch(() => undefined);
		return {
			ok: false,
			status: 413,
			message: `The body is larger than ${Math.round(maxBytes / 1024)} KB.`
		};
	}
	const bytes = new Uint8Array(await request.arrayBuffer());
	if (bytes.length > maxBytes) {
		return {
			ok: false,
			status: 413,
			message: `The body is larger than ${Math.round(maxBytes / 1024)} KB.`
		};
	}
	try {
		return { ok: true, value: JSON.parse(new TextDecoder().decode(bytes)) };
	} catch (error) {
		const detail = error instanceof Error ? error.message : String(error);
		return { ok: false, status: 400, message: `The body is not valid JSON: ${detail}` };
	}
}
