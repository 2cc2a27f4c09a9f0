/**
 * Fixture F1 of ../shared/reference/r-survey-fixture.md: 20 respondents and the values R's survey
 * package gives for them. Loaded into an in-memory DuckDB table for tests.
 */
import { openDatabase, type Database } from '../../server/db/database.ts';
import { describeDataset, type Dataset } from '../dataset.ts';
import type { MarginSpec } from '../weighting/targets.ts';

export const fixture = {
	sex: 'M M M M M M M M M M M M F F F F F F F F'.split(' '),
	age: 'A B C A B C A B C A B A A B C C B C C B'.split(' '),
	region: 'N N S S N S N N S N S S N S N S S N S N'.split(' '),
	aware: [1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1],
	rating: [4, 3, 5, 2, 3, 1, 4, 5, 2, 4, 3, 5, 2, 4, 5, 3, 4, 1, 5, 3]
};

export const fixtureMargins: MarginSpec[] = [
	{
		variables: ['sex'],
		targets: new Map([
			['F', 510],
			['M', 490]
		])
	},
	{
		variables: ['age'],
		targets: new Map([
			['A', 300],
			['B', 350],
			['C', 350]
		])
	}
];

export async function fixtureDatabase(): Promise<{ db: Database; dataset: Dataset }> {
	const db = await openDatabase(':memory:');
	const rows = fixture.sex.map((sex, i) => ({
		id: i + 1,
		sex,
		age: fixture.age[i],
		region: fixture.region[i],
		aware: fixture.aware[i],
		rating: fixture.rating[i]
	}));
	await db.run({
		sql: `CREATE TABLE data AS SELECT (r->>'id')::INTEGER AS id, r->>'sex' AS sex, r->>'age' AS age,
			r->>'region' AS region, (r->>'aware')::INTEGER AS aware, (r->>'rating')::INTEGER AS rating
			FROM (SELECT unnest(CAST(? AS JSON[])) AS r)`,
		params: [JSON.stringify(rows)]
	});
	return { db, dataset: await describeDataset(db, 'data') };
}
