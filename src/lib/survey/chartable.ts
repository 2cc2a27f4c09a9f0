/**
 * Which codebook variables a one-question bar chart can show, and how to find their answers:
 * coded single-answer variables (a question, or one row of a matrix).
 */
import type { Codebook, CodebookVariable } from './codebook.ts';

export function chartableVariables(codebook: Codebook): CodebookVariable[] {
	return codebook.variables.filter(
		(variable) => variable.type === 'single' && variable.values?.length
	);
}

/** Keys leading to the variable's answer inside the stored answers object. */
export function answerKeys(variable: CodebookVariable): string[] {
	return variable.row === undefined
		? [variable.question]
		: [variable.question, String(variable.row)];
}

/** Answer counts in codebook order, labelled in `language`; codes not in the codebook come last. */
export function labelCounts(
	variable: CodebookVariable,
	counts: { value: string; n: number }[],
	language: string
): { label: string; n: number }[] {
	const byCode = new Map(counts.map((count) => [count.value, count.n]));
	const known = (variable.values ?? []).map((value) => ({
		label: value.label[language] ?? String(value.code),
		n: byCode.get(String(value.code)) ?? 0
	}));
	const codes = new Set((variable.values ?? []).map((value) => String(value.code)));
	const unknown = counts
		.filter((count) => !codes.has(count.value))
		.map((count) => ({ label: `code ${count.value}`, n: count.n }));
	return [...known, ...unknown];
}
