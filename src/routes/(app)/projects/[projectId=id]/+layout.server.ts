import { authorize } from '$lib/server/auth/authorize';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const { project, role } = await authorize(event, {
		projectId: Number(event.params.projectId),
		permission: 'project:view'
	});
	return { project, role };
};
