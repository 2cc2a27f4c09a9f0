import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { authorize } from '$lib/server/auth/authorize';
import { database } from '$lib/server/db';
import { readForm } from '$lib/server/forms';
import { completeSetup, isSetupTokenUsable } from '$lib/server/setup/first-admin';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await authorize(event, 'public');
	if (!(await isSetupTokenUsable(await database(), event.params.token))) {
		error(404, 'This setup link has been used or has expired.');
	}
	return {};
};

const setupSchema = z.object({
	email: z.string().max(254),
	name: z.string().max(120),
	password: z.string().max(255)
});

export const actions: Actions = {
	default: async (event) => {
		await authorize(event, 'public');
		const form = await readForm(event.request, setupSchema);
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		const result = await completeSetup(await database(), event.params.token, form.data);
		if (!result.ok) {
			return fail(result.field === 'token' ? 404 : 400, {
				errors: { [result.field]: result.message },
				values: { email: form.data.email, name: form.data.name }
			});
		}
		redirect(303, '/login');
	}
};
