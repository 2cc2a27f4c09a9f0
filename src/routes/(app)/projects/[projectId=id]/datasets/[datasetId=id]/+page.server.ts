import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { parseWorkspaceQuery } from '$lib/analysis/workspace/workspace-query';
import { authorize } from '$lib/server/auth/authorize';
import { analysisProblem, AnalysisRequestError } from '$lib/server/analysis/analysis-service';
import { isImporting, loadImportedDataset } from '$lib/server/analysis/dataset-import';
import { datasetVariables } from '$lib/server/analysis/dataset-variables';
import { readSaveFields, saveReport, savedQuery } from '$lib/server/analysis/save-report';
import { workPrefix } from '$lib/server/analysis/survey-dataset';
import { bannerSpec } from '$lib/server/analysis/workspace-spec';
import { database } from '$lib/server/db';
import * as auditLog from '$lib/server/db/audit-log';
import * as importedDatasets from '$lib/server/db/imported-datasets';
import * as reports from '$lib/server/db/reports';
import * as weightingSchemes from '$lib/server/db/weighting-schemes';
import { runReport } from '$lib/reports/run-report';
import type { Actions, PageServerLoad } from './$types';

async function context(event: RequestEvent, permission: 'analysis:run' | 'analysis:edit') {
	const access = await authorize(event, { projectId: Number(event.params.projectId), permission });
	const db = await database();
	const dataset = await importedDatasets.find(
		db,
		access.project.id,
		Number(event.params.datasetId)
	);
	if (!dataset) error(404, 'Dataset not found.');
	return { ...access, db, dataset };
}

export const load: PageServerLoad = async (event) => {
	const { project, db, dataset } = await context(event, 'analysis:run');
	if (dataset.status !== 'ready')
		return {
			dataset,
			variables: [],
			schemes: [],
			reports: [],
			query: null,
			report: null,
			problem: dataset.message ?? 'The import is still running.'
		};
	const loaded = await loadImportedDataset(db, dataset);
	const variables = datasetVariables(loaded);
	const schemes = await weightingSchemes.listByProject(db, project.id);
	let problem: string | null = null;
	let report = null;
	let query = null;
	try {
		query = parseWorkspaceQuery(event.url.searchParams);
		if (query.rows.length && query.cols.length) {
			const scheme = query.schemeId
				? (schemes.find((s) => s.id === query!.schemeId) ?? null)
				: null;
			if (query.schemeId && !scheme)
				throw new AnalysisRequestError('scheme: this weighting scheme does not exist.');
			const spec = bannerSpec(query, scheme, variables, `${dataset.name}: banner tables`);
			report = await runReport(
				db,
				{ ...spec, dataset: { kind: 'import', datasetId: dataset.id } },
				loaded,
				workPrefix()
			);
		}
	} catch (caught) {
		problem = analysisProblem(caught);
		if (!problem) throw caught;
	}
	return {
		dataset,
		variables,
		schemes: schemes.map((s) => ({ id: s.id, name: s.name })),
		reports: await reports.listNames(db, project.id),
		query,
		report,
		problem
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { project, user, db, dataset } = await context(event, 'analysis:edit');
		const form = await event.request.formData();
		const fields = readSaveFields(form);
		if (!fields.ok) return fail(400, { problem: fields.problem });
		const { title, reportId } = fields;
		if (dataset.status !== 'ready') return fail(400, { problem: 'The dataset is not ready.' });
		const query = savedQuery(form);
		if ('problem' in query) return fail(400, { problem: query.problem });
		const scheme = query.schemeId
			? await weightingSchemes.find(db, project.id, query.schemeId)
			: null;
		if (query.schemeId && !scheme)
			return fail(400, { problem: 'scheme: this weighting scheme does not exist.' });
		const variables = datasetVariables(await loadImportedDataset(db, dataset));
		const spec = {
			...bannerSpec(query, scheme ?? null, variables, title),
			dataset: { kind: 'import' as const, datasetId: dataset.id }
		};
		const saved = await saveReport(db, project.id, user.id, spec, reportId);
		if (!saved.ok) return fail(400, { problem: saved.problem });
		redirect(303, `/projects/${project.id}/reports/${saved.id}`);
	},
	remove: async (event) => {
		const { project, user, db, dataset } = await context(event, 'analysis:edit');
		const form = await event.request.formData();
		if (form.get('confirm') !== 'delete')
			return fail(400, { problem: 'confirm: confirm that the dataset is to be deleted.' });
		if (isImporting(dataset.id))
			return fail(400, {
				problem: 'The import is still running; delete the dataset when it has finished.'
			});
		await importedDatasets.remove(db, project.id, dataset.id);
		await auditLog.record(db, {
			userId: user.id,
			projectId: project.id,
			action: 'dataset.remove',
			objectType: 'dataset',
			objectId: dataset.id,
			details: { name: dataset.name }
		});
		redirect(303, `/projects/${project.id}/datasets`);
	}
};
