/**
 * SurveyJS localisable strings: a plain string (default language only) or an object of texts by
 * locale, where `default` holds the questionnaire's default language. The designer reads and
 * writes them through these helpers so that no language is ever lost by an edit in another.
 */
export type Localized = string | Record<string, string> | undefined;

/** The locale that `default` stands for: the questionnaire's `locale`, English if unset. */
export function defaultLanguageOf(json: Record<string, unknown>): string {
	return typeof json.locale === 'string' && json.locale ? json.locale : 'en';
}

/** The text in one language ('' when there is none); the default language reads `default`. */
export function textIn(value: unknown, language: string, defaultLanguage: string): string {
	if (typeof value === 'string') return language === defaultLanguage ? value : '';
	if (!value || typeof value !== 'object') return '';
	const texts = value as Record<string, unknown>;
	const key = language === defaultLanguage ? 'default' : language;
	const text = texts[key] ?? (language === defaultLanguage ? texts[language] : undefined);
	return typeof text === 'string' ? text : '';
}

/**
 * The value with one language's text replaced. An empty text removes that language; a value left
 * with the default text alone collapses to a plain string, the form SurveyJS itself writes.
 */
export function withText(
	value: unknown,
	language: string,
	defaultLanguage: string,
	text: string
): Localized {
	const texts: Record<string, string> =
		typeof value === 'string'
			? { default: value }
			: value && typeof value === 'object'
				? { ...(value as Record<string, string>) }
				: {};
	const key = language === defaultLanguage ? 'default' : language;
	if (text) texts[key] = text;
	else delete texts[key];
	const keys = Object.keys(texts);
	if (keys.length === 0) return undefined;
	if (keys.length === 1 && keys[0] === 'default') return texts.default;
	return texts;
}

/** Every locale a localisable value has text in (the default language as itself). */
export function languagesOf(value: unknown, defaultLanguage: string): string[] {
	if (typeof value === 'string') return value ? [defaultLanguage] : [];
	if (!value || typeof value !== 'object') return [];
	return Object.entries(value as Record<string, unknown>)
		.filter(([, text]) => typeof text === 'string' && text)
		.map(([key]) => (key === 'default' ? defaultLanguage : key));
}
