/**
 * A generated survey table for tests: deterministic (hash-based uniforms of the row number, no
 * random state), with demographics, waves, awareness items that depend on them, a knowledge
 * scale, attitudes with a don't-know code, and media sources — enough structure that banners,
 * segments and profiles find real differences.
 */
import type { Queryable } from '../../server/db/database.ts';
import { describeDataset, type Dataset } from '../dataset.ts';

/** A uniform in [0, 1) from row i and a salt, via DuckDB's hash. */
const u = (salt: number) => `((hash(i * 7919 + ${salt}) % 1000000) / 1000000.0)`;

export async function surveyTable(db: Queryable, n: number, table = 'data'): Promise<Dataset> {
	await db.run({
		sql: `CREATE OR REPLACE TABLE ${table} AS
		WITH base AS (
			SELECT i,
				CASE WHEN ${u(1)} < 0.47 THEN 1 ELSE 2 END AS sex,
				1 + floor(${u(2)} * 5)::INTEGER AS region,
				1 + floor(${u(3)} * 3)::INTEGER AS age_group,
				1 + (i % 3) AS wave,
				CASE WHEN ${u(4)} < 0.6 THEN 1 ELSE 2 END AS settlement,
				${u(5)} AS a1, ${u(6)} AS a2, ${u(7)} AS a3, ${u(8)} AS k, ${u(9)} AS f, ${u(10)} AS m1, ${u(11)} AS m2, ${u(12)} AS dk
			FROM range(?) t(i)
		)
		SELECT i AS id, sex, region, age_group, wave, settlement,
			(a1 < 0.25 + 0.08 * wave + 0.05 * (settlement = 1)::INTEGER)::INTEGER AS aware_1,
			(a2 < 0.15 + 0.04 * region)::INTEGER AS aware_2,
			(a3 < 0.5)::INTEGER AS aware_3,
			CASE WHEN a1 < 0.25 + 0.08 * wave THEN 1 + floor(k * 4)::INTEGER END AS knows,
			CASE WHEN dk < 0.05 THEN 98 ELSE 1 + floor(f * 5 * (0.6 + 0.1 * sex))::INTEGER END AS favour,
			CASE WHEN dk < 0.05 THEN 98 ELSE 1 + floor(f * 4)::INTEGER END AS trust_tv,
			(m1 < 0.3 + 0.2 * (age_group = 3)::INTEGER)::INTEGER AS source_tv,
			(m2 < 0.2 + 0.3 * (age_group = 1)::INTEGER)::INTEGER AS source_social,
			0.5 + (hash(i * 31 + 5) % 1000) / 1000.0 AS base_weight
		FROM base`,
		params: [n]
	});
	return describeDataset(db, table);
}
