import { describe, expect, it } from 'vitest';
import { respondentLocales, respondentText } from './respondent-text.ts';

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
	});

	it('writes Georgian in the Georgian script and Russian in Cyrillic', () => {
		for (const value of Object.values(respondentText('ka')))
			expect(value).toMatch(/^[\u10A0-\u10FF\s.,:;!?()-]+$/);
		for (const value of Object.values(respondentText('ru')))
			expect(value).toMatch(/^[\u0400-\u04FF\s.,:;!?()-]+$/);
	});
});
