import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { createUser, newUserSchema } from '$lib/server/auth/account-service';
import { authorize } from '$lib/server/auth/authorize';
import { database } from '$lib/server/db';
import * as users from '$lib/server/db/users';
import { readForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await authorize(event, 'admin');
	return { users: await users.list(await database()) };
};

const createUserForm = newUserSchema.extend({
	isAdmin: z
		.literal('on')
		.optional()
		.transform((value) => value === 'on')
});

export const actions: Actions = {
	create: async (event) => {
		const { user } = await authorize(event, 'admin');
		const form = await readForm(event.request, createUserForm);
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		const result = await createUser(await database(), user.id, form.data);
		if (!result.ok) {
			return fail(400, {
				errors: { [result.field]: result.message },
				values: { email: form.data.email, name: form.data.name }
			});
		}
		return { created: result.user.email };
	}
};
