import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { ruleSegmentationSchema } from '$lib/analysis/segments/rules';
import { dependenciesOf, type DerivedVariable } from '$lib/analysis/workspace/derived-variables';
import { analysisProblem, AnalysisRequestError } from '$lib/server/analysis/analysis-service';
import { fitKMeansSegment, kmeansCandidates } from '$lib/server/analysis/kmeans-service';
import { surveyVariables } from '$lib/server/analysis/survey-variables';
import { database } from '$lib/server/db';
import * as auditLog from '$lib/server/db/audit-log';
import * as derivedVariables from '$lib/server/db/derived-variables';
import * as weightingSchemes from '$lib/server/db/weighting-schemes';
import { readForm } from '$lib/server/forms';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import { withSurveyDataset } from '$lib/server/analysis/survey-dataset';
import { prepareAnalysis } from '$lib/analysis/workspace/prepare-analysis';
import { mergeDerived } from '$lib/server/analysis/analysis-service';
import type { Database } from '$lib/server/db';
import type { Survey } from '$lib/server/db/surveys';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { survey, project } = await authorizeSurvey(event, 'analysis:run');
	const db = await database();
	const [segments, variables, schemes] = await Promise.all([
		derivedVariables.listBySurvey(db, survey.id),
		surveyVariables(db, survey),
		weightingSchemes.listByProject(db, project.id)
	]);
	return {
		survey,
		segments: segments.map((s) => ({
			id: s.id,
			name: s.name,
			label: s.label,
			kind: s.kind,
			fit: s.kind === 'kmeans' ? s.definition.fit : null
		})),
		variables,
		schemes: schemes.map((s) => ({ id: s.id, name: s.name }))
	};
};

const variableName = z
	.string()
	.regex(
		/^[a-z][a-z0-9_]{0,39}$/,
		'name: use lower-case letters, digits and _ (start with a letter).'
	);
const label = z
	.string()
	.trim()
	.min(1, 'label: give the segment a label.')
	.max(120, 'label: at most 120 characters.');
const json = z.string().transform((text, context) => {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		context.addIssue({ code: 'custom', message: 'definition: not valid JSON.' });
		return z.NEVER;
	}
});

const kmeansFields = z.object({
	variables: z.string().min(1, 'variables: choose at least two variables.'),
	scheme: z.string().regex(/^\d*$/, 'scheme: not a scheme id.'),
	seed: z.coerce
		.number()
		.int('seed: a whole number.')
		.min(0)
		.max(2 ** 31 - 1)
		.default(42),
	kMin: z.coerce.number().int().min(2, 'kMin: at least 2.').max(12).default(2),
	kMax: z.coerce.number().int().min(2).max(12, 'kMax: at most 12.').default(8)
});

const firstError = (errors: Record<string, string>) =>
	Object.values(errors)[0] ?? 'The form is not valid.';

async function schemeOf(db: Database, projectId: number, id: string) {
	if (!id) return null;
	const scheme = await weightingSchemes.find(db, projectId, Number(id));
	if (!scheme) throw new AnalysisRequestError('scheme: this weighting scheme does not exist.');
	return { name: scheme.name, definition: scheme.definition };
}

/** A new derived variable must work on the data before it is saved: compute it once. */
async function checkDerived(db: Database, survey: Survey, derived: DerivedVariable): Promise<void> {
	await withSurveyDataset(
		db,
		survey,
		undefined,
		async (source) => {
			const prepared = await prepareAnalysis(
				db,
				source.dataset,
				source.labels,
				{ derived: [...mergeDerived(source.derived, []), derived] },
				source.prefix
			);
			await prepared.dispose();
		},
		{ allowEmpty: true }
	);
}

async function save(db: Database, survey: Survey, userId: number, derived: DerivedVariable) {
	return db.transaction(async (tx) => {
		const stored = await derivedVariables.create(tx, survey.id, derived, userId);
		await auditLog.record(tx, {
			userId,
			projectId: survey.projectId,
			action: 'segment.save',
			objectType: 'survey',
			objectId: survey.id,
			details: { name: derived.name, kind: derived.kind }
		});
		return stored;
	});
}

export const actions: Actions = {
	rules: async (event) => {
		const { survey, user, project } = await authorizeSurvey(event, 'analysis:edit');
		const form = await readForm(
			event.request,
			z.object({ name: variableName, label, definition: json })
		);
		if (!form.ok) return fail(400, { problem: firstError(form.errors) });
		const parsed = ruleSegmentationSchema.safeParse({
			...(form.data.definition as object),
			name: form.data.name
		});
		if (!parsed.success) {
			const issue = parsed.error.issues[0]!;
			return fail(400, { problem: `${issue.path.join('.') || 'definition'}: ${issue.message}` });
		}
		const derived: DerivedVariable = {
			kind: 'rules',
			name: form.data.name,
			label: form.data.label,
			definition: parsed.data
		};
		const db = await database();
		const taken = (await derivedVariables.listBySurvey(db, survey.id)).some(
			(d) => d.name === derived.name
		);
		if (taken)
			return fail(400, { problem: `name: ${derived.name} is already a segment of this survey.` });
		try {
			await checkDerived(db, survey, derived);
		} catch (caught) {
			const problem = analysisProblem(caught);
			if (problem) return fail(400, { problem });
			throw caught;
		}
		const stored = await save(db, survey, user.id, derived);
		redirect(303, `/projects/${project.id}/surveys/${survey.id}/segments/${stored.id}`);
	},
	candidates: async (event) => {
		const { survey, project } = await authorizeSurvey(event, 'analysis:run');
		const form = await readForm(event.request, kmeansFields);
		if (!form.ok) return fail(400, { problem: firstError(form.errors) });
		const variables = form.data.variables.split(',').filter(Boolean);
		if (variables.length < 2)
			return fail(400, { problem: 'variables: choose at least two variables.' });
		if (variables.length > 30) return fail(400, { problem: 'variables: at most 30 variables.' });
		if (form.data.kMax < form.data.kMin)
			return fail(400, { problem: 'kMax: must not be below kMin.' });
		const db = await database();
		try {
			const scheme = await schemeOf(db, project.id, form.data.scheme);
			const result = await kmeansCandidates(db, survey, {
				variables,
				scheme,
				seed: form.data.seed,
				kMin: form.data.kMin,
				kMax: form.data.kMax
			});
			return { candidates: result.candidates, n: result.n, request: { ...form.data, variables } };
		} catch (caught) {
			const problem = analysisProblem(caught);
			if (problem) return fail(400, { problem });
			throw caught;
		}
	},
	kmeans: async (event) => {
		const { survey, user, project } = await authorizeSurvey(event, 'analysis:edit');
		const form = await readForm(
			event.request,
			kmeansFields.extend({
				name: variableName,
				label,
				k: z.coerce.number().int().min(2, 'k: at least 2.').max(12, 'k: at most 12.')
			})
		);
		if (!form.ok) return fail(400, { problem: firstError(form.errors) });
		const variables = form.data.variables.split(',').filter(Boolean);
		if (variables.length < 2)
			return fail(400, { problem: 'variables: choose at least two variables.' });
		if (variables.length > 30) return fail(400, { problem: 'variables: at most 30 variables.' });
		const db = await database();
		const taken = (await derivedVariables.listBySurvey(db, survey.id)).some(
			(d) => d.name === form.data.name
		);
		if (taken)
			return fail(400, { problem: `name: ${form.data.name} is already a segment of this survey.` });
		let stored;
		try {
			const scheme = await schemeOf(db, project.id, form.data.scheme);
			const definition = await fitKMeansSegment(db, survey, {
				variables,
				scheme,
				seed: form.data.seed,
				k: form.data.k
			});
			const derived: DerivedVariable = {
				kind: 'kmeans',
				name: form.data.name,
				label: form.data.label,
				definition
			};
			await checkDerived(db, survey, derived);
			stored = await save(db, survey, user.id, derived);
		} catch (caught) {
			const problem = analysisProblem(caught);
			if (problem) return fail(400, { problem });
			throw caught;
		}
		redirect(303, `/projects/${project.id}/surveys/${survey.id}/segments/${stored.id}`);
	},
	remove: async (event) => {
		const { survey, user } = await authorizeSurvey(event, 'analysis:edit');
		const form = await readForm(
			event.request,
			z.object({ id: z.coerce.number().int().positive('id: choose a segment.') })
		);
		if (!form.ok) return fail(400, { problem: firstError(form.errors) });
		const db = await database();
		const saved = await derivedVariables.listBySurvey(db, survey.id);
		const target = saved.find((d) => d.id === form.data.id);
		const users = target
			? saved.filter((d) => d.id !== target.id && dependenciesOf(d).includes(target.name))
			: [];
		if (users.length)
			return fail(400, {
				problem: `id: ${users.map((d) => d.label).join(', ')} use${users.length === 1 ? 's' : ''} this segment; remove ${users.length === 1 ? 'it' : 'them'} first.`
			});
		const removed = await db.transaction(async (tx) => {
			const done = await derivedVariables.remove(tx, survey.id, form.data.id);
			if (done)
				await auditLog.record(tx, {
					userId: user.id,
					projectId: survey.projectId,
					action: 'segment.remove',
					objectType: 'survey',
					objectId: survey.id,
					details: { id: form.data.id }
				});
			return done;
		});
		if (!removed) return fail(400, { problem: 'id: this segment no longer exists.' });
		return { removed: true };
	}
};
