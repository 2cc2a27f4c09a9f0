/**
 * Surveys by public slug for the submission endpoint, remembered for a second: under load every
 * submission would otherwise cost a catalogue query. Changes made in this process (a new wave, a
 * deletion) forget the entry at once; the one-second limit covers anything else.
 */
import type { Queryable } from '../db/database.ts';
import * as surveys from '../db/surveys.ts';
import type { Survey } from '../db/surveys.ts';

const lifetimeMs = 1000;
const remembered = new Map<string, { at: number; survey: Promise<Survey | undefined> }>();

export function surveyBySlug(db: Queryable, slug: string): Promise<Survey | undefined> {
	const now = Date.now();
	const entry = remembered.get(slug);
	if (entry && now - entry.at < lifetimeMs) return entry.survey;
	const survey = surveys.findBySlug(db, slug);
	remembered.set(slug, { at: now, survey });
	if (remembered.size > 10_000) remembered.delete(remembered.keys().next().value!);
	return survey;
}

/** Forgets a survey after it changed here (deleted, new wave). */
export function forgetSurvey(slugOrAll?: string): void {
	if (slugOrAll === undefined) remembered.clear();
	else remembered.delete(slugOrAll);
}
