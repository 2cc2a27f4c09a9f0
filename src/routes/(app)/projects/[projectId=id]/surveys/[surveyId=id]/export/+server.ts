import { error } from '@sveltejs/kit';
import { database } from '$lib/server/db';
import { exportResponsesCsv } from '$lib/server/surveys/export-responses';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { survey, user } = await authorizeSurvey(event, 'responses:export');
	// Excluded responses stay out unless the analyst asks for them with ?excluded=include.
	const includeExcluded = event.url.searchParams.get('excluded') === 'include';
	const csv = await exportResponsesCsv(await database(), survey, user.id, { includeExcluded });
	if (csv === null) error(404, 'The questionnaire has no published version yet.');
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${survey.slug}-responses.csv"`
		}
	});
};
