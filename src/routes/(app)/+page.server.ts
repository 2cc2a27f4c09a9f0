import { redirect } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/authorize';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user } = await authorize(event, 'public');
	redirect(303, user ? '/projects' : '/login');
};
