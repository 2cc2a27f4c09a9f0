/**
 * Attention checks as the designer edits them. `"attentionCheck": { "expected": 3 }` on a
 * question names the answer an attentive respondent gives, and the fieldwork quality flags
 * (src/lib/fieldwork/quality.ts) mark a response that answered otherwise. That comparison takes
 * the whole answer as it is, so it is only sound for a question answered with one code from a
 * fixed list: a typed text would be flagged for a capital letter or a space, a multiple choice for
 * the order its options were ticked in, and a text block or panel has no answer to compare.
 */
import { Model } from 'survey-core';
import '../survey/properties.ts';
import { singleAnswerOptions, singleAnswerTypes, type AnswerOption } from './answer-options.ts';

type Json = Record<string, unknown>;

/** The types that can be attention checks. */
export const attentionCheckTypes = singleAnswerTypes;

/** The expected answer, when the property is written the way quality.ts reads it. */
export function expectedAnswerOf(element: Json): { expected: unknown } | undefined {
	const check = element.attentionCheck;
	if (typeof check !== 'object' || check === null || !('expected' in check)) return undefined;
	return { expected: (check as Json).expected };
}

/**
 * Marks the element as an attention check expecting `expected`, or, given undefined, unmarks it.
 * Anything else the property holds is kept: only `expected` is Barometer's to change.
 */
export function setAttentionCheck(element: Json, expected: unknown): void {
	if (expected === undefined) {
		delete element.attentionCheck;
		return;
	}
	const current = element.attentionCheck;
	const rest = typeof current === 'object' && current !== null ? (current as Json) : {};
	element.attentionCheck = { ...rest, expected };
}

/**
 * The answers the question offers, which are the answers it can expect, with their texts in
 * `language` (falling back to the default language's); undefined for a type that cannot be an
 * attention check. Read from a survey-core model of the question alone, so choices it takes from
 * another question (choicesFromQuestion) or from a web service are not known here.
 */
export function expectedAnswerOptions(
	element: Json,
	language = '',
	defaultLanguage = ''
): AnswerOption[] | undefined {
	if (!attentionCheckTypes.has(String(element.type))) return undefined;
	const model = new Model({ elements: [element] });
	if (language !== defaultLanguage) model.locale = language;
	const question = model.getAllQuestions()[0];
	return question ? singleAnswerOptions(question) : undefined;
}

/** "3 — Agree", or "3" alone for an option whose text is its code (a rating's). */
export function answerLabel(option: AnswerOption): string {
	const code = String(option.value);
	return option.text && option.text !== code ? `${code} — ${option.text}` : code;
}
