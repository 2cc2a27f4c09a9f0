import { json } from '@sveltejs/kit';
import { database } from '$lib/server/db';
import { authorizeInterview } from '$lib/server/fieldwork/assignment-service';
import { submitInterview } from '$lib/server/fieldwork/interview-submission';
import { readJsonBody } from '$lib/server/http';
import { maxSubmissionBytes } from '$lib/server/surveys/response-service';
import type { RequestHandler } from './$types';

/**
 * Interviews sent from an interviewer's outbox; idempotent by id (a re-send answers 200).
 * `overQuota` names the full quota cell when the interview was stored over quota, else null.
 */
export const POST: RequestHandler = async (event) => {
	const { survey, user } = await authorizeInterview(event);
	const body = await readJsonBody(event.request, maxSubmissionBytes);
	if (!body.ok) return json({ message: body.message }, { status: body.status });
	const result = await submitInterview(await database(), survey, body.value, user.id);
	if (!result.ok) {
		return json({ message: result.message, errors: result.errors }, { status: result.status });
	}
	const { id, stored, overQuota } = result;
	return json({ id, stored, overQuota }, { status: stored ? 201 : 200 });
};
