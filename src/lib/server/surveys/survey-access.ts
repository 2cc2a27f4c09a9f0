/** Authorizes a survey route and loads the survey, which must belong to the project in the URL. */
import { error, type RequestEvent } from '@sveltejs/kit';
import type { Permission } from '../../roles.ts';
import { authorize, type ProjectAccess } from '../auth/authorize.ts';
import { database } from '../db/index.ts';
import * as surveys from '../db/surveys.ts';
import type { Survey } from '../db/surveys.ts';

type Event = Pick<RequestEvent, 'locals' | 'url' | 'request'> & {
	params: { projectId?: string; surveyId?: string };
};

export async function authorizeSurvey(
	event: Event,
	permission: Permission
): Promise<ProjectAccess & { survey: Survey }> {
	const access = await authorize(event, { projectId: Number(event.params.projectId), permission });
	const survey = await surveys.findInProject(
		await database(),
		access.project.id,
		Number(event.params.surveyId)
	);
	if (!survey) error(404, 'Questionnaire not found.');
	return { ...access, survey };
}
