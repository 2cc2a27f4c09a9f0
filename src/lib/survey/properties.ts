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

/**
 * The questionnaire's own texts for the pages a respondent over quota or screened out reads, in
 * each of its languages (src/lib/survey/respondent-text.ts has ours for when there are none).
 * Plain text: shown as text, never as HTML.
 */
for (const name of ['overQuotaText', 'screenedOutText']) {
	if (!Serializer.findProperty('survey', name)) {
		Serializer.addProperty('survey', { name, isLocalizable: true, category: 'general' });
	}
}

export const registered = true;
