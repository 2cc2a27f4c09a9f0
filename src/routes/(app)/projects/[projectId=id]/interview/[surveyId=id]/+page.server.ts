import { error } from '@sveltejs/kit';
import * as assignments from '$lib/server/db/assignments';
import { database } from '$lib/server/db';
import * as surveyVersions from '$lib/server/db/survey-versions';
import { authorizeInterview } from '$lib/server/fieldwork/assignment-service';
import { sanitizeQuestionnaire } from '$lib/server/surveys/sanitize-questionnaire';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { survey, user, project } = await authorizeInterview(event);
	const db = await database();
	const version = await surveyVersions.latest(db, survey.id);
	if (!version) error(404, 'This questionnaire is not published yet.');
	const own = await assignments.listForInterviewer(db, project.id, user.id);
	return {
		interviewerId: user.id,
		survey: { id: survey.id, title: survey.title },
		labels: own.filter((assignment) => assignment.surveyId === survey.id).map((a) => a.label),
		version: version.version,
		languages: version.codebook.languages,
		// Sanitised when saved; again here, as on the public page, for older stored versions.
		json: sanitizeQuestionnaire(version.json)
	};
};
