/**
 * A limit on submissions per client address and minute on the public endpoint, so that one
 * script cannot flood a survey. Addresses are kept only as keyed hashes (../address-limit.ts).
 * Respondents behind one carrier NAT share an address, so the default is generous
 * (BAROMETER_SUBMISSIONS_PER_MINUTE, 0 turns the limit off, e.g. for load tests from one machine).
 */
import { limitFromEnvironment, type AddressLimit } from '../address-limit.ts';

/** The process's limit, from BAROMETER_SUBMISSIONS_PER_MINUTE (default 1200). */
export function submissionLimit(): AddressLimit {
	return limitFromEnvironment('BAROMETER_SUBMISSIONS_PER_MINUTE', 1200);
}
