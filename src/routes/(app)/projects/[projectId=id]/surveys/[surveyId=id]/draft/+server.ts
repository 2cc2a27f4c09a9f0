import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { database } from '$lib/server/db';
import * as surveys from '$lib/server/db/surveys';
import { readJsonBody } from '$lib/server/http';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import { maxQuestionnaireBytes, saveDraft } from '$lib/server/surveys/survey-service';
import type { RequestHandler } from './$types';

/** The designer's draft: read it, or save it from the revision the editor started from. */
export const GET: RequestHandler = async (event) => {
	const { survey } = await authorizeSurvey(event, 'survey:view');
	const draft = await surveys.draft(await database(), survey.id);
	if (!draft) error(404, 'Questionnaire not found.');
	return json({ revision: draft.revision, json: JSON.parse(draft.json) });
};

const draftSchema = z.object({
	revision: z.number({ message: 'revision must be the number of the draft you edited.' }).int(),
	json: z.record(z.string(), z.unknown(), { message: 'json must be the questionnaire object.' })
});

export const PUT: RequestHandler = async (event) => {
	const { survey } = await authorizeSurvey(event, 'survey:design');
	const body = await readJsonBody(event.request, maxQuestionnaireBytes + 1024);
	if (!body.ok) return json({ message: body.message }, { status: body.status });
	const parsed = draftSchema.safeParse(body.value);
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		const field = issue.path.join('.') || 'body';
		return json({ message: `${field}: ${issue.message}`, field }, { status: 400 });
	}
	const saved = await saveDraft(
		await database(),
		survey,
		JSON.stringify(parsed.data.json),
		parsed.data.revision
	);
	if (saved.ok) return json({ revision: saved.value.revision, title: saved.value.title });
	if (saved.conflict) {
		return json(
			{
				message:
					'Someone else saved this draft since you opened it. Reload to see their changes; yours are kept in this window until you do.',
				revision: saved.revision
			},
			{ status: 409 }
		);
	}
	return json({ message: saved.problems[0]!.message, problems: saved.problems }, { status: 422 });
};
