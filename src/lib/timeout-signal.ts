/**
 * A signal that aborts a fetch after `ms` milliseconds. AbortSignal.timeout where the browser has
 * it (Chrome 103, Safari 16); older phones, still common in the field, get the same from a timer.
 * Without the fallback every save there would fail at once as "no connection".
 */
export function timeoutSignal(ms: number): AbortSignal {
	if (typeof AbortSignal.timeout === 'function') return AbortSignal.timeout(ms);
	const controller = new AbortController();
	setTimeout(
		() => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')),
		ms
	);
	return controller.signal;
}

/**
 * Whether reading a reply failed because its body was not JSON, rather than because the
 * connection broke or timed out while it was being read (then the reply is not known at all).
 */
export function isNotJson(error: unknown): boolean {
	return error instanceof SyntaxError;
}
