import { error } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/authorize';
import { analysisProblem } from '$lib/server/analysis/analysis-service';
import { computeReport, openSharedReport } from '$lib/server/analysis/report-service';
import { database } from '$lib/server/db';
import { linkSecretPattern } from '$lib/server/fieldwork/tokens';
import { admitPublicLookup, failedPublicLookup } from '$lib/server/public-lookup-limit';
import type { PageServerLoad } from './$types';

/** A shared report: read-only, for people without an account; every opening is logged. */
export const load: PageServerLoad = async (event) => {
	await authorize(event, 'public');
	event.setHeaders({
		'x-robots-tag': 'noindex',
		'referrer-policy': 'no-referrer',
		'cache-control': 'no-store'
	});
	admitPublicLookup(event, 'shared-report');
	const gone = 'This link is not valid: it may have expired or been revoked.';
	if (!linkSecretPattern.test(event.params.token)) {
		failedPublicLookup(event);
		error(404, gone);
	}
	const db = await database();
	const report = await openSharedReport(db, event.params.token, event.getClientAddress());
	if (!report) {
		failedPublicLookup(event);
		error(404, gone);
	}
	try {
		return { result: await computeReport(db, report) };
	} catch (caught) {
		const problem = analysisProblem(caught);
		if (problem) error(409, problem);
		throw caught;
	}
};
