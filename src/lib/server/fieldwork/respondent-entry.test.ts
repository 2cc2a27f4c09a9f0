/** Invitation links once the invitee's response has ended: how the page and a submission treat them. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import * as collectors from '../db/collectors.ts';
import type { Database } from '../db/database.ts';
import * as responses from '../db/responses.ts';
import type { Survey } from '../db/surveys.ts';
import { databaseWithPublishedSurvey } from '../surveys/published-survey.testing.ts';
import { importInvitations, invitationLinks } from './invitation-service.ts';
import { respondentEntry, submissionCollector } from './respondent-entry.ts';

let db: Database;
let survey: Survey;
let invitation: { token: string; responseId: string; collectorId: number };

beforeEach(async () => {
	({ db, survey } = await databaseWithPublishedSurvey({
		title: 'Panel',
		pages: [{ name: 'p', elements: [{ type: 'radiogroup', name: 'q', choices: [1, 2] }] }]
	}));
	expect(await importInvitations(db, survey, 'email\nnino@example.ge\n', 1)).toMatchObject({
		ok: true
	});
	const [link] = await invitationLinks(db, survey, 'https://barometer.example');
	invitation = {
		token: new URL(link!.link).searchParams.get('t')!,
		responseId: link!.responseId,
		collectorId: link!.collectorId
	};
});
afterEach(async () => db.close());

async function store(status: 'partial' | 'complete', disposition: 'over-quota' | null) {
	await responses.upsert(db, {
		id: invitation.responseId,
		surveyId: survey.id,
		surveyVersionId: 1,
		wave: 1,
		status,
		disposition,
		source: 'web',
		answers: { q: 1 },
		paradata: {},
		startedAt: null,
		collectorId: invitation.collectorId
	});
}

const submission = () => ({
	id: invitation.responseId,
	token: invitation.token,
	status: 'complete' as const
});

it('takes a repeat of a completed invitation as a retry that writes nothing', async () => {
	await store('complete', null);
	expect(await respondentEntry(db, survey, { token: invitation.token })).toMatchObject({
		open: false,
		reason: 'completed'
	});
	expect(await submissionCollector(db, survey, submission())).toMatchObject({
		ok: true,
		collectorId: null
	});
});

it('lets an over-quota invitee submit only while the invitation links take responses', async () => {
	await store('partial', 'over-quota');
	// The page tells them they are done.
	expect(await respondentEntry(db, survey, { token: invitation.token })).toMatchObject({
		open: false,
		reason: 'completed'
	});
	// A submission is not waved through as a retry: it counts for the collector…
	expect(await submissionCollector(db, survey, submission())).toMatchObject({
		ok: true,
		collectorId: invitation.collectorId
	});
	// …and is refused once the invitation links have closed.
	await collectors.updateSettings(db, invitation.collectorId, {
		opensAt: null,
		closesAt: '2020-01-01T00:00:00.000Z',
		responseCap: null,
		closedMessage: null
	});
	expect(await submissionCollector(db, survey, submission())).toMatchObject({
		ok: false,
		status: 410
	});
});
