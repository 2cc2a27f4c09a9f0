import { error } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/authorize';
import { database } from '$lib/server/db';
import * as surveyVersions from '$lib/server/db/survey-versions';
import * as surveys from '$lib/server/db/surveys';
import { deviceHashOf, ensureDeviceCookie } from '$lib/server/fieldwork/device';
import { respondentEntry } from '$lib/server/fieldwork/respondent-entry';
import { linkSecretPattern } from '$lib/server/fieldwork/tokens';
import { admitPublicLookup, failedPublicLookup } from '$lib/server/public-lookup-limit';
import { sanitizeQuestionnaire } from '$lib/server/surveys/sanitize-questionnaire';
import { defaultLanguageOf, textIn } from '$lib/designer/localized';
import { preferredRespondentLocale, respondentText } from '$lib/survey/respondent-text';
import type { PageServerLoad } from './$types';

/**
 * Whether the browser is probably a phone, so that the server-rendered first page starts in
 * SurveyJS's phone layout (the page measures and corrects it once its script runs).
 */
function probablyPhone(headers: Headers): boolean {
	return headers.get('sec-ch-ua-mobile') === '?1' || /\bMobi/.test(headers.get('user-agent') ?? '');
}

/** A link secret from the address, or null when absent or malformed (then the link is invalid). */
function secret(value: string | null): string | null | undefined {
	if (value === null) return undefined;
	return linkSecretPattern.test(value) ? value : null;
}

export const load: PageServerLoad = async (event) => {
	await authorize(event, 'public');
	const { searchParams } = event.url;
	admitPublicLookup(
		event,
		searchParams.has('t') || searchParams.has('r') ? 'personal-link' : 'survey'
	);
	const db = await database();
	const survey = await surveys.findBySlug(db, event.params.slug);
	const version = survey && (await surveyVersions.latest(db, survey.id));
	if (!survey || !version) {
		failedPublicLookup(event);
		const lang = preferredRespondentLocale(event.request.headers.get('accept-language'));
		error(404, { message: respondentText(lang).notFound, lang });
	}
	const token = secret(searchParams.get('t'));
	const resumeKey = secret(searchParams.get('r'));
	const entry =
		token === null || resumeKey === null
			? ({ open: false, reason: 'invalid-link', custom: null } as const)
			: await respondentEntry(db, survey, {
					token,
					resumeKey,
					deviceHash: deviceHashOf(event.cookies)
				});
	if (!entry.open && entry.reason === 'invalid-link') failedPublicLookup(event);
	const { languages } = version.codebook;
	// The title in each language, for the pages shown instead of the questionnaire and the tab.
	const defaultLanguage = defaultLanguageOf(version.json);
	const titles = Object.fromEntries(
		languages.map((language) => [
			language,
			textIn(version.json.title, language, defaultLanguage) ||
				textIn(version.json.title, defaultLanguage, defaultLanguage) ||
				survey.title
		])
	);
	const base = { slug: survey.slug, title: survey.title, titles, languages };
	// The page words the refusal in the respondent's language (the collector's own message as
	// written): it knows which language they chose.
	if (!entry.open) return { ...base, closed: { reason: entry.reason, custom: entry.custom } };
	ensureDeviceCookie(event.cookies, event.url);
	// A response started under an older version is continued under it: its answers fit it.
	const answering =
		entry.resume && entry.resume.version !== version.version
			? ((await surveyVersions.findByNumber(db, survey.id, entry.resume.version)) ?? version)
			: version;
	return {
		...base,
		closed: null,
		version: answering.version,
		wave: survey.currentWave,
		token: token ?? null,
		resumeKey: resumeKey ?? null,
		responseId: entry.responseId,
		resumeAnswers: entry.resume?.answers ?? null,
		resumeSpent: entry.resume?.spent ?? null,
		resumeSavedAt: entry.resume?.savedAt ?? null,
		mobile: probablyPhone(event.request.headers),
		// Sanitised when saved; again here, so that an older stored version is served safely too.
		json: sanitizeQuestionnaire(answering.json)
	};
};
