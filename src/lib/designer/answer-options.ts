/**
 * The answers a single-answer question offers, read from survey-core's model of it so that they
 * are exactly what the respondent sees: a single choice's or dropdown's choices with the special
 * items it shows (none, other, don't know, refused), a rating's values (rateValues, or rateMin to
 * rateMax by rateStep) and a yes/no's two values. The design checks and the attention-check
 * control both read them here, so the control never offers an answer a check would reject.
 */
import type { ItemValue, Question, QuestionSelectBase } from 'survey-core';
import { selectItems } from '../survey/codebook.ts';

export interface AnswerOption {
	value: unknown;
	/** In the survey's current locale; the code itself when the option has no text. */
	text: string;
}

/** Types answered with one code from a fixed list (the codebook's 'single' variables). */
export const singleAnswerTypes: ReadonlySet<string> = new Set([
	'radiogroup',
	'dropdown',
	'rating',
	'boolean'
]);

const optionOf = (item: ItemValue): AnswerOption => ({
	value: item.value as unknown,
	text: item.text
});

/** The options of a single-answer question; undefined for any other type. */
export function singleAnswerOptions(question: Question): AnswerOption[] | undefined {
	switch (question.getType()) {
		case 'radiogroup':
		case 'dropdown':
			return selectItems(question as QuestionSelectBase).map(optionOf);
		case 'rating':
			return (question as unknown as { visibleRateValues: ItemValue[] }).visibleRateValues.map(
				optionOf
			);
		case 'boolean': {
			const yesNo = question as unknown as {
				getValueTrue(): unknown;
				getValueFalse(): unknown;
				labelTrue: string;
				labelFalse: string;
			};
			return [
				{ value: yesNo.getValueTrue(), text: yesNo.labelTrue },
				{ value: yesNo.getValueFalse(), text: yesNo.labelFalse }
			];
		}
		default:
			return undefined;
	}
}
