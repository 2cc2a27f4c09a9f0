/**
 * The order a respondent was shown where the questionnaire randomises it: choices of questions
 * with `choicesOrder: "random"`, rows of grids with `rowOrder: "random"`, and the questions of
 * pages and panels with `questionOrder: "random"`. Recorded with the response (paradata), so that
 * order effects can be analysed. survey-core does the shuffling (anchored items keep their place).
 */
import type { Model, PanelModelBase, Question } from 'survey-core';

export interface ShownOrder {
	choices?: Record<string, (string | number)[]>;
	rows?: Record<string, (string | number)[]>;
	questions?: Record<string, string[]>;
}

const plain = (value: unknown): string | number =>
	typeof value === 'number' ? value : String(value);

export function shownOrder(model: Model): ShownOrder {
	const order: ShownOrder = {};
	for (const question of model.getAllQuestions(false, false, true) as Question[]) {
		const flags = question as unknown as {
			choicesOrder?: string;
			rowOrder?: string;
			visibleChoices?: { value: unknown }[];
			visibleRows?: { name?: unknown; value?: unknown }[];
		};
		if (flags.choicesOrder === 'random' && flags.visibleChoices) {
			order.choices ??= {};
			order.choices[question.name] = flags.visibleChoices.map((choice) => plain(choice.value));
		}
		if (flags.rowOrder === 'random' && flags.visibleRows) {
			order.rows ??= {};
			order.rows[question.name] = flags.visibleRows.map((row) => plain(row.value ?? row.name));
		}
	}
	const containers: PanelModelBase[] = [
		...model.pages,
		...(model.getAllPanels() as PanelModelBase[])
	];
	for (const container of containers) {
		const random = (container as unknown as { areQuestionsRandomized?: boolean })
			.areQuestionsRandomized;
		if (!random) continue;
		order.questions ??= {};
		order.questions[container.name] = container.elements.map((element) => element.name);
	}
	return order;
}
