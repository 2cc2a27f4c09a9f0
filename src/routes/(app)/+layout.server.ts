import { authorize } from '$lib/server/auth/authorize';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const { user } = await authorize(event, 'public');
	return { user };
};
