/**
 * The codebook: the contract between questionnaire design, fieldwork and analysis. Derived from a
 * published questionnaire; one entry per analysis variable (a multi-select question gives one 0/1
 * variable per option, a matrix one variable per row), with codes and labels in every language of
 * the questionnaire.
 */
import type {
	ItemValue,
	Model,
	Question,
	QuestionMatrixModel,
	QuestionSelectBase
} from 'survey-core';

export type Labels = Record<string, string>;

export type VariableType =
	| 'single' // one code from a list (radiogroup, dropdown, rating, boolean, matrix row)
	| 'multi-option' // 0/1: was this option chosen (one per option of a multi-select)
	| 'numeric'
	| 'text'
	| 'json'; // structured answers kept whole (ranking)

export type Measure = 'nominal' | 'ordinal' | 'scale';

export type MissingKind = 'dont-know' | 'refused';

export interface ValueLabel {
	code: string | number | boolean;
	label: Labels;
	missing?: MissingKind;
}

export interface CodebookVariable {
	name: string;
	/** The question this variable comes from (its value name in the answers). */
	question: string;
	questionType: string;
	type: VariableType;
	measure: Measure;
	/** Question text, with the row or option text appended for derived variables. */
	label: Labels;
	values?: ValueLabel[];
	/** For a multi-select option variable: the option's code. */
	option?: string | number;
	/** For a matrix row variable: the row's value. */
	row?: string | number;
}

export interface Codebook {
	defaultLanguage: string;
	languages: string[];
	variables: CodebookVariable[];
}

const missingCodes: Record<string, MissingKind> = {
	'98': 'dont-know',
	'99': 'refused',
	dontknow: 'dont-know',
	refused: 'refused'
};

function missingKindOf(code: unknown): MissingKind | undefined {
	return missingCodes[String(code)];
}

const chosenText: Record<string, [string, string]> = {
	en: ['Not chosen', 'Chosen'],
	ka: ['არ არის არჩეული', 'არჩეულია'],
	ru: ['Не выбрано', 'Выбрано']
};

function chosenLabels(languages: string[], chosen: boolean): Labels {
	return Object.fromEntries(
		languages.map((language) => [
			language,
			(chosenText[language] ?? chosenText.en!)[chosen ? 1 : 0]
		])
	);
}

export function deriveCodebook(model: Model): Codebook {
	const used = model.getUsedLocales().filter((locale) => locale !== '' && locale !== 'default');
	const defaultLanguage = model.locale || 'en';
	const languages = [defaultLanguage, ...used.filter((locale) => locale !== defaultLanguage)];

	const text = (loc: { getLocaleText(locale: string): string }, fallback: string): Labels => {
		const base = loc.getLocaleText('') || fallback;
		return Object.fromEntries(
			languages.map((language) => [
				language,
				(language === defaultLanguage ? '' : loc.getLocaleText(language)) || base
			])
		);
	};
	const join = (a: Labels, b: Labels): Labels =>
		Object.fromEntries(languages.map((language) => [language, `${a[language]}: ${b[language]}`]));
	const itemLabels = (items: ItemValue[]): ValueLabel[] =>
		items.map((item) => {
			const missing = missingKindOf(item.value);
			const entry: ValueLabel = { code: item.value, label: text(item.locText, String(item.value)) };
			return missing ? { ...entry, missing } : entry;
		});
	const isOrdinal = (values: ValueLabel[]) =>
		values.filter((value) => !value.missing).every((value) => typeof value.code === 'number');

	const variables: CodebookVariable[] = [];
	for (const question of model.getAllQuestions(false, true, true) as Question[]) {
		const name = question.getValueName();
		const questionType = question.getType();
		const label = text(question.locTitle, name);
		const base = { question: name, questionType, label };
		switch (questionType) {
			case 'radiogroup':
			case 'dropdown': {
				const values = itemLabels(selectItems(question as QuestionSelectBase));
				variables.push({ ...base, name, type: 'single', measure: 'nominal', values });
				break;
			}
			case 'rating': {
				const values = itemLabels(
					(question as unknown as { visibleRateValues: ItemValue[] }).visibleRateValues
				);
				variables.push({ ...base, name, type: 'single', measure: 'ordinal', values });
				break;
			}
			case 'boolean': {
				const q = question as unknown as {
					locLabelTrue: never;
					locLabelFalse: never;
					getValueTrue(): unknown;
					getValueFalse(): unknown;
				};
				const values: ValueLabel[] = [
					{ code: q.getValueTrue() as boolean, label: text(q.locLabelTrue, 'Yes') },
					{ code: q.getValueFalse() as boolean, label: text(q.locLabelFalse, 'No') }
				];
				variables.push({ ...base, name, type: 'single', measure: 'nominal', values });
				break;
			}
			case 'checkbox':
			case 'tagbox':
				for (const item of selectItems(question as QuestionSelectBase)) {
					variables.push({
						...base,
						name: `${name}_${item.value}`,
						label: join(label, text(item.locText, String(item.value))),
						type: 'multi-option',
						measure: 'nominal',
						option: item.value,
						values: [
							{ code: 0, label: chosenLabels(languages, false) },
							{ code: 1, label: chosenLabels(languages, true) }
						]
					});
				}
				break;
			case 'matrix': {
				const matrix = question as QuestionMatrixModel;
				const values = itemLabels(matrix.columns as ItemValue[]);
				for (const row of matrix.rows as ItemValue[]) {
					variables.push({
						...base,
						name: `${name}_${row.value}`,
						label: join(label, text(row.locText, String(row.value))),
						type: 'single',
						measure: isOrdinal(values) ? 'ordinal' : 'nominal',
						row: row.value,
						values
					});
				}
				break;
			}
			case 'multipletext':
				for (const item of (
					question as unknown as { items: { name: string; locTitle: never; inputType: string }[] }
				).items) {
					const numeric = item.inputType === 'number';
					variables.push({
						...base,
						name: `${name}_${item.name}`,
						label: join(label, text(item.locTitle, item.name)),
						type: numeric ? 'numeric' : 'text',
						measure: numeric ? 'scale' : 'nominal'
					});
				}
				break;
			case 'text': {
				const numeric = ['number', 'range'].includes(
					(question as unknown as { inputType: string }).inputType
				);
				variables.push({
					...base,
					name,
					type: numeric ? 'numeric' : 'text',
					measure: numeric ? 'scale' : 'nominal'
				});
				break;
			}
			case 'expression':
				variables.push({ ...base, name, type: 'numeric', measure: 'scale' });
				break;
			case 'comment':
				variables.push({ ...base, name, type: 'text', measure: 'nominal' });
				break;
			case 'ranking':
				variables.push({ ...base, name, type: 'json', measure: 'ordinal' });
				break;
			default:
				// html and image carry no answer.
				break;
		}
	}
	for (const calculated of model.calculatedValues) {
		if (!calculated.includeIntoResult) continue;
		const label = Object.fromEntries(languages.map((l) => [l, calculated.name]));
		variables.push({
			name: calculated.name,
			question: calculated.name,
			questionType: 'calculated',
			label,
			type: 'numeric',
			measure: 'scale'
		});
	}
	return { defaultLanguage, languages, variables };
}

/** The authored choices plus the special items the question shows (none, other, don't know, refused). */
export function selectItems(question: QuestionSelectBase): ItemValue[] {
	const items = [...(question.choices as ItemValue[])];
	const special = question as unknown as Record<string, unknown>;
	if (special.showNoneItem) items.push(question.noneItem);
	if (special.showOtherItem) items.push(question.otherItem);
	if (special.showDontKnowItem) items.push(special.dontKnowItem as ItemValue);
	if (special.showRefuseItem) items.push(special.refuseItem as ItemValue);
	return items;
}
