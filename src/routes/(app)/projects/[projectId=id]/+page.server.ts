import { can } from '$lib/roles';
import { authorize } from '$lib/server/auth/authorize';
import { database } from '$lib/server/db';
import * as surveys from '$lib/server/db/surveys';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { project, role } = await authorize(event, {
		projectId: Number(event.params.projectId),
		permission: 'project:view'
	});
	return {
		// Interviewers see their assignments (under Interviewing), not the project's questionnaires,
		// their links or their counts.
		surveys: can(role, 'survey:view')
			? await surveys.listInProject(await database(), project.id)
			: [],
		origin: event.url.origin
	};
};
