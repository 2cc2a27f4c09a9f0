/**
 * The texts a respondent reads outside the questionnaire itself — the pages a survey ends or
 * refuses with, the resume link, the language buttons' label, a failed save — in the languages
 * questionnaires are written in here. SurveyJS translates its own buttons and errors
 * (first-page.ts, surveyjs-locales.ts); these are ours. A locale without a table reads English,
 * as SurveyJS does. A collector's own closed message, written by the researcher, replaces the
 * closed and full texts (collector-state.ts); the questionnaire's own over-quota and screened-out
 * texts replace ours (endingText).
 */
import { defaultLanguageOf, textIn } from '../designer/localized.ts';

export interface RespondentText {
	/** The group of language buttons, for screen readers. */
	language: string;
	/** Before the resume link, shown once the first page is saved. */
	resumeLink: string;
	/** This browser completed the survey already (an anonymous link opened again). */
	alreadyDoneHere: string;
	/** An invitation link whose response is complete. */
	completed: string;
	invalidLink: string;
	notYetOpen: string;
	closed: string;
	full: string;
	screenedOut: string;
	overQuota: string;
	/** The answers did not reach the server (no connection); they stay in the browser. */
	unreachable: string;
	/** The server did not take the answers (they stay in the browser for another try). */
	saveFailed: string;
	/** SurveyJS could not be loaded. */
	notShown: string;
	/** The page of a survey link that leads nowhere (no such survey, or none published). */
	notFound: string;
	/** An address refused for a minute (../server/public-lookup-limit.ts). */
	tooManyRequests: string;
}

const texts: Record<string, RespondentText> = {
	en: {
		language: 'Language',
		resumeLink: 'To finish later on another device, keep this link:',
		alreadyDoneHere: 'You have already completed this survey on this device. Thank you!',
		completed: 'You have already completed this survey. Thank you!',
		invalidLink: 'This link is not valid. Please check that it was copied in full.',
		notYetOpen: 'This survey is not open yet. Please come back later.',
		closed: 'This survey is closed. Thank you for your interest.',
		full: 'This survey has all the responses it needs. Thank you for your interest.',
		screenedOut:
			'Thank you for your time. This survey is looking for other respondents, so it ends here.',
		overQuota:
			'Thank you for your time. We already have enough answers from people like you, so the survey ends here.',
		unreachable:
			'The answers could not be sent: there is no connection to the server. They are kept on this device; please try again.',
		saveFailed: 'The answers could not be saved. Please try again in a moment.',
		notShown:
			'The questionnaire could not be shown. Please check the connection and reload the page.',
		notFound: 'This survey does not exist or is not open.',
		tooManyRequests: 'Too many requests from this address. Please wait a minute and try again.'
	},
	ka: {
		language: 'ენა',
		resumeLink: 'თუ გსურთ, მოგვიანებით სხვა მოწყობილობიდან დაასრულოთ, შეინახეთ ეს ბმული:',
		alreadyDoneHere: 'თქვენ ამ მოწყობილობიდან უკვე მიიღეთ მონაწილეობა ამ გამოკითხვაში. გმადლობთ!',
		completed: 'თქვენ უკვე მიიღეთ მონაწილეობა ამ გამოკითხვაში. გმადლობთ!',
		invalidLink: 'ეს ბმული არასწორია. გთხოვთ, შეამოწმოთ, სრულად არის თუ არა ის დაკოპირებული.',
		notYetOpen: 'ეს გამოკითხვა ჯერ არ დაწყებულა. გთხოვთ, მოგვიანებით შემოხვიდეთ.',
		closed: 'ეს გამოკითხვა დასრულებულია. გმადლობთ ინტერესისთვის.',
		full: 'ამ გამოკითხვისთვის საჭირო პასუხები უკვე შეგროვებულია. გმადლობთ ინტერესისთვის.',
		screenedOut:
			'გმადლობთ დათმობილი დროისთვის. ეს გამოკითხვა სხვა რესპონდენტებისთვისაა განკუთვნილი, ამიტომ გამოკითხვა აქ სრულდება.',
		overQuota:
			'გმადლობთ დათმობილი დროისთვის. თქვენი ჯგუფის რესპონდენტებისგან საკმარისი პასუხები უკვე გვაქვს, ამიტომ გამოკითხვა აქ სრულდება.',
		unreachable:
			'პასუხების გაგზავნა ვერ მოხერხდა: სერვერთან კავშირი არ არის. პასუხები ამ მოწყობილობაზეა შენახული; გთხოვთ, სცადოთ თავიდან.',
		saveFailed: 'პასუხების შენახვა ვერ მოხერხდა. გთხოვთ, ცოტა ხანში სცადოთ თავიდან.',
		notShown: 'კითხვარის ჩვენება ვერ მოხერხდა. გთხოვთ, შეამოწმოთ კავშირი და განაახლოთ გვერდი.',
		notFound: 'ეს გამოკითხვა არ არსებობს ან ამჟამად ხელმისაწვდომი არ არის.',
		tooManyRequests:
			'ამ მისამართიდან ძალიან ბევრი მოთხოვნა შემოვიდა. გთხოვთ, ერთი წუთით მოიცადოთ და სცადოთ თავიდან.'
	},
	ru: {
		language: 'Язык',
		resumeLink: 'Чтобы закончить позже на другом устройстве, сохраните эту ссылку:',
		alreadyDoneHere: 'Вы уже прошли опрос на этом устройстве. Спасибо!',
		completed: 'Вы уже прошли этот опрос. Спасибо!',
		invalidLink: 'Эта ссылка недействительна. Проверьте, полностью ли она скопирована.',
		notYetOpen: 'Этот опрос ещё не начался. Пожалуйста, зайдите позже.',
		closed: 'Этот опрос завершён. Спасибо за интерес.',
		full: 'Для этого опроса уже собрано достаточно ответов. Спасибо за интерес.',
		screenedOut:
			'Спасибо за уделённое время. Этот опрос рассчитан на другую группу респондентов, поэтому для вас он на этом завершён.',
		overQuota:
			'Спасибо за уделённое время. У нас уже достаточно ответов от респондентов из вашей группы, поэтому на этом опрос завершается.',
		unreachable:
			'Не удалось отправить ответы: нет связи с сервером. Ответы сохранены на этом устройстве; попробуйте ещё раз.',
		saveFailed: 'Не удалось сохранить ответы. Пожалуйста, попробуйте ещё раз чуть позже.',
		notShown: 'Не удалось показать анкету. Проверьте подключение и обновите страницу.',
		notFound: 'Такого опроса нет, или он сейчас недоступен.',
		tooManyRequests: 'Слишком много запросов с этого адреса. Подождите минуту и попробуйте ещё раз.'
	}
};

/** The languages with their own texts (the others read English). */
export const respondentLocales = Object.keys(texts);

/**
 * The texts for a SurveyJS locale code; a regional code ("ru-RU") reads its language's, and
 * '' (SurveyJS's default) or a language without a table reads English.
 */
export function respondentText(locale: string | null | undefined): RespondentText {
	const language = (locale ?? '').toLowerCase().split(/[-_]/, 1)[0]!;
	// Own keys only: a "language" such as "constructor" must not find Object's.
	return Object.hasOwn(texts, language) ? texts[language]! : texts.en!;
}

/**
 * The language of ours a browser prefers, from its Accept-Language header ("ka-GE,ka;q=0.9,
 * en;q=0.8"): for the pages shown before any questionnaire is known (a link that leads nowhere, a
 * refusal for too many requests). English when it names none of them.
 */
export function preferredRespondentLocale(acceptLanguage: string | null | undefined): string {
	const ranked = (acceptLanguage ?? '')
		.split(',')
		.map((entry, order) => {
			const [tag = '', ...parameters] = entry.split(';').map((part) => part.trim());
			const q = parameters.find((parameter) => /^q=/i.test(parameter));
			const weight = q === undefined ? 1 : Number(q.slice(2));
			return { language: tag.toLowerCase().split('-', 1)[0]!, weight, order };
		})
		.filter(({ language, weight }) => Object.hasOwn(texts, language) && weight > 0)
		.sort((a, b) => b.weight - a.weight || a.order - b.order);
	return ranked[0]?.language ?? 'en';
}

/** How a survey ended early for a respondent. */
export type Ending = 'overQuota' | 'screenedOut';

/** The questionnaire property holding its own text for each ending (survey/properties.ts). */
export const endingProperties: Record<Ending, 'overQuotaText' | 'screenedOutText'> = {
	overQuota: 'overQuotaText',
	screenedOut: 'screenedOutText'
};

/**
 * What a respondent reads when the survey ends early: the questionnaire's own text in their
 * language, else in its default language (as SurveyJS shows an untranslated title), else ours in
 * their language (English when none is known, as for every text of ours).
 */
export function endingText(
	json: Record<string, unknown> | null | undefined,
	ending: Ending,
	locale: string | null | undefined
): string {
	const defaultLanguage = defaultLanguageOf(json ?? {});
	const own = json?.[endingProperties[ending]];
	const text =
		textIn(own, locale || defaultLanguage, defaultLanguage).trim() ||
		textIn(own, defaultLanguage, defaultLanguage).trim();
	return text || respondentText(locale)[ending];
}
