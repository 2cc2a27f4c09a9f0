/**
 * Rule-based segments run against a real (in-memory) DuckDB table: assignments, NULL handling,
 * first-rule-wins, value binding and validation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { describeDataset, tableRef, UnknownVariableError, type Dataset } from '../dataset.ts';
import {
	conditionSchema,
	ruleSegmentationSchema,
	ruleSegmentExpression,
	SegmentRuleError,
	segmentValueLabels,
	type Condition,
	type RuleSegmentation
} from './rules.ts';

let db: Database;
let data: Dataset;

// id, age (INTEGER), region (DOUBLE), sex (VARCHAR), score (VARCHAR holding numbers), q?1 (INTEGER)
const rows: [number, number | null, number | null, string | null, string | null, number | null][] =
	[
		[1, 25, 1, 'M', '7', 1],
		[2, 40, 2, 'F', '3', 2],
		[3, 70, 3, 'F', 'n/a', null],
		[4, null, null, null, null, 1],
		[5, 18, 1, 'F', '10', 2],
		[6, 34, 4, 'M', null, null]
	];

beforeEach(async () => {
	db = await openDatabase(':memory:');
	await db.run({
		sql: `CREATE TABLE x (id INTEGER, age INTEGER, region DOUBLE, sex VARCHAR, score VARCHAR, "q?1" INTEGER)`,
		params: []
	});
	for (const row of rows) {
		await db.run({ sql: 'INSERT INTO x VALUES (?, ?, ?, ?, ?, ?)', params: row });
	}
	data = await describeDataset(db, 'x');
});

afterEach(async () => {
	await db.close();
});

/** The segment code of every row, by id. */
async function segments(segmentation: RuleSegmentation): Promise<Record<number, number | null>> {
	const expression = ruleSegmentExpression(data, segmentation);
	const result = await db.all<{ id: number; segment: number | null }>({
		sql: `SELECT id, ${expression.sql} AS segment FROM ${tableRef(data)} ORDER BY id`,
		params: expression.params
	});
	return Object.fromEntries(result.map((row) => [row.id, row.segment]));
}

const one = (condition: Condition, otherLabel: string | null = null): RuleSegmentation => ({
	name: 'segment',
	rules: [{ label: 'Match', match: 'all', conditions: [condition] }],
	otherLabel
});

describe('ruleSegmentExpression', () => {
	it('assigns the first matching rule, 1-based, and NULL to the rest', async () => {
		const segmentation: RuleSegmentation = {
			name: 'life_stage',
			rules: [
				{
					label: 'Young men',
					match: 'all',
					conditions: [
						{ variable: 'age', op: 'between', min: 18, max: 34 },
						{ variable: 'sex', op: 'in', values: ['M'] }
					]
				},
				{
					label: 'Young or region 3',
					match: 'any',
					conditions: [
						{ variable: 'age', op: 'between', max: 34 },
						{ variable: 'region', op: 'in', values: [3] }
					]
				}
			]
		};
		// Rows 1 and 6 match both rules: the first wins.
		expect(await segments(segmentation)).toEqual({ 1: 1, 2: null, 3: 2, 4: null, 5: 2, 6: 1 });
		expect(await segments({ ...segmentation, otherLabel: 'Other' })).toEqual({
			1: 1,
			2: 3,
			3: 2,
			4: 3,
			5: 2,
			6: 1
		});
	});

	it('produces an INTEGER column', async () => {
		for (const otherLabel of [null, 'Other']) {
			const expression = ruleSegmentExpression(
				data,
				one({ variable: 'age', op: 'answered' }, otherLabel)
			);
			const row = await db.one<{ type: string }>({
				sql: `SELECT typeof(${expression.sql}) AS type FROM x LIMIT 1`,
				params: expression.params
			});
			expect(row?.type).toBe('INTEGER');
		}
	});

	it('never matches NULL with in, not_in or between', async () => {
		expect(await segments(one({ variable: 'sex', op: 'in', values: ['F'] }))).toEqual({
			1: null,
			2: 1,
			3: 1,
			4: null,
			5: 1,
			6: null
		});
		expect(await segments(one({ variable: 'sex', op: 'not_in', values: ['F'] }))).toEqual({
			1: 1,
			2: null,
			3: null,
			4: null,
			5: null,
			6: 1
		});
		expect(await segments(one({ variable: 'region', op: 'not_in', values: [1, 2] }))).toEqual({
			1: null,
			2: null,
			3: 1,
			4: null,
			5: null,
			6: 1
		});
		expect(await segments(one({ variable: 'age', op: 'between', min: 0, max: 200 }))).toEqual({
			1: 1,
			2: 1,
			3: 1,
			4: null,
			5: 1,
			6: 1
		});
	});

	it('tests missing and answered with IS NULL', async () => {
		expect(await segments(one({ variable: 'score', op: 'missing' }))).toEqual({
			1: null,
			2: null,
			3: null,
			4: 1,
			5: null,
			6: 1
		});
		expect(await segments(one({ variable: 'score', op: 'answered' }, 'No answer'))).toEqual({
			1: 1,
			2: 1,
			3: 1,
			4: 2,
			5: 1,
			6: 2
		});
	});

	it('compares numbers numerically and strings as text', async () => {
		// Numbers against a text column: only cells that read as numbers can match.
		expect(await segments(one({ variable: 'score', op: 'in', values: [7, 10] }))).toEqual({
			1: 1,
			2: null,
			3: null,
			4: null,
			5: 1,
			6: null
		});
		expect(await segments(one({ variable: 'score', op: 'not_in', values: [7, 10] }))).toEqual({
			1: null,
			2: 1,
			3: 1,
			4: null,
			5: null,
			6: null
		});
		expect(await segments(one({ variable: 'score', op: 'between', min: 5 }))).toEqual({
			1: 1,
			2: null,
			3: null,
			4: null,
			5: 1,
			6: null
		});
		// Strings against a numeric column compare with its text form.
		expect(await segments(one({ variable: 'age', op: 'in', values: ['25', 40] }))).toEqual({
			1: 1,
			2: 1,
			3: null,
			4: null,
			5: null,
			6: null
		});
	});

	it('binds every value, so injection attempts stay values', async () => {
		const attack = '1); DROP TABLE x; --';
		const quote = "F' OR '1'='1";
		const expression = ruleSegmentExpression(
			data,
			one({ variable: 'sex', op: 'in', values: [attack, quote] })
		);
		expect(expression.sql).not.toContain('DROP');
		expect(expression.sql).not.toContain("'");
		expect(expression.params).toContain(attack);
		expect(expression.params).toContain(quote);
		expect(await segments(one({ variable: 'sex', op: 'in', values: [attack, quote] }))).toEqual({
			1: null,
			2: null,
			3: null,
			4: null,
			5: null,
			6: null
		});
		expect(await segments(one({ variable: 'sex', op: 'not_in', values: [attack] }))).toEqual({
			1: 1,
			2: 1,
			3: 1,
			4: null,
			5: 1,
			6: 1
		});
		expect(
			(await db.one<{ n: number }>({ sql: 'SELECT count(*) AS n FROM x', params: [] }))?.n
		).toBe(6);
	});

	it('refuses unknown variables, even ones that look like SQL', () => {
		expect(() => ruleSegmentExpression(data, one({ variable: 'nope', op: 'missing' }))).toThrow(
			UnknownVariableError
		);
		expect(() =>
			ruleSegmentExpression(data, one({ variable: 'age" IS NULL OR "1', op: 'missing' }))
		).toThrow(UnknownVariableError);
	});

	it('quotes column names with awkward characters', async () => {
		const expression = ruleSegmentExpression(data, one({ variable: 'q?1', op: 'in', values: [1] }));
		expect(expression.sql).toContain('"q?1"');
		expect(await segments(one({ variable: 'q?1', op: 'in', values: [1] }))).toEqual({
			1: 1,
			2: null,
			3: null,
			4: 1,
			5: null,
			6: null
		});
	});

	it('validates conditions', () => {
		const invalid: Condition[] = [
			{ variable: 'age', op: 'in' },
			{ variable: 'age', op: 'not_in', values: [] },
			{ variable: 'age', op: 'between' },
			{ variable: 'age', op: 'between', min: 5, max: 4 }
		];
		for (const condition of invalid) {
			expect(conditionSchema.safeParse(condition).success).toBe(false);
			expect(() => ruleSegmentExpression(data, one(condition))).toThrow(SegmentRuleError);
		}
		expect(
			conditionSchema.safeParse({ variable: 'age', op: 'between', min: 4, max: 4 }).success
		).toBe(true);
		expect(
			conditionSchema.safeParse({ variable: 'age', op: 'in', values: [Infinity] }).success
		).toBe(false);
	});

	it('validates the segmentation', () => {
		const base = one({ variable: 'age', op: 'answered' });
		const rule = base.rules[0]!;
		const invalid: unknown[] = [
			{ ...base, name: 'Bad name' },
			{ ...base, name: '1st' },
			{ ...base, name: 'a'.repeat(41) },
			{ ...base, rules: [] },
			{ ...base, rules: Array.from({ length: 21 }, (_, i) => ({ ...rule, label: `R${i}` })) },
			{ ...base, rules: [{ ...rule, label: '' }] },
			{ ...base, rules: [{ ...rule, label: 'x'.repeat(81) }] },
			{ ...base, rules: [{ ...rule, conditions: [] }] },
			{ ...base, rules: [rule, rule] },
			{ ...base, otherLabel: rule.label }
		];
		for (const segmentation of invalid) {
			expect(ruleSegmentationSchema.safeParse(segmentation).success).toBe(false);
			expect(() => ruleSegmentExpression(data, segmentation as RuleSegmentation)).toThrow(
				SegmentRuleError
			);
		}
		expect(ruleSegmentationSchema.safeParse({ ...base, name: 'a'.repeat(40) }).success).toBe(true);
	});
});

describe('segmentValueLabels', () => {
	it('numbers the rules from 1 and adds the other label last', () => {
		const segmentation: RuleSegmentation = {
			name: 'seg',
			rules: [
				{ label: 'A', match: 'all', conditions: [{ variable: 'age', op: 'answered' }] },
				{ label: 'B', match: 'any', conditions: [{ variable: 'age', op: 'missing' }] }
			]
		};
		expect(segmentValueLabels(segmentation)).toEqual([
			{ code: 1, label: 'A' },
			{ code: 2, label: 'B' }
		]);
		expect(segmentValueLabels({ ...segmentation, otherLabel: 'Rest' })).toEqual([
			{ code: 1, label: 'A' },
			{ code: 2, label: 'B' },
			{ code: 3, label: 'Rest' }
		]);
	});
});
