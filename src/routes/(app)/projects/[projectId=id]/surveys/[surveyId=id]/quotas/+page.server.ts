import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { quotaProgressDependency } from '$lib/fieldwork/quotas';
import { database, type Queryable } from '$lib/server/db';
import * as auditLog from '$lib/server/db/audit-log';
import * as quotas from '$lib/server/db/quotas';
import { quotaGateFor } from '$lib/server/fieldwork/quota-gate';
import { quotaOverview, saveQuota } from '$lib/server/fieldwork/quota-service';
import { readForm, type FieldErrors } from '$lib/server/forms';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { survey } = await authorizeSurvey(event, 'survey:view');
	event.depends(quotaProgressDependency);
	return { survey, ...(await quotaOverview(await database(), survey.id)) };
};

const quotaId = z.coerce.number({ message: 'Choose a quota.' }).int().positive('Choose a quota.');

const saveFields = z.object({
	id: z.union([z.literal('').transform(() => undefined), quotaId]).optional(),
	name: z.string().trim().min(1, 'Give the quota a name.').max(100, 'The name is too long.'),
	definition: z
		.string({ message: 'The definition is missing.' })
		.min(1, 'The definition is missing.')
		.max(500_000, 'The definition is too large.')
});

const asProblems = (errors: FieldErrors) =>
	Object.entries(errors).map(([field, message]) => ({ field, message }));

/** Quota edits go to the audit log, in the transaction of the edit. */
function recordQuota(
	tx: Queryable,
	survey: { id: number; projectId: number },
	userId: number,
	action: 'quota.save' | 'quota.remove',
	quota: string
) {
	return auditLog.record(tx, {
		userId,
		projectId: survey.projectId,
		action,
		objectType: 'survey',
		objectId: survey.id,
		details: { quota }
	});
}

export const actions: Actions = {
	save: async (event) => {
		const { survey, user } = await authorizeSurvey(event, 'survey:design');
		const form = await readForm(event.request, saveFields);
		if (!form.ok) return fail(400, { problems: asProblems(form.errors) });
		const db = await database();
		const saved = await db.transaction(async (tx) => {
			const result = await saveQuota(tx, survey.id, form.data);
			if (result.ok) await recordQuota(tx, survey, user.id, 'quota.save', result.quota.name);
			return result;
		});
		if (!saved.ok) return fail(400, { problems: saved.problems });
		quotaGateFor(await database()).invalidate(survey.id);
		return { saved: saved.quota.name };
	},
	remove: async (event) => {
		const { survey, user } = await authorizeSurvey(event, 'survey:design');
		const form = await readForm(event.request, z.object({ id: quotaId }));
		if (!form.ok) return fail(400, { problems: asProblems(form.errors) });
		const db = await database();
		const removed = await db.transaction(async (tx) => {
			const done = await quotas.remove(tx, survey.id, form.data.id);
			if (done) await recordQuota(tx, survey, user.id, 'quota.remove', `#${form.data.id}`);
			return done;
		});
		if (!removed) {
			return fail(400, { problems: [{ field: 'id', message: 'This quota no longer exists.' }] });
		}
		quotaGateFor(await database()).invalidate(survey.id);
		return { removed: true };
	}
};
