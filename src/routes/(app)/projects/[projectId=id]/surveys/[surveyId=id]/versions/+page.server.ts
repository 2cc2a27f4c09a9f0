import { error } from '@sveltejs/kit';
import { database } from '$lib/server/db';
import * as surveyVersions from '$lib/server/db/survey-versions';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import { compareVersions, parseVersionRef } from '$lib/server/surveys/version-diff';
import type { PageServerLoad } from './$types';

/** Version history, and what changed between two versions (default: the latest two). */
export const load: PageServerLoad = async (event) => {
	const { survey } = await authorizeSurvey(event, 'survey:view');
	const db = await database();
	const versions = await surveyVersions.list(db, survey.id);
	const params = event.url.searchParams;
	const latest = versions[0]?.version;
	const to = parseVersionRef(params.get('to')) ?? latest ?? null;
	const from =
		parseVersionRef(params.get('from')) ??
		(typeof to === 'number' && to > 1 ? to - 1 : to === 'draft' ? (latest ?? null) : null);
	if ((params.has('from') && from === null) || (params.has('to') && to === null)) {
		error(400, 'from and to must be version numbers or "draft".');
	}
	const changes =
		from !== null && to !== null ? await compareVersions(db, survey.id, from, to) : null;
	if (changes === undefined) error(404, 'There is no such version.');
	return { survey, versions, from, to, changes };
};
