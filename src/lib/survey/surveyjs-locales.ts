/**
 * SurveyJS's own interface texts ("Next", "Select...") in the questionnaire languages that have
 * them, loaded when a questionnaire is shown in one (each module registers itself with survey-core
 * on import). Any other language shows SurveyJS's English texts; first-page.ts mirrors these.
 */
export const surveyJsLocales: Record<string, () => Promise<unknown>> = {
	ka: () => import('survey-core/i18n/georgian'),
	ru: () => import('survey-core/i18n/russian')
};

/** Loads SurveyJS's texts for `locale` ('' and English need nothing). */
export function loadSurveyJsLocale(locale: string): Promise<unknown> {
	return surveyJsLocales[locale]?.() ?? Promise.resolve();
}
