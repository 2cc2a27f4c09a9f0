import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { changePassword } from '$lib/server/auth/account-service';
import { authorize } from '$lib/server/auth/authorize';
import {
	deleteSessionCookie,
	invalidateAllSessions,
	invalidateSession
} from '$lib/server/auth/session';
import { database } from '$lib/server/db';
import { readForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user } = await authorize(event, 'signed-in');
	return { account: user };
};

const passwordChangeSchema = z.object({
	current: z.string().min(1, 'Enter your current password.').max(255),
	next: z.string().max(255)
});

export const actions: Actions = {
	changePassword: async (event) => {
		const { user } = await authorize(event, 'signed-in');
		const form = await readForm(event.request, passwordChangeSchema);
		if (!form.ok) return fail(400, { errors: form.errors });
		const result = await changePassword(
			await database(),
			user,
			event.locals.session!.id,
			form.data.current,
			form.data.next
		);
		if (!result.ok) return fail(400, { errors: { [result.field]: result.message } });
		return { changed: true };
	},
	logout: async (event) => {
		await authorize(event, 'signed-in');
		await invalidateSession(await database(), event.locals.session!.id);
		deleteSessionCookie(event.cookies, event.url);
		redirect(303, '/login');
	},
	logoutEverywhere: async (event) => {
		const { user } = await authorize(event, 'signed-in');
		await invalidateAllSessions(await database(), user.id);
		deleteSessionCookie(event.cookies, event.url);
		redirect(303, '/login');
	}
};
