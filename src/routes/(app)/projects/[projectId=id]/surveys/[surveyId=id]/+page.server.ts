import { fail, redirect } from '@sveltejs/kit';
import { database } from '$lib/server/db';
import * as responses from '$lib/server/db/responses';
import * as surveyVersions from '$lib/server/db/survey-versions';
import * as surveys from '$lib/server/db/surveys';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import {
	deleteSurvey,
	publish,
	saveDraft,
	startNextWave
} from '$lib/server/surveys/survey-service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { survey } = await authorizeSurvey(event, 'survey:view');
	const db = await database();
	const [draft, versions, counts, latest] = await Promise.all([
		surveys.draftJson(db, survey.id),
		surveyVersions.list(db, survey.id),
		responses.countBySurvey(db, survey.id),
		surveyVersions.latest(db, survey.id)
	]);
	const draftText = JSON.stringify(JSON.parse(draft ?? '{}'), null, 2);
	const latestText = latest ? JSON.stringify(latest.json, null, 2) : null;
	return {
		survey,
		draftText,
		versions,
		counts,
		variables: latest?.codebook.variables.length ?? 0,
		draftDiffersFromLatest: latestText !== draftText
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { survey } = await authorizeSurvey(event, 'survey:design');
		const form = await event.request.formData().catch(() => new FormData());
		const text = form.get('json');
		if (typeof text !== 'string' || !text.trim()) {
			return fail(400, {
				problems: [{ field: 'json', message: 'The questionnaire JSON is empty.' }],
				json: ''
			});
		}
		const saved = await saveDraft(await database(), survey, text);
		if (!saved.ok) {
			const problems = saved.conflict
				? [{ field: 'json', message: 'The draft changed meanwhile.' }]
				: saved.problems;
			return fail(400, { problems, json: text.slice(0, 2_000_000) });
		}
		return { saved: true, warnings: saved.warnings };
	},
	publish: async (event) => {
		const { survey, user } = await authorizeSurvey(event, 'survey:publish');
		const published = await publish(await database(), survey, user.id);
		if (!published.ok) return fail(400, { problems: published.problems, json: null });
		return { published: published.value.version };
	},
	nextWave: async (event) => {
		const { survey } = await authorizeSurvey(event, 'survey:publish');
		return { wave: await startNextWave(await database(), survey) };
	},
	delete: async (event) => {
		const { survey, user, project } = await authorizeSurvey(event, 'survey:delete');
		const form = await event.request.formData().catch(() => new FormData());
		if (form.get('confirm') !== survey.slug) {
			return fail(400, {
				problems: [{ field: 'confirm', message: `Type ${survey.slug} to confirm the deletion.` }],
				json: null
			});
		}
		await deleteSurvey(await database(), survey, user.id);
		redirect(303, `/projects/${project.id}`);
	}
};
