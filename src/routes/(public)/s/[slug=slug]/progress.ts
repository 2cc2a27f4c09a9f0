/**
 * A respondent's progress in this browser: the response id, the resume key, the answers so far and
 * the page reached, kept in localStorage as each answer is given, so that closing the tab loses
 * nothing and a return visit on the same device continues (or, once completed, says so). The resume key, random and long
 * enough not to be guessed, makes a link that continues on another device.
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** What the response has cost so far: it goes on in the paradata of the sessions continuing it. */
export interface Spent {
	/** When the respondent started: the response's total duration runs from here. */
	startedAt: string;
	pageTimesMs: Record<string, number>;
	changedAnswers: number;
}

export interface Progress {
	responseId: string;
	resumeKey: string;
	version: number;
	answers: Record<string, unknown>;
	/** Undefined: let the survey open where the answers stop. */
	pageNo: number | undefined;
	completed: boolean;
	token: string | null;
	slug: string;
	/** Absent in progress kept by an older version of this page. */
	spent?: Spent;
	/** The survey's wave when this browser started (absent in older progress): a new wave asks again. */
	wave?: number;
	/** When this browser last kept it (ms since the epoch; absent in older progress). */
	savedAt?: number;
}

const nothingSpent = (): Spent => ({
	startedAt: new Date().toISOString(),
	pageTimesMs: {},
	changedAnswers: 0
});

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

const storageKey = (slug: string, token: string | null) => `barometer:${slug}:${token ?? 'public'}`;

function newResumeKey(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(16)));
}

function read(storage: KeyValueStore, key: string): Progress | null {
	try {
		const value = JSON.parse(storage.getItem(key) ?? 'null') as Progress | null;
		return value && typeof value.responseId === 'string' && typeof value.resumeKey === 'string'
			? value
			: null;
	} catch {
		return null;
	}
}

export function saveProgress(storage: KeyValueStore, progress: Progress, now = Date.now()): void {
	try {
		const kept = { ...progress, savedAt: now };
		storage.setItem(storageKey(progress.slug, progress.token), JSON.stringify(kept));
	} catch {
		// Storage full or disabled: the server still has every saved page.
	}
}

export function restoreProgress(
	storage: KeyValueStore,
	input: {
		slug: string;
		token: string | null;
		version: number;
		wave: number;
		/** Fixed by the server: an invitation's response, or the response a resume link names. */
		responseId: string | null;
		resumeKey: string | null;
		serverAnswers: Record<string, unknown> | null;
		/** The server's record of a resumed response's paradata so far. */
		serverSpent: Spent | null;
		/** When the server last saved that response (ms since the epoch). */
		serverSavedAt: number | null;
	}
): Progress {
	const stored = read(storage, storageKey(input.slug, input.token));
	let progress: Progress;
	if (input.responseId) {
		// This browser's copy of the same response, unless the server's is newer (continued on
		// another device since): then the server's answers and totals are the ones to go on from.
		const same =
			stored?.responseId === input.responseId &&
			(input.serverSavedAt === null || (stored.savedAt ?? 0) >= input.serverSavedAt)
				? stored
				: null;
		progress = {
			slug: input.slug,
			token: input.token,
			responseId: input.responseId,
			resumeKey: input.resumeKey ?? same?.resumeKey ?? newResumeKey(),
			version: input.version,
			// This browser may hold answers the server has not seen yet (given after the last save).
			answers: { ...(input.serverAnswers ?? {}), ...(same?.answers ?? {}) },
			pageNo: same?.pageNo,
			completed: false,
			spent: same?.spent ?? input.serverSpent ?? nothingSpent(),
			wave: input.wave
		};
	} else if (
		stored &&
		stored.version === input.version &&
		(stored.wave ?? input.wave) === input.wave
	) {
		progress = { ...stored, spent: stored.spent ?? nothingSpent(), wave: input.wave };
	} else {
		progress = {
			slug: input.slug,
			token: input.token,
			responseId: crypto.randomUUID(),
			resumeKey: newResumeKey(),
			version: input.version,
			answers: {},
			pageNo: 0,
			completed: false,
			spent: nothingSpent(),
			wave: input.wave
		};
	}
	saveProgress(storage, progress);
	return progress;
}

export function resumeLink(origin: string, slug: string, resumeKey: string): string {
	return `${origin}/s/${slug}?r=${resumeKey}`;
}
