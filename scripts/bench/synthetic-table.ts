/**
 * Synthetic survey data for benchmarks, made inside DuckDB from a hash of the row number (so the
 * same size always gives the same data): 30 variables — design (stratum, psu, base weight), four
 * raking variables with 36 categories in all, five banner variables, twenty stub questions.
 */
import type { Queryable } from '../../src/lib/server/db/database.ts';

export const rakingMargins = { region: 20, age_group: 8, education: 6, sex: 2 };
export const bannerVariables = ['sex', 'age_group', 'settlement', 'wave'];
export const stubVariables = ['q1', 'q2', 'q3', 'q4', 'q5'];

function category(seed: number, levels: number): string {
	return `(hash(concat(i, ':', ${seed})) % ${levels})::INTEGER + 1`;
}

export async function createSyntheticTable(db: Queryable, respondents: number): Promise<void> {
	const questions = Array.from({ length: 15 }, (_, k) => `${category(100 + k, 5)} AS x${k + 1}`);
	await db.run({
		sql: `CREATE OR REPLACE TABLE data AS SELECT
			i AS id,
			${category(1, 20)} AS stratum,
			${category(2, 10)} AS psu,
			0.5 + (hash(concat(i, ':b')) % 1000) / 666.0 AS base_weight,
			${category(4, rakingMargins.region)} AS region,
			${category(5, rakingMargins.age_group)} AS age_group,
			${category(6, rakingMargins.education)} AS education,
			${category(7, rakingMargins.sex)} AS sex,
			${category(8, 2)} AS settlement,
			${category(9, 3)} AS wave,
			${stubVariables.map((name, k) => `${category(20 + k, 4)} AS ${name}`).join(', ')},
			CASE WHEN hash(concat(i, ':m')) % 20 = 0 THEN NULL ELSE (hash(concat(i, ':r')) % 5)::DOUBLE + 1 END AS rating,
			(hash(concat(i, ':a')) % 2)::INTEGER AS aware,
			${questions.join(', ')}
			FROM range(?) r(i)`,
		params: [respondents]
	});
}

/** Proportional targets per raking variable (uneven, so raking has work to do). */
export function syntheticTargets(): { variable: string; category: string; target: number }[] {
	return Object.entries(rakingMargins).flatMap(([variable, levels]) => {
		const raw = Array.from({ length: levels }, (_, k) => 1 + ((k * 7) % levels) / levels);
		const total = raw.reduce((a, b) => a + b, 0);
		return raw.map((value, k) => ({ variable, category: String(k + 1), target: value / total }));
	});
}
