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

/**
 * An attention check: `"attentionCheck": { "expected": 3 }` on a question names the answer an
 * attentive respondent gives; any other answer earns the response the "attention-failed" quality
 * flag (src/lib/fieldwork/quality.ts). Not shown in a property grid; the value is kept as written.
 */
if (!Serializer.findProperty('question', 'attentionCheck')) {
	Serializer.addProperty('question', { name: 'attentionCheck', visible: false });
}

export const registered = true;
