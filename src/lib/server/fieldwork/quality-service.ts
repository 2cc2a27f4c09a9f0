/**
 * Recomputing a survey's quality flags (rules in src/lib/fieldwork/quality.ts) and analysts'
 * exclusions. Flags are a snapshot: a response that arrives or completes later has none (NULL)
 * until the next recomputation. Exclusion is the analyst's decision and leaves flags alone.
 */
import {
	duplicateOriginals,
	qualityFlags,
	type FlagDetail,
	type ResponseForQuality
} from '../../fieldwork/quality.ts';
import * as auditLog from '../db/audit-log.ts';
import type { Database } from '../db/database.ts';
import { sql, type SqlQuery } from '../db/sql.ts';
import { medianDurationQuery } from './dashboard.ts';
import { quotaGateFor } from './quota-gate.ts';
import { versionQuestionnaires } from './version-questionnaires.ts';

/**
 * In the order they were begun (submitted_at is a response's last save, so a partial completed
 * later would otherwise come after a duplicate begun after it), so that the first of a set of
 * duplicates counts as the original.
 */
export function responsesForQualityQuery(surveyId: number): SqlQuery {
	return sql(
		`SELECT r.id::VARCHAR AS id, r.survey_version_id AS "versionId", r.status, r.disposition,
			r.answers,
			r.paradata, r.device_hash AS "deviceHash",
			(SELECT min(i.token_hash) FROM invitations i WHERE i.response_id = r.id) AS token
		FROM responses r WHERE r.survey_id = ?
		ORDER BY coalesce(r.started_at, r.submitted_at), r.submitted_at, r.id`,
		surveyId
	);
}

/** One statement for all responses: the flags travel as one bound JSON array. */
export function writeQualityFlagsQuery(
	surveyId: number,
	flagged: { id: string; flags: FlagDetail[] }[]
): SqlQuery {
	return sql(
		`UPDATE responses SET quality_flags = f.flags
		FROM (SELECT (e->>'id')::UUID AS id, e->'flags' AS flags
			FROM (SELECT unnest(CAST(? AS JSON[])) AS e)) f
		WHERE responses.id = f.id AND responses.survey_id = ?`,
		JSON.stringify(flagged),
		surveyId
	);
}

type StoredResponse = Omit<ResponseForQuality, 'answers' | 'paradata'> & {
	id: string;
	versionId: number;
	answers: string;
	paradata: string;
};

export async function refreshQualityFlags(
	db: Database,
	surveyId: number
): Promise<{ responses: number; flagged: number }> {
	return db.transaction(async (tx) => {
		const questionnaires = new Map(
			(await versionQuestionnaires(tx, surveyId)).map((v) => [v.versionId, v.json])
		);
		const median = await tx.one<{ medianMs: number | null; completes: number }>(
			medianDurationQuery(surveyId)
		);
		const stored = await tx.all<StoredResponse>(responsesForQualityQuery(surveyId));
		const duplicates = duplicateOriginals(stored);
		const flagged = stored.map((row) => ({
			id: row.id,
			flags: qualityFlags(
				{ ...row, answers: JSON.parse(row.answers), paradata: JSON.parse(row.paradata) },
				{
					questionnaire: questionnaires.get(row.versionId) ?? {},
					medianDurationMs: median?.medianMs ?? null,
					completes: median?.completes ?? 0,
					duplicateOf: duplicates.get(row.id) ?? null
				}
			)
		}));
		if (flagged.length) await tx.run(writeQualityFlagsQuery(surveyId, flagged));
		return {
			responses: flagged.length,
			flagged: flagged.filter((response) => response.flags.length > 0).length
		};
	});
}

/** Changes only responses of this survey whose exclusion differs; returns their ids. */
export function setExcludedQuery(
	surveyId: number,
	responseIds: string[],
	excluded: boolean
): SqlQuery {
	return sql(
		`UPDATE responses SET excluded = ?, updated_at = now()
		WHERE survey_id = ? AND id IN (SELECT unnest(from_json(?, '["UUID"]')))
			AND excluded IS DISTINCT FROM ?
		RETURNING id::VARCHAR AS id`,
		excluded,
		surveyId,
		JSON.stringify(responseIds),
		excluded
	);
}

/**
 * Excludes responses from (or returns them to) the analysis and the export, with an audit entry
 * naming the responses that changed. Returns how many changed.
 */
export async function setExcluded(
	db: Database,
	surveyId: number,
	responseIds: string[],
	excluded: boolean,
	userId: number | null
): Promise<number> {
	if (responseIds.length === 0) return 0;
	const changed = await db.transaction(async (tx) => {
		const changed = await tx.all<{ id: string }>(setExcludedQuery(surveyId, responseIds, excluded));
		if (changed.length === 0) return 0;
		const survey = await tx.one<{ projectId: number }>(
			sql(`SELECT project_id AS "projectId" FROM surveys WHERE id = ?`, surveyId)
		);
		await auditLog.record(tx, {
			userId,
			projectId: survey?.projectId ?? null,
			action: excluded ? 'responses.exclude' : 'responses.include',
			objectType: 'survey',
			objectId: surveyId,
			details: { responseIds: changed.map((row) => row.id) }
		});
		return changed.length;
	});
	// Quotas count only responses that are not excluded: the gate's cached counts are stale now.
	if (changed > 0) quotaGateFor(db).invalidate(surveyId);
	return changed;
}
