import { json } from '@sveltejs/kit';
import { database } from '$lib/server/db';
import { authorizeInterview } from '$lib/server/fieldwork/assignment-service';
import { submitInterview } from '$lib/server/fieldwork/interview-submission';
import { readJsonBody } from '$lib/server/http';
import { maxSubmissionBytes } from '$lib/server/surveys/response-service';
import type { RequestHandler } from './$types';

/** Interviews sent from an interviewer's outbox; idempotent by id (a re-send answers 200). */
export const POST: RequestHandler = async (event) => {
	const { survey, user } = await authorizeInterview(event);
	const body = await readJsonBody(event.request, maxSubmissionBytes);
	if (!body.ok) return json({ message: body.message }, { status: body.status });
	const result = await submitInterview(await database(), survey, body.value, user.id);
	if (!result.ok) {
		return json({ message: result.message, errors: result.errors }, { status: result.status });
	}
	return json({ id: result.id, stored: result.stored }, { status: result.stored ? 201 : 200 });
};
