import { error } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/authorize';
import { database } from '$lib/server/db';
import * as surveyVersions from '$lib/server/db/survey-versions';
import * as surveys from '$lib/server/db/surveys';
import { sanitizeQuestionnaire } from '$lib/server/surveys/sanitize-questionnaire';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await authorize(event, 'public');
	const db = await database();
	const survey = await surveys.findBySlug(db, event.params.slug);
	const version = survey && (await surveyVersions.latest(db, survey.id));
	if (!survey || !version) error(404, 'This survey does not exist or is not open.');
	return {
		slug: survey.slug,
		title: survey.title,
		version: version.version,
		languages: version.codebook.languages,
		// Sanitised when saved; again here, so that an older stored version is served safely too.
		json: sanitizeQuestionnaire(version.json)
	};
};
