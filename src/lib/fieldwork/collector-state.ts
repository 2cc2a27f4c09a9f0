/**
 * Whether a collector takes responses now: before its opening time, after its closing time, or
 * once its cap of complete responses is reached, it does not. Pure, so the rule is tested once
 * and used by the respondent's page and the submission endpoint alike.
 */
import { respondentText } from '../survey/respondent-text.ts';

export type CollectorState = 'open' | 'not-yet-open' | 'closed' | 'full';

export interface CollectorLimits {
	opensAt: Date | null;
	closesAt: Date | null;
	responseCap: number | null;
}

export function collectorState(
	limits: CollectorLimits | null | undefined,
	completes: number,
	now: Date
): CollectorState {
	if (!limits) return 'open';
	if (limits.opensAt && now < limits.opensAt) return 'not-yet-open';
	if (limits.closesAt && now >= limits.closesAt) return 'closed';
	if (limits.responseCap !== null && completes >= limits.responseCap) return 'full';
	return 'open';
}

/** Why a respondent is shown a page instead of the survey. */
export type Refusal = Exclude<CollectorState, 'open'> | 'completed' | 'invalid-link';

/**
 * What a respondent reads instead of the survey, in their language: for a closed or full
 * collector the researcher's own message if they wrote one (in the language they wrote it in),
 * otherwise ours. Before opening it is always ours: that is not an ending.
 */
export function refusalMessage(reason: Refusal, custom: string | null, locale = 'en'): string {
	const text = respondentText(locale);
	switch (reason) {
		case 'not-yet-open':
			return text.notYetOpen;
		case 'closed':
			return custom || text.closed;
		case 'full':
			return custom || text.full;
		case 'completed':
			return text.completed;
		case 'invalid-link':
			return text.invalidLink;
	}
}
