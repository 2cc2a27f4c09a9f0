/**
 * Choice lists with stable numeric codes: a new choice gets the next free code, reordering never
 * renumbers, and don't know / refused are special choices with fixed codes that stay last when
 * the order is randomised (`randomize: false` anchors a choice in survey-core).
 */
import { dontKnowCode, refusedCode } from './question-types.ts';

export type Choice = Record<string, unknown> & { value: unknown; text?: unknown };

const specialCodes = new Set([dontKnowCode, refusedCode]);

export function isSpecialCode(code: unknown): boolean {
	return specialCodes.has(Number(code));
}

/** One more than the largest ordinary code (codes 98 and 99 are reserved for missing kinds). */
export function nextCode(choices: Choice[]): number {
	const codes = choices
		.map((choice) => Number(choice.value))
		.filter((code) => Number.isFinite(code) && !specialCodes.has(code));
	const next = codes.length ? Math.max(...codes) + 1 : 1;
	return specialCodes.has(next) ? 100 : next;
}

/** Adds an ordinary choice before the special ones; returns it. */
export function addChoice(choices: Choice[], text: string): Choice {
	const choice: Choice = { value: nextCode(choices), text };
	const firstSpecial = choices.findIndex((c) => isSpecialCode(c.value));
	choices.splice(firstSpecial < 0 ? choices.length : firstSpecial, 0, choice);
	return choice;
}

export function moveChoice(choices: Choice[], index: number, direction: -1 | 1): boolean {
	const target = index + direction;
	if (index < 0 || target < 0 || index >= choices.length || target >= choices.length) return false;
	const [moved] = choices.splice(index, 1);
	choices.splice(target, 0, moved!);
	return true;
}

const specialText: Record<number, string> = {
	[dontKnowCode]: "Don't know",
	[refusedCode]: 'Refused'
};

export function hasSpecial(choices: Choice[], code: number): boolean {
	return choices.some((choice) => Number(choice.value) === code);
}

/**
 * Shows or hides don't know (98) or refused (99): kept at the end, never shuffled, and exclusive
 * in a multiple-choice question (choosing it clears the other answers).
 */
export function setSpecial(choices: Choice[], code: number, on: boolean, exclusive: boolean): void {
	const index = choices.findIndex((choice) => Number(choice.value) === code);
	if (!on) {
		if (index >= 0) choices.splice(index, 1);
		return;
	}
	if (index >= 0) return;
	const choice: Choice = { value: code, text: specialText[code] ?? String(code), randomize: false };
	if (exclusive) choice.isExclusive = true;
	choices.push(choice);
	choices.sort((a, b) => Number(isSpecialCode(a.value)) - Number(isSpecialCode(b.value)));
	// Keep 98 before 99 among the specials; ordinary choices keep their order (sort is stable).
	choices.sort((a, b) =>
		isSpecialCode(a.value) && isSpecialCode(b.value) ? Number(a.value) - Number(b.value) : 0
	);
}
