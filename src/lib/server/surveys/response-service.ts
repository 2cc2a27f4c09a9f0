/**
 * Accepting a response: the body is checked with zod, the answers against the published version
 * the respondent loaded (its validator cached: versions never change), and the row is written
 * once through the group commit (a retry with the same id changes nothing). The caller's answer
 * goes out only after the commit.
 */
import { z } from 'zod';
import type { AnswerError } from '../../survey/validate-response.ts';
import type { Database } from '../db/index.ts';
import { storedOutcome, type ResponseSource } from '../db/responses.ts';
import type { Survey } from '../db/surveys.ts';
import { createGroupCommitter, type GroupCommitter } from '../ingest/group-commit.ts';
import { quotaGateFor, type QuotaAdmission } from '../fieldwork/quota-gate.ts';
import { linkSecretPattern, tokenHash } from '../fieldwork/tokens.ts';
import { publishedVersion } from '../ingest/published-versions.ts';

export const maxSubmissionBytes = 256 * 1024;

const orderList = <T extends z.ZodType>(item: T) =>
	z.record(z.string().max(64), z.array(item).max(1000)).optional();

/** The order the respondent was shown randomised choices, rows and questions in. */
const shownOrderSchema = z
	.object({
		choices: orderList(z.union([z.string().max(200), z.number()])),
		rows: orderList(z.union([z.string().max(200), z.number()])),
		questions: orderList(z.string().max(64))
	})
	.strict();

export const submissionSchema = z.object({
	id: z.uuid({ message: 'id must be a UUID.' }),
	version: z.number({ message: 'version must be a number.' }).int().positive(),
	status: z.enum(['partial', 'complete'], { message: 'status must be "partial" or "complete".' }),
	answers: z.record(z.string(), z.unknown(), { message: 'answers must be an object.' }),
	startedAt: z.iso.datetime({ message: 'startedAt must be an ISO date-time.' }).optional(),
	/** The invitation token of an invitation link. */
	token: z
		.string()
		.regex(linkSecretPattern, { message: 'token is not an invitation token.' })
		.optional(),
	/** The respondent's resume key (chosen by their browser; stored only as a hash). */
	resumeKey: z
		.string()
		.regex(linkSecretPattern, { message: 'resumeKey must be 26 to 64 base32 characters.' })
		.optional(),
	paradata: z
		.object({
			language: z.string().max(16).optional(),
			durationMs: z.number().int().nonnegative().optional(),
			pagesVisited: z.number().int().nonnegative().optional(),
			userAgent: z.string().max(512).optional(),
			order: shownOrderSchema.optional(),
			pageTimesMs: z
				.record(z.string().max(64), z.number().int().nonnegative())
				.refine((times) => Object.keys(times).length <= 500, {
					message: 'paradata.pageTimesMs has too many pages.'
				})
				.optional(),
			changedAnswers: z.number().int().nonnegative().optional(),
			deviceClass: z.enum(['phone', 'tablet', 'desktop']).optional()
		})
		.strict()
		.optional()
});

export type Submission = z.infer<typeof submissionSchema>;

export type SubmitResult =
	| {
			ok: true;
			stored: boolean;
			/** A complete trigger ended the questionnaire: stored as complete, screened out. */
			screenedOut: boolean;
			/** The respondent's quota cell is full: stored as partial, over quota; shown the over-quota page. */
			overQuota: { quota: string; cell: string } | null;
	  }
	| { ok: false; status: 422; errors: AnswerError[] };

/** Who or what collected the response, set by the server (never taken from the body). */
export interface SubmissionContext {
	collectorId?: number | null;
	interviewerId?: number | null;
	/** A keyed hash of the respondent's device cookie, for duplicate detection. */
	deviceHash?: string | null;
	/**
	 * When the response was given, by the device's clock, if not now (an interview conducted
	 * offline and synced later counts on the day it ended); kept within claimedTimeWithin's
	 * bounds. The server's own clock, received_at, says when it arrived.
	 */
	submittedAt?: string;
}

/**
 * A time a device claims, kept where it can be true: not before the version answered was
 * published (a device whose clock was reset to 2001 does not put fieldwork in 2001) and not after
 * now (a clock running ahead does not put it in the future). Unreadable, it is now.
 */
export function claimedTimeWithin(claimed: string, publishedAt: Date, now = new Date()): string {
	const time = Date.parse(claimed);
	if (Number.isNaN(time)) return now.toISOString();
	return new Date(Math.min(Math.max(time, publishedAt.getTime()), now.getTime())).toISOString();
}

const committers = new WeakMap<Database, GroupCommitter>();

/** The group committer of a database (one per process and database). */
export function responseCommitter(db: Database): GroupCommitter {
	let committer = committers.get(db);
	if (!committer) committers.set(db, (committer = createGroupCommitter(db)));
	return committer;
}

export async function submitResponse(
	db: Database,
	survey: Survey,
	submission: Submission,
	source: ResponseSource,
	context: SubmissionContext = {}
): Promise<SubmitResult> {
	const version = await publishedVersion(db, survey.id, submission.version);
	if (!version) {
		return {
			ok: false,
			status: 422,
			errors: [
				{
					field: 'version',
					message: `Version ${submission.version} of this survey is not published.`
				}
			]
		};
	}
	const checked = version.validate(submission.answers, submission.status);
	if (!checked.ok) return { ok: false, status: 422, errors: checked.errors };
	// A complete trigger that ended the questionnaire screened the respondent out (the server's
	// own reading of the answers, not the client's word): not eligible, so quotas do not count it.
	const screenedOut = submission.status === 'complete' && checked.endedByTrigger;
	// Quotas decide only once every quota variable is answered; a full cell screens out (the
	// answers so far are kept as a partial response marked over quota).
	const admission: QuotaAdmission = screenedOut
		? { ok: true, release: () => undefined }
		: await quotaGateFor(db).admit(survey.id, submission.id, checked.answers, submission.status);
	const overQuota = admission.ok ? null : { quota: admission.quota, cell: admission.cell };
	let stored: boolean;
	try {
		stored = await responseCommitter(db).write({
			id: submission.id,
			surveyId: survey.id,
			surveyVersionId: version.id,
			wave: survey.currentWave,
			status: overQuota ? 'partial' : submission.status,
			disposition: overQuota ? 'over-quota' : screenedOut ? 'screened-out' : null,
			source,
			answers: checked.answers,
			paradata: {
				...submission.paradata,
				endedByTrigger: checked.endedByTrigger,
				...(overQuota ? { overQuota } : {})
			},
			// The device's clock too: what orders duplicates and totals a resumed response's time.
			startedAt: submission.startedAt
				? claimedTimeWithin(submission.startedAt, version.publishedAt)
				: null,
			...(context.submittedAt
				? { submittedAt: claimedTimeWithin(context.submittedAt, version.publishedAt) }
				: {}),
			collectorId: context.collectorId ?? null,
			interviewerId: context.interviewerId ?? null,
			deviceHash: context.deviceHash ?? null,
			resumeTokenHash: submission.resumeKey ? tokenHash(submission.resumeKey) : null
		});
	} catch (error) {
		if (admission.ok) admission.release(false);
		throw error;
	}
	// A repeat wrote nothing (its complete may belong to an earlier wave): it takes no place.
	if (admission.ok) admission.release(stored);
	// …and is answered as the response stands, not as this submission was judged (a complete of
	// the wave before, judged against this wave's full cell, is not over quota).
	if (!stored) return { ok: true, stored, ...(await storedOutcome(db, survey.id, submission.id)) };
	return { ok: true, stored, screenedOut, overQuota };
}

/** Turns zod issues into field-named errors. */
export function submissionErrors(error: z.ZodError): AnswerError[] {
	return error.issues.map((issue) => ({
		field: issue.path.join('.') || 'body',
		message: issue.message
	}));
}
