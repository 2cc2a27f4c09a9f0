/**
 * Server-side check of submitted answers against the published questionnaire. The browser runs
 * the same SurveyJS rules, but nothing a client sends is trusted: every key must name a question,
 * every coded value must be one of that question's codes, and a complete response must satisfy
 * the required-answer rules and validators of the pages the respondent saw.
 */
import {
	ExpressionRunner,
	Model,
	type ItemValue,
	type Question,
	type QuestionSelectBase
} from 'survey-core';
import { selectItems } from './codebook.ts';
import type { QuestionnaireJson } from './questionnaire.ts';

export interface AnswerError {
	field: string;
	message: string;
}

export type ResponseStatus = 'partial' | 'complete';

export type ValidationResult =
	| { ok: true; answers: Record<string, unknown>; endedByTrigger: boolean }
	| { ok: false; errors: AnswerError[] };

const commentSuffix = '-Comment';

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function codeSet(items: ItemValue[]): Map<string, unknown> {
	return new Map(items.map((item) => [String(item.value), item.value]));
}

/** Checks one answer's shape and codes; returns a message, or null when it is acceptable. */
function checkValue(question: Question, value: unknown): string | null {
	const type = question.getType();
	const name = question.getValueName();
	const scalar =
		typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
	switch (type) {
		case 'radiogroup':
		case 'dropdown': {
			const codes = codeSet(selectItems(question as QuestionSelectBase));
			if (!scalar || !codes.has(String(value)))
				return `"${String(value)}" is not one of the choices of ${name}.`;
			return null;
		}
		case 'rating': {
			const codes = codeSet(
				(question as unknown as { visibleRateValues: ItemValue[] }).visibleRateValues
			);
			if (!scalar || !codes.has(String(value)))
				return `${String(value)} is not on the rating scale of ${name}.`;
			return null;
		}
		case 'checkbox':
		case 'tagbox': {
			const codes = codeSet(selectItems(question as QuestionSelectBase));
			if (!Array.isArray(value)) return `${name} takes a list of choices.`;
			const seen = new Set<string>();
			const none = String((question as QuestionSelectBase).noneItem.value);
			if (value.length > 1 && value.some((item) => String(item) === none)) {
				return `"${none}" cannot be chosen together with other choices in ${name}.`;
			}
			for (const item of value) {
				const key = String(item);
				if (!codes.has(key)) return `"${key}" is not one of the choices of ${name}.`;
				if (seen.has(key)) return `"${key}" is chosen twice in ${name}.`;
				seen.add(key);
			}
			return null;
		}
		case 'matrix': {
			if (!isPlainObject(value)) return `${name} takes one answer per row.`;
			const matrix = question as unknown as { rows: ItemValue[]; columns: ItemValue[] };
			const rows = codeSet(matrix.rows);
			const columns = codeSet(matrix.columns);
			for (const [row, cell] of Object.entries(value)) {
				if (!rows.has(row)) return `"${row}" is not a row of ${name}.`;
				if (!columns.has(String(cell)))
					return `"${String(cell)}" is not a column of ${name} (row ${row}).`;
			}
			return null;
		}
		case 'boolean':
			return scalar ? null : `${name} takes yes or no.`;
		case 'text': {
			const inputType = (question as unknown as { inputType: string }).inputType;
			if (inputType === 'number' || inputType === 'range') {
				return typeof value === 'number' && Number.isFinite(value)
					? null
					: `${name} takes a number.`;
			}
			return typeof value === 'string' ? null : `${name} takes text.`;
		}
		case 'comment':
			return typeof value === 'string' ? null : `${name} takes text.`;
		case 'multipletext':
			return isPlainObject(value) ? null : `${name} takes one answer per item.`;
		case 'ranking':
			return Array.isArray(value) ? null : `${name} takes an ordered list.`;
		default:
			return `${name} does not take an answer.`;
	}
}

/** True when a `complete` trigger fires on these answers: the respondent was screened out. */
function endedByTrigger(model: Model, answers: Record<string, unknown>): boolean {
	return model.triggers.some((trigger) => {
		if (trigger.getType() !== 'completetrigger' || !trigger.expression) return false;
		return new ExpressionRunner(trigger.expression).runValues(answers) === true;
	});
}

export function validateResponse(
	json: QuestionnaireJson,
	answers: unknown,
	status: ResponseStatus
): ValidationResult {
	if (!isPlainObject(answers)) {
		return {
			ok: false,
			errors: [
				{ field: 'answers', message: 'answers must be an object of question names to values.' }
			]
		};
	}
	const model = new Model(json);
	const calculated = new Set(
		model.calculatedValues.filter((value) => value.includeIntoResult).map((value) => value.name)
	);
	const errors: AnswerError[] = [];
	const given: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(answers)) {
		if (calculated.has(key)) continue; // recomputed below, never taken from the client
		const isComment = key.endsWith(commentSuffix);
		const question = model.getQuestionByValueName(
			isComment ? key.slice(0, -commentSuffix.length) : key
		);
		if (!question || ['html', 'image', 'expression'].includes(question.getType())) {
			errors.push({ field: key, message: `"${key}" is not a question of this survey.` });
			continue;
		}
		if (value === null || value === undefined) continue;
		const problem = isComment
			? typeof value === 'string'
				? null
				: `${key} takes text.`
			: checkValue(question, value);
		if (problem) errors.push({ field: key, message: problem });
		else given[key] = value;
	}
	if (errors.length) return { ok: false, errors };

	model.data = given;
	const screenedOut = endedByTrigger(model, given);
	const answered = (question: Question) => !question.isEmpty();
	const pages = model.visiblePages;
	// A screened-out respondent saw the pages up to the last one they answered.
	const lastPage = screenedOut
		? pages.reduce((last, page, index) => (page.questions.some(answered) ? index : last), 0)
		: pages.length - 1;

	const cleaned: Record<string, unknown> = {};
	pages.forEach((page, index) => {
		for (const question of page.questions) {
			if (!question.isVisible) continue;
			if (status === 'complete' && index <= lastPage && !question.validate(true)) {
				const message =
					question.errors.map((error) => error.getText()).join(' ') || 'This answer is not valid.';
				errors.push({
					field: question.getValueName(),
					message: `${question.getValueName()}: ${message}`
				});
			}
			const name = question.getValueName();
			if (name in given) cleaned[name] = given[name];
			if (`${name}${commentSuffix}` in given)
				cleaned[`${name}${commentSuffix}`] = given[`${name}${commentSuffix}`];
		}
	});
	if (errors.length) return { ok: false, errors };
	for (const name of calculated) {
		const value = model.getVariable(name) ?? model.getValue(name);
		if (value !== undefined && value !== null) cleaned[name] = value;
	}
	return { ok: true, answers: cleaned, endedByTrigger: screenedOut };
}
