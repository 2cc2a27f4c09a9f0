/**
 * A response's final disposition beside its status (AAPOR's terms): a respondent a complete
 * trigger ended early is screened out (status complete: they finished, and may not start again),
 * one whose quota cell was full is over quota (status partial, with the answers given). Both were
 * kept before only in paradata (endedByTrigger, overQuota), so counts of completes, quota cells,
 * caps and the analysis table took screen-outs for completes. NULL: an eligible response.
 *
 * Also: every published survey gets its public-link collector (made before only when someone
 * saved its settings) and every survey with interviews its interviewer collector, and responses
 * that came in without one are given theirs, so that a cap set mid-fieldwork counts them.
 */
export const name = 'dispositions';

export const statements = [
	`ALTER TABLE responses ADD COLUMN disposition VARCHAR`,
	`UPDATE responses SET disposition = 'over-quota'
	WHERE json_extract(paradata, '$.overQuota') IS NOT NULL
		AND json_type(paradata, '$.overQuota') <> 'NULL'`,
	`UPDATE responses SET disposition = 'screened-out'
	WHERE disposition IS NULL AND status = 'complete'
		AND json_extract_string(paradata, '$.endedByTrigger') = 'true'`,
	`INSERT INTO collectors (survey_id, kind, name)
	SELECT s.id, 'public', 'Public link' FROM surveys s
	WHERE EXISTS (SELECT 1 FROM survey_versions v WHERE v.survey_id = s.id)
		AND NOT EXISTS (SELECT 1 FROM collectors c WHERE c.survey_id = s.id AND c.kind = 'public')
	ORDER BY s.id`,
	`INSERT INTO collectors (survey_id, kind, name)
	SELECT DISTINCT r.survey_id, 'interviewer', 'Interviewers' FROM responses r
	WHERE r.source = 'interviewer'
		AND NOT EXISTS (
			SELECT 1 FROM collectors c WHERE c.survey_id = r.survey_id AND c.kind = 'interviewer')
	ORDER BY r.survey_id`,
	`UPDATE responses SET collector_id = (
		SELECT min(c.id) FROM collectors c
		WHERE c.survey_id = responses.survey_id
			AND c.kind = CASE responses.source WHEN 'interviewer' THEN 'interviewer' ELSE 'public' END)
	WHERE collector_id IS NULL AND source IN ('web', 'interviewer')`
];
