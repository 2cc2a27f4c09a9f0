import { error, json } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/authorize';
import { database } from '$lib/server/db';
import { surveyBySlug } from '$lib/server/ingest/survey-lookup';
import { deviceHashOf } from '$lib/server/fieldwork/device';
import { submissionCollector } from '$lib/server/fieldwork/respondent-entry';
import { submissionLimit } from '$lib/server/ingest/submission-limit';
import { readJsonBody } from '$lib/server/http';
import {
	maxSubmissionBytes,
	submissionErrors,
	submissionSchema,
	submitResponse
} from '$lib/server/surveys/response-service';
import type { RequestHandler } from './$types';

const overQuotaMessage =
	'Thank you for your time. We already have enough answers from people like you, so the survey ends here.';

/** Respondents' submissions: public, validated against the published version, idempotent by id. */
export const POST: RequestHandler = async (event) => {
	await authorize(event, 'public');
	const db = await database();
	const survey = await surveyBySlug(db, event.params.slug);
	if (!survey) error(404, 'This survey does not exist.');
	const limited = submissionLimit().take(event.getClientAddress());
	if (!limited.allowed) {
		return json(
			{ message: 'Too many submissions from this address; please try again shortly.' },
			{ status: 429, headers: { 'retry-after': String(limited.retryAfterSeconds) } }
		);
	}
	const body = await readJsonBody(event.request, maxSubmissionBytes);
	if (!body.ok) return json({ message: body.message }, { status: body.status });
	const parsed = submissionSchema.safeParse(body.value);
	if (!parsed.success) {
		const errors = submissionErrors(parsed.error);
		return json({ message: errors[0]!.message, errors }, { status: 400 });
	}
	const collector = await submissionCollector(db, survey, parsed.data);
	if (!collector.ok) return json({ message: collector.message }, { status: collector.status });
	const result = await submitResponse(db, survey, parsed.data, 'web', {
		collectorId: collector.collectorId,
		deviceHash: deviceHashOf(event.cookies)
	});
	if (!result.ok)
		return json(
			{ message: result.errors[0]!.message, errors: result.errors },
			{ status: result.status }
		);
	return json(
		{
			id: parsed.data.id,
			stored: result.stored,
			overQuota: result.overQuota !== null,
			...(result.overQuota ? { message: overQuotaMessage } : {})
		},
		{ status: result.stored ? 201 : 200 }
	);
};
