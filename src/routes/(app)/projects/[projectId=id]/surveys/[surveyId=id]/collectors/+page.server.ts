import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { can } from '$lib/roles';
import { database } from '$lib/server/db';
import * as auditLog from '$lib/server/db/audit-log';
import * as collectors from '$lib/server/db/collectors';
import { importInvitations, invitationLinks } from '$lib/server/fieldwork/invitation-service';
import { capGateFor } from '$lib/server/fieldwork/cap-gate';
import { forgetSurvey } from '$lib/server/ingest/survey-lookup';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { survey, role } = await authorizeSurvey(event, 'survey:view');
	const db = await database();
	const publicLink = await collectors.findByKind(db, survey.id, 'public');
	const invitationCollector = await collectors.findByKind(db, survey.id, 'invitation');
	const canManage = can(role, 'survey:publish');
	// Invitation links are secrets: only those who run fieldwork see them.
	const invited = canManage ? await invitationLinks(db, survey, event.url.origin) : [];
	return {
		survey,
		canManage,
		publicLink: publicLink ?? null,
		invitationCollector: invitationCollector ?? null,
		completes: publicLink ? await collectors.completes(db, publicLink.id) : 0,
		invitations: invited.slice(0, 500),
		invitationCounts: {
			total: invited.length,
			'not-started': invited.filter((i) => i.status === 'not-started').length,
			partial: invited.filter((i) => i.status === 'partial').length,
			complete: invited.filter((i) => i.status === 'complete').length,
			'screened-out': invited.filter((i) => i.status === 'screened-out').length,
			'over-quota': invited.filter((i) => i.status === 'over-quota').length
		}
	};
};

/** A UTC date-time from a datetime-local field, '' meaning none. */
const utcTime = (field: string) =>
	z
		.string()
		.trim()
		.refine((value) => value === '' || !Number.isNaN(Date.parse(`${value}Z`)), {
			message: `${field} must be a date and time (UTC), or empty.`
		})
		.transform((value) => (value ? new Date(`${value}Z`).toISOString() : null));

const settingsSchema = z
	.object({
		kind: z.enum(['public', 'invitation'], { message: 'kind must be "public" or "invitation".' }),
		opensAt: utcTime('Opens'),
		closesAt: utcTime('Closes'),
		responseCap: z
			.string()
			.trim()
			.refine((value) => value === '' || /^[1-9]\d{0,8}$/.test(value), {
				message: 'The cap must be a whole number of responses, or empty.'
			})
			.transform((value) => (value ? Number(value) : null)),
		closedMessage: z
			.string()
			.trim()
			.max(2000, { message: 'The closed message is longer than 2,000 characters.' })
			.transform((value) => value || null)
	})
	.refine((s) => !s.opensAt || !s.closesAt || s.opensAt < s.closesAt, {
		message: 'The survey must open before it closes.',
		path: ['closesAt']
	});

export const actions: Actions = {
	settings: async (event) => {
		const { survey, user } = await authorizeSurvey(event, 'survey:publish');
		const form = await event.request.formData().catch(() => new FormData());
		const parsed = settingsSchema.safeParse({
			kind: String(form.get('kind') ?? 'public'),
			opensAt: String(form.get('opensAt') ?? ''),
			closesAt: String(form.get('closesAt') ?? ''),
			responseCap: String(form.get('responseCap') ?? ''),
			closedMessage: String(form.get('closedMessage') ?? '')
		});
		if (!parsed.success) {
			const issue = parsed.error.issues[0]!;
			return fail(400, {
				kind: String(form.get('kind') ?? 'public'),
				field: String(issue.path[0] ?? 'form'),
				message: issue.message
			});
		}
		const { kind, ...settings } = parsed.data;
		const db = await database();
		await db.transaction(async (tx) => {
			const collector = await collectors.ensure(tx, survey.id, kind);
			await collectors.updateSettings(tx, collector.id, settings);
			await auditLog.record(tx, {
				userId: user.id,
				projectId: survey.projectId,
				action: 'collector.settings',
				objectType: 'survey',
				objectId: survey.id,
				details: { ...parsed.data }
			});
		});
		forgetSurvey(survey);
		capGateFor(db).forgetSurvey(survey.id);
		return { saved: true };
	},
	invite: async (event) => {
		const { survey, user } = await authorizeSurvey(event, 'survey:publish');
		const form = await event.request.formData().catch(() => new FormData());
		const file = form.get('file');
		const text =
			file instanceof File && file.size > 0
				? file.size > 20 * 1024 * 1024
					? null
					: await file.text()
				: String(form.get('list') ?? '');
		if (text === null)
			return fail(413, { field: 'file', message: 'The list is larger than 20 MB.' });
		if (!text.trim()) {
			return fail(400, { field: 'list', message: 'Paste the panel list or choose a CSV file.' });
		}
		const imported = await importInvitations(await database(), survey, text, user.id);
		if (!imported.ok) return fail(400, { field: 'list', message: imported.message });
		return { invited: imported.count };
	}
};
