import { authorize } from '$lib/server/auth/authorize';
import * as auditLog from '$lib/server/db/audit-log';
import { database } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { project } = await authorize(event, {
		projectId: Number(event.params.projectId),
		permission: 'audit:view'
	});
	return { entries: await auditLog.listForProject(await database(), project.id) };
};
