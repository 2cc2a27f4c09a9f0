/**
 * The DuckDB flattener against the row-by-row one (flatten.ts), on the demo questionnaire with
 * synthetic responses over two published versions: the same value in every cell.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import * as responses from '../db/responses.ts';
import { generateSyntheticResponses } from '../demo/synthetic-responses.ts';
import { flattenAnswers } from '../../survey/flatten.ts';
import { sql } from '../db/sql.ts';
import { buildAnalysisTable } from './analysis-table.ts';
import { exportResponsesCsv } from './export-responses.ts';
import { createSurvey, publish, saveDraft } from './survey-service.ts';
import type { Survey } from '../db/surveys.ts';

let db: Database;
let surveyId: number;
let survey: Survey;
const synthetic = generateSyntheticResponses({
	seed: 7,
	respondentsPerWave: [60, 60],
	firstWaveDate: '2026-01-15',
	monthsBetweenWaves: 3
});

beforeAll(async () => {
	db = await openDatabase(':memory:');
	await migrate(db);
	const text = fs.readFileSync('surveys/awareness-tracker.json', 'utf8');
	const created = await createSurvey(db, { projectId: 1, userId: null, text });
	if (!created.ok) throw new Error(created.problems[0]!.message);
	surveyId = created.value.id;
	survey = created.value;
	const first = await publish(db, created.value, null);
	if (!first.ok) throw new Error('publish failed');
	// Version 2 adds a question; older responses have no answer to it (NULL, not 0).
	const json = JSON.parse(text);
	json.pages.at(-1).elements.push({ type: 'text', name: 'comment_final', title: 'Anything else?' });
	await saveDraft(db, created.value, JSON.stringify(json));
	const second = await publish(db, created.value, null);
	if (!second.ok) throw new Error('publish failed');
	await responses.insertMany(
		db,
		synthetic.map((response, i) => ({
			id: response.id,
			surveyId,
			surveyVersionId: i % 2 ? second.value.id : first.value.id,
			wave: response.wave,
			status: 'complete',
			source: 'synthetic',
			answers: i % 2 ? { ...response.answers, comment_final: `note ${i}` } : response.answers,
			paradata: {},
			startedAt: null,
			submittedAt: response.submittedAt
		}))
	);
});
afterAll(async () => db?.close());

describe('buildAnalysisTable', () => {
	it('gives every variable of every version a typed column with the row-by-row values', async () => {
		const built = await buildAnalysisTable(db, surveyId);
		expect(built).not.toBeNull();
		const { dataset, codebook } = built!;
		expect(dataset.columns.get('region')).toBe('numeric');
		expect(dataset.columns.get('aware_programmes_3')).toBe('numeric');
		expect(dataset.columns.get('comment_final')).toBe('text');
		const rows = await db.all<Record<string, unknown>>({
			sql: `SELECT * FROM ${dataset.table}`,
			params: []
		});
		expect(rows).toHaveLength(synthetic.length);
		const byId = new Map(synthetic.map((response, i) => [response.id, { response, i }]));
		for (const row of rows) {
			const { response, i } = byId.get(String(row.response_id))!;
			const answers =
				i % 2 ? { ...response.answers, comment_final: `note ${i}` } : response.answers;
			const expected = flattenAnswers(codebook, answers);
			for (const variable of codebook.variables) {
				const value = expected[variable.name];
				const actual = row[variable.name];
				expect(actual ?? null, `${variable.name} of ${response.id}`).toEqual(
					typeof value === 'string' && dataset.columns.get(variable.name) === 'numeric'
						? Number(value)
						: value
				);
			}
		}
	});

	it('returns null for a survey never published', async () => {
		expect(await buildAnalysisTable(db, 999)).toBeNull();
	});
});

describe('excluded responses', () => {
	it('leaves them out of the analysis table and the CSV export unless asked', async () => {
		const [first, second] = synthetic;
		await db.run(
			sql(
				'UPDATE responses SET excluded = true WHERE id IN (?::UUID, ?::UUID)',
				first!.id,
				second!.id
			)
		);
		try {
			const built = await buildAnalysisTable(db, surveyId, 'analysis_without_excluded');
			const ids = await db.all<{ response_id: string }>({
				sql: `SELECT response_id FROM ${built!.dataset.table}`,
				params: []
			});
			expect(ids).toHaveLength(synthetic.length - 2);
			expect(ids.map((row) => row.response_id)).not.toContain(first!.id);
			expect(built!.dataset.columns.has('excluded')).toBe(false);

			const all = await buildAnalysisTable(db, surveyId, 'analysis_with_excluded', {
				includeExcluded: true
			});
			const marked = await db.all<{ response_id: string }>({
				sql: `SELECT response_id FROM ${all!.dataset.table} WHERE excluded`,
				params: []
			});
			expect(marked.map((row) => row.response_id).sort()).toEqual([first!.id, second!.id].sort());

			const csv = (await exportResponsesCsv(db, survey, 1))!;
			expect(csv).not.toContain(first!.id);
			expect(csv.trim().split('\n')).toHaveLength(synthetic.length - 2 + 1);
			const everything = (await exportResponsesCsv(db, survey, 1, { includeExcluded: true }))!;
			expect(everything).toContain(first!.id);
			expect(everything.split('\n')[0]).toContain('excluded');
		} finally {
			await db.run(sql('UPDATE responses SET excluded = false WHERE survey_id = ?', surveyId));
		}
	});
});
