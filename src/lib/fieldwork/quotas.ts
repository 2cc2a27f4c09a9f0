/**
 * Quotas: targets for combinations of single-choice answers (cells), e.g. 50 women aged 18–34.
 * Pure, shared by the editor in the browser, the admission gate and the dashboard on the server.
 *
 * Answers are compared as text, because the same code arrives as a number from the respondent's
 * browser, as text from a form field and as text from DuckDB's JSON functions.
 */
import type { Codebook, CodebookVariable } from '../survey/codebook.ts';

export type QuotaCode = number | string;

/** What the quota dashboard's load depends on; the page invalidates it to refresh the counts. */
export const quotaProgressDependency = 'app:quota-progress';

/** One code per quota variable; a list of codes means "any of these". */
export type CellValues = Record<string, QuotaCode | QuotaCode[]>;

export interface QuotaCell {
	values: CellValues;
	target: number;
}

export interface QuotaDefinition {
	variables: string[];
	cells: QuotaCell[];
}

export interface Quota {
	id: number;
	name: string;
	definition: QuotaDefinition;
}

export interface QuotaProblem {
	/** Path of the offending part of the definition, e.g. `cells.2.target`. */
	field: string;
	message: string;
}

/**
 * The identity of a cell: its variables in name order with their codes. A list of pairs rather
 * than an object, because JSON puts integer-like keys first whatever order they were added in.
 */
export function cellKey(values: CellValues): string {
	return JSON.stringify(
		Object.keys(values)
			.sort()
			.map((name) => [name, values[name]])
	);
}

/** A cell as a person reads it: `gender = 2, age_group = 1 or 2`. */
export function describeCell(values: CellValues): string {
	return Object.entries(values)
		.map(([name, value]) => `${name} = ${Array.isArray(value) ? value.join(' or ') : value}`)
		.join(', ');
}

/** A cell named by its key (cellKey), as a person reads it: `age_group = 1 or 2, gender = 2`. */
export function describeCellKey(key: string): string {
	return describeCell(Object.fromEntries(JSON.parse(key) as [string, CellValues[string]][]));
}

/** A cell with the codes' labels: `gender: Female · age_group: 18–34 or 35–54`. */
export function labelCell(
	values: CellValues,
	variables: CodebookVariable[],
	language: string
): string {
	return Object.entries(values)
		.map(([name, value]) => {
			const variable = variables.find((candidate) => candidate.name === name);
			const label = (code: QuotaCode) => {
				const found = variable?.values?.find((entry) => String(entry.code) === String(code));
				return found?.label[language] ?? String(code);
			};
			return `${name}: ${(Array.isArray(value) ? value : [value]).map(label).join(' or ')}`;
		})
		.join(' · ');
}

function isAnswered(answer: unknown): answer is string | number | boolean {
	return (
		(typeof answer === 'string' && answer !== '') ||
		typeof answer === 'number' ||
		typeof answer === 'boolean'
	);
}

function admits(value: QuotaCode | QuotaCode[] | undefined, answer: string | number | boolean) {
	if (value === undefined) return false;
	const codes = Array.isArray(value) ? value : [value];
	return codes.some((code) => String(code) === String(answer));
}

/**
 * The key of the cell the respondent belongs to; null while a quota variable is unanswered, and
 * null when the answers fall in no cell of the quota (that combination has no target).
 */
export function cellOf(
	quota: Pick<Quota, 'definition'>,
	answers: Record<string, unknown>
): string | null {
	const { variables, cells } = quota.definition;
	const given: Record<string, string | number | boolean> = {};
	for (const variable of variables) {
		const answer = answers[variable];
		if (!isAnswered(answer)) return null;
		given[variable] = answer;
	}
	const cell = cells.find((candidate) =>
		variables.every((variable) => admits(candidate.values[variable], given[variable]!))
	);
	return cell ? cellKey(cell.values) : null;
}

/** Completes per cell key, from groups of responses that gave the same answers. */
export function countCells(
	quota: Pick<Quota, 'definition'>,
	groups: { answers: Record<string, unknown>; n: number }[]
): Map<string, number> {
	const counts = new Map(quota.definition.cells.map((cell) => [cellKey(cell.values), 0]));
	for (const group of groups) {
		const key = cellOf(quota, group.answers);
		if (key !== null) counts.set(key, (counts.get(key) ?? 0) + group.n);
	}
	return counts;
}

/**
 * Variables a quota can use: single-choice questions answered under their own name (a matrix
 * row is stored inside its question's answer, so it is left out).
 */
export function quotaVariables(codebook: Codebook): CodebookVariable[] {
	return codebook.variables.filter(
		(variable) =>
			variable.type === 'single' && variable.row === undefined && (variable.values?.length ?? 0) > 0
	);
}

/** Booleans are carried as text ("true"), matching how answers are compared. */
function codesOf(variable: CodebookVariable): QuotaCode[] {
	return (variable.values ?? []).map((value) =>
		typeof value.code === 'boolean' ? String(value.code) : value.code
	);
}

/** Every combination of the variables' codes, first variable outermost, for the editor. */
export function crossCells(variables: string[], codebook: Codebook): Record<string, QuotaCode>[] {
	const eligible = new Map(quotaVariables(codebook).map((variable) => [variable.name, variable]));
	let combinations: Record<string, QuotaCode>[] = [{}];
	for (const name of variables) {
		const variable = eligible.get(name);
		if (!variable) throw new Error(`"${name}" is not a single-choice variable of the codebook.`);
		combinations = combinations.flatMap((combination) =>
			codesOf(variable).map((code) => ({ ...combination, [name]: code }))
		);
	}
	return combinations;
}

/** The single combinations a cell covers, as keys, to find cells that overlap. */
function combinationsOf(values: CellValues, variables: string[]): string[] {
	let combinations: QuotaCode[][] = [[]];
	for (const variable of variables) {
		const value = values[variable]!;
		const codes = Array.isArray(value) ? value : [value];
		combinations = combinations.flatMap((prefix) => codes.map((code) => [...prefix, String(code)]));
	}
	return combinations.map((combination) => JSON.stringify(combination));
}

function variableProblems(variables: string[], codebook: Codebook): QuotaProblem[] {
	const problems: QuotaProblem[] = [];
	if (variables.length === 0) {
		problems.push({ field: 'variables', message: 'Choose at least one variable.' });
	}
	const known = new Map(codebook.variables.map((variable) => [variable.name, variable]));
	const eligible = new Set(quotaVariables(codebook).map((variable) => variable.name));
	variables.forEach((name, index) => {
		const field = `variables.${index}`;
		if (variables.indexOf(name) !== index) {
			problems.push({ field, message: `The variable "${name}" is chosen twice.` });
		} else if (!known.has(name)) {
			problems.push({
				field,
				message: `There is no variable "${name}" in the latest published version.`
			});
		} else if (!eligible.has(name)) {
			problems.push({
				field,
				message: `The variable "${name}" is not a single-choice question; quotas use single-choice questions only.`
			});
		}
	});
	return problems;
}

function cellValueProblems(
	cell: QuotaCell,
	index: number,
	variables: string[],
	codebook: Codebook
): QuotaProblem[] {
	const problems: QuotaProblem[] = [];
	const label = `Cell ${index + 1} (${describeCell(cell.values)})`;
	const byName = new Map(quotaVariables(codebook).map((variable) => [variable.name, variable]));
	for (const name of Object.keys(cell.values)) {
		if (!variables.includes(name)) {
			problems.push({
				field: `cells.${index}.values.${name}`,
				message: `${label} names "${name}", which is not one of the quota's variables.`
			});
		}
	}
	for (const name of variables) {
		const field = `cells.${index}.values.${name}`;
		const value = cell.values[name];
		const variable = byName.get(name);
		if (value === undefined) {
			problems.push({ field, message: `${label} has no code for "${name}".` });
			continue;
		}
		const codes = Array.isArray(value) ? value : [value];
		if (codes.length === 0) {
			problems.push({ field, message: `${label} lists no codes for "${name}".` });
		}
		if (!variable) continue;
		const known = codesOf(variable).map(String);
		for (const code of codes) {
			if (!known.includes(String(code))) {
				problems.push({
					field,
					message: `${label}: ${code} is not a code of "${name}" (its codes are ${known.join(', ')}).`
				});
			}
		}
	}
	return problems;
}

/**
 * Everything wrong with a definition against the codebook it will be used with, each problem a
 * sentence naming the variable or cell. Empty when the definition can be saved.
 */
export function validateQuotaDefinition(
	definition: QuotaDefinition,
	codebook: Codebook
): QuotaProblem[] {
	const { variables, cells } = definition;
	const problems = variableProblems(variables, codebook);
	if (cells.length === 0) {
		problems.push({ field: 'cells', message: 'Give at least one cell a target.' });
	}
	const covered = new Map<string, number>();
	cells.forEach((cell, index) => {
		const label = `Cell ${index + 1} (${describeCell(cell.values)})`;
		if (!Number.isInteger(cell.target) || cell.target <= 0) {
			problems.push({
				field: `cells.${index}.target`,
				message: `${label} needs a whole-number target above zero.`
			});
		}
		const valueProblems = cellValueProblems(cell, index, variables, codebook);
		problems.push(...valueProblems);
		if (valueProblems.length > 0) return;
		for (const combination of combinationsOf(cell.values, variables)) {
			const earlier = covered.get(combination);
			if (earlier !== undefined && earlier !== index) {
				problems.push({
					field: `cells.${index}.values`,
					message: `${label} repeats a combination of cell ${earlier + 1} (${describeCell(cells[earlier]!.values)}).`
				});
				return;
			}
			covered.set(combination, index);
		}
	});
	return problems;
}
