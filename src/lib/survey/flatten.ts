/**
 * One response's answers as one value per codebook variable: a single choice as its code, a
 * multi-select as 0/1 per option (null when the question was not answered), a matrix row as
 * its code, numbers and text as given. Used for row-wise exports; the analysis engine flattens
 * in DuckDB by the same rules.
 */
import type { Codebook, CodebookVariable } from './codebook.ts';

export type FlatValue = string | number | boolean | null;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown): FlatValue {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
		return value;
	return JSON.stringify(value);
}

export function flattenValue(
	variable: CodebookVariable,
	answers: Record<string, unknown>
): FlatValue {
	const answer = answers[variable.question];
	if (variable.type === 'multi-option') {
		if (!Array.isArray(answer)) return null;
		return answer.some((chosen) => String(chosen) === String(variable.option)) ? 1 : 0;
	}
	if (variable.row !== undefined)
		return isRecord(answer) ? scalar(answer[String(variable.row)]) : null;
	if (variable.questionType === 'multipletext') {
		const item = variable.name.slice(variable.question.length + 1);
		return isRecord(answer) ? scalar(answer[item]) : null;
	}
	return scalar(answer);
}

export function flattenAnswers(
	codebook: Codebook,
	answers: Record<string, unknown>
): Record<string, FlatValue> {
	return Object.fromEntries(
		codebook.variables.map((variable) => [variable.name, flattenValue(variable, answers)])
	);
}
