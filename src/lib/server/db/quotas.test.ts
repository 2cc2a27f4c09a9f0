import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.ts';
import { migrate } from './migrate.ts';
import * as quotas from './quotas.ts';
import * as responses from './responses.ts';
import { sql } from './sql.ts';

let db: Database;

beforeEach(async () => {
	db = await openDatabase(':memory:');
	await migrate(db);
});
afterEach(async () => db.close());

const definition = { variables: ['gender'], cells: [{ values: { gender: 1 }, target: 10 }] };

describe('the quotas table', () => {
	it('creates, lists, updates and removes quotas within their survey', async () => {
		const created = await quotas.create(db, { surveyId: 1, name: 'Gender', definition });
		await quotas.create(db, { surveyId: 2, name: 'Elsewhere', definition });
		expect(await quotas.listBySurvey(db, 1)).toEqual([created]);
		expect(created.definition).toEqual(definition);

		const wider = { ...definition, cells: [{ values: { gender: [1, 2] }, target: 20 }] };
		expect(await quotas.update(db, { ...created, surveyId: 2, definition: wider })).toBe(false);
		expect(
			await quotas.update(db, { ...created, surveyId: 1, name: 'Sex', definition: wider })
		).toBe(true);
		expect(await quotas.listBySurvey(db, 1)).toEqual([
			{ id: created.id, name: 'Sex', definition: wider }
		]);

		expect(await quotas.remove(db, 2, created.id)).toBe(false);
		expect(await quotas.remove(db, 1, created.id)).toBe(true);
		expect(await quotas.listBySurvey(db, 1)).toEqual([]);
		expect(await quotas.listBySurvey(db, 2)).toHaveLength(1);
	});
});

describe('completesByAnswers', () => {
	beforeEach(async () => {
		// Survey 1 is in its second wave.
		await db.run(
			sql(`INSERT INTO surveys (id, project_id, slug, title, draft_json, current_wave)
				VALUES (1, 1, 's', 'S', '{}', 2)`)
		);
	});

	async function store(
		answers: Record<string, unknown>,
		status: 'partial' | 'complete',
		more: Partial<responses.NewResponse> = {}
	) {
		const id = randomUUID();
		await responses.upsert(db, {
			id,
			surveyId: 1,
			surveyVersionId: 1,
			wave: 2,
			status,
			source: 'web',
			answers,
			paradata: {},
			startedAt: null,
			...more
		});
		return id;
	}

	it('binds every value and names only generated aliases', () => {
		const query = quotas.completesByAnswersQuery(1, ['gender"; DROP TABLE quotas; --'], {
			skipIds: ['a']
		});
		expect(query.sql).not.toContain('DROP');
		expect(query.params).toEqual(['$."gender\\"; DROP TABLE quotas; --"', 1, '["a"]']);
	});

	it('groups the current wave’s eligible completes by answers, counting excluded ones out and skipping given ids', async () => {
		const first = await store({ gender: 1, region: 'north' }, 'complete');
		const excluded = await store({ gender: 1, region: 'north' }, 'complete');
		const skipped = await store({ gender: 1, region: 'north' }, 'complete');
		await store({ gender: 2 }, 'complete');
		await store({ gender: 1, region: 'north' }, 'partial');
		// Neither a screen-out nor a complete of the wave before counts, excluded or not.
		await store({ gender: 1, region: 'north' }, 'complete', { disposition: 'screened-out' });
		await store({ gender: 1, region: 'north' }, 'complete', { wave: 1 });
		await db.run(sql('UPDATE responses SET excluded = true WHERE id = ?::UUID', excluded));

		const groups = await quotas.completesByAnswers(db, 1, ['gender', 'region'], {
			skipIds: [skipped],
			includeIds: true
		});
		const sorted = groups.sort((a, b) =>
			String(a.answers.gender).localeCompare(String(b.answers.gender))
		);
		expect(sorted).toHaveLength(2);
		expect(sorted[0]).toMatchObject({ answers: { gender: '1', region: 'north' }, counted: 1 });
		expect([...sorted[0]!.ids].sort()).toEqual([first, excluded].sort());
		expect(sorted[1]).toMatchObject({ answers: { gender: '2', region: null }, counted: 1 });

		const withoutIds = await quotas.completesByAnswers(db, 1, ['gender']);
		expect(withoutIds.every((group) => group.ids.length === 0)).toBe(true);
	});
});
