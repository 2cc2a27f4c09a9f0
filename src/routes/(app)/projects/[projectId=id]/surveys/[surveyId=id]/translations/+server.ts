import { error, json } from '@sveltejs/kit';
import { database } from '$lib/server/db';
import * as surveys from '$lib/server/db/surveys';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import { exportTranslations, importTranslations } from '$lib/server/surveys/translation-files';
import { readUpload } from '$lib/server/uploads';
import type { RequestHandler } from './$types';

/** The draft's texts as a translation table (CSV or XLSX), for translators. */
export const GET: RequestHandler = async (event) => {
	const { survey } = await authorizeSurvey(event, 'survey:view');
	const format = event.url.searchParams.get('format') ?? 'csv';
	if (format !== 'csv' && format !== 'xlsx') error(400, 'format must be csv or xlsx.');
	const draft = await surveys.draft(await database(), survey.id);
	if (!draft) error(404, 'Questionnaire not found.');
	const file = exportTranslations(JSON.parse(draft.json), format);
	return new Response(file.body, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${survey.slug}-translations.${format}"`
		}
	});
};

/** A translator's file applied to the draft, from the revision the designer had. */
export const POST: RequestHandler = async (event) => {
	const { survey } = await authorizeSurvey(event, 'survey:design');
	const upload = await readUpload(event.request, 'file', 10 * 1024 * 1024);
	if (!upload.ok) return json({ message: upload.message }, { status: upload.status });
	const revision = Number(upload.form.get('revision'));
	if (!Number.isInteger(revision)) {
		return json({ message: 'revision: send the draft revision you are editing.' }, { status: 400 });
	}
	const result = await importTranslations(await database(), survey, upload, revision);
	return json(result.body, { status: result.status });
};
