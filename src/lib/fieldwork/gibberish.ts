/**
 * Does an open answer look like keyboard mashing? Four heuristics, each cheap and each tuned to
 * stay quiet on real answers in English, Georgian (Mkhedruli) and Russian:
 *
 * 1. one letter four or more times in a row ("aaaa", "ჰჰჰჰ"); no word of the three languages
 *    has that;
 * 2. a word of 6+ letters with no vowel of its script: Latin a e i o u y (accented forms and
 *    æ ø œ included), Cyrillic а е ё и о у ы э ю я і ї є, Georgian ა ე ი ო უ. Georgian permits
 *    long consonant clusters but every word still has a vowel. Words in other scripts are skipped;
 * 3. very low variety: 12+ letters drawn from at most 4 different letters ("asdasdasdasd",
 *    "hahahahahaha");
 * 4. five or more neighbouring keys of one keyboard row, either direction: QWERTY ("asdfg",
 *    "qwerty"), Russian ЙЦУКЕН ("йцукен", "фывап") and the Georgian QWERTY-based layout
 *    ("ასდფგ"). No word of the three languages contains such a run of five.
 *
 * Answers with fewer than 6 letters (short replies, numbers, codes) are never gibberish: there is
 * too little to judge, and "no", "არა" or "42" are legitimate.
 */

export const minimumLetters = 6;

const letterPattern = /\p{L}/gu;
const repeatedLetter = /(\p{L})\1{3,}/u;
const wordPattern = /[\p{L}\p{M}]+/gu;

const latinVowels = new Set('aeiouyæøœ');
const cyrillicVowels = new Set('аеёиоуыэюяіїє');
const georgianVowels = new Set('აეიოუ');

const keyboardRows = [
	'qwertyuiop',
	'asdfghjkl',
	'zxcvbnm',
	'йцукенгшщзхъ',
	'фывапролджэ',
	'ячсмитьбю',
	'ქწერტყუიოპ',
	'ასდფგჰჯკლ',
	'ზხცვბნმ'
];
const keyRunLength = 5;
const keyRuns = new Set(
	keyboardRows.flatMap((row) => {
		const runs: string[] = [];
		for (const direction of [row, [...row].reverse().join('')]) {
			for (let start = 0; start + keyRunLength <= direction.length; start++)
				runs.push(direction.slice(start, start + keyRunLength));
		}
		return runs;
	})
);

type Script = 'latin' | 'cyrillic' | 'georgian' | 'other';

function scriptOf(letter: string): Script {
	if (/\p{Script=Latin}/u.test(letter)) return 'latin';
	if (/\p{Script=Cyrillic}/u.test(letter)) return 'cyrillic';
	if (/\p{Script=Georgian}/u.test(letter)) return 'georgian';
	return 'other';
}

function isVowel(letter: string, script: Script): boolean {
	if (script === 'cyrillic') return cyrillicVowels.has(letter);
	if (script === 'georgian') return georgianVowels.has(letter);
	// "é" → "e" + accent; Cyrillic is not decomposed, where NFD would turn "й" into "и".
	return latinVowels.has(letter.normalize('NFD')[0]!);
}

function vowellessWord(text: string): string | undefined {
	for (const [word] of text.matchAll(wordPattern)) {
		const letters = [...word].filter((char) => /\p{L}/u.test(char));
		if (letters.length < minimumLetters) continue;
		const scripts = new Set(letters.map(scriptOf));
		if (scripts.size !== 1 || scripts.has('other')) continue;
		const script = scriptOf(letters[0]!);
		if (!letters.some((letter) => isVowel(letter, script))) return word;
	}
	return undefined;
}

function keyboardRun(text: string): string | undefined {
	const chars = [...text];
	for (let start = 0; start + keyRunLength <= chars.length; start++) {
		const window = chars.slice(start, start + keyRunLength).join('');
		if (keyRuns.has(window)) return window;
	}
	return undefined;
}

/** Why the text looks like keyboard mashing, or null when it does not. */
export function gibberishReason(answer: string): string | null {
	const text = answer.toLowerCase();
	const letters = text.match(letterPattern) ?? [];
	if (letters.length < minimumLetters) return null;
	const repeated = repeatedLetter.exec(text);
	if (repeated) return `"${repeated[0]}": one letter repeated`;
	const word = vowellessWord(text);
	if (word) return `"${word}": a long word without vowels`;
	const distinct = new Set(letters).size;
	if (letters.length >= 12 && distinct <= 4)
		return `${letters.length} letters but only ${distinct} different ones`;
	const run = keyboardRun(text);
	if (run) return `"${run}": neighbouring keys of one keyboard row`;
	return null;
}
