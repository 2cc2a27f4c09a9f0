import { error } from '@sveltejs/kit';
import { exportFormats, type ExportFormat } from '$lib/analysis/io/export-dataset';
import { analysisProblem } from '$lib/server/analysis/analysis-service';
import { exportSurveyData } from '$lib/server/analysis/dataset-export';
import { database } from '$lib/server/db';
import * as weightingSchemes from '$lib/server/db/weighting-schemes';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { survey, project, user } = await authorizeSurvey(event, 'responses:export');
	const params = event.url.searchParams;
	const format = params.get('format') ?? 'csv';
	if (!(exportFormats as string[]).includes(format))
		error(400, `format: use ${exportFormats.join(', ')}.`);
	const schemeId = params.get('scheme') ?? '';
	if (!/^\d*$/.test(schemeId)) error(400, 'scheme: not a scheme id.');
	const db = await database();
	const scheme = schemeId ? await weightingSchemes.find(db, project.id, Number(schemeId)) : null;
	if (schemeId && !scheme) error(400, 'scheme: this weighting scheme does not exist.');
	try {
		const file = await exportSurveyData(db, survey, {
			format: format as ExportFormat,
			scheme: scheme ? { name: scheme.name, definition: scheme.definition } : null,
			valueLabels: params.get('labels') === '1',
			userId: user.id
		});
		return new Response(new Uint8Array(file.bytes), {
			headers: {
				'content-type': file.type,
				'content-disposition': `attachment; filename="${file.name}"`
			}
		});
	} catch (caught) {
		const problem = analysisProblem(caught);
		if (problem) error(400, problem);
		throw caught;
	}
};
