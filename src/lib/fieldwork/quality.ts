/**
 * Quality flags of a response: signs that a respondent did not answer in earnest. A flag is a
 * prompt for an analyst to look, never an automatic exclusion.
 *
 * - speeder: a complete response whose duration (paradata.durationMs) is under 40% of the median
 *   duration of complete responses; judged only once at least 30 complete responses have a
 *   duration, since a median of fewer is too unsteady. A partial response is never a speeder.
 * - straightliner: a matrix (grid) with 4 or more rows answered, every one with the same column.
 * - duplicate: another, earlier response has the same invitation token or device hash
 *   (`context.duplicateOf` names it; `duplicateOriginals` finds them).
 * - attention-failed: a question carrying the custom property
 *   `"attentionCheck": { "expected": <answer> }` was answered with anything else. An unanswered
 *   check is not a failure: display logic may have hidden it.
 * - gibberish: an open answer (text and comment questions, "-Comment" values of "Other
 *   (specify)") that looks like keyboard mashing; rules in gibberish.ts.
 *
 * Pure: the caller supplies the questionnaire of the response's version and the survey-wide
 * figures (median, number of completes, duplicates).
 */
import type { QuestionnaireJson } from '../survey/questionnaire.ts';
import { gibberishReason } from './gibberish.ts';
import { questionnaireOutline, type OutlineQuestion } from './questionnaire-outline.ts';

export type QualityFlag =
	'speeder' | 'straightliner' | 'duplicate' | 'attention-failed' | 'gibberish';

/** How the flags read in the interface. */
export const qualityFlagLabels: Record<QualityFlag, string> = {
	speeder: 'Speeder',
	straightliner: 'Straight-lining',
	duplicate: 'Duplicate',
	'attention-failed': 'Failed attention check',
	gibberish: 'Gibberish text'
};

export interface FlagDetail {
	flag: QualityFlag;
	detail: string;
}

export interface ResponseForQuality {
	answers: Record<string, unknown>;
	paradata: Record<string, unknown>;
	deviceHash?: string | null;
	token?: string | null;
	/** A partial response has not finished, so its duration says nothing about speed. */
	status?: 'partial' | 'complete';
	/** Nor does a screened-out or over-quota one's: it ended early by design. */
	disposition?: 'screened-out' | 'over-quota' | null;
}

export interface QualityContext {
	questionnaire: QuestionnaireJson;
	/** Median duration of eligible complete responses, in milliseconds. */
	medianDurationMs: number | null;
	/** Complete responses the median rests on. */
	completes: number;
	/** The earlier response with the same invitation token or device hash. */
	duplicateOf?: string | null;
}

export const speederShareOfMedian = 0.4;
export const minimumCompletesForSpeed = 30;
export const minimumStraightRows = 4;

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

function speeder(response: ResponseForQuality, context: QualityContext): string | null {
	const duration = response.paradata.durationMs;
	if (response.status === 'partial' || response.disposition || typeof duration !== 'number')
		return null;
	if (context.medianDurationMs === null || context.completes < minimumCompletesForSpeed)
		return null;
	const threshold = speederShareOfMedian * context.medianDurationMs;
	if (duration >= threshold) return null;
	return `took ${seconds(duration)}; the median is ${seconds(context.medianDurationMs)}`;
}

function straightLines(answers: Record<string, unknown>, questions: OutlineQuestion[]): string[] {
	return questions.flatMap((question) => {
		const answer = answers[question.name];
		if (question.type !== 'matrix' || typeof answer !== 'object' || answer === null) return [];
		const values = Object.values(answer).map((value) => JSON.stringify(value));
		if (values.length < minimumStraightRows || new Set(values).size !== 1) return [];
		return [`${question.name}: all ${values.length} rows answered ${values[0]}`];
	});
}

/**
 * Whether an answer is an attention check's expected one: a code compares as text ("3" is 3, as
 * a code typed into the questionnaire's JSON may be either), a list or an object as a whole. The
 * designer finds the expected choice by the same rule.
 */
export function isExpectedAnswer(answer: unknown, expected: unknown): boolean {
	if (answer === undefined || answer === null) return false;
	return typeof answer === 'object' || typeof expected === 'object'
		? JSON.stringify(answer) === JSON.stringify(expected)
		: String(answer) === String(expected);
}

function failedChecks(answers: Record<string, unknown>, questions: OutlineQuestion[]): string[] {
	return questions.flatMap((question) => {
		const answer = answers[question.name];
		if (!question.attentionCheck || answer === undefined || answer === null) return [];
		const { expected } = question.attentionCheck;
		if (isExpectedAnswer(answer, expected)) return [];
		return [
			`${question.name}: answered ${JSON.stringify(answer)}, expected ${JSON.stringify(expected)}`
		];
	});
}

const openTypes = new Set(['text', 'comment']);
const textInputTypes = new Set([undefined, 'text']);

function gibberishAnswers(
	answers: Record<string, unknown>,
	questions: OutlineQuestion[]
): string[] {
	const open = new Set(
		questions
			.filter(
				(q) => openTypes.has(q.type) && (q.type === 'comment' || textInputTypes.has(q.inputType))
			)
			.map((q) => q.name)
	);
	return Object.entries(answers).flatMap(([key, value]) => {
		if (typeof value !== 'string' || !(open.has(key) || key.endsWith('-Comment'))) return [];
		const reason = gibberishReason(value);
		return reason ? [`${key}: ${reason}`] : [];
	});
}

function duplicateDetail(response: ResponseForQuality, original: string): string {
	const by =
		response.token && response.deviceHash
			? 'invitation or device'
			: response.token
				? 'invitation'
				: 'device';
	return `same ${by} as response ${original}`;
}

/** The flags of one response, at most one entry per kind (its detail lists every occurrence). */
export function qualityFlags(response: ResponseForQuality, context: QualityContext): FlagDetail[] {
	const { questions } = questionnaireOutline(context.questionnaire);
	const flags: FlagDetail[] = [];
	const add = (flag: QualityFlag, details: string[]) => {
		if (details.length) flags.push({ flag, detail: details.join('; ') });
	};
	const slow = speeder(response, context);
	add('speeder', slow ? [slow] : []);
	add('straightliner', straightLines(response.answers, questions));
	add('duplicate', context.duplicateOf ? [duplicateDetail(response, context.duplicateOf)] : []);
	add('attention-failed', failedChecks(response.answers, questions));
	add('gibberish', gibberishAnswers(response.answers, questions));
	return flags;
}

/**
 * For responses in the order they arrived: which earlier response each one duplicates (same
 * invitation token or same device hash). The first response with a token or device is the
 * original; every later one sharing either is a duplicate of it.
 */
export function duplicateOriginals(
	responses: { id: string; token?: string | null; deviceHash?: string | null }[]
): Map<string, string> {
	const firstWith = new Map<string, string>();
	const duplicates = new Map<string, string>();
	for (const response of responses) {
		const keys = [
			response.token ? `token:${response.token}` : null,
			response.deviceHash ? `device:${response.deviceHash}` : null
		].filter((key): key is string => key !== null);
		const original = keys.map((key) => firstWith.get(key)).find((id) => id !== undefined);
		if (original) duplicates.set(response.id, original);
		for (const key of keys) if (!firstWith.has(key)) firstWith.set(key, original ?? response.id);
	}
	return duplicates;
}
