import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Codebook } from '../../survey/codebook.ts';
import { openDatabase, type Database, type Queryable } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import * as projects from '../db/projects.ts';
import * as responses from '../db/responses.ts';
import { sql, type SqlQuery } from '../db/sql.ts';
import type { Survey } from '../db/surveys.ts';
import * as users from '../db/users.ts';
import { createSurvey, deleteSurvey, publish } from './survey-service.ts';

let db: Database;
let userId: number;
let projectId: number;

beforeEach(async () => {
	db = await openDatabase(':memory:');
	await migrate(db);
	const user = await users.create(db, {
		email: 'researcher@example.org',
		name: 'Researcher',
		passwordHash: null,
		isAdmin: false
	});
	userId = user.id;
	projectId = (await projects.create(db, { name: 'Omnibus', description: '', createdBy: userId }))
		.id;
});

afterEach(async () => {
	await db.close();
});

function questionnaireText(overrides: Record<string, unknown> = {}): string {
	return JSON.stringify({
		title: 'Omnibus Poll',
		pages: [
			{
				name: 'p1',
				elements: [
					{ type: 'radiogroup', name: 'vote', choices: [1, 2, 98] },
					{ type: 'checkbox', name: 'media', choices: [1, 2], showNoneItem: true }
				]
			}
		],
		...overrides
	});
}

async function createdSurvey(text = questionnaireText()): Promise<Survey> {
	const result = await createSurvey(db, { projectId, userId, text });
	if (!result.ok) throw new Error(JSON.stringify(result.problems));
	return result.value;
}

async function publishedVersionId(survey: Survey): Promise<number> {
	const result = await publish(db, survey, userId);
	if (!result.ok) throw new Error(JSON.stringify(result.problems));
	return result.value.id;
}

let responseCount = 0;
function response(survey: Survey, versionId: number, status: 'partial' | 'complete' = 'complete') {
	responseCount += 1;
	return {
		id: `00000000-0000-4000-8000-${String(responseCount).padStart(12, '0')}`,
		surveyId: survey.id,
		surveyVersionId: versionId,
		wave: 1,
		status,
		source: 'web' as const,
		answers: { vote: 1 },
		paradata: {},
		startedAt: null
	};
}

async function count(query: SqlQuery): Promise<number> {
	return (await db.one<{ n: number }>(query))!.n;
}

const surveyRows = () => count(sql('SELECT count(*) AS n FROM surveys'));
const surveyAudit = (action: string) =>
	count(sql('SELECT count(*) AS n FROM audit_log WHERE action = ?', action));

/** The same database, except that inside transactions every statement matching `pattern` fails. */
function failingInTransactions(pattern: RegExp): Database {
	const failing = (tx: Queryable): Queryable => ({
		all: (query) => tx.all(query),
		one: (query) => tx.one(query),
		run: (query) =>
			pattern.test(query.sql) ? Promise.reject(new Error('injected failure')) : tx.run(query)
	});
	return { ...db, transaction: (work) => db.transaction((tx) => work(failing(tx))) };
}

describe('createSurvey', () => {
	it('stores the draft with its title and a readable slug, and audits it', async () => {
		const survey = await createdSurvey();
		expect(survey).toMatchObject({ projectId, title: 'Omnibus Poll', currentWave: 1 });
		expect(survey.slug).toMatch(/^omnibus-poll-[a-z2-7]{7}$/);
		const audit = await db.one(
			sql(
				`SELECT user_id AS "userId", project_id AS "projectId", object_id AS "objectId", details
				FROM audit_log WHERE action = 'survey.create'`
			)
		);
		expect(audit).toEqual({
			userId,
			projectId,
			objectId: String(survey.id),
			details: JSON.stringify({ title: 'Omnibus Poll' })
		});
	});

	it('returns the problems of invalid JSON and writes nothing', async () => {
		const result = await createSurvey(db, { projectId, userId, text: '{"pages": [' });
		expect(result.ok).toBe(false);
		expect(!result.ok && result.problems.map((problem) => problem.field)).toEqual(['json']);
		expect(await surveyRows()).toBe(0);
		expect(await surveyAudit('survey.create')).toBe(0);
	});

	it('returns the problems of a questionnaire Barometer cannot use and writes nothing', async () => {
		const text = questionnaireText({
			pages: [{ name: 'p1', elements: [{ type: 'text', name: 'bad name' }] }]
		});
		const result = await createSurvey(db, { projectId, userId, text });
		expect(!result.ok && result.problems.map((problem) => problem.field)).toEqual(['bad name']);
		expect(await surveyRows()).toBe(0);
		expect(await surveyAudit('survey.create')).toBe(0);
	});

	it('refuses a questionnaire larger than 2 MB', async () => {
		const text = questionnaireText({ description: 'x'.repeat(2 * 1024 * 1024) });
		const result = await createSurvey(db, { projectId, userId, text });
		expect(!result.ok && result.problems).toEqual([
			{ field: 'json', message: 'The questionnaire is larger than 2 MB.' }
		]);
		expect(await surveyRows()).toBe(0);
	});

	it('stores the sanitised questionnaire', async () => {
		const survey = await createdSurvey(
			questionnaireText({ completedHtml: '<p>Thanks</p><script>x()</script>' })
		);
		const row = await db.one<{ json: string }>(
			sql('SELECT draft_json AS json FROM surveys WHERE id = ?', survey.id)
		);
		expect(JSON.parse(row!.json).completedHtml).toBe('<p>Thanks</p>');
	});

	it('leaves no survey behind when the audit record cannot be written', async () => {
		const broken = failingInTransactions(/INSERT INTO audit_log/);
		await expect(
			createSurvey(broken, { projectId, userId, text: questionnaireText() })
		).rejects.toThrow('injected failure');
		expect(await surveyRows()).toBe(0);
	});
});

describe('publish', () => {
	it('publishes version 1, then 2, each with its codebook and an audit record', async () => {
		const survey = await createdSurvey();
		const first = await publish(db, survey, userId);
		const second = await publish(db, survey, userId);
		expect(first.ok && first.value.version).toBe(1);
		expect(second.ok && second.value.version).toBe(2);

		const versions = await db.all<{ version: number; codebook: string; publishedBy: number }>(
			sql(
				`SELECT version, codebook, published_by AS "publishedBy" FROM survey_versions
				WHERE survey_id = ? ORDER BY version`,
				survey.id
			)
		);
		expect(versions.map((v) => [v.version, v.publishedBy])).toEqual([
			[1, userId],
			[2, userId]
		]);
		for (const version of versions) {
			const codebook = JSON.parse(version.codebook) as Codebook;
			expect(codebook.variables.map((v) => v.name)).toEqual([
				'vote',
				'media_1',
				'media_2',
				'media_none'
			]);
		}

		const audit = await db.all<{ details: string }>(
			sql(`SELECT details FROM audit_log WHERE action = 'survey.publish' ORDER BY id`)
		);
		expect(audit.map((row) => JSON.parse(row.details))).toEqual([
			{ version: 1, variables: 4 },
			{ version: 2, variables: 4 }
		]);
	});

	it('numbers versions per survey', async () => {
		const first = await createdSurvey();
		const second = await createdSurvey();
		await publish(db, first, userId);
		await publish(db, first, userId);
		const result = await publish(db, second, userId);
		expect(result.ok && result.value.version).toBe(1);
	});

	it('freezes the draft as it was when published', async () => {
		const survey = await createdSurvey();
		await publish(db, survey, userId);
		const row = await db.one<{ json: string }>(
			sql('SELECT json FROM survey_versions WHERE survey_id = ? AND version = 1', survey.id)
		);
		expect(JSON.parse(row!.json).title).toBe('Omnibus Poll');
	});

	it('reports a survey that no longer exists', async () => {
		const survey = await createdSurvey();
		await deleteSurvey(db, survey, userId);
		const result = await publish(db, survey, userId);
		expect(result).toEqual({
			ok: false,
			problems: [{ field: 'survey', message: 'The survey no longer exists.' }]
		});
	});
});

describe('deleteSurvey', () => {
	it('removes the survey with its versions and responses, and audits the count', async () => {
		const survey = await createdSurvey();
		const versionId = await publishedVersionId(survey);
		await responses.upsert(db, response(survey, versionId));
		await responses.upsert(db, response(survey, versionId, 'partial'));

		await deleteSurvey(db, survey, userId);

		expect(await surveyRows()).toBe(0);
		expect(await count(sql('SELECT count(*) AS n FROM survey_versions'))).toBe(0);
		expect(await count(sql('SELECT count(*) AS n FROM responses'))).toBe(0);
		const audit = await db.one<{ details: string }>(
			sql(`SELECT details FROM audit_log WHERE action = 'survey.delete'`)
		);
		expect(JSON.parse(audit!.details)).toEqual({
			title: 'Omnibus Poll',
			slug: survey.slug,
			responses: 2
		});
	});

	it("leaves other surveys' versions and responses alone", async () => {
		const deleted = await createdSurvey();
		const kept = await createdSurvey();
		await responses.upsert(db, response(deleted, await publishedVersionId(deleted)));
		await responses.upsert(db, response(kept, await publishedVersionId(kept)));

		await deleteSurvey(db, deleted, userId);

		expect(
			await count(sql('SELECT count(*) AS n FROM survey_versions WHERE survey_id = ?', kept.id))
		).toBe(1);
		expect(await responses.countBySurvey(db, kept.id)).toEqual({
			complete: 1,
			partial: 0,
			screenedOut: 0,
			overQuota: 0
		});
	});

	it('deletes nothing when a later step fails', async () => {
		const survey = await createdSurvey();
		await responses.upsert(db, response(survey, await publishedVersionId(survey)));

		const broken = failingInTransactions(/DELETE FROM surveys/);
		await expect(deleteSurvey(broken, survey, userId)).rejects.toThrow('injected failure');

		expect(await surveyRows()).toBe(1);
		expect(await count(sql('SELECT count(*) AS n FROM survey_versions'))).toBe(1);
		expect(await responses.countBySurvey(db, survey.id)).toEqual({
			complete: 1,
			partial: 0,
			screenedOut: 0,
			overQuota: 0
		});
		expect(await surveyAudit('survey.delete')).toBe(0);
	});
});
