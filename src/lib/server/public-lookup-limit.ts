/**
 * Limits on the public pages and endpoint that look up secrets or cost much, per client address
 * (kept only as keyed hashes: ./address-limit.ts), each answered with 429 and Retry-After:
 *
 * - **Failed lookups**: a survey slug, invitation token, resume key or report link that does not
 *   exist (BAROMETER_FAILED_LOOKUPS_PER_MINUTE, default 10). Links cannot be guessed (tokens and
 *   keys of 128 bits or more; slugs end in 32 random bits), and this keeps anyone from trying
 *   many: once an address is over, every lookup it asks for is refused until the minute ends,
 *   found or not, so the answers cannot tell a hit from a miss. A respondent with a mistyped link
 *   retries a few times. Known limitation: one prober behind a shared address (a carrier NAT)
 *   shuts everyone behind it out of the public links for the rest of that minute.
 * - **Openings of invitation (`?t=`) and resume (`?r=`) links**
 *   (BAROMETER_LINK_OPENINGS_PER_MINUTE, default 600): each looks up the invitation and the
 *   answers so far. Generous, like the submission limit, for respondents behind one carrier NAT:
 *   every opening is followed by saves (one per page), so 600 openings fit in the 1200
 *   submissions that limit allows. Someone reloading their page never comes near it.
 * - **Views of shared reports** (`/r/<token>`, BAROMETER_REPORT_VIEWS_PER_MINUTE, default 60): each
 *   recomputes the whole report. A room of people opening one link together stays well under it.
 *
 * The public link itself (`/s/<slug>`, and submissions to it) counts only towards failures: a
 * survey shared on social media brings many respondents from one address at once, and
 * submissions have their own limit. 0 turns a limit off.
 */
import { error } from '@sveltejs/kit';
import { preferredRespondentLocale, respondentText } from '../survey/respondent-text.ts';
import { limitFromEnvironment, type AddressLimit, type LimitDecision } from './address-limit.ts';

/** What a public request is about to look up. */
export type PublicLookup = 'survey' | 'personal-link' | 'shared-report';

export interface PublicLookupLimits {
	failedLookups: AddressLimit;
	linkOpenings: AddressLimit;
	reportViews: AddressLimit;
}

/** The refusal as the submission endpoint words it (the pages word it in the browser's language). */
export const tooManyLookupsMessage = respondentText('en').tooManyRequests;

/** Before a lookup: refused while the address is over its failures; counts an opening or view. */
export function admitLookup(
	limits: PublicLookupLimits,
	address: string,
	lookup: PublicLookup,
	now = Date.now()
): LimitDecision {
	const failures = limits.failedLookups.check(address, now);
	if (!failures.allowed || lookup === 'survey') return failures;
	const views = lookup === 'personal-link' ? limits.linkOpenings : limits.reportViews;
	return views.take(address, now);
}

/** After a lookup found nothing: counts the failure; refused once the address is over. */
export function countFailedLookup(
	limits: PublicLookupLimits,
	address: string,
	now = Date.now()
): LimitDecision {
	return limits.failedLookups.take(address, now);
}

let processLimits: PublicLookupLimits | undefined;

/** The process's limits, sized by the environment variables above. */
export function publicLookupLimits(): PublicLookupLimits {
	return (processLimits ??= {
		failedLookups: limitFromEnvironment('BAROMETER_FAILED_LOOKUPS_PER_MINUTE', 10),
		linkOpenings: limitFromEnvironment('BAROMETER_LINK_OPENINGS_PER_MINUTE', 600),
		reportViews: limitFromEnvironment('BAROMETER_REPORT_VIEWS_PER_MINUTE', 60)
	});
}

/** What the page loads below need of SvelteKit's RequestEvent. */
interface PublicEvent {
	request: { headers: Headers };
	getClientAddress(): string;
	setHeaders(headers: Record<string, string>): void;
}

function refuseWhenOver(event: PublicEvent, decision: LimitDecision): void {
	if (decision.allowed) return;
	event.setHeaders({ 'retry-after': String(decision.retryAfterSeconds) });
	// The page is the respondent's, shown before any questionnaire (and its languages) is known.
	const lang = preferredRespondentLocale(event.request.headers.get('accept-language'));
	error(429, { message: respondentText(lang).tooManyRequests, lang });
}

/** For a public page's load, before it looks anything up: 429 when the address is over. */
export function admitPublicLookup(event: PublicEvent, lookup: PublicLookup): void {
	refuseWhenOver(event, admitLookup(publicLookupLimits(), event.getClientAddress(), lookup));
}

/** For a public page's load, when a lookup found nothing: 429 once the address is over. */
export function failedPublicLookup(event: PublicEvent): void {
	refuseWhenOver(event, countFailedLookup(publicLookupLimits(), event.getClientAddress()));
}
