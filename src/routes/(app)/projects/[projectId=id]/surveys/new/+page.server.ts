import { fail, redirect } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/authorize';
import { database } from '$lib/server/db';
import { createSurvey, maxQuestionnaireBytes } from '$lib/server/surveys/survey-service';
import {
	startingPoints,
	startingQuestionnaire,
	type StartingPoint
} from '$lib/designer/starting-points';
import { importXlsForm, XlsFormError } from '$lib/survey/xlsform';
import { XlsxReadError } from '$lib/analysis/io/xlsx-reader';
import type { Actions, PageServerLoad } from './$types';

const access = (projectId: string) => ({
	projectId: Number(projectId),
	permission: 'survey:design' as const
});

export const load: PageServerLoad = async (event) => {
	await authorize(event, access(event.params.projectId));
	return { startingPoints };
};

type Source =
	{ ok: true; text: string; warnings: string[] } | { ok: false; field: string; message: string };

/**
 * The questionnaire comes from an uploaded file (SurveyJS .json or XLSForm .xlsx), pasted JSON,
 * or a title and a starting point.
 */
async function questionnaireSource(form: FormData): Promise<Source> {
	const file = form.get('file');
	if (file instanceof File && file.size > 0) {
		if (file.size > maxQuestionnaireBytes * 5) {
			return { ok: false, field: 'file', message: 'The file is larger than 10 MB.' };
		}
		if (file.name.toLowerCase().endsWith('.xlsx')) {
			try {
				const { json, warnings } = importXlsForm(new Uint8Array(await file.arrayBuffer()));
				return { ok: true, text: JSON.stringify(json), warnings };
			} catch (error) {
				if (error instanceof XlsFormError || error instanceof XlsxReadError)
					return { ok: false, field: 'file', message: error.message };
				throw error;
			}
		}
		return { ok: true, text: await file.text(), warnings: [] };
	}
	const pasted = form.get('json');
	if (typeof pasted === 'string' && pasted.trim()) return { ok: true, text: pasted, warnings: [] };
	const title = String(form.get('title') ?? '').trim();
	const start = String(form.get('start') ?? 'blank');
	if (!title)
		return {
			ok: false,
			field: 'title',
			message: 'Give the questionnaire a title, paste JSON or choose a file.'
		};
	if (title.length > 200)
		return { ok: false, field: 'title', message: 'The title is longer than 200 characters.' };
	if (!(start in startingPoints))
		return { ok: false, field: 'start', message: 'Choose what to start from.' };
	return {
		ok: true,
		text: JSON.stringify(startingQuestionnaire(title, start as StartingPoint)),
		warnings: []
	};
}

export const actions: Actions = {
	default: async (event) => {
		const { user, project } = await authorize(event, access(event.params.projectId));
		const form = await event.request.formData().catch(() => new FormData());
		const source = await questionnaireSource(form);
		if (!source.ok)
			return fail(400, { problems: [{ field: source.field, message: source.message }], json: '' });
		const created = await createSurvey(await database(), {
			projectId: project.id,
			userId: user.id,
			text: source.text
		});
		if (!created.ok)
			return fail(400, { problems: created.problems, json: source.text.slice(0, 200_000) });
		const design = `/projects/${project.id}/surveys/${created.value.id}/design`;
		// What an XLSForm import could not convert is shown before the designer opens.
		if (source.warnings.length) return { created: design, warnings: source.warnings };
		redirect(303, design);
	}
};
