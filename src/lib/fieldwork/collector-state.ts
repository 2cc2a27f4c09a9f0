/**
 * Whether a collector takes responses now: before its opening time, after its closing time, or
 * once its cap of complete responses is reached, it does not. Pure, so the rule is tested once
 * and used by the respondent's page and the submission endpoint alike.
 */
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

const defaultMessages: Record<Exclude<CollectorState, 'open'>, string> = {
	'not-yet-open': 'This survey is not open yet. Please come back later.',
	closed: 'This survey is closed. Thank you for your interest.',
	full: 'This survey has all the responses it needs. Thank you for your interest.'
};

export function closedMessage(
	state: Exclude<CollectorState, 'open'>,
	custom: string | null
): string {
	return state === 'not-yet-open' ? defaultMessages[state] : custom || defaultMessages[state];
}
