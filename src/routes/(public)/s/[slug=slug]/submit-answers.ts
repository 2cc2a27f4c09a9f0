import type { ShownOrder } from '$lib/survey/shown-order';

export interface SubmissionBody {
	id: string;
	version: number;
	status: 'partial' | 'complete';
	answers: Record<string, unknown>;
	startedAt: string;
	paradata: { language: string; durationMs: number; order: ShownOrder };
}

/** Posts answers; rejects with the server's message so the survey can show it and offer a retry. */
export async function submitAnswers(slug: string, body: SubmissionBody): Promise<void> {
	const response = await fetch(`/s/${slug}/responses`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	if (response.ok) return;
	const problem = (await response.json().catch(() => null)) as { message?: string } | null;
	throw new Error(problem?.message ?? `The server answered ${response.status}.`);
}
