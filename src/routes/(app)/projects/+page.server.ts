import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { authorize } from '$lib/server/auth/authorize';
import { database } from '$lib/server/db';
import * as projects from '$lib/server/db/projects';
import { readForm } from '$lib/server/forms';
import { createProject } from '$lib/server/projects/project-service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user } = await authorize(event, 'signed-in');
	return { projects: await projects.listForUser(await database(), user) };
};

const projectSchema = z.object({
	name: z.string().trim().min(1, 'Enter a project name.').max(120, 'At most 120 characters.'),
	description: z.string().trim().max(2000, 'At most 2000 characters.').default('')
});

export const actions: Actions = {
	create: async (event) => {
		const { user } = await authorize(event, 'admin');
		const form = await readForm(event.request, projectSchema);
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		const project = await createProject(await database(), { ...form.data, ownerId: user.id });
		redirect(303, `/projects/${project.id}`);
	}
};
