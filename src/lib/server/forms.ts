/** Reading HTML forms through a zod schema, giving field-named errors for `fail(400, …)`. */
import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

export type FormResult<T> =
	{ ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** Values echoed back to the form: never passwords or files. */
function safeValues(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of form) {
		if (typeof value === 'string' && !/password/i.test(key)) values[key] = value;
	}
	return values;
}

export async function readForm<S extends z.ZodType>(
	request: Request,
	schema: S
): Promise<FormResult<z.infer<S>>> {
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		return { ok: false, errors: { form: 'The request is not a form submission.' }, values: {} };
	}
	const raw: Record<string, FormDataEntryValue> = {};
	for (const [key, value] of form) raw[key] = value;
	const parsed = schema.safeParse(raw);
	if (parsed.success) return { ok: true, data: parsed.data };
	const errors: FieldErrors = {};
	for (const issue of parsed.error.issues) {
		const field = String(issue.path[0] ?? 'form');
		errors[field] ??= issue.message;
	}
	return { ok: false, errors, values: safeValues(form) };
}
