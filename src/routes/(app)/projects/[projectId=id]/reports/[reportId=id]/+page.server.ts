import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { authorize } from '$lib/server/auth/authorize';
import { analysisProblem } from '$lib/server/analysis/analysis-service';
import { computeReport, createShareLink, shareLinkDays } from '$lib/server/analysis/report-service';
import { database } from '$lib/server/db';
import * as auditLog from '$lib/server/db/audit-log';
import * as reports from '$lib/server/db/reports';
import { readForm } from '$lib/server/forms';
import { can } from '$lib/roles';
import { moveSection, removeSection } from '$lib/reports/compose';
import { checkedSpec } from '$lib/reports/report-spec';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

type Permission = 'reports:view' | 'reports:share' | 'analysis:edit';

const sectionIndex = z.object({
	index: z.coerce
		.number({ message: 'index: choose a section.' })
		.int('index: choose a section.')
		.min(0, 'index: choose a section.')
});

async function context(event: RequestEvent, permission: Permission) {
	const access = await authorize(event, { projectId: Number(event.params.projectId), permission });
	const db = await database();
	const report = await reports.find(db, access.project.id, Number(event.params.reportId));
	if (!report) error(404, 'Report not found.');
	return { ...access, db, report };
}

export const load: PageServerLoad = async (event) => {
	const { db, report, role } = await context(event, 'reports:view');
	let result = null;
	let problem: string | null = null;
	try {
		result = await computeReport(db, report);
	} catch (caught) {
		problem = analysisProblem(caught);
		if (!problem) throw caught;
	}
	return {
		report: { id: report.id, name: report.name, spec: report.spec },
		result,
		problem,
		shareLinks: can(role, 'reports:share') ? await reports.listShareLinks(db, report.id) : []
	};
};

export const actions: Actions = {
	share: async (event) => {
		const { db, report, user, project } = await context(event, 'reports:share');
		const form = await readForm(
			event.request,
			z.object({
				days: z.coerce
					.number()
					.int('days: a whole number.')
					.min(1, 'days: at least 1.')
					.max(shareLinkDays.max, `days: at most ${shareLinkDays.max}.`)
			})
		);
		if (!form.ok) return fail(400, { problem: Object.values(form.errors)[0] });
		const link = await createShareLink(db, report.id, form.data.days, user.id);
		await auditLog.record(db, {
			userId: user.id,
			projectId: project.id,
			action: 'share.create',
			objectType: 'report',
			objectId: report.id,
			details: { days: form.data.days }
		});
		// The token is shown once: only its hash is stored.
		return {
			shared: `${event.url.origin}/r/${link.token}`,
			expiresAt: link.expiresAt.toISOString()
		};
	},
	revoke: async (event) => {
		const { db, report, user, project } = await context(event, 'reports:share');
		const form = await readForm(
			event.request,
			z.object({ id: z.coerce.number().int().positive('id: choose a link.') })
		);
		if (!form.ok) return fail(400, { problem: Object.values(form.errors)[0] });
		const done = await reports.revokeShareLink(db, report.id, form.data.id);
		if (!done) return fail(400, { problem: 'id: this link is already revoked or does not exist.' });
		await auditLog.record(db, {
			userId: user.id,
			projectId: project.id,
			action: 'share.revoke',
			objectType: 'report',
			objectId: report.id,
			details: { link: form.data.id }
		});
		return { revoked: true };
	},
	addText: async (event) => {
		const { db, report, project } = await context(event, 'analysis:edit');
		const form = await readForm(
			event.request,
			z.object({
				title: z.string().trim().max(200, 'title: at most 200 characters.'),
				text: z
					.string()
					.trim()
					.min(1, 'text: write something.')
					.max(20_000, 'text: at most 20,000 characters.')
			})
		);
		if (!form.ok) return fail(400, { problem: Object.values(form.errors)[0] });
		const checked = checkedSpec({
			...report.spec,
			sections: [...report.spec.sections, { kind: 'text' as const, ...form.data }]
		});
		if (!checked.ok) return fail(400, { problem: checked.problem });
		await reports.updateSpec(db, project.id, report.id, checked.spec);
		return { edited: true };
	},
	removeSection: async (event) => {
		const { db, report, project } = await context(event, 'analysis:edit');
		const form = await readForm(event.request, sectionIndex);
		if (!form.ok) return fail(400, { problem: Object.values(form.errors)[0] });
		const edited = removeSection(report.spec, form.data.index);
		if (!edited.ok) return fail(400, { problem: edited.problem });
		await reports.updateSpec(db, project.id, report.id, edited.spec);
		return { edited: true };
	},
	moveSection: async (event) => {
		const { db, report, project } = await context(event, 'analysis:edit');
		const form = await readForm(
			event.request,
			sectionIndex.extend({ by: z.enum(['-1', '1'], { message: 'by: up or down.' }) })
		);
		if (!form.ok) return fail(400, { problem: Object.values(form.errors)[0] });
		const edited = moveSection(report.spec, form.data.index, Number(form.data.by) as -1 | 1);
		if (!edited.ok) return fail(400, { problem: edited.problem });
		await reports.updateSpec(db, project.id, report.id, edited.spec);
		return { edited: true };
	},
	remove: async (event) => {
		const { db, report, user, project } = await context(event, 'analysis:edit');
		const form = await event.request.formData();
		if (form.get('confirm') !== 'delete')
			return fail(400, { problem: 'confirm: confirm that the report is to be deleted.' });
		await db.transaction(async (tx) => {
			await reports.remove(tx, project.id, report.id);
			await auditLog.record(tx, {
				userId: user.id,
				projectId: project.id,
				action: 'report.remove',
				objectType: 'report',
				objectId: report.id,
				details: { title: report.name }
			});
		});
		redirect(303, `/projects/${project.id}/reports`);
	}
};
