import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Codebook } from '../../survey/codebook.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { sql } from '../db/sql.ts';
import * as quotas from '../db/quotas.ts';
import * as responses from '../db/responses.ts';
import * as surveyVersions from '../db/survey-versions.ts';
import { quotaOverview, saveQuota } from './quota-service.ts';

const surveyId = 3;
let db: Database;

const codebook: Codebook = {
	defaultLanguage: 'en',
	languages: ['en'],
	variables: [
		{
			name: 'gender',
			question: 'gender',
			questionType: 'radiogroup',
			type: 'single',
			measure: 'nominal',
			label: { en: 'Gender' },
			values: [
				{ code: 1, label: { en: 'Man' } },
				{ code: 2, label: { en: 'Woman' } }
			]
		},
		{
			name: 'age',
			question: 'age',
			questionType: 'text',
			type: 'numeric',
			measure: 'scale',
			label: { en: 'Age' }
		}
	]
};

const womenTarget = (target: number) =>
	JSON.stringify({ variables: ['gender'], cells: [{ values: { gender: 2 }, target }] });

beforeEach(async () => {
	db = await openDatabase(':memory:');
	await migrate(db);
	// Quotas count the completes of the survey's current wave.
	await db.run(
		sql(
			`INSERT INTO surveys (id, project_id, slug, title, draft_json) VALUES (?, 1, 'q', 'Q', '{}')`,
			surveyId
		)
	);
});
afterEach(async () => db.close());

const publish = () =>
	surveyVersions.insertNext(db, {
		surveyId,
		json: '{}',
		codebook: JSON.stringify(codebook),
		publishedBy: null
	});

describe('saveQuota', () => {
	it('needs a published codebook', async () => {
		expect(await saveQuota(db, surveyId, { name: 'Gender', definition: womenTarget(2) })).toEqual({
			ok: false,
			problems: [
				{ field: 'definition', message: 'Publish the questionnaire before defining quotas.' }
			]
		});
	});

	it('names the field of a malformed or invalid definition and stores nothing', async () => {
		await publish();
		const malformed = await saveQuota(db, surveyId, {
			name: 'Gender',
			definition: JSON.stringify({ variables: ['gender'], cells: [{ values: {}, target: 'x' }] })
		});
		expect(malformed.ok || malformed.problems[0]!.field).toBe('definition.cells.0.target');
		const invalid = await saveQuota(db, surveyId, {
			name: 'Age',
			definition: JSON.stringify({
				variables: ['age'],
				cells: [{ values: { age: 30 }, target: 2 }]
			})
		});
		expect(invalid.ok || invalid.problems[0]).toEqual({
			field: 'definition.variables.0',
			message:
				'The variable "age" is not a single-choice question; quotas use single-choice questions only.'
		});
		expect(await quotas.listBySurvey(db, surveyId)).toEqual([]);
	});

	it('creates, then replaces a quota of the survey', async () => {
		await publish();
		const created = await saveQuota(db, surveyId, { name: 'Gender', definition: womenTarget(2) });
		if (!created.ok) throw new Error(JSON.stringify(created.problems));
		const id = created.quota.id;
		const updated = await saveQuota(db, surveyId, { id, name: 'Sex', definition: womenTarget(4) });
		expect(updated.ok).toBe(true);
		expect(await quotas.listBySurvey(db, surveyId)).toEqual([
			{ id, name: 'Sex', definition: JSON.parse(womenTarget(4)) }
		]);
		const gone = await saveQuota(db, surveyId + 1, { id, name: 'X', definition: womenTarget(1) });
		expect(gone.ok).toBe(false);
	});
});

describe('quotaOverview', () => {
	it('reports achieved completes per cell with labels, and the editor variables', async () => {
		await publish();
		await saveQuota(db, surveyId, { name: 'Gender', definition: womenTarget(4) });
		for (const [status, gender] of [
			['complete', 2],
			['complete', 2],
			['partial', 2],
			['complete', 1]
		] as const) {
			await responses.upsert(db, {
				id: randomUUID(),
				surveyId,
				surveyVersionId: 1,
				wave: 1,
				status,
				source: 'web',
				answers: { gender },
				paradata: {},
				startedAt: null
			});
		}
		const overview = await quotaOverview(db, surveyId);
		expect(overview.publishedVersion).toBe(1);
		expect(overview.editorCodebook?.variables.map((variable) => variable.name)).toEqual(['gender']);
		expect(overview.quotas).toHaveLength(1);
		expect(overview.quotas[0]).toMatchObject({
			name: 'Gender',
			achieved: 2,
			target: 4,
			cells: [{ label: 'gender: Woman', achieved: 2, target: 4 }]
		});
	});
});
