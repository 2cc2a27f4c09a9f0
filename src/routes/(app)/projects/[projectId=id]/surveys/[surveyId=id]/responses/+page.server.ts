import { database } from '$lib/server/db';
import * as responses from '$lib/server/db/responses';
import * as surveyVersions from '$lib/server/db/survey-versions';
import { authorizeSurvey } from '$lib/server/surveys/survey-access';
import { answerKeys, chartableVariables, labelCounts } from '$lib/survey/chartable';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { survey } = await authorizeSurvey(event, 'responses:view');
	const db = await database();
	const [latest, counts, recent] = await Promise.all([
		surveyVersions.latest(db, survey.id),
		responses.countBySurvey(db, survey.id),
		responses.listLatest(db, survey.id, 50)
	]);
	const variables = latest ? chartableVariables(latest.codebook) : [];
	const language = latest?.codebook.defaultLanguage ?? 'en';
	const requested = event.url.searchParams.get('chart');
	const chosen = variables.find((variable) => variable.name === requested) ?? variables[0];
	const chart = chosen && {
		variable: chosen.name,
		title: chosen.label[language] ?? chosen.name,
		bars: labelCounts(
			chosen,
			await responses.countAnswers(db, survey.id, answerKeys(chosen)),
			language
		)
	};
	return {
		survey,
		counts,
		recent,
		chart,
		chartChoices: variables.map((variable) => ({
			name: variable.name,
			label: variable.label[language] ?? variable.name
		}))
	};
};
