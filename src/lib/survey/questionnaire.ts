/**
 * Loading a questionnaire (SurveyJS JSON) and checking that Barometer can use it: that it parses,
 * that survey-core understands every element, and that question names can serve as variable
 * names in the codebook and in analysis tables. Runs on the server and in the browser alike.
 */
import { Model, type JsonError, type Question } from 'survey-core';
import './properties.ts';

export type QuestionnaireJson = Record<string, unknown>;

export interface QuestionnaireProblem {
	/** Where the problem is: a question name, or "json" for the document as a whole. */
	field: string;
	message: string;
}

export type LoadResult =
	| {
			ok: true;
			json: QuestionnaireJson;
			model: Model;
			title: string;
			warnings: QuestionnaireProblem[];
	  }
	| { ok: false; problems: QuestionnaireProblem[] };

/** Variable names become column names in the wide table; keep them portable (SPSS, R, SQL). */
export const variableNamePattern = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Types whose structure the codebook and the response validator understand. */
export const supportedQuestionTypes = new Set([
	'radiogroup',
	'dropdown',
	'checkbox',
	'tagbox',
	'rating',
	'boolean',
	'text',
	'comment',
	'matrix',
	'ranking',
	'multipletext',
	'expression',
	'html',
	'image'
]);

export function parseQuestionnaire(
	text: string
): { ok: true; json: QuestionnaireJson } | { ok: false; problems: QuestionnaireProblem[] } {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		const detail = error instanceof Error ? error.message : String(error);
		return {
			ok: false,
			problems: [{ field: 'json', message: `The questionnaire is not valid JSON: ${detail}` }]
		};
	}
	if (typeof json !== 'object' || json === null || Array.isArray(json)) {
		return {
			ok: false,
			problems: [
				{
					field: 'json',
					message: 'The questionnaire must be a JSON object with "pages" or "elements".'
				}
			]
		};
	}
	return { ok: true, json: json as QuestionnaireJson };
}

/** Names the element whose type SurveyJS does not know, rather than the array it sits in. */
function describeJsonError(jsonError: JsonError): QuestionnaireProblem {
	const element = jsonError.jsonObj as { name?: unknown; type?: unknown } | undefined;
	if (jsonError.type === 'incorrecttypeproperty' && element && typeof element.type === 'string') {
		const name = typeof element.name === 'string' ? element.name : 'json';
		return {
			field: name,
			message: `Element "${name}" has type "${element.type}", which SurveyJS does not know.`
		};
	}
	return { field: 'json', message: jsonError.getFullDescription?.() ?? jsonError.message };
}

export function loadQuestionnaire(json: QuestionnaireJson): LoadResult {
	const problems: QuestionnaireProblem[] = [];
	const warnings: QuestionnaireProblem[] = [];
	let model: Model;
	try {
		model = new Model(json);
	} catch (error) {
		const detail = error instanceof Error ? error.message : String(error);
		return {
			ok: false,
			problems: [{ field: 'json', message: `SurveyJS could not load the questionnaire: ${detail}` }]
		};
	}
	for (const jsonError of model.jsonErrors ?? []) {
		const problem = describeJsonError(jsonError);
		// Unknown properties are tolerated by SurveyJS (and often come from newer versions); an
		// unknown element type or a missing required property means part of the form is lost.
		if (jsonError.type === 'unknownproperty') warnings.push(problem);
		else problems.push(problem);
	}
	const questions = model.getAllQuestions(false, true, true) as Question[];
	const seen = new Set<string>();
	for (const question of questions) {
		const name = question.getValueName();
		const type = question.getType();
		if (!supportedQuestionTypes.has(type)) {
			problems.push({
				field: name,
				message: `Question "${name}" has type "${type}", which Barometer cannot analyse yet.`
			});
		}
		if (type === 'html' || type === 'image') continue;
		if (!variableNamePattern.test(name)) {
			problems.push({
				field: name,
				message: `Question name "${name}" must start with a letter and use only letters, digits and _ (at most 64).`
			});
		}
		if (seen.has(name))
			problems.push({ field: name, message: `Question name "${name}" is used twice.` });
		seen.add(name);
	}
	if (seen.size === 0) {
		problems.push({ field: 'json', message: 'The questionnaire has no questions.' });
	}
	for (const calculated of model.calculatedValues) {
		if (calculated.includeIntoResult && seen.has(calculated.name)) {
			problems.push({
				field: calculated.name,
				message: `Calculated value "${calculated.name}" has the name of a question.`
			});
		}
	}
	if (problems.length) return { ok: false, problems };
	const title = model.locTitle.getLocaleText('') || model.title || 'Untitled questionnaire';
	return { ok: true, json, model, title, warnings };
}
