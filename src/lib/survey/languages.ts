/** Names of the questionnaire languages, each in its own language (for language switchers). */
export const languageNames: Record<string, string> = {
	en: 'English',
	ka: 'ქართული',
	ru: 'Русский',
	uk: 'Українська',
	hy: 'Հայերեն',
	az: 'Azərbaycan'
};
