import { fail, redirect } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/authorize';
import { database } from '$lib/server/db';
import { createSurvey, maxQuestionnaireBytes } from '$lib/server/surveys/survey-service';
import type { Actions, PageServerLoad } from './$types';

const access = (projectId: string) => ({ projectId: Number(projectId), permission: 'survey:design' as const });

export const load: PageServerLoad = async (event) => {
	await authorize(event, access(event.params.projectId));
	return {};
};

/** The questionnaire comes pasted (field "json") or uploaded (file field "file"). */
async function questionnaireText(form: FormData): Promise<string> {
	const file = form.get('file');
	if (file instanceof File && file.size > 0) {
		return file.size > maxQuestionnaireBytes ? ' '.repeat(maxQuestionnaireBytes + 1) : await file.text();
	}
	const pasted = form.get('json');
	return typeof pasted === 'string' ? pasted : '';
}

export const actions: Actions = {
	default: async (event) => {
		const { user, project } = await authorize(event, access(event.params.projectId));
		const form = await event.request.formData().catch(() => new FormData());
		const text = await questionnaireText(form);
		if (!text.trim()) return fail(400, { problems: [{ field: 'json', message: 'Paste the questionnaire JSON or choose a file.' }], json: '' });
		const created = await createSurvey(await database(), { projectId: project.id, userId: user.id, text });
		if (!created.ok) return fail(400, { problems: created.problems, json: text.slice(0, 200_000) });
		redirect(303, `/projects/${project.id}/surveys/${created.value.id}`);
	}
};
