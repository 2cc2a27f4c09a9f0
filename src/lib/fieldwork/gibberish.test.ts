import { describe, expect, it } from 'vitest';
import { gibberishReason } from './gibberish.ts';

describe('gibberishReason', () => {
	it.each([
		['asdfgh', /keyboard row/],
		['qwerty', /keyboard row/],
		['lkjhgfdsa', /keyboard row/],
		['йцукен', /keyboard row/],
		['фывапр', /keyboard row/],
		['ასდფგჰ', /keyboard row/],
		['ზხცვბნ', /without vowels|keyboard row/],
		['aaaaaargh', /repeated/],
		['ооооочень', /repeated/],
		['ჰჰჰჰჰჰ', /repeated/],
		['sdkjfhskdjfh', /without vowels/],
		['I liked it xkcdjfwz', /without vowels/],
		['вцкнгшщз', /without vowels/],
		['ბვგდზთკლ', /without vowels/],
		['asdasdasdasd', /different/],
		['hahahahahaha', /different/],
		['ალალალალალალ', /different/]
	])('flags %s', (text, reason) => {
		expect(gibberishReason(text)).toMatch(reason);
	});

	it.each([
		'The clinic is too far from our village and the bus runs twice a day.',
		'Property taxes went up; the liberty of choice matters.',
		'Rhythms and strengths of the programme',
		'Café, naïve résumé',
		'გვფრცქვნის ბავშვი ვაშლს, მწვრთნელი კი უყურებს.',
		'საინფორმაციო კამპანია ძალიან კარგი იყო',
		'Напротив, программа мне очень понравилась, спасибо.',
		'Йод и подъезд; объявление в газете',
		'Не знаю',
		'არ ვიცი',
		'no',
		'asdf',
		'12345678',
		'+995 555 12 34 56',
		'zzz',
		''
	])('leaves %s alone', (text) => {
		expect(gibberishReason(text)).toBeNull();
	});

	it('judges upper-case text like lower-case', () => {
		expect(gibberishReason('QWERTY')).toMatch(/keyboard row/);
		expect(gibberishReason('ПРИВЕТ, КАК ДЕЛА')).toBeNull();
	});
});
