/**
 * An interview sent from an interviewer's device: a respondent's submission plus the paradata
 * only interviews carry (when it ended, the kind of device, and, with the respondent's consent,
 * where). Validated strictly here, then stored through the same intake as public responses.
 */
import { z } from 'zod';
import { describeCellKey } from '../../fieldwork/quotas.ts';
import type { AnswerError } from '../../survey/validate-response.ts';
import * as collectors from '../db/collectors.ts';
import type { Database } from '../db/index.ts';
import type { Survey } from '../db/surveys.ts';
import {
	submissionErrors,
	submissionSchema,
	submitResponse,
	type Submission
} from '../surveys/response-service.ts';

export const deviceClasses = ['phone', 'tablet', 'desktop'] as const;

const gpsSchema = z
	.object({
		lat: z.number({ message: 'gps.lat must be a number.' }).min(-90).max(90),
		lon: z.number({ message: 'gps.lon must be a number.' }).min(-180).max(180),
		// Metres, as the Geolocation API reports it; beyond 100 km the position says nothing.
		accuracy: z.number({ message: 'gps.accuracy must be a number.' }).nonnegative().max(100_000)
	})
	.strict();

const interviewParadataSchema = submissionSchema.shape.paradata.unwrap().extend({
	endedAt: z.iso.datetime({ message: 'paradata.endedAt must be an ISO date-time.' }),
	deviceClass: z.enum(deviceClasses, {
		message: 'paradata.deviceClass must be "phone", "tablet" or "desktop".'
	}),
	gps: gpsSchema.optional()
});

export const interviewSubmissionSchema = submissionSchema.extend({
	paradata: interviewParadataSchema
});

export type InterviewSubmission = z.infer<typeof interviewSubmissionSchema>;

export type InterviewResult =
	| {
			ok: true;
			id: string;
			stored: boolean;
			/**
			 * The respondent's quota cell was full: stored as a partial marked over quota. Told to
			 * the interviewer, who can read the cell (a respondent is only thanked).
			 */
			overQuota: { quota: string; cell: string } | null;
	  }
	| { ok: false; status: 400 | 422; message: string; errors: AnswerError[] };

/**
 * Made at publication; surveys published before that have it made by their first interview, once
 * even when several devices sync at the same moment (the check and the insert are two statements).
 */
const ensuring = new WeakMap<Database, Map<number, Promise<collectors.Collector>>>();
function interviewerCollector(db: Database, surveyId: number): Promise<collectors.Collector> {
	let pending = ensuring.get(db);
	if (!pending) ensuring.set(db, (pending = new Map()));
	let made = pending.get(surveyId);
	if (!made) {
		made = collectors.ensure(db, surveyId, 'interviewer').finally(() => pending.delete(surveyId));
		pending.set(surveyId, made);
	}
	return made;
}

export async function submitInterview(
	db: Database,
	survey: Survey,
	body: unknown,
	interviewerId: number
): Promise<InterviewResult> {
	const parsed = interviewSubmissionSchema.safeParse(body);
	if (!parsed.success) {
		const errors = submissionErrors(parsed.error);
		return { ok: false, status: 400, message: errors[0]!.message, errors };
	}
	// The interview is a submission in every respect the public intake checks; its extra
	// paradata (endedAt, deviceClass, gps) travels inside `paradata`, which is stored as given.
	const submission: Submission = parsed.data;
	// Interviews come through the survey's interviewer collector.
	const collector = await interviewerCollector(db, survey.id);
	const result = await submitResponse(db, survey, submission, 'interviewer', {
		interviewerId,
		collectorId: collector.id,
		// When it ended on the device: done offline on Monday and synced on Wednesday, it counts on
		// Monday (within the bounds submitResponse keeps a device's clock to).
		submittedAt: parsed.data.paradata.endedAt
	});
	if (!result.ok) {
		return {
			ok: false,
			status: result.status,
			message: result.errors[0]!.message,
			errors: result.errors
		};
	}
	const { overQuota } = result;
	return {
		ok: true,
		id: submission.id,
		stored: result.stored,
		overQuota: overQuota && { quota: overQuota.quota, cell: describeCellKey(overQuota.cell) }
	};
}
