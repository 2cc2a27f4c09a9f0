import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { defaultAwarenessSpec } from '$lib/analysis/reports/awareness-defaults';
import type { AwarenessSpec } from '$lib/analysis/reports/awareness';
import {
	analysisProblem,
	selfContainedSpec,
	surveyReport,
	type SurveyReportSpec,
	AnalysisRequestError
} from '$lib/server/analysis/analysis-service';
import { surveyVariables, type ChoosableVariable } from '$lib/server/analysis/survey-variables';
import { database } from '$lib/server/db';
import * as reports from '$lib/server/db/reports';
import { readSaveFields, saveReport } from '$lib/server/analysis/save-report';
import * as weightingSchemes from '$lib/server/db/weighting-schemes';
import type { StoredScheme } from '$lib/server/db/weighting-schemes';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import type { Survey } from '$lib/server/db/surveys';
import type { Actions, PageServerLoad } from './$types';

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]{0,63}$/);
const paramsSchema = z.object({
	items: z.array(name).max(40),
	banners: z.array(name).max(6),
	rank_by: z.union([z.literal(''), name]),
	scheme: z.string().regex(/^\d*$/)
});

/** The awareness spec of the page: the tracker defaults, changed by what the analyst chose. */
function awarenessFrom(
	params: URLSearchParams,
	variables: ChoosableVariable[],
	survey: Survey
): AwarenessSpec & { schemeId: number | null } {
	const defaults = defaultAwarenessSpec(variables, survey.currentWave);
	const parsed = paramsSchema.safeParse({
		items: params.getAll('items'),
		banners: params.getAll('banners'),
		rank_by: params.get('rank_by') ?? '',
		scheme: params.get('scheme') ?? ''
	});
	if (!parsed.success)
		throw new AnalysisRequestError(
			`${parsed.error.issues[0]!.path.join('.')}: not a variable name.`
		);
	const chosen = params.has('submitted');
	const optionLabel = new Map(
		variables.flatMap((v) => (v.options ?? []).map((o) => [o.name, o.label] as const))
	);
	return {
		...defaults,
		items: chosen
			? parsed.data.items.map((variable) => ({
					variable,
					label: optionLabel.get(variable),
					codes: ['1']
				}))
			: defaults.items,
		banners: chosen ? parsed.data.banners : defaults.banners,
		rankBy: chosen ? parsed.data.rank_by || null : defaults.rankBy,
		schemeId: parsed.data.scheme ? Number(parsed.data.scheme) : null
	};
}

function reportSpec(
	awareness: AwarenessSpec,
	scheme: StoredScheme | null,
	title: string
): SurveyReportSpec {
	return {
		version: 1,
		title,
		weighting: scheme ? { name: scheme.name, definition: scheme.definition } : null,
		derived: [],
		filters: [],
		sections: [{ kind: 'awareness', title: 'Awareness', ...awareness }]
	};
}

function schemeFor(schemes: StoredScheme[], id: number | null, params: URLSearchParams) {
	// Without a choice, the project's first scheme applies (a tracker is read weighted).
	if (id) return schemes.find((s) => s.id === id) ?? null;
	return params.has('submitted') ? null : (schemes[0] ?? null);
}

export const load: PageServerLoad = async (event) => {
	const { survey, project } = await authorizeSurvey(event, 'analysis:run');
	const db = await database();
	const [schemes, variables] = await Promise.all([
		weightingSchemes.listByProject(db, project.id),
		surveyVariables(db, survey)
	]);
	let problem: string | null = null;
	let report = null;
	let awareness = null;
	let scheme: StoredScheme | null = null;
	try {
		awareness = awarenessFrom(event.url.searchParams, variables, survey);
		scheme = schemeFor(schemes, awareness.schemeId, event.url.searchParams);
		if (awareness.schemeId && !scheme)
			throw new AnalysisRequestError('scheme: this weighting scheme does not exist.');
		if (!awareness.items.length)
			throw new AnalysisRequestError('items: choose at least one awareness item.');
		const { schemeId: _schemeId, ...spec } = awareness;
		report = await surveyReport(db, survey, reportSpec(spec, scheme, `${survey.title}: awareness`));
	} catch (caught) {
		problem = analysisProblem(caught);
		if (!problem) throw caught;
	}
	return {
		survey,
		reports: await reports.listNames(db, project.id),
		variables,
		schemes: schemes.map((s) => ({ id: s.id, name: s.name })),
		awareness,
		schemeId: scheme?.id ?? null,
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
		const [schemes, variables] = await Promise.all([
			weightingSchemes.listByProject(db, project.id),
			surveyVariables(db, survey)
		]);
		const params = new URLSearchParams(String(form.get('query') ?? ''));
		let awareness;
		try {
			awareness = awarenessFrom(params, variables, survey);
		} catch (caught) {
			return fail(400, { problem: caught instanceof Error ? caught.message : 'query: not valid.' });
		}
		const scheme = schemeFor(schemes, awareness.schemeId, params);
		if (awareness.schemeId && !scheme)
			return fail(400, { problem: 'scheme: this weighting scheme does not exist.' });
		if (!awareness.items.length)
			return fail(400, { problem: 'items: choose at least one awareness item.' });
		const { schemeId: _schemeId, ...spec } = awareness;
		const full = await selfContainedSpec(db, survey, reportSpec(spec, scheme, title));
		const saved = await saveReport(db, project.id, user.id, full, reportId);
		if (!saved.ok) return fail(400, { problem: saved.problem });
		redirect(303, `/projects/${project.id}/reports/${saved.id}`);
	}
};
