import { authorize } from '$lib/server/auth/authorize';
import * as assignments from '$lib/server/db/assignments';
import { database } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { project, user } = await authorize(event, {
		projectId: Number(event.params.projectId),
		permission: 'fieldwork:collect'
	});
	const own = await assignments.listForInterviewer(await database(), project.id, user.id);
	return {
		interviewerId: user.id,
		assignments: own.map(({ id, surveyId, surveyTitle, label, target }) => ({
			id,
			surveyId,
			surveyTitle,
			label,
			target
		}))
	};
};
