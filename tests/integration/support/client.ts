/**
 * A small HTTP client with a cookie jar, speaking to the server as a browser would: pages with
 * `accept: text/html`, form actions as `use:enhance` sends them (JSON answer with the outcome).
 */
export interface ActionOutcome {
	httpStatus: number;
	type: 'success' | 'failure' | 'redirect' | 'error' | 'unknown';
	status: number;
	location?: string;
	data?: unknown;
	message?: string;
}

export class Client {
	private cookies = new Map<string, string>();

	constructor(readonly origin: string) {}

	get cookieHeader(): string {
		return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
	}

	hasCookie(name: string): boolean {
		return this.cookies.has(name);
	}

	private remember(response: Response) {
		for (const line of response.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const index = pair!.indexOf('=');
			const name = pair!.slice(0, index).trim();
			const value = pair!.slice(index + 1).trim();
			if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
	}

	async request(path: string, init: RequestInit = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		if (this.cookies.size) headers.set('cookie', this.cookieHeader);
		const response = await fetch(this.origin + path, { ...init, headers, redirect: 'manual' });
		this.remember(response);
		return response;
	}

	page(path: string): Promise<Response> {
		return this.request(path, { headers: { accept: 'text/html' } });
	}

	/** Posts a form action the way `use:enhance` does and decodes SvelteKit's answer. */
	async action(path: string, fields: Record<string, string> = {}): Promise<ActionOutcome> {
		const response = await this.request(path, {
			method: 'POST',
			headers: {
				origin: this.origin,
				accept: 'application/json',
				'x-sveltekit-action': 'true',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams(fields).toString()
		});
		const text = await response.text();
		let body: Record<string, unknown>;
		try {
			body = JSON.parse(text);
		} catch {
			return {
				httpStatus: response.status,
				type: 'unknown',
				status: response.status,
				message: text
			};
		}
		const error = body.error as { message?: string } | undefined;
		return {
			httpStatus: response.status,
			type: (body.type as ActionOutcome['type']) ?? 'unknown',
			status: (body.status as number) ?? response.status,
			location: body.location as string | undefined,
			data: body.data,
			message: error?.message ?? (body.message as string | undefined)
		};
	}

	async json(
		path: string,
		body: unknown,
		method = 'POST'
	): Promise<{ status: number; body: Record<string, unknown> }> {
		const response = await this.request(path, {
			method,
			headers: { 'content-type': 'application/json', origin: this.origin },
			body: typeof body === 'string' ? body : JSON.stringify(body)
		});
		const text = await response.text();
		let parsed: Record<string, unknown>;
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = { text };
		}
		return { status: response.status, body: parsed };
	}

	async login(email: string, password: string): Promise<ActionOutcome> {
		return this.action('/login', { email, password });
	}
}
