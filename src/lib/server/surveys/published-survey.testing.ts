/**
 * For tests of the services: a fresh in-memory database with one questionnaire created and
 * published in project 1, as a researcher would through the app.
 */
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import type { Survey } from '../db/surveys.ts';
import { createSurvey, publish } from './survey-service.ts';

export async function databaseWithPublishedSurvey(
	questionnaire: Record<string, unknown>
): Promise<{ db: Database; survey: Survey; versionId: number }> {
	const db = await openDatabase(':memory:');
	await migrate(db);
	const created = await createSurvey(db, {
		projectId: 1,
		userId: null,
		text: JSON.stringify(questionnaire)
	});
	if (!created.ok) throw new Error(JSON.stringify(created.problems));
	const published = await publish(db, created.value, null);
	if (!published.ok) throw new Error(JSON.stringify(published.problems));
	return { db, survey: created.value, versionId: published.value.id };
}

/** A screened omnibus: minors (adult = 2) are screened out after the first page; gender is a quota variable. */
export const screenedOmnibus = {
	title: 'Screened omnibus',
	pages: [
		{
			name: 'screener',
			elements: [
				{ type: 'radiogroup', name: 'adult', isRequired: true, choices: [1, 2] },
				{ type: 'radiogroup', name: 'gender', choices: [1, 2] }
			]
		},
		{ name: 'main', elements: [{ type: 'radiogroup', name: 'trust', choices: [1, 2, 3] }] }
	],
	triggers: [{ type: 'complete', expression: '{adult} = 2' }]
};
