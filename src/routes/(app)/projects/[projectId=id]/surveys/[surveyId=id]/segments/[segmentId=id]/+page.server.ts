import { error, fail, redirect } from '@sveltejs/kit';
import {
	analysisProblem,
	selfContainedSpec,
	surveyReport,
	type SurveyReportSpec
} from '$lib/server/analysis/analysis-service';
import { surveyVariables, type ChoosableVariable } from '$lib/server/analysis/survey-variables';
import { database } from '$lib/server/db';
import * as derivedVariables from '$lib/server/db/derived-variables';
import * as reports from '$lib/server/db/reports';
import { readSaveFields, saveReport } from '$lib/server/analysis/save-report';
import * as weightingSchemes from '$lib/server/db/weighting-schemes';
import type { StoredScheme } from '$lib/server/db/weighting-schemes';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

/** Every coded question, multi-select option and other segment: demographics, media, attitudes. */
function profileVariables(variables: ChoosableVariable[], segment: string): string[] {
	return variables
		.flatMap((v) =>
			v.kind === 'multi'
				? (v.options ?? []).filter((o) => !/_none$/.test(o.name)).map((o) => o.name)
				: v.kind === 'single' || v.kind === 'derived'
					? [v.name]
					: []
		)
		.filter((name) => name !== segment && !/^funnel_/.test(name))
		.slice(0, 120);
}

function spec(
	segment: string,
	variables: string[],
	scheme: StoredScheme | null,
	title: string
): SurveyReportSpec {
	return {
		version: 1,
		title,
		weighting: scheme ? { name: scheme.name, definition: scheme.definition } : null,
		derived: [],
		filters: [],
		sections: [{ kind: 'profile', title: 'Segment profile', segment, variables }]
	};
}

async function context(event: RequestEvent, permission: 'analysis:run' | 'analysis:edit') {
	const access = await authorizeSurvey(event, permission);
	const db = await database();
	const segment = (await derivedVariables.listBySurvey(db, access.survey.id)).find(
		(s) => s.id === Number(event.params.segmentId)
	);
	if (!segment) error(404, 'Segment not found.');
	const schemes = await weightingSchemes.listByProject(db, access.project.id);
	return { ...access, db, segment, schemes };
}

export const load: PageServerLoad = async (event) => {
	const { survey, db, segment, schemes } = await context(event, 'analysis:run');
	const chosen = event.url.searchParams.get('scheme');
	// Unless the analyst chose, the project's first scheme applies: profiles are read weighted.
	const scheme =
		chosen === null ? (schemes[0] ?? null) : (schemes.find((s) => String(s.id) === chosen) ?? null);
	if (chosen && !scheme) error(400, 'scheme: this weighting scheme does not exist.');
	const variables = await surveyVariables(db, survey);
	let report = null;
	let problem: string | null = null;
	try {
		report = await surveyReport(
			db,
			survey,
			spec(
				segment.name,
				profileVariables(variables, segment.name),
				scheme,
				`${segment.label}: profile`
			)
		);
	} catch (caught) {
		problem = analysisProblem(caught);
		if (!problem) throw caught;
	}
	return {
		survey,
		segment: { id: segment.id, name: segment.name, label: segment.label, kind: segment.kind },
		schemes: schemes.map((s) => ({ id: s.id, name: s.name })),
		schemeId: scheme?.id ?? null,
		reports: await reports.listNames(db, survey.projectId),
		report,
		problem
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { survey, project, user, db, segment, schemes } = await context(event, 'analysis:edit');
		const form = await event.request.formData();
		const fields = readSaveFields(form);
		if (!fields.ok) return fail(400, { problem: fields.problem });
		const { title, reportId } = fields;
		const schemeId = String(form.get('scheme') ?? '');
		const scheme = schemes.find((s) => String(s.id) === schemeId) ?? null;
		if (schemeId && !scheme)
			return fail(400, { problem: 'scheme: this weighting scheme does not exist.' });
		const variables = await surveyVariables(db, survey);
		const full = await selfContainedSpec(
			db,
			survey,
			spec(segment.name, profileVariables(variables, segment.name), scheme, title)
		);
		const saved = await saveReport(db, project.id, user.id, full, reportId);
		if (!saved.ok) return fail(400, { problem: saved.problem });
		redirect(303, `/projects/${project.id}/reports/${saved.id}`);
	}
};
