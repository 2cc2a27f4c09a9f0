import type { DeviceClass } from '$lib/fieldwork/interview-paradata';
import { respondentText } from '$lib/survey/respondent-text';
import { isNotJson, timeoutSignal } from '$lib/timeout-signal';
import type { ShownOrder } from '$lib/survey/shown-order';

export interface SubmissionBody {
	id: string;
	version: number;
	status: 'partial' | 'complete';
	answers: Record<string, unknown>;
	startedAt: string;
	token?: string;
	resumeKey?: string;
	paradata: {
		language: string;
		durationMs: number;
		/** Pages up to and including the one on screen. */
		pagesVisited: number;
		order: ShownOrder;
		pageTimesMs: Record<string, number>;
		changedAnswers: number;
		deviceClass: DeviceClass;
	};
}

export interface SubmissionReply {
	/** The respondent's quota group is full: the survey ends on the over-quota page. */
	overQuota: boolean;
	/** A complete trigger ended the survey: screened out. */
	screenedOut: boolean;
}

/** Whether the questionnaire shows pages of its own when it ends on a condition. */
export function hasCompletedPagesOnCondition(json: unknown): boolean {
	const pages = (json as { completedHtmlOnCondition?: unknown } | null)?.completedHtmlOnCondition;
	return Array.isArray(pages) && pages.length > 0;
}

/**
 * Runs sends one at a time, each once the one before has been answered or has failed, so that the
 * server gets a respondent's saves in the order they were made. Sent side by side, a page's save
 * held up on a slow connection could arrive after the next page's save, or after the completion,
 * and write its fewer answers over theirs (the server keeps the last save of a partial response).
 */
export function inOrder(): <T>(send: () => Promise<T>) => Promise<T> {
	let previous: Promise<unknown> = Promise.resolve();
	return (send) => {
		const next = previous.then(send);
		previous = next.catch(() => undefined);
		return next;
	};
}

/**
 * How long a save may take before it counts as failed. Saves go one at a time (inOrder), so a
 * request that hangs on a dead connection would otherwise hold back every later save, the
 * completion included, with nothing on screen to say so. A partial save given up on costs
 * nothing (the next one carries every answer); a completion is given longer on a slow but
 * working connection before the respondent is asked to try again.
 */
export const saveTimeoutMs = { partial: 30_000, complete: 90_000 } as const;

/**
 * Posts answers; rejects with a message in the respondent's language (paradata.language) so the
 * survey can show it and offer a retry.
 */
export async function submitAnswers(
	slug: string,
	body: SubmissionBody,
	timeoutMs: number = saveTimeoutMs[body.status]
): Promise<SubmissionReply> {
	const text = respondentText(body.paradata.language);
	let response: Response;
	let reply: { overQuota?: boolean; screenedOut?: boolean; message?: string } | null;
	try {
		response = await fetch(`/s/${slug}/responses`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: timeoutSignal(timeoutMs)
		});
		// Read under the same time limit. A reply cut off is not a reply: sent again, the save
		// is answered as the response stands (over quota, screened out), which an empty reply
		// would lose.
		reply = await response.json().catch((error: unknown) => {
			if (isNotJson(error)) return null;
			throw error;
		});
	} catch {
		throw new Error(text.unreachable);
	}
	if (response.ok) {
		return { overQuota: reply?.overQuota === true, screenedOut: reply?.screenedOut === true };
	}
	// A closed or full survey: the server's message says so in the respondent's language (or as
	// the researcher wrote it). Anything else is not the respondent's to mend: try again later.
	if (response.status === 410 && reply?.message) throw new Error(reply.message);
	// The reason, for whoever looks into it (the respondent's answers stay in their browser).
	console.warn(`The server refused the answers (${response.status}): ${reply?.message ?? ''}`);
	throw new Error(text.saveFailed);
}
