import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import { database } from '$lib/server/db';
import * as weightingSchemes from '$lib/server/db/weighting-schemes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { survey, project } = await authorizeSurvey(event, 'responses:export');
	const schemes = await weightingSchemes.listByProject(await database(), project.id);
	return { survey, schemes: schemes.map((s) => ({ id: s.id, name: s.name })) };
};
