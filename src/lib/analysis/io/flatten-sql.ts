/**
 * The wide analysis table of a survey, built inside DuckDB from the stored answers JSON: one
 * typed column per codebook variable — a single choice as its code, a multi-select option as 0/1
 * (NULL when the question was not answered), a matrix row as its code, numbers as DOUBLE, text as
 * VARCHAR. Codes the respondent did not give (not asked) stay NULL; don't-know and refused codes
 * stay as their codes, which the codebook marks as missing.
 *
 * Pure: returns { sql, params }; JSON paths and option codes are bound values, column names go
 * through quoteIdent against the codebook's names.
 */
import type { SqlQuery, SqlValue } from '../../server/db/sql.ts';
import { jsonPath, quoteIdent } from '../../server/db/sql.ts';
import type { Codebook, CodebookVariable } from '../../survey/codebook.ts';

function allNumeric(variable: CodebookVariable): boolean {
	return (variable.values ?? []).every((value) => typeof value.code === 'number');
}

/** SQL for one variable's column, with its bound values. */
export function variableExpression(variable: CodebookVariable): {
	sql: string;
	params: SqlValue[];
} {
	if (variable.type === 'multi-option') {
		const path = jsonPath([variable.question]);
		return {
			sql: `CASE WHEN json_type(answers, ?) = 'ARRAY' THEN list_contains(json_extract_string(answers, ?), ?)::INTEGER END`,
			params: [path, `${path}[*]`, String(variable.option)]
		};
	}
	const keys =
		variable.row !== undefined
			? [variable.question, String(variable.row)]
			: variable.questionType === 'multipletext'
				? [variable.question, variable.name.slice(variable.question.length + 1)]
				: [variable.question];
	const path = jsonPath(keys);
	if (variable.type === 'numeric' || (variable.type === 'single' && allNumeric(variable))) {
		return { sql: `TRY_CAST(json_extract_string(answers, ?) AS DOUBLE)`, params: [path] };
	}
	if (variable.type === 'json')
		return { sql: `CAST(json_extract(answers, ?) AS VARCHAR)`, params: [path] };
	return { sql: `json_extract_string(answers, ?)`, params: [path] };
}

/** Merges the codebooks of several versions: the newest first, then variables only older ones had. */
export function mergeCodebooks(newestFirst: Codebook[]): Codebook {
	const seen = new Set<string>();
	const variables: CodebookVariable[] = [];
	for (const codebook of newestFirst) {
		for (const variable of codebook.variables) {
			if (seen.has(variable.name)) continue;
			seen.add(variable.name);
			variables.push(variable);
		}
	}
	const latest = newestFirst[0]!;
	return { defaultLanguage: latest.defaultLanguage, languages: latest.languages, variables };
}

export const metaColumns = ['response_id', 'version', 'wave', 'source', 'submitted_at'];

export interface FlattenOptions {
	/**
	 * Keep the responses an analyst excluded (quality review), with an `excluded` column saying
	 * which. By default they are left out, so that every analysis and export honours exclusion.
	 */
	includeExcluded?: boolean;
}

/** CREATE TABLE `table` with the complete responses of survey `surveyId`, flattened by `codebook`. */
export function flattenSurveyQuery(
	table: string,
	surveyId: number,
	codebook: Codebook,
	options: FlattenOptions = {}
): SqlQuery {
	const names = codebook.variables.map((variable) => variable.name);
	const reserved = options.includeExcluded ? [...metaColumns, 'excluded'] : metaColumns;
	const clash = names.find((name) => reserved.includes(name));
	if (clash)
		throw new Error(`Variable ${clash} has the name of a response property; rename the question.`);
	const columns = codebook.variables.map((variable) => {
		const expression = variableExpression(variable);
		return {
			sql: `${expression.sql} AS ${quoteIdent(variable.name, names)}`,
			params: expression.params
		};
	});
	return {
		sql: `CREATE OR REPLACE TABLE ${quoteIdent(table, [table])} AS
			SELECT r.id::VARCHAR AS response_id, v.version, r.wave, r.source, r.submitted_at,
				${options.includeExcluded ? 'coalesce(r.excluded, false) AS excluded,' : ''}
				${columns.map((column) => column.sql).join(',\n\t\t\t\t')}
			FROM responses r JOIN survey_versions v ON v.id = r.survey_version_id
			WHERE r.survey_id = ? AND r.status = 'complete' AND r.disposition IS NULL
				${options.includeExcluded ? '' : 'AND r.excluded IS NOT TRUE'}
			ORDER BY r.submitted_at, r.id`,
		params: [...columns.flatMap((column) => column.params), surveyId]
	};
}
