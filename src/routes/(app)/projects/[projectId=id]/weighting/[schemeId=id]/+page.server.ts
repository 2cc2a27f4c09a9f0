import { error, fail, redirect } from '@sveltejs/kit';
import {
	weightingDefinitionSchema,
	type WeightingDefinition
} from '$lib/analysis/workspace/weighting-scheme';
import { authorize } from '$lib/server/auth/authorize';
import { analysisProblem, schemeDiagnostics } from '$lib/server/analysis/analysis-service';
import { database } from '$lib/server/db';
import * as auditLog from '$lib/server/db/audit-log';
import * as surveys from '$lib/server/db/surveys';
import * as weightingSchemes from '$lib/server/db/weighting-schemes';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

async function context(event: RequestEvent, permission: 'analysis:run' | 'analysis:edit') {
	const access = await authorize(event, { projectId: Number(event.params.projectId), permission });
	const db = await database();
	const scheme = await weightingSchemes.find(db, access.project.id, Number(event.params.schemeId));
	if (!scheme) error(404, 'Weighting scheme not found.');
	return { ...access, db, scheme };
}

export const load: PageServerLoad = async (event) => {
	const { project, db, scheme } = await context(event, 'analysis:run');
	const candidates = (await surveys.listInProject(db, project.id)).filter(
		(s) => s.latestVersion && s.responseCount > 0
	);
	const chosen = event.url.searchParams.get('survey');
	const survey = chosen ? candidates.find((s) => String(s.id) === chosen) : candidates[0];
	if (chosen && !survey)
		error(400, 'survey: choose a questionnaire of this project with responses.');
	let diagnostics = null;
	let problem: string | null = null;
	if (survey) {
		try {
			const result = await schemeDiagnostics(db, survey, scheme);
			diagnostics = {
				converged: result.converged,
				iterations: result.iterations,
				maxDeviation: result.maxDeviation,
				trimming: result.trimming ?? null,
				warnings: result.warnings,
				...result.diagnostics,
				margins: result.margins
			};
		} catch (caught) {
			problem = analysisProblem(caught);
			if (!problem) throw caught;
		}
	}
	return {
		scheme,
		surveys: candidates.map((s) => ({ id: s.id, title: s.title, responses: s.responseCount })),
		surveyId: survey?.id ?? null,
		diagnostics,
		problem
	};
};

function readDefinition(
	form: FormData
): { ok: true; definition: WeightingDefinition } | { ok: false; problem: string } {
	const variables = form.getAll('variable').map(String);
	const categories = form.getAll('category').map(String);
	const targets = form.getAll('target').map(String);
	const rows = [];
	for (let i = 0; i < variables.length; i++) {
		if (!variables[i]!.trim() && !categories[i]?.trim() && !targets[i]?.trim()) continue;
		const target = Number(targets[i]);
		if (!targets[i]?.trim() || !Number.isFinite(target))
			return {
				ok: false,
				problem: `target: row ${i + 1} (${variables[i]} = ${categories[i]}) needs a number.`
			};
		rows.push({ variable: variables[i]!, category: categories[i] ?? '', target });
	}
	const trimKind = String(form.get('trim') ?? 'none');
	const low = Number(form.get('trimLow'));
	const high = Number(form.get('trimHigh'));
	const trim =
		trimKind === 'bounds'
			? { kind: 'bounds' as const, low, high }
			: trimKind === 'ratio'
				? { kind: 'ratio' as const, max: high }
				: trimKind === 'percentiles'
					? { kind: 'percentiles' as const, low: low / 100, high: high / 100 }
					: null;
	const parsed = weightingDefinitionSchema.safeParse({
		targets: rows,
		tolerance: Number(form.get('tolerance') || 1e-6),
		maxIterations: Number(form.get('maxIterations') || 100),
		trim,
		dropEmptyTargets: form.get('dropEmptyTargets') === 'on'
	});
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		return { ok: false, problem: `${issue.path.join('.')}: ${issue.message}` };
	}
	return { ok: true, definition: parsed.data };
}

export const actions: Actions = {
	save: async (event) => {
		const { project, user, db, scheme } = await context(event, 'analysis:edit');
		const form = await event.request.formData();
		const name = String(form.get('name') ?? '').trim();
		if (!name || name.length > 120)
			return fail(400, { problem: 'name: give the scheme a name (at most 120 characters).' });
		if (await weightingSchemes.nameTaken(db, project.id, name, scheme.id))
			return fail(400, { problem: `name: a scheme named ${name} exists already.` });
		const read = readDefinition(form);
		if (!read.ok) return fail(400, { problem: read.problem });
		await db.transaction(async (tx) => {
			await weightingSchemes.update(tx, {
				projectId: project.id,
				id: scheme.id,
				name,
				definition: read.definition
			});
			await auditLog.record(tx, {
				userId: user.id,
				projectId: project.id,
				action: 'weighting.save',
				objectType: 'weighting_scheme',
				objectId: scheme.id,
				details: { name }
			});
		});
		return { saved: true };
	},
	remove: async (event) => {
		const { project, user, db, scheme } = await context(event, 'analysis:edit');
		const form = await event.request.formData();
		if (form.get('confirm') !== 'delete')
			return fail(400, { problem: 'confirm: confirm that the scheme is to be deleted.' });
		await db.transaction(async (tx) => {
			await weightingSchemes.remove(tx, project.id, scheme.id);
			await auditLog.record(tx, {
				userId: user.id,
				projectId: project.id,
				action: 'weighting.remove',
				objectType: 'weighting_scheme',
				objectId: scheme.id,
				details: { name: scheme.name }
			});
		});
		redirect(303, `/projects/${project.id}/weighting`);
	}
};
