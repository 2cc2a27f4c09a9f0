import { fail } from '@sveltejs/kit';
import { can } from '$lib/roles';
import { database } from '$lib/server/db';
import * as surveyVersions from '$lib/server/db/survey-versions';
import * as surveys from '$lib/server/db/surveys';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import { publish } from '$lib/server/surveys/survey-service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { survey, role } = await authorizeSurvey(event, 'survey:view');
	const db = await database();
	const [draft, latest] = await Promise.all([
		surveys.draft(db, survey.id),
		surveyVersions.latest(db, survey.id)
	]);
	return {
		survey,
		draft: {
			json: JSON.parse(draft?.json ?? '{}') as Record<string, unknown>,
			revision: draft?.revision ?? 1
		},
		published: latest?.version ?? null,
		editable: can(role, 'survey:design'),
		canPublish: can(role, 'survey:publish')
	};
};

export const actions: Actions = {
	publish: async (event) => {
		const { survey, user } = await authorizeSurvey(event, 'survey:publish');
		const published = await publish(await database(), survey, user.id);
		if (!published.ok) return fail(422, { problems: published.problems });
		return { published: published.value.version };
	}
};
