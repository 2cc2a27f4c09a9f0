import { fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { database } from '$lib/server/db';
import { loadFieldworkDashboard } from '$lib/server/fieldwork/dashboard';
import { refreshQualityFlags, setExcluded } from '$lib/server/fieldwork/quality-service';
import { quotaOverview } from '$lib/server/fieldwork/quota-service';
import { listForReview, qualitySummary } from '$lib/server/fieldwork/response-quality';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import type { Actions, PageServerLoad } from './$types';

const listLimit = 200;

export const load: PageServerLoad = async (event) => {
	const { survey } = await authorizeSurvey(event, 'responses:view');
	const db = await database();
	const show = event.url.searchParams.get('show') === 'all' ? 'all' : 'review';
	const [dashboard, quality, responses, quotas] = await Promise.all([
		loadFieldworkDashboard(db, survey.id),
		qualitySummary(db, survey.id),
		listForReview(db, survey.id, { needsReview: show === 'review', limit: listLimit }),
		quotaOverview(db, survey.id).then((overview) => overview.quotas)
	]);
	return { survey, dashboard, quality, responses, quotas, show, listLimit };
};

const responseIds = z
	.array(z.uuid({ message: 'responseId must be a response id.' }))
	.min(1, { message: 'Choose a response (responseId).' })
	.max(1000);

/** Exclusion and inclusion differ only in direction; both are the analyst's (export) decision. */
async function changeExclusion(event: RequestEvent, excluded: boolean) {
	const { survey, user } = await authorizeSurvey(event, 'responses:export');
	const form = await event.request.formData().catch(() => new FormData());
	const parsed = responseIds.safeParse(form.getAll('responseId'));
	if (!parsed.success) return fail(400, { message: parsed.error.issues[0]!.message });
	const changed = await setExcluded(await database(), survey.id, parsed.data, excluded, user.id);
	return { excluded, changed };
}

export const actions: Actions = {
	recompute: async (event) => {
		const { survey } = await authorizeSurvey(event, 'responses:export');
		return { recomputed: await refreshQualityFlags(await database(), survey.id) };
	},
	exclude: (event) => changeExclusion(event, true),
	include: (event) => changeExclusion(event, false)
};
