import { error } from '@sveltejs/kit';
import { parseWorkspaceQuery } from '$lib/analysis/workspace/workspace-query';
import { analysisProblem, surveyReport } from '$lib/server/analysis/analysis-service';
import {
	fileName,
	renderReport,
	reportMediaTypes,
	type ReportFormat
} from '$lib/server/analysis/report-service';
import { surveyVariables } from '$lib/server/analysis/survey-variables';
import { bannerSpec } from '$lib/server/analysis/workspace-spec';
import { database } from '$lib/server/db';
import * as auditLog from '$lib/server/db/audit-log';
import * as weightingSchemes from '$lib/server/db/weighting-schemes';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import type { RequestHandler } from './$types';

const formats = ['xlsx', 'html', 'pptx'] as const;

/** The banner tables of the workspace query as a file: XLSX (one sheet per table), HTML or PPTX. */
export const GET: RequestHandler = async (event) => {
	const { survey, project, user } = await authorizeSurvey(event, 'responses:export');
	const format = event.url.searchParams.get('format') ?? 'xlsx';
	if (!(formats as readonly string[]).includes(format))
		error(400, `format: use ${formats.join(', ')}.`);
	const db = await database();
	try {
		const query = parseWorkspaceQuery(event.url.searchParams);
		if (!query.rows.length || !query.cols.length)
			error(400, 'rows: choose row and banner variables.');
		const scheme = query.schemeId
			? await weightingSchemes.find(db, project.id, query.schemeId)
			: null;
		if (query.schemeId && !scheme) error(400, 'scheme: this weighting scheme does not exist.');
		const title = `${survey.title}: banner tables`;
		const report = await surveyReport(
			db,
			survey,
			bannerSpec(query, scheme ?? null, await surveyVariables(db, survey), title)
		);
		const body = await renderReport(report, format as ReportFormat);
		await auditLog.record(db, {
			userId: user.id,
			projectId: project.id,
			action: 'tables.export',
			objectType: 'survey',
			objectId: survey.id,
			details: { format, rows: query.rows, cols: query.cols, scheme: scheme?.name ?? null }
		});
		return new Response(new Uint8Array(body), {
			headers: {
				'content-type': reportMediaTypes[format as ReportFormat],
				'content-disposition': `attachment; filename="${fileName(title, format as ReportFormat)}"`
			}
		});
	} catch (caught) {
		const problem = analysisProblem(caught);
		if (problem) error(400, problem);
		throw caught;
	}
};
