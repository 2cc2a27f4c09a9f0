/**
 * What every submission looks up, remembered for a second: the survey behind a slug, and its
 * public collector (the cap gate keeps the count of completes, ../fieldwork/cap-gate.ts). Changes
 * made in this process (a new wave, a deletion, new collector settings) forget the entries at once.
 */
import type { Queryable } from '../db/database.ts';
import * as collectors from '../db/collectors.ts';
import type { Collector } from '../db/collectors.ts';
import * as surveys from '../db/surveys.ts';
import type { Survey } from '../db/surveys.ts';
import { shortLived } from './short-lived.ts';

const bySlug = shortLived<Survey | undefined>(1000);
const publicCollectors = shortLived<Collector | undefined>(1000);

export function surveyBySlug(db: Queryable, slug: string): Promise<Survey | undefined> {
	return bySlug.get(slug, () => surveys.findBySlug(db, slug));
}

export function publicCollector(db: Queryable, surveyId: number): Promise<Collector | undefined> {
	return publicCollectors.get(String(surveyId), () =>
		collectors.findByKind(db, surveyId, 'public')
	);
}

/** Forgets a survey after it changed here (deleted, new wave, collector settings). */
export function forgetSurvey(survey: { slug: string; id: number }): void {
	bySlug.forget(survey.slug);
	publicCollectors.forget(String(survey.id));
}
