import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { signIn, invalidCredentialsMessage } from '$lib/server/auth/account-service';
import { authorize } from '$lib/server/auth/authorize';
import { setSessionCookie } from '$lib/server/auth/session';
import { database } from '$lib/server/db';
import { readForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/** Only same-site paths: an attacker's link must not turn the login page into a redirector. */
function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
		? next
		: '/projects';
}

export const load: PageServerLoad = async (event) => {
	const { user } = await authorize(event, 'public');
	if (user) redirect(303, safeNext(event.url.searchParams.get('next')));
	return {};
};

const loginSchema = z.object({
	email: z.string().trim().min(1, 'Enter your e-mail address.').max(254),
	password: z.string().min(1, 'Enter your password.').max(255)
});

export const actions: Actions = {
	default: async (event) => {
		await authorize(event, 'public');
		const form = await readForm(event.request, loginSchema);
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		const result = await signIn(await database(), {
			...form.data,
			address: event.getClientAddress()
		});
		if (!result.ok && result.reason === 'throttled') {
			event.setHeaders({ 'Retry-After': String(result.retryAfterSeconds) });
			const minutes = Math.ceil(result.retryAfterSeconds / 60);
			return fail(429, {
				errors: {
					form: `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
				},
				values: { email: form.data.email }
			});
		}
		if (!result.ok) {
			return fail(400, {
				errors: { form: invalidCredentialsMessage },
				values: { email: form.data.email }
			});
		}
		setSessionCookie(event.cookies, event.url, result.token, result.session.expiresAt);
		redirect(303, safeNext(event.url.searchParams.get('next')));
	}
};
