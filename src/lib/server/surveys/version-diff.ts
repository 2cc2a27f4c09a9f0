/**
 * What changed between two versions of a questionnaire (or between the latest version and the
 * draft): the versions are read here, the comparison is the designer's pure diff.
 */
import { diffQuestionnaires, type VersionChange } from '../../designer/diff.ts';
import type { Queryable } from '../db/index.ts';
import * as surveyVersions from '../db/survey-versions.ts';
import * as surveys from '../db/surveys.ts';

/** A version number, or "draft". */
export type VersionRef = number | 'draft';

export function parseVersionRef(value: string | null): VersionRef | null {
	if (value === 'draft') return 'draft';
	if (value !== null && /^\d{1,9}$/.test(value)) return Number(value);
	return null;
}

async function jsonOf(
	db: Queryable,
	surveyId: number,
	ref: VersionRef
): Promise<Record<string, unknown> | undefined> {
	if (ref === 'draft') {
		const draft = await surveys.draft(db, surveyId);
		return draft && (JSON.parse(draft.json) as Record<string, unknown>);
	}
	return (await surveyVersions.findByNumber(db, surveyId, ref))?.json;
}

export async function compareVersions(
	db: Queryable,
	surveyId: number,
	from: VersionRef,
	to: VersionRef
): Promise<VersionChange[] | undefined> {
	const [before, after] = await Promise.all([jsonOf(db, surveyId, from), jsonOf(db, surveyId, to)]);
	return before && after ? diffQuestionnaires(before, after) : undefined;
}
