import { describe, expect, it } from 'vitest';
import {
	endingText,
	preferredRespondentLocale,
	respondentLocales,
	respondentText
} from './respondent-text.ts';

describe('respondentText', () => {
	it('has every text in every language, none left in English by mistake', () => {
		const english = respondentText('en');
		for (const locale of respondentLocales) {
			const text = respondentText(locale);
			expect(Object.keys(text).sort()).toEqual(Object.keys(english).sort());
			for (const [key, value] of Object.entries(text)) {
				expect(value.trim(), `${locale}.${key}`).not.toBe('');
				if (locale !== 'en')
					expect(value, `${locale}.${key}`).not.toBe(english[key as keyof typeof english]);
			}
		}
		expect(respondentLocales).toEqual(expect.arrayContaining(['en', 'ka', 'ru']));
	});

	it('reads a regional code as its language, and anything else as English', () => {
		expect(respondentText('ru-RU').overQuota).toBe(respondentText('ru').overQuota);
		expect(respondentText('KA').language).toBe('ენა');
		expect(respondentText('').language).toBe('Language');
		expect(respondentText(undefined).language).toBe('Language');
		expect(respondentText('de').overQuota).toBe(respondentText('en').overQuota);
		// Only languages of ours, never a property every object has.
		expect(respondentText('constructor')).toBe(respondentText('en'));
		expect(respondentText('__proto__')).toBe(respondentText('en'));
	});

	it('writes Georgian in the Georgian script and Russian in Cyrillic', () => {
		for (const value of Object.values(respondentText('ka')))
			expect(value).toMatch(/^[\u10A0-\u10FF\s.,:;!?()-]+$/);
		for (const value of Object.values(respondentText('ru')))
			expect(value).toMatch(/^[\u0400-\u04FF\s.,:;!?()-]+$/);
	});
});

describe('preferredRespondentLocale', () => {
	it('takes the most preferred language of ours the browser names', () => {
		expect(preferredRespondentLocale('ka-GE,ka;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('ka');
		expect(preferredRespondentLocale('de-DE,de;q=0.9,ru;q=0.8,en;q=0.7')).toBe('ru');
		// By weight, not by position; equal weights keep the browser's order.
		expect(preferredRespondentLocale('en;q=0.5, ru;q=0.9')).toBe('ru');
		expect(preferredRespondentLocale('RU, ka')).toBe('ru');
	});

	it('reads English when none of ours is wanted', () => {
		expect(preferredRespondentLocale('de,fr;q=0.5')).toBe('en');
		expect(preferredRespondentLocale('ka;q=0, de')).toBe('en');
		expect(preferredRespondentLocale('*')).toBe('en');
		expect(preferredRespondentLocale('')).toBe('en');
		expect(preferredRespondentLocale(null)).toBe('en');
		expect(preferredRespondentLocale('constructor, __proto__')).toBe('en');
	});
});

describe('endingText', () => {
	const json = {
		locale: 'ka',
		overQuotaText: { default: 'ჯგუფი შევსებულია.', en: 'Your group is full.' }
	};

	it('reads the questionnaire’s own text in the language chosen, else in its default', () => {
		expect(endingText(json, 'overQuota', 'en')).toBe('Your group is full.');
		expect(endingText(json, 'overQuota', 'ka')).toBe('ჯგუფი შევსებულია.');
		// Not translated into Russian: the default language's, as SurveyJS shows untranslated text.
		expect(endingText(json, 'overQuota', 'ru')).toBe('ჯგუფი შევსებულია.');
		// No language given (an API client): the questionnaire's default.
		expect(endingText(json, 'overQuota', undefined)).toBe('ჯგუფი შევსებულია.');
	});

	it('falls back to ours, in the language chosen (English when none is)', () => {
		expect(endingText(json, 'screenedOut', 'ru')).toBe(respondentText('ru').screenedOut);
		expect(endingText(json, 'screenedOut', '')).toBe(respondentText('en').screenedOut);
		expect(endingText({ screenedOutText: '  ' }, 'screenedOut', 'en')).toBe(
			respondentText('en').screenedOut
		);
		expect(endingText(null, 'overQuota', 'ka')).toBe(respondentText('ka').overQuota);
	});
});
