/**
 * Accepting a response: the body is checked with zod, the answers against the published version
 * the respondent loaded, and the row is written once (a retry with the same id changes nothing).
 */
import { z } from 'zod';
import { validateResponse, type AnswerError } from '../../survey/validate-response.ts';
import type { Database } from '../db/index.ts';
import * as responses from '../db/responses.ts';
import type { ResponseSource } from '../db/responses.ts';
import * as surveyVersions from '../db/survey-versions.ts';
import type { Survey } from '../db/surveys.ts';

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
	paradata: z
		.object({
			language: z.string().max(16).optional(),
			durationMs: z.number().int().nonnegative().optional(),
			pagesVisited: z.number().int().nonnegative().optional(),
			userAgent: z.string().max(512).optional(),
			order: shownOrderSchema.optional()
		})
		.strict()
		.optional()
});

export type Submission = z.infer<typeof submissionSchema>;

export type SubmitResult =
	| { ok: true; stored: boolean; endedByTrigger: boolean }
	| { ok: false; status: 422; errors: AnswerError[] };

export async function submitResponse(
	db: Database,
	survey: Survey,
	submission: Submission,
	source: ResponseSource
): Promise<SubmitResult> {
	const version = await surveyVersions.findByNumber(db, survey.id, submission.version);
	if (!version) {
		return { ok: false, status: 422, errors: [{ field: 'version', message: `Version ${submission.version} of this survey is not published.` }] };
	}
	const checked = validateResponse(version.json, submission.answers, submission.status);
	if (!checked.ok) return { ok: false, status: 422, errors: checked.errors };
	const stored = await responses.upsert(db, {
		id: submission.id,
		surveyId: survey.id,
		surveyVersionId: version.id,
		wave: survey.currentWave,
		status: submission.status,
		source,
		answers: checked.answers,
		paradata: { ...submission.paradata, endedByTrigger: checked.endedByTrigger },
		startedAt: submission.startedAt ?? null
	});
	return { ok: true, stored, endedByTrigger: checked.endedByTrigger };
}

/** Turns zod issues into field-named errors. */
export function submissionErrors(error: z.ZodError): AnswerError[] {
	return error.issues.map((issue) => ({
		field: issue.path.join('.') || 'body',
		message: issue.message
	}));
}
