import { fail, redirect } from '@sveltejs/kit';
import { parseWorkspaceQuery } from '$lib/analysis/workspace/workspace-query';
import {
	analysisProblem,
	selfContainedSpec,
	surveyReport,
	AnalysisRequestError
} from '$lib/server/analysis/analysis-service';
import { surveyVariables } from '$lib/server/analysis/survey-variables';
import { bannerSpec } from '$lib/server/analysis/workspace-spec';
import { database } from '$lib/server/db';
import * as reports from '$lib/server/db/reports';
import { readSaveFields, saveReport, savedQuery } from '$lib/server/analysis/save-report';
import * as weightingSchemes from '$lib/server/db/weighting-schemes';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { survey, project } = await authorizeSurvey(event, 'analysis:run');
	const db = await database();
	const [schemes, variables] = await Promise.all([
		weightingSchemes.listByProject(db, project.id),
		surveyVariables(db, survey)
	]);
	const params = event.url.searchParams;
	let problem: string | null = null;
	let report = null;
	let query = null;
	try {
		query = parseWorkspaceQuery(params);
		if (query.rows.length && query.cols.length) {
			const scheme = query.schemeId
				? (schemes.find((s) => s.id === query!.schemeId) ?? null)
				: null;
			if (query.schemeId && !scheme)
				throw new AnalysisRequestError('scheme: this weighting scheme does not exist.');
			report = await surveyReport(
				db,
				survey,
				bannerSpec(query, scheme, variables, `${survey.title}: banner tables`)
			);
		}
	} catch (caught) {
		problem = analysisProblem(caught);
		if (!problem) throw caught;
	}
	return {
		survey,
		reports: await reports.listNames(db, project.id),
		schemes: schemes.map((s) => ({ id: s.id, name: s.name })),
		variables,
		query,
		report,
		problem
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { survey, project, user } = await authorizeSurvey(event, 'analysis:edit');
		const form = await event.request.formData();
		const fields = readSaveFields(form);
		if (!fields.ok) return fail(400, { problem: fields.problem });
		const { title, reportId } = fields;
		const db = await database();
		const query = savedQuery(form);
		if ('problem' in query) return fail(400, { problem: query.problem });
		const scheme = query.schemeId
			? await weightingSchemes.find(db, project.id, query.schemeId)
			: null;
		if (query.schemeId && !scheme)
			return fail(400, { problem: 'scheme: this weighting scheme does not exist.' });
		const spec = await selfContainedSpec(
			db,
			survey,
			bannerSpec(query, scheme ?? null, await surveyVariables(db, survey), title)
		);
		const saved = await saveReport(db, project.id, user.id, spec, reportId);
		if (!saved.ok) return fail(400, { problem: saved.problem });
		redirect(303, `/projects/${project.id}/reports/${saved.id}`);
	}
};
