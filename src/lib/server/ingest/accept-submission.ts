/**
 * A respondent's submission from arrival to answer, shared by the SvelteKit route
 * (src/routes/(public)/s/[slug]/responses) and the submission lane that serves the same endpoint
 * in production without SvelteKit's request machinery. Public (no session); validated against the
 * published version; idempotent by response id; answered only after the group commit.
 */
import { authorize } from '../auth/authorize.ts';
import type { Database } from '../db/database.ts';
import { submissionCollector } from '../fieldwork/respondent-entry.ts';
import { parseJsonBody, type RawBody } from '../http.ts';
import {
	maxSubmissionBytes,
	submissionErrors,
	submissionSchema,
	submitResponse
} from '../surveys/response-service.ts';
import { submissionLimit } from './submission-limit.ts';
import { surveyBySlug } from './survey-lookup.ts';

export interface SubmissionRequest {
	slug: string;
	/** For the authorization helper; the endpoint is public. */
	url: URL;
	headers: { get(name: string): string | null };
	body: RawBody;
	clientAddress: string;
	/** The keyed hash of the respondent's device cookie, if they have one. */
	deviceHash: string | null;
}

export interface SubmissionReply {
	status: number;
	body: Record<string, unknown>;
	headers?: Record<string, string>;
}

const overQuotaMessage =
	'Thank you for your time. We already have enough answers from people like you, so the survey ends here.';

export async function acceptSubmission(
	db: Database,
	request: SubmissionRequest
): Promise<SubmissionReply> {
	await authorize(
		{
			locals: { user: null },
			url: request.url,
			request: { method: 'POST', headers: request.headers }
		},
		'public'
	);
	const survey = await surveyBySlug(db, request.slug);
	if (!survey) {
		await request.body.read().catch(() => undefined);
		return { status: 404, body: { message: 'This survey does not exist.' } };
	}
	const limited = submissionLimit().take(request.clientAddress);
	if (!limited.allowed) {
		await request.body.read().catch(() => undefined);
		return {
			status: 429,
			body: { message: 'Too many submissions from this address; please try again shortly.' },
			headers: { 'retry-after': String(limited.retryAfterSeconds) }
		};
	}
	const body = await parseJsonBody(request.body, maxSubmissionBytes);
	if (!body.ok) return { status: body.status, body: { message: body.message } };
	const parsed = submissionSchema.safeParse(body.value);
	if (!parsed.success) {
		const errors = submissionErrors(parsed.error);
		return { status: 400, body: { message: errors[0]!.message, errors } };
	}
	const collector = await submissionCollector(db, survey, parsed.data);
	if (!collector.ok) return { status: collector.status, body: { message: collector.message } };
	const result = await submitResponse(db, survey, parsed.data, 'web', {
		collectorId: collector.collectorId,
		deviceHash: request.deviceHash
	});
	if (!result.ok)
		return {
			status: result.status,
			body: { message: result.errors[0]!.message, errors: result.errors }
		};
	return {
		status: result.stored ? 201 : 200,
		body: {
			id: parsed.data.id,
			stored: result.stored,
			overQuota: result.overQuota !== null,
			...(result.overQuota ? { message: overQuotaMessage } : {})
		}
	};
}
