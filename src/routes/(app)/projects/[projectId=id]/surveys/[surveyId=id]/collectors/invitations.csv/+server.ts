import { csvLine } from '$lib/csv';
import { database } from '$lib/server/db';
import * as auditLog from '$lib/server/db/audit-log';
import { invitationLinks } from '$lib/server/fieldwork/invitation-service';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import type { RequestHandler } from './$types';

/** Every invitee with their status and link, for reminders (those not complete) or mail merge. */
export const GET: RequestHandler = async (event) => {
	const { survey, user } = await authorizeSurvey(event, 'survey:publish');
	const db = await database();
	const links = await invitationLinks(db, survey, event.url.origin);
	const detailNames = [...new Set(links.flatMap((link) => Object.keys(link.details)))].sort();
	let csv = '\uFEFF' + csvLine(['invitee', ...detailNames, 'status', 'link']);
	for (const link of links) {
		csv += csvLine([
			link.invitee,
			...detailNames.map((name) => link.details[name] ?? ''),
			link.status,
			link.link
		]);
	}
	await auditLog.record(db, {
		userId: user.id,
		projectId: survey.projectId,
		action: 'invitations.export',
		objectType: 'survey',
		objectId: survey.id,
		details: { invitees: links.length }
	});
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${survey.slug}-invitations.csv"`
		}
	});
};
