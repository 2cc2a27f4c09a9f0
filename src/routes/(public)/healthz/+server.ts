import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/authorize';
import { database, sql } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** Liveness and storage check for process supervisors. */
export const GET: RequestHandler = async (event) => {
	await authorize(event, 'public');
	await (await database()).one(sql('SELECT 1 AS ok'));
	return json({ ok: true });
};
