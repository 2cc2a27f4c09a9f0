/**
 * A respondent's submission from arrival to answer, shared by the SvelteKit route
 * (src/routes/(public)/s/[slug]/responses) and the submission lane that serves the same endpoint
 * in production without SvelteKit's request machinery. Public (no session); limited per client
 * address (failed lookups, submissions); validated against the published version; idempotent by
 * response id; answered only after the group commit.
 */
import type { LimitDecision } from '../address-limit.ts';
import { authorize } from '../auth/authorize.ts';
import type { Database } from '../db/database.ts';
import { submissionCollector } from '../fieldwork/respondent-entry.ts';
import { parseJsonBody, type RawBody } from '../http.ts';
import {
	admitLookup,
	countFailedLookup,
	publicLookupLimits,
	tooManyLookupsMessage
} from '../public-lookup-limit.ts';
import {
	maxSubmissionBytes,
	submissionErrors,
	submissionSchema,
	type SubmitResult,
	submitResponse
} from '../surveys/response-service.ts';
import { endingText } from '../../survey/respondent-text.ts';
import { publishedVersion } from './published-versions.ts';
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

const tooManySubmissionsMessage =
	'Too many submissions from this address; please try again shortly.';

/** 429 with Retry-After; the body is read first (once), so that the connection stays usable. */
async function tooMany(
	request: SubmissionRequest,
	decision: LimitDecision,
	message: string
): Promise<SubmissionReply> {
	await request.body.read().catch(() => undefined);
	return {
		status: 429,
		body: { message },
		headers: { 'retry-after': String(decision.retryAfterSeconds) }
	};
}

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
	// Unknown slugs and invitation tokens are failed lookups (../public-lookup-limit.ts), as on
	// the survey page: an address over them is refused before anything is looked up.
	const lookups = publicLookupLimits();
	const admitted = admitLookup(lookups, request.clientAddress, 'survey');
	if (!admitted.allowed) return tooMany(request, admitted, tooManyLookupsMessage);
	const survey = await surveyBySlug(db, request.slug);
	if (!survey) {
		const failed = countFailedLookup(lookups, request.clientAddress);
		if (!failed.allowed) return tooMany(request, failed, tooManyLookupsMessage);
		await request.body.read().catch(() => undefined);
		return { status: 404, body: { message: 'This survey does not exist.' } };
	}
	const limited = submissionLimit().take(request.clientAddress);
	if (!limited.allowed) return tooMany(request, limited, tooManySubmissionsMessage);
	const body = await parseJsonBody(request.body, maxSubmissionBytes);
	if (!body.ok) return { status: body.status, body: { message: body.message } };
	const parsed = submissionSchema.safeParse(body.value);
	if (!parsed.success) {
		const errors = submissionErrors(parsed.error);
		return { status: 400, body: { message: errors[0]!.message, errors } };
	}
	const collector = await submissionCollector(db, survey, parsed.data);
	if (!collector.ok) {
		// 403 is an invitation token that does not exist: a failed lookup, like an unknown slug.
		if (collector.status === 403) {
			const failed = countFailedLookup(lookups, request.clientAddress);
			if (!failed.allowed) return tooMany(request, failed, tooManyLookupsMessage);
		}
		const { message, field } = collector;
		return {
			status: collector.status,
			body: { message, ...(field ? { errors: [{ field, message }] } : {}) }
		};
	}
	let result: SubmitResult;
	try {
		result = await submitResponse(db, survey, parsed.data, 'web', {
			collectorId: collector.collectorId,
			deviceHash: request.deviceHash
		});
	} catch (error) {
		collector.release(false);
		throw error;
	}
	// The collector's cap counts eligible completes: not a repeat, a screen-out or over quota.
	collector.release(
		result.ok &&
			result.stored &&
			parsed.data.status === 'complete' &&
			!result.screenedOut &&
			result.overQuota === null
	);
	if (!result.ok)
		return {
			status: result.status,
			body: { message: result.errors[0]!.message, errors: result.errors }
		};
	// How the survey ended early, as the respondent's page says it: the questionnaire's own text
	// or ours, in the language they answered in. (The version is cached: it was just validated.)
	const ending = result.overQuota ? 'overQuota' : result.screenedOut ? 'screenedOut' : null;
	const message =
		ending &&
		endingText(
			(await publishedVersion(db, survey.id, parsed.data.version))?.json,
			ending,
			parsed.data.paradata?.language
		);
	return {
		status: result.stored ? 201 : 200,
		body: {
			id: parsed.data.id,
			stored: result.stored,
			overQuota: result.overQuota !== null,
			screenedOut: result.screenedOut,
			...(message ? { message } : {})
		}
	};
}
