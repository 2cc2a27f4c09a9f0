import { json } from '@sveltejs/kit';
import { readUpload } from '$lib/server/uploads';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import { importXlsForm, XlsFormError } from '$lib/survey/xlsform';
import { XlsxReadError } from '$lib/analysis/io/xlsx-reader';
import type { RequestHandler } from './$types';

/**
 * Converts an XLSForm (.xlsx) into SurveyJS JSON for the designer, with the list of what could
 * not be converted. Nothing is stored: the designer saves it as its draft like any edit.
 */
export const POST: RequestHandler = async (event) => {
	await authorizeSurvey(event, 'survey:design');
	const upload = await readUpload(event.request, 'file', 10 * 1024 * 1024);
	if (!upload.ok) return json({ message: upload.message }, { status: upload.status });
	try {
		const result = importXlsForm(upload.bytes);
		return json({ json: result.json, warnings: result.warnings });
	} catch (error) {
		if (error instanceof XlsFormError || error instanceof XlsxReadError) {
			return json({ message: error.message }, { status: 422 });
		}
		throw error;
	}
};
