/**
 * Questionnaire text reaches the public, so nothing in it may run script in a respondent's
 * browser. SurveyJS renders titles, descriptions and choice texts as plain text (we register no
 * markdown handler), so markup there shows as characters and is harmless. Only the properties
 * SurveyJS renders as HTML — the `html` question and the `*Html` messages — and URLs it navigates
 * to need cleaning. The Content-Security-Policy (svelte.config.js) is the second line of defence.
 */
import sanitizeHtml from 'sanitize-html';

const allowedTags = [
	'p',
	'br',
	'b',
	'strong',
	'i',
	'em',
	'u',
	's',
	'small',
	'sub',
	'sup',
	'span',
	'div',
	'blockquote',
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'ul',
	'ol',
	'li',
	'a',
	'img',
	'hr',
	'table',
	'thead',
	'tbody',
	'tr',
	'th',
	'td'
];

const htmlOptions: sanitizeHtml.IOptions = {
	allowedTags,
	allowedAttributes: {
		a: ['href', 'title', 'target', 'rel'],
		img: ['src', 'alt', 'width', 'height'],
		'*': ['class']
	},
	allowedSchemes: ['http', 'https', 'mailto'],
	allowedSchemesByTag: { img: ['http', 'https', 'data'] },
	transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) }
};

export function sanitizeHtmlFragment(html: string): string {
	return sanitizeHtml(html, htmlOptions);
}

function isHtmlProperty(key: string): boolean {
	return key === 'html' || key.endsWith('Html');
}

function isUrlProperty(key: string): boolean {
	return key === 'navigateToUrl' || key === 'url';
}

/** Absolute http(s) URLs and same-site paths; browsers read "/\\host" and "/<tab>/host" as "//host". */
function safeUrl(value: string): string {
	// eslint-disable-next-line no-control-regex
	const compact = value.replace(/[\u0000-\u0020\u007f]/g, '');
	return /^(https?:\/\/|\/(?![/\\]))/i.test(compact) ? compact : '';
}

/** Applies `clean` to a string or to every string of a localised {lang: text} object. */
function mapText(value: unknown, clean: (text: string) => string): unknown {
	if (typeof value === 'string') return clean(value);
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		return Object.fromEntries(
			Object.entries(value).map(([lang, text]) => [
				lang,
				typeof text === 'string' ? clean(text) : text
			])
		);
	}
	return value;
}

/** Returns a copy of the questionnaire with HTML properties sanitised and unsafe URLs removed. */
export function sanitizeQuestionnaire<T>(value: T): T {
	if (Array.isArray(value)) return value.map((item) => sanitizeQuestionnaire(item)) as T;
	if (!value || typeof value !== 'object') return value;
	const out: Record<string, unknown> = {};
	for (const [key, child] of Object.entries(value)) {
		if (isHtmlProperty(key)) out[key] = mapText(child, sanitizeHtmlFragment);
		else if (isUrlProperty(key)) out[key] = mapText(child, safeUrl);
		else out[key] = sanitizeQuestionnaire(child);
	}
	return out as T;
}
