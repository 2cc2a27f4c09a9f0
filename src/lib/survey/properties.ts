/**
 * Barometer's own questionnaire properties, registered with survey-core's serializer so that
 * every model (designer, respondent's browser, server validation, codebook) reads them without
 * "unknown property" warnings. Import this module before creating a Model.
 */
import { Serializer } from 'survey-core';

/** The languages a questionnaire is meant to be in (the default language first). */
if (!Serializer.findProperty('survey', 'languages')) {
	Serializer.addProperty('survey', { name: 'languages:string[]', category: 'general' });
}

export const registered = true;
