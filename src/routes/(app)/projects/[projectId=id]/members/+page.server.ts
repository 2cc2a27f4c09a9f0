import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { roles } from '$lib/roles';
import { authorize } from '$lib/server/auth/authorize';
import { database } from '$lib/server/db';
import * as members from '$lib/server/db/project-members';
import { readForm } from '$lib/server/forms';
import { addMember, changeRole, removeMember } from '$lib/server/projects/project-service';
import type { Actions, PageServerLoad } from './$types';

const access = (projectId: string) => ({
	projectId: Number(projectId),
	permission: 'members:manage' as const
});

export const load: PageServerLoad = async (event) => {
	const { project } = await authorize(event, access(event.params.projectId));
	return { members: await members.list(await database(), project.id), roles };
};

const role = z.enum(roles, { message: 'Choose a role.' });
const userId = z.coerce.number({ message: 'Choose a member.' }).int().positive('Choose a member.');

export const actions: Actions = {
	add: async (event) => {
		const { user, project } = await authorize(event, access(event.params.projectId));
		const form = await readForm(
			event.request,
			z.object({ email: z.string().trim().min(1, 'Enter an e-mail address.').max(254), role })
		);
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		const result = await addMember(
			await database(),
			user.id,
			project.id,
			form.data.email,
			form.data.role
		);
		if (!result.ok)
			return fail(400, {
				errors: { [result.field]: result.message },
				values: { email: form.data.email }
			});
		return { done: `Added ${form.data.email} as ${form.data.role}.` };
	},
	changeRole: async (event) => {
		const { user, project } = await authorize(event, access(event.params.projectId));
		const form = await readForm(event.request, z.object({ userId, role }));
		if (!form.ok) return fail(400, { errors: form.errors });
		const result = await changeRole(
			await database(),
			user.id,
			project.id,
			form.data.userId,
			form.data.role
		);
		if (!result.ok) return fail(400, { errors: { [result.field]: result.message } });
		return { done: 'Role changed.' };
	},
	remove: async (event) => {
		const { user, project } = await authorize(event, access(event.params.projectId));
		const form = await readForm(event.request, z.object({ userId }));
		if (!form.ok) return fail(400, { errors: form.errors });
		const result = await removeMember(await database(), user.id, project.id, form.data.userId);
		if (!result.ok) return fail(400, { errors: { [result.field]: result.message } });
		return { done: 'Member removed.' };
	}
};
