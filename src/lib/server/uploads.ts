/** Files sent as multipart form data: one named field, a size limit, and a message for each failure. */
export type UploadResult =
	| { ok: true; name: string; bytes: Uint8Array; form: FormData }
	| { ok: false; status: 400 | 413; message: string };

export async function readUpload(
	request: Request,
	field: string,
	maxBytes: number
): Promise<UploadResult> {
	const declared = Number(request.headers.get('content-length') ?? 0);
	const limit = `${Math.round(maxBytes / 1024 / 1024)} MB`;
	if (declared > maxBytes + 64 * 1024) {
		return { ok: false, status: 413, message: `The file is larger than ${limit}.` };
	}
	const form = await request.formData().catch(() => null);
	if (!form)
		return { ok: false, status: 400, message: `Send the file as form data in "${field}".` };
	const file = form.get(field);
	if (!(file instanceof File) || file.size === 0) {
		return { ok: false, status: 400, message: `${field}: choose a file to upload.` };
	}
	if (file.size > maxBytes) {
		return { ok: false, status: 413, message: `The file is larger than ${limit}.` };
	}
	return { ok: true, name: file.name, bytes: new Uint8Array(await file.arrayBuffer()), form };
}
