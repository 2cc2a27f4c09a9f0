/** Migration 6 on a database written by the versions before it: old rows get their disposition and collector. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type Database } from '../database.ts';
import { migrate } from '../migrate.ts';
import { sql } from '../sql.ts';
import { migrations } from './index.ts';

let db: Database;
beforeEach(async () => {
	db = await openDatabase(':memory:');
	await migrate(
		db,
		migrations.filter((migration) => migration.version < 6)
	);
});
afterEach(async () => db.close());

async function insertOld(
	id: string,
	row: { survey: number; status: string; source: string; paradata: object; collector?: number }
) {
	await db.run(
		sql(
			`INSERT INTO responses (id, survey_id, survey_version_id, wave, status, source, answers,
				paradata, collector_id)
			VALUES (?::UUID, ?, 1, 1, ?, ?, '{}', ?, ?)`,
			id,
			row.survey,
			row.status,
			row.source,
			JSON.stringify(row.paradata),
			row.collector ?? null
		)
	);
}

const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

it('marks screen-outs and over-quota responses, and gives old responses their collector', async () => {
	for (const survey of [1, 2]) {
		await db.run(
			sql(
				`INSERT INTO surveys (id, project_id, slug, title, draft_json) VALUES (?, 1, ?, 'S', '{}')`,
				survey,
				`s${survey}`
			)
		);
	}
	// Survey 1 is published and had an invitation collector; survey 2 is a draft.
	await db.run(
		sql(
			`INSERT INTO survey_versions (survey_id, version, json, codebook) VALUES (1, 1, '{}', '{}')`
		)
	);
	await db.run(
		sql(`INSERT INTO collectors (id, survey_id, kind, name) VALUES (40, 1, 'invitation', 'Inv')`)
	);
	await insertOld(id(1), { survey: 1, status: 'complete', source: 'web', paradata: {} });
	await insertOld(id(2), {
		survey: 1,
		status: 'complete',
		source: 'web',
		paradata: { endedByTrigger: true }
	});
	await insertOld(id(3), {
		survey: 1,
		status: 'partial',
		source: 'web',
		paradata: { endedByTrigger: false, overQuota: { quota: 'Sex', cell: 'women' } },
		collector: 40
	});
	await insertOld(id(4), { survey: 1, status: 'complete', source: 'interviewer', paradata: {} });
	await insertOld(id(5), { survey: 1, status: 'complete', source: 'synthetic', paradata: {} });
	await insertOld(id(6), {
		survey: 1,
		status: 'partial',
		source: 'web',
		paradata: { endedByTrigger: true }
	});

	await migrate(db);

	const collectors = await db.all<{ id: number; surveyId: number; kind: string }>(
		sql(`SELECT id, survey_id AS "surveyId", kind FROM collectors ORDER BY id`)
	);
	const publicLink = collectors.find((c) => c.kind === 'public')!;
	const interviewers = collectors.find((c) => c.kind === 'interviewer')!;
	expect(collectors.map(({ surveyId, kind }) => [surveyId, kind]).sort()).toEqual([
		[1, 'interviewer'],
		[1, 'invitation'],
		[1, 'public']
	]);
	const rows = await db.all<{ id: string; disposition: string | null; collector: number | null }>(
		sql(
			`SELECT id::VARCHAR AS id, disposition, collector_id AS collector FROM responses ORDER BY id`
		)
	);
	expect(rows).toEqual([
		{ id: id(1), disposition: null, collector: publicLink.id },
		{ id: id(2), disposition: 'screened-out', collector: publicLink.id },
		{ id: id(3), disposition: 'over-quota', collector: 40 },
		{ id: id(4), disposition: null, collector: interviewers.id },
		// Demo data came through no collector; a partial was never screened out.
		{ id: id(5), disposition: null, collector: null },
		{ id: id(6), disposition: null, collector: publicLink.id }
	]);
});
