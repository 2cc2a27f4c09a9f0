import { authorize } from '$lib/server/auth/authorize';
import { database } from '$lib/server/db';
import * as reports from '$lib/server/db/reports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { project } = await authorize(event, {
		projectId: Number(event.params.projectId),
		permission: 'reports:view'
	});
	const list = await reports.listByProject(await database(), project.id);
	return {
		reports: list.map((r) => ({
			id: r.id,
			name: r.name,
			updatedAt: r.updatedAt,
			sections: r.spec.sections.map((s) => s.kind),
			weighting: r.spec.weighting?.name ?? null
		}))
	};
};
