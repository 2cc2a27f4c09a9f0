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
import { compileAnswerPlan, type AnswerPlan } from './answer-plan.ts';
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

/** An accepted answer in the questionnaire's own codes, or the reason it is refused. */
export type Checked = { ok: true; value: unknown } | { ok: false; message: string };

const accept = (value: unknown): Checked => ({ ok: true, value });
const refuse = (message: string): Checked => ({ ok: false, message });

function isScalar(value: unknown): value is string | number | boolean {
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A single code: the questionnaire's value for it (so "1" from a client is stored as 1). */
function checkCode(codes: Map<string, unknown>, value: unknown, refusal: () => string): Checked {
	return isScalar(value) && codes.has(String(value))
		? accept(codes.get(String(value)))
		: refuse(refusal());
}

function choicesCheck(question: QuestionSelectBase, name: string): ValueCheck {
	const codes = codeSet(selectItems(question));
	const none = String(question.noneItem.value);
	return (value) => {
		if (!Array.isArray(value)) return refuse(`${name} takes a list of choices.`);
		if (value.length > 1 && value.some((item) => String(item) === none)) {
			return refuse(`"${none}" cannot be chosen together with other choices in ${name}.`);
		}
		const seen = new Set<string>();
		const chosen: unknown[] = [];
		for (const item of value) {
			const key = String(item);
			if (!isScalar(item) || !codes.has(key))
				return refuse(`"${key}" is not one of the choices of ${name}.`);
			if (seen.has(key)) return refuse(`"${key}" is chosen twice in ${name}.`);
			seen.add(key);
			chosen.push(codes.get(key));
		}
		return accept(chosen);
	};
}

function matrixCheck(question: Question, name: string): ValueCheck {
	const matrix = question as unknown as { rows: ItemValue[]; columns: ItemValue[] };
	const rows = codeSet(matrix.rows);
	const columns = codeSet(matrix.columns);
	return (value) => {
		if (!isPlainObject(value)) return refuse(`${name} takes one answer per row.`);
		const cells: Record<string, unknown> = {};
		for (const [row, cell] of Object.entries(value)) {
			if (!rows.has(row)) return refuse(`"${row}" is not a row of ${name}.`);
			const checked = checkCode(
				columns,
				cell,
				() => `"${String(cell)}" is not a column of ${name} (row ${row}).`
			);
			if (!checked.ok) return checked;
			cells[row] = checked.value;
		}
		return accept(cells);
	};
}

function multipleTextCheck(question: Question, name: string): ValueCheck {
	const items = new Map(
		(question as unknown as { items: { name: string; inputType: string }[] }).items.map((item) => [
			item.name,
			item.inputType
		])
	);
	return (value) => {
		if (!isPlainObject(value)) return refuse(`${name} takes one answer per item.`);
		for (const [item, text] of Object.entries(value)) {
			if (!items.has(item)) return refuse(`"${item}" is not an item of ${name}.`);
			const numeric = items.get(item) === 'number';
			if (numeric ? typeof text !== 'number' || !Number.isFinite(text) : typeof text !== 'string') {
				return refuse(`${name}.${item} takes ${numeric ? 'a number' : 'text'}.`);
			}
		}
		return accept(value);
	};
}

/** Checks one answer's shape and codes against a question read once (see compileValueCheck). */
export type ValueCheck = (value: unknown) => Checked;

/**
 * The shape and code check of one question's answers. Everything it needs (codes, rows, input
 * type) is read from the question once, so a caller checking many answers against an unchanging
 * questionnaire can keep the check (src/lib/survey/answer-plan.ts does).
 */
export function compileValueCheck(question: Question): ValueCheck {
	const name = question.getValueName();
	switch (question.getType()) {
		case 'radiogroup':
		case 'dropdown': {
			const codes = codeSet(selectItems(question as QuestionSelectBase));
			return (value) =>
				checkCode(codes, value, () => `"${String(value)}" is not one of the choices of ${name}.`);
		}
		case 'rating': {
			const codes = codeSet(
				(question as unknown as { visibleRateValues: ItemValue[] }).visibleRateValues
			);
			return (value) =>
				checkCode(codes, value, () => `${String(value)} is not on the rating scale of ${name}.`);
		}
		case 'checkbox':
		case 'tagbox':
			return choicesCheck(question as QuestionSelectBase, name);
		case 'matrix':
			return matrixCheck(question, name);
		case 'boolean': {
			const q = question as unknown as { getValueTrue(): unknown; getValueFalse(): unknown };
			const codes = new Map(
				[q.getValueTrue(), q.getValueFalse()].map((code) => [String(code), code])
			);
			return (value) => checkCode(codes, value, () => `${name} takes yes or no.`);
		}
		case 'text': {
			const inputType = (question as unknown as { inputType: string }).inputType;
			if (inputType === 'number' || inputType === 'range') {
				return (value) =>
					typeof value === 'number' && Number.isFinite(value)
						? accept(value)
						: refuse(`${name} takes a number.`);
			}
			return (value) => (typeof value === 'string' ? accept(value) : refuse(`${name} takes text.`));
		}
		case 'comment':
			return (value) => (typeof value === 'string' ? accept(value) : refuse(`${name} takes text.`));
		case 'multipletext':
			return multipleTextCheck(question, name);
		case 'ranking':
			return (value) =>
				Array.isArray(value) ? accept(value) : refuse(`${name} takes an ordered list.`);
		default:
			return () => refuse(`${name} does not take an answer.`);
	}
}

/** Checks one answer's shape and codes. */
function checkValue(question: Question, value: unknown): Checked {
	return compileValueCheck(question)(value);
}

/** A question takes a free-text comment when it shows an "other" item or a comment box. */
export function takesComment(question: Question): boolean {
	const flags = question as unknown as { showOtherItem?: boolean; showCommentArea?: boolean };
	return Boolean(flags.showOtherItem || flags.showCommentArea);
}

/** True when a `complete` trigger fires on these answers: the respondent was screened out. */
function endedByTrigger(model: Model, answers: Record<string, unknown>): boolean {
	return model.triggers.some((trigger) => {
		if (trigger.getType() !== 'completetrigger' || !trigger.expression) return false;
		return new ExpressionRunner(trigger.expression).runValues(answers) === true;
	});
}

/**
 * A validator for one questionnaire that reuses one SurveyJS model for every submission: building
 * the model is by far the most expensive step (tens of milliseconds for a real questionnaire), and
 * a published version never changes. Calls are synchronous, so one model serves them in turn.
 *
 * Most submissions never reach the model: the questionnaire is compiled once into an answer plan
 * (answer-plan.ts) that accepts a submission when it is certain the model would accept it with
 * the same result, and leaves everything else (every refusal included) to the model.
 */
export function createResponseValidator(
	json: QuestionnaireJson
): (answers: unknown, status: ResponseStatus) => ValidationResult {
	let shared: Model | undefined;
	let plan: AnswerPlan | null | undefined;
	return (answers, status) => {
		shared ??= new Model(json);
		if (plan === undefined) plan = compileAnswerPlan(json, shared);
		return plan?.check(answers, status) ?? validateWith(shared, answers, status);
	};
}

/** The validator without the answer plan: the SurveyJS model checks every submission. */
export function createModelValidator(
	json: QuestionnaireJson
): (answers: unknown, status: ResponseStatus) => ValidationResult {
	let shared: Model | undefined;
	return (answers, status) => {
		shared ??= new Model(json);
		return validateWith(shared, answers, status);
	};
}

export function validateResponse(
	json: QuestionnaireJson,
	answers: unknown,
	status: ResponseStatus
): ValidationResult {
	return validateWith(new Model(json), answers, status);
}

function validateWith(model: Model, answers: unknown, status: ResponseStatus): ValidationResult {
	if (!isPlainObject(answers)) {
		return {
			ok: false,
			errors: [
				{ field: 'answers', message: 'answers must be an object of question names to values.' }
			]
		};
	}
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
		if (
			!question ||
			['html', 'image', 'expression'].includes(question.getType()) ||
			(isComment && !takesComment(question))
		) {
			errors.push({ field: key, message: `"${key}" is not a question of this survey.` });
			continue;
		}
		if (value === null || value === undefined) continue;
		const checked = isComment
			? typeof value === 'string'
				? accept(value)
				: refuse(`${key} takes text.`)
			: checkValue(question, value);
		if (checked.ok) given[key] = checked.value;
		else errors.push({ field: key, message: checked.message });
	}
	if (errors.length) return { ok: false, errors };

	// Replaces every value, so nothing of a previous submission checked on this model remains
	// (the reuse test in validate-response.test.ts interleaves submissions to show it).
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
			// In a hidden panel a question is hidden too, though its own isVisible says otherwise.
			if (!question.isVisible || !question.isParentVisible) continue;
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
		// SurveyJS gives '' when the expression cannot be evaluated (e.g. age missing).
		if (value !== undefined && value !== null && value !== '') cleaned[name] = value;
	}
	return { ok: true, answers: cleaned, endedByTrigger: screenedOut };
}
