/**
 * Who may answer, and where they continue: a respondent arrives by the public link, an invitation
 * link (token) or a resume link (resume key). Closed, not-yet-open and full collectors, used or
 * unknown invitations, and completed responses each get a page of their own instead of the survey.
 * The same rules guard the submission endpoint.
 */
import {
	collectorState,
	type CollectorState,
	type Refusal,
	refusalMessage
} from '../../fieldwork/collector-state.ts';
import type { Queryable } from '../db/database.ts';
import * as collectors from '../db/collectors.ts';
import type { Collector } from '../db/collectors.ts';
import * as invitations from '../db/invitations.ts';
import type { Invitation } from '../db/invitations.ts';
import * as responses from '../db/responses.ts';
import type { Survey } from '../db/surveys.ts';
import { publicCollector } from '../ingest/survey-lookup.ts';
import type { Submission } from '../surveys/response-service.ts';
import { capGateFor } from './cap-gate.ts';
import { tokenHash } from './tokens.ts';

export type { Refusal };

export type Entry =
	| {
			open: true;
			collectorId: number | null;
			/** Fixed for an invitation or a resumed response; the browser makes one otherwise. */
			responseId: string | null;
			resume: {
				answers: Record<string, unknown>;
				version: number;
				spent: responses.ResponseSpent;
				savedAt: number;
			} | null;
	  }
	| {
			open: false;
			reason: Refusal;
			/** The collector's own closed message, if its researcher wrote one. */
			custom: string | null;
	  };

/** The page shown instead, worded where the respondent's language is known (refusalMessage). */
const refusal = (
	reason: Refusal,
	custom: string | null = null
): Extract<Entry, { open: false }> => ({
	open: false,
	reason,
	custom: reason === 'closed' || reason === 'full' ? custom : null
});

async function stateOf(db: Queryable, collector: Collector | undefined, now: Date) {
	if (!collector) return 'open' as CollectorState;
	const completes =
		collector.responseCap === null ? 0 : await collectors.completes(db, collector.id);
	return collectorState(collector, completes, now);
}

/** The invitation behind a token, if it may answer now; otherwise the page to show instead. */
async function invitationAccess(
	db: Queryable,
	survey: Survey,
	token: string,
	now: Date,
	/** Which statuses mean the invitee is done (the page and a submission differ on over quota). */
	done: (status: invitations.InvitationStatus) => boolean = invitations.hasEnded
): Promise<
	{ invitation: Invitation; collector: Collector | undefined } | Extract<Entry, { open: false }>
> {
	const invitation = await invitations.findByTokenHash(db, tokenHash(token));
	if (!invitation || invitation.surveyId !== survey.id) return refusal('invalid-link');
	if (done(invitation.status)) return refusal('completed');
	const collector = await collectors.findById(db, invitation.collectorId);
	const state = await stateOf(db, collector, now);
	if (state !== 'open') return refusal(state, collector?.closedMessage ?? null);
	return { invitation, collector };
}

export async function respondentEntry(
	db: Queryable,
	survey: Survey,
	link: { token?: string | null; resumeKey?: string | null; deviceHash?: string | null },
	now = new Date()
): Promise<Entry> {
	if (link.token) {
		const access = await invitationAccess(db, survey, link.token, now);
		if (!('invitation' in access)) return access;
		const { invitation } = access;
		const started = await responses.findForResume(db, survey.id, { id: invitation.responseId });
		return {
			open: true,
			collectorId: invitation.collectorId,
			responseId: invitation.responseId,
			resume: started
				? {
						answers: started.answers,
						version: started.version,
						spent: started.spent,
						savedAt: started.savedAt
					}
				: null
		};
	}
	const collector = await collectors.findByKind(db, survey.id, 'public');
	const state = await stateOf(db, collector, now);
	if (state !== 'open') return refusal(state, collector?.closedMessage ?? null);
	if (link.resumeKey) {
		const started = await responses.findForResume(db, survey.id, {
			resumeTokenHash: tokenHash(link.resumeKey)
		});
		if (!started) return refusal('invalid-link');
		if (started.status === 'complete') return refusal('completed');
		return {
			open: true,
			collectorId: collector?.id ?? null,
			responseId: started.id,
			resume: {
				answers: started.answers,
				version: started.version,
				spent: started.spent,
				savedAt: started.savedAt
			}
		};
	}
	// The public link once per browser: one that completed the survey is told so.
	if (link.deviceHash && (await responses.completedOnDevice(db, survey.id, link.deviceHash))) {
		return refusal('completed');
	}
	return { open: true, collectorId: collector?.id ?? null, responseId: null, resume: null };
}

/**
 * The collector a submission counts for, or why it is refused: an invitation's responses must use
 * the invitation's response id, and a closed or full collector takes nothing more (a respondent
 * already in the middle of a public survey when it closes is refused too: closing means closed).
 * A complete holds a place under the collector's cap until `release` says whether it counted.
 */
export async function submissionCollector(
	db: Queryable,
	survey: Survey,
	submission: Pick<Submission, 'id' | 'token' | 'status' | 'paradata'>,
	now = new Date()
): Promise<SubmissionCollector> {
	if (submission.token) return invitationSubmission(db, survey, submission, now);
	const locale = submission.paradata?.language;
	// The hot path: the public link's collector, remembered for a second. Its dates decide here;
	// its cap is the cap gate's, which counts the completes being written too.
	const collector = await publicCollector(db, survey.id);
	const state = collectorState(collector && { ...collector, responseCap: null }, 0, now);
	if (state !== 'open') {
		return {
			ok: false,
			status: 410,
			message: refusalMessage(state, collector?.closedMessage ?? null, locale)
		};
	}
	return placeUnderCap(db, collector, submission);
}

async function placeUnderCap(
	db: Queryable,
	collector: Collector | undefined,
	submission: Pick<Submission, 'id' | 'status' | 'paradata'>
): Promise<SubmissionCollector> {
	const place = await capGateFor(db).admit(collector ?? null, submission.id, submission.status);
	if (!place.ok) {
		return {
			ok: false,
			status: 410,
			message: refusalMessage(
				'full',
				collector?.closedMessage ?? null,
				submission.paradata?.language
			)
		};
	}
	return { ok: true, collectorId: collector?.id ?? null, release: place.release };
}

type SubmissionCollector =
	| { ok: true; collectorId: number | null; release(counted: boolean): void }
	| { ok: false; status: 403 | 410 | 422; message: string; field?: 'id' | 'token' };

async function invitationSubmission(
	db: Queryable,
	survey: Survey,
	submission: Pick<Submission, 'id' | 'token' | 'status' | 'paradata'>,
	now: Date
): Promise<SubmissionCollector> {
	// The answers of a started response are not needed here, only whether the link may answer.
	// A complete (or screened-out) response writes nothing more: a submission for it is a retry.
	// An over-quota one is a partial that could still be completed, so it goes through the
	// collector's dates and cap like any other.
	const access = await invitationAccess(
		db,
		survey,
		submission.token!,
		now,
		(status) => status === 'complete' || status === 'screened-out'
	);
	if (!('invitation' in access)) {
		if (access.reason === 'invalid-link') {
			const message = refusalMessage('invalid-link', null, submission.paradata?.language);
			return { ok: false, status: 403, message, field: 'token' };
		}
		// A retry: writes nothing.
		if (access.reason === 'completed') return { ok: true, collectorId: null, release: () => {} };
		return {
			ok: false,
			status: 410,
			message: refusalMessage(access.reason, access.custom, submission.paradata?.language)
		};
	}
	if (access.invitation.responseId !== submission.id) {
		return {
			ok: false,
			status: 422,
			message: 'id: this invitation answers with its own response id.',
			field: 'id'
		};
	}
	return placeUnderCap(db, access.collector, submission);
}
