import type { DeviceClass } from '$lib/fieldwork/interview-paradata';
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
	/** The respondent's quota group is full: the survey ends with this message. */
	overQuota: string | null;
	/** A complete trigger ended the survey (screened out): the server's message for it. */
	screenedOut: string | null;
}

/** Whether the questionnaire shows pages of its own when it ends on a condition. */
export function hasCompletedPagesOnCondition(json: unknown): boolean {
	const pages = (json as { completedHtmlOnCondition?: unknown } | null)?.completedHtmlOnCondition;
	return Array.isArray(pages) && pages.length > 0;
}

/** Posts answers; rejects with the server's message so the survey can show it and offer a retry. */
export async function submitAnswers(slug: string, body: SubmissionBody): Promise<SubmissionReply> {
	const response = await fetch(`/s/${slug}/responses`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	if (response.ok) {
		const reply = (await response.json().catch(() => ({}))) as {
			overQuota?: boolean;
			screenedOut?: boolean;
			message?: string;
		};
		const message = reply.message ?? 'Thank you.';
		return {
			overQuota: reply.overQuota ? message : null,
			screenedOut: reply.screenedOut ? message : null
		};
	}
	const problem = (await response.json().catch(() => null)) as { message?: string } | null;
	throw new Error(problem?.message ?? `The server answered ${response.status}.`);
}
