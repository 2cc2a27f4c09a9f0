/**
 * What the submission endpoint tells a respondent whose survey ended early (over quota, screened
 * out): the questionnaire's own text in the language they answered in, or ours.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { respondentText } from '../../survey/respondent-text.ts';
import type { Database } from '../db/database.ts';
import * as quotas from '../db/quotas.ts';
import type { Survey } from '../db/surveys.ts';
import {
	databaseWithPublishedSurvey,
	screenedOmnibus
} from '../surveys/published-survey.testing.ts';
import { acceptSubmission } from './accept-submission.ts';

let db: Database;
let survey: Survey;

const questionnaire = {
	...screenedOmnibus,
	overQuotaText: { default: 'We have heard enough from your group.', ru: 'Ваша группа набрана.' }
};

beforeEach(async () => {
	({ db, survey } = await databaseWithPublishedSurvey(questionnaire));
	await quotas.create(db, {
		surveyId: survey.id,
		name: 'Gender',
		definition: { variables: ['gender'], cells: [{ values: { gender: 1 }, target: 1 }] }
	});
});
afterEach(async () => db.close());

function submit(answers: Record<string, unknown>, language?: string) {
	const body = JSON.stringify({
		id: randomUUID(),
		version: 1,
		status: 'complete',
		answers,
		...(language ? { paradata: { language } } : {})
	});
	return acceptSubmission(db, {
		slug: survey.slug,
		url: new URL(`http://localhost/s/${survey.slug}/responses`),
		headers: { get: (name) => (name === 'origin' ? 'http://localhost' : null) },
		body: {
			contentType: 'application/json',
			contentLength: String(body.length),
			read: async () => new TextEncoder().encode(body)
		},
		clientAddress: `192.0.2.${Math.floor(Math.random() * 250)}`,
		deviceHash: null
	});
}

describe('the message of a survey that ended early', () => {
	it('is the questionnaire’s own over-quota text, in the language answered in', async () => {
		expect((await submit({ adult: 1, gender: 1, trust: 1 })).status).toBe(201);
		const russian = await submit({ adult: 1, gender: 1, trust: 2 }, 'ru');
		expect(russian.body).toMatchObject({ overQuota: true, message: 'Ваша группа набрана.' });
		// Not translated into Georgian: the default language's text.
		const georgian = await submit({ adult: 1, gender: 1, trust: 3 }, 'ka');
		expect(georgian.body.message).toBe('We have heard enough from your group.');
	});

	it('is ours in the language answered in where the questionnaire has none', async () => {
		const minor = await submit({ adult: 2 }, 'ka');
		expect(minor.body).toMatchObject({
			screenedOut: true,
			message: respondentText('ka').screenedOut
		});
		const eligible = await submit({ adult: 1, gender: 2, trust: 1 }, 'ka');
		expect(eligible.status).toBe(201);
		expect(eligible.body).not.toHaveProperty('message');
	});
});
