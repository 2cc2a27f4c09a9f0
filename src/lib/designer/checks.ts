/**
 * Design checks run before a questionnaire is saved or published (in the designer and again on
 * the server): broken or misplaced logic, names and codes analysis cannot use, logic that can
 * never change anything, questions nobody can reach, missing translations and grids too tall for
 * a phone, attention checks that cannot work. Errors stop publishing; the four kinds in
 * blocksSaving stop even saving a draft.
 */
import {
	ArrayOperand,
	BinaryOperand,
	ConditionRunner,
	Model,
	Serializer,
	Variable,
	type ItemValue,
	type Operand,
	type Question,
	type QuestionSelectBase
} from 'survey-core';
import { selectItems } from '../survey/codebook.ts';
import { variableNamePattern, type QuestionnaireJson } from '../survey/questionnaire.ts';
import { singleAnswerOptions } from './answer-options.ts';
import { isExpectedAnswer } from '../fieldwork/quality.ts';
import { attentionCheckTypes, expectedAnswerOf, expectedAnswerOptions } from './attention-check.ts';
import {
	allOperands,
	calculatedValuesOf,
	checkExpressionIn,
	describeLocation,
	indexLogic,
	isConditionProperty,
	itemValueOf,
	logicOf,
	parseExpression,
	variablesOf,
	type ElementEntry,
	type LogicIndex,
	type LogicLocation
} from './logic.ts';
import { kindLabel } from './question-types.ts';

export type CheckKind =
	| 'unreachable'
	| 'logic-invalid'
	| 'logic-missing'
	| 'logic-later'
	| 'logic-constant'
	| 'duplicate-name'
	| 'invalid-name'
	| 'choice-code'
	| 'missing-translation'
	| 'grid-too-large'
	| 'attention-check';

export interface DesignCheck {
	kind: CheckKind;
	severity: 'error' | 'warning';
	/** The question, panel, page or calculated value concerned; null for the survey as a whole. */
	element: string | null;
	message: string;
}

export interface DesignCheckOptions {
	/** Languages every text must be in (default: the questionnaire's `languages`). */
	languages?: string[];
	/** Grids with more rows than this are hard to answer on a phone. */
	phoneGridRows?: number;
}

const savingBlockers = new Set<CheckKind>([
	'logic-invalid',
	'duplicate-name',
	'invalid-name',
	'choice-code'
]);

/** Whether a draft with this problem cannot be saved at all (not only not published). */
export function blocksSaving(check: DesignCheck): boolean {
	return savingBlockers.has(check.kind);
}

type Json = Record<string, unknown>;

const isJson = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** 'Question "q7"', 'Panel "box"', 'Page "p2"'. */
export function labelOf(entry: ElementEntry): string {
	const kind = entry.kind === 'page' ? 'Page' : entry.kind === 'panel' ? 'Panel' : 'Question';
	return `${kind} "${entry.name}"`;
}

export function designChecks(
	json: QuestionnaireJson,
	options: DesignCheckOptions = {}
): DesignCheck[] {
	const index = indexLogic(json);
	const checks = [
		...nameChecks(json, index.entries),
		...choiceCodeChecks(index.entries),
		...logicChecks(index),
		...translationChecks(json, index.entries, options.languages),
		...gridChecks(index.entries, options.phoneGridRows ?? 8),
		...attentionChecks(index.entries)
	];
	return [
		...checks.filter((check) => check.severity === 'error'),
		...checks.filter((check) => check.severity === 'warning')
	];
}

/* ---------------------------------------------------------------------------------------------
 * Names
 * ------------------------------------------------------------------------------------------- */

const nameRule = 'must start with a letter and use only letters, digits and _ (at most 64)';
const answerless = new Set(['html', 'image']);

function counted(kinds: string[]): string {
	const counts = new Map<string, number>();
	for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
	const parts = [...counts].map(([kind, n]) => (n === 1 ? `a ${kind}` : `${n} ${kind}s`));
	return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]!;
}

function duplicates(
	named: { name: string; kind: string }[],
	caseSensitive: boolean
): DesignCheck[] {
	const groups = new Map<string, { name: string; kind: string }[]>();
	for (const item of named) {
		const key = caseSensitive ? item.name : item.name.toLowerCase();
		groups.set(key, [...(groups.get(key) ?? []), item]);
	}
	return [...groups.values()]
		.filter((group) => group.length > 1)
		.map((group) => {
			const names = [...new Set(group.map((item) => `"${item.name}"`))];
			return {
				kind: 'duplicate-name',
				severity: 'error',
				element: group[0]!.name,
				message:
					names.length > 1
						? `The names ${names.join(' and ')} differ only in letter case, which analysis tables do not tell apart: ${counted(group.map((item) => item.kind))} need names of their own.`
						: `The name ${names[0]} is used by ${counted(group.map((item) => item.kind))}: each needs a name of its own.`
			} satisfies DesignCheck;
		});
}

/** The analysis variables a question becomes besides its own name (see codebook.ts). */
function derivedNames(entry: ElementEntry): { name: string; part: string }[] {
	const list = (field: string) => (Array.isArray(entry.json[field]) ? entry.json[field] : []);
	const suffixed = (values: unknown[], noun: string) =>
		values.map((value) => ({
			name: `${entry.name}_${String(value)}`,
			part: `${noun} ${String(value)}`
		}));
	switch (entry.type) {
		case 'matrix':
			return suffixed(list('rows').map(itemValueOf), 'row');
		case 'checkbox':
		case 'tagbox':
			return suffixed(list('choices').map(itemValueOf), 'choice');
		case 'multipletext':
			return suffixed(
				list('items').map((item) => (isJson(item) ? item.name : item)),
				'item'
			);
		default:
			return [];
	}
}

function nameChecks(json: QuestionnaireJson, entries: ElementEntry[]): DesignCheck[] {
	const checks: DesignCheck[] = [];
	const invalid = (element: string | null, message: string) =>
		checks.push({ kind: 'invalid-name', severity: 'error', element, message });
	const pageOf = (entry: ElementEntry) =>
		entries.find((e) => e.kind === 'page' && e.page === entry.page);
	const questions = entries.filter((entry) => entry.kind === 'question');
	for (const entry of questions) {
		if (!entry.name) {
			invalid(
				null,
				`A ${entry.type || 'untyped'} question on page "${pageOf(entry)?.name}" has no name.`
			);
		} else if (answerless.has(entry.type)) {
			continue;
		} else if (!variableNamePattern.test(entry.name)) {
			invalid(entry.name, `Question name "${entry.name}" ${nameRule}.`);
		} else {
			const bad = derivedNames(entry).find((derived) => !variableNamePattern.test(derived.name));
			if (bad) {
				invalid(
					entry.name,
					`Question "${entry.name}" gives its ${bad.part} the variable name "${bad.name}", which ${nameRule}.`
				);
			}
		}
	}
	const calculated = calculatedValuesOf(json);
	for (const value of calculated) {
		if (!value.name) invalid(null, 'A calculated value has no name.');
		else if (value.includeIntoResult && !variableNamePattern.test(value.name)) {
			invalid(value.name, `Calculated value name "${value.name}" ${nameRule}.`);
		}
	}
	const variables = [
		...questions.filter((e) => e.name).map((e) => ({ name: e.name, kind: 'question' })),
		...calculated.filter((v) => v.name).map((v) => ({ name: v.name, kind: 'calculated value' }))
	];
	// Pages and panels without a name of their own get SurveyJS's, which cannot clash.
	const containers = entries
		.filter((e) => e.kind !== 'question' && typeof e.json.name === 'string' && e.json.name.trim())
		.map((e) => ({ name: e.name, kind: e.kind }));
	return [...checks, ...duplicates(variables, false), ...duplicates(containers, true)];
}

/* ---------------------------------------------------------------------------------------------
 * Choice codes
 * ------------------------------------------------------------------------------------------- */

function defaultText(value: unknown): string {
	if (typeof value === 'string') return value;
	if (isJson(value) && typeof value.default === 'string') return value.default;
	return '';
}

const numericText = /^-?\d+(\.\d+)?$/;

function codeLists(entry: ElementEntry): [unknown[], string][] {
	const lists: [unknown[], string][] = [];
	const { json } = entry;
	if (Array.isArray(json.choices)) lists.push([json.choices, 'choice']);
	if (entry.type === 'matrix' && Array.isArray(json.columns)) lists.push([json.columns, 'column']);
	if (Array.isArray(json.rateValues)) lists.push([json.rateValues, 'rating value']);
	return lists;
}

function choiceCodeChecks(entries: ElementEntry[]): DesignCheck[] {
	const checks: DesignCheck[] = [];
	for (const entry of entries) {
		if (entry.kind !== 'question') continue;
		const error = (message: string) =>
			checks.push({ kind: 'choice-code', severity: 'error', element: entry.name, message });
		const label = labelOf(entry);
		for (const [items, noun] of codeLists(entry)) {
			const byCode = new Map<number, string[]>();
			items.forEach((item, i) => {
				const value = itemValueOf(item);
				const text = isJson(item) ? defaultText(item.text) : '';
				const what = `${noun} ${i + 1}${text ? ` ("${text}")` : ''}`;
				let code: number;
				if (value === undefined || value === null || value === '') {
					return error(`${label}: ${what} has no code.`);
				} else if (typeof value === 'number') {
					code = value;
				} else if (typeof value === 'string' && numericText.test(value.trim())) {
					code = Number(value);
					error(
						`${label}: ${what} has the code "${value}" written as text; make it the number ${code}.`
					);
				} else {
					return error(
						`${label}: ${what} has the code ${JSON.stringify(value)}, which is not a number.`
					);
				}
				byCode.set(code, [...(byCode.get(code) ?? []), text || `${noun} ${i + 1}`]);
			});
			for (const [code, texts] of byCode) {
				if (texts.length < 2) continue;
				error(
					`${label} uses the code ${code} for ${texts.length} ${noun}s: ${texts.map((t) => `"${t}"`).join(', ')}. Each ${noun} needs a code of its own.`
				);
			}
		}
	}
	return checks;
}

/* ---------------------------------------------------------------------------------------------
 * Logic: problems, constant conditions, unreachable elements
 * ------------------------------------------------------------------------------------------- */

/** The answers a variable can take, when they are few and known (a missing answer included). */
interface Domain {
	/** The question (or grid) the variable reads. */
	question: string;
	/** What one code is: choice, column, value. */
	noun: string;
	/** The codes offered (for a multi-select: its options). */
	codes: unknown[];
	/** Every value the variable can hold. */
	values: unknown[];
}

const maxSubsetOptions = 6;
const maxCombinations = 20_000;

function subsets(codes: unknown[]): unknown[][] {
	return codes.reduce<unknown[][]>(
		(all, code) => [...all, ...all.map((subset) => [...subset, code])],
		[[]]
	);
}

function domainOf(model: Model, variable: string): Domain | null {
	const name = variable.trim();
	const question = model.getQuestionByValueName(name, true) as Question | null;
	if (question) {
		const type = question.getType();
		const single = singleAnswerOptions(question);
		if (single) {
			const codes = single.map((option) => option.value);
			const noun = type === 'boolean' ? 'value' : 'choice';
			return { question: name, noun, codes, values: [undefined, ...codes] };
		}
		if (type !== 'checkbox' && type !== 'tagbox') return null;
		const codes = selectItems(question as QuestionSelectBase).map((item) => item.value as unknown);
		if (codes.length > maxSubsetOptions) return null;
		const chosen = subsets(codes).filter((subset) => subset.length > 0);
		return { question: name, noun: 'choice', codes, values: [undefined, ...chosen] };
	}
	const [root = '', row] = name.split('.');
	const grid = model.getQuestionByValueName(root, true) as Question | null;
	if (!grid || grid.getType() !== 'matrix' || row === undefined) return null;
	const matrix = grid as unknown as { rows: ItemValue[]; columns: ItemValue[] };
	if (!matrix.rows.some((r) => String(r.value).toLowerCase() === row.toLowerCase())) return null;
	const codes = matrix.columns.map((column) => column.value as unknown);
	return { question: root, noun: 'column', codes, values: [undefined, ...codes] };
}

/** `{grid.row}` is read from `{ grid: { row } }`. */
function setValue(values: Json, variable: string, value: unknown): void {
	if (value === undefined) return;
	const [root = '', ...path] = variable.trim().split('.');
	if (path.length === 0) values[root] = value;
	else values[root] = { ...(isJson(values[root]) ? values[root] : {}), [path.join('.')]: value };
}

/**
 * Whether a condition is always true or always false, found by evaluating it for every
 * combination of answers its questions allow; undefined when it varies, or when a variable has
 * no small known set of answers, or functions (today(), …) are involved.
 */
function constantVerdict(model: Model | null, expression: string): boolean | undefined {
	const runner = new ConditionRunner(expression);
	if (!runner.canRun() || runner.hasFunction()) return undefined;
	const variables = [...new Set(runner.getVariables())];
	if (variables.length === 0) return runner.runValues({}) === true;
	if (!model) return undefined;
	const domains: Domain[] = [];
	let combinations = 1;
	for (const variable of variables) {
		const domain = domainOf(model, variable);
		if (!domain) return undefined;
		domains.push(domain);
		combinations *= domain.values.length;
		if (combinations > maxCombinations) return undefined;
	}
	let seenTrue = false;
	let seenFalse = false;
	const position = variables.map(() => 0);
	for (let n = 0; n < combinations; n++) {
		const values: Json = {};
		variables.forEach((variable, i) =>
			setValue(values, variable, domains[i]!.values[position[i]!])
		);
		if (runner.runValues(values) === true) seenTrue = true;
		else seenFalse = true;
		if (seenTrue && seenFalse) return undefined;
		// The next combination: count up like an odometer.
		for (let i = 0; i < position.length; i++) {
			position[i] = (position[i]! + 1) % domains[i]!.values.length;
			if (position[i] !== 0) break;
		}
	}
	return seenTrue;
}

const codeText = (value: unknown) => (typeof value === 'string' ? `"${value}"` : String(value));

/** Why a condition can never hold: it looks for a code its question does not offer. */
function missingCode(model: Model | null, operand: Operand): string | undefined {
	if (!model) return undefined;
	for (const op of allOperands(operand)) {
		if (!(op instanceof BinaryOperand)) continue;
		if (!['equal', 'anyof', 'allof', 'contains'].includes(op.operator)) continue;
		const [left, right] = [op.leftOperand as unknown, op.rightOperand as unknown];
		const variable = left instanceof Variable ? left : right instanceof Variable ? right : null;
		const other = variable === left ? right : left;
		if (!variable || other instanceof Variable) continue;
		const domain = domainOf(model, variable.variable);
		if (!domain) continue;
		const wanted =
			other instanceof ArrayOperand
				? other.values.map((v) => v.evaluate() as unknown)
				: [(other as Operand).evaluate() as unknown];
		const offered = new Set(domain.codes.map(String));
		const absent = wanted.find((value) => !offered.has(String(value)));
		if (absent !== undefined) return `${domain.question} has no ${domain.noun} ${codeText(absent)}`;
	}
	return undefined;
}

interface Verdict {
	location: LogicLocation;
	value: boolean;
	/** Why it is always false, when a code is missing. */
	reason?: string;
}

/** What an always-true / always-false condition means, by the property that holds it. */
const consequences: Record<string, [string, string]> = {
	visibleIf: ['it is always shown, so the condition has no effect', 'it is never shown'],
	enableIf: ['the condition has no effect', 'it can never be answered'],
	requiredIf: ['an answer is always required', 'an answer is never required by it'],
	skip: ['the skip always happens', 'the skip never happens'],
	complete: ['the survey always ends there', 'the survey never ends early by it'],
	completedHtmlOnCondition: ['this message is always the one shown', 'this message is never shown'],
	validators: ['the rule never rejects an answer', 'no answer can ever pass the rule']
};

function consequenceOf(index: LogicIndex, location: LogicLocation, value: boolean): string {
	// Triggers by their type; the rest by the property (a list's name for items in a list).
	const trigger = /^triggers\[(\d+)\]/.exec(location.property);
	const json =
		trigger && Array.isArray(index.json.triggers)
			? index.json.triggers[Number(trigger[1])]
			: undefined;
	const key = isJson(json) ? String(json.type) : location.property.replace(/\[.*$/, '');
	const pair = consequences[key];
	if (pair) return pair[value ? 0 : 1];
	return value ? 'the condition has no effect' : 'it never applies';
}

function verdictOf(model: Model | null, location: LogicLocation): Verdict | undefined {
	const value = constantVerdict(model, location.expression);
	if (value === undefined) return undefined;
	const parsed = parseExpression(location.expression);
	const reason = !value && parsed.ok ? missingCode(model, parsed.operand) : undefined;
	return { location, value, reason };
}

function loadModel(json: QuestionnaireJson): Model | null {
	try {
		return new Model(json);
	} catch {
		return null;
	}
}

const elementKinds = new Set(['page', 'panel', 'question']);
const isOwnDisplayLogic = (location: LogicLocation) =>
	location.property === 'visibleIf' && elementKinds.has(location.kind);

function logicChecks(index: LogicIndex): DesignCheck[] {
	const checks: DesignCheck[] = [];
	const model = loadModel(index.json);
	const verdicts: Verdict[] = [];
	for (const location of logicOf(index.json)) {
		const element = location.kind === 'survey' ? null : location.element;
		const problems = checkExpressionIn(index, location.expression, location);
		for (const problem of problems) {
			checks.push({
				kind: `logic-${problem.kind}`,
				severity: 'error',
				element,
				message: problem.message
			});
		}
		if (problems.length || !isConditionProperty(location)) continue;
		const verdict = verdictOf(model, location);
		if (!verdict) continue;
		verdicts.push(verdict);
		// A display condition that is never true makes its element unreachable (reported below).
		if (isOwnDisplayLogic(location) && !verdict.value) continue;
		const expression = location.expression.trim();
		const subject = describeLocation(index.json, location);
		const because = verdict.reason ? ` because ${verdict.reason}` : '';
		const consequence = consequenceOf(index, location, verdict.value);
		checks.push({
			kind: 'logic-constant',
			severity: 'warning',
			element,
			message: `${subject}, ${expression}, is always ${verdict.value}${because}: ${consequence}.`
		});
	}
	return [...checks, ...skipTargetChecks(index), ...unreachableChecks(index, verdicts)];
}

/** A skip trigger must name the question it jumps to. */
function skipTargetChecks(index: LogicIndex): DesignCheck[] {
	const triggers = Array.isArray(index.json.triggers) ? index.json.triggers : [];
	const questions = new Set(index.entries.filter((e) => e.kind === 'question').map((e) => e.name));
	return triggers.flatMap((trigger, i): DesignCheck[] => {
		if (!isJson(trigger) || trigger.type !== 'skip') return [];
		const target = typeof trigger.gotoName === 'string' ? trigger.gotoName : '';
		if (target && questions.has(target)) return [];
		const what = describeLocation(index.json, {
			element: '',
			property: `triggers[${i}].expression`,
			kind: 'survey'
		});
		const message = target
			? `${what} jumps to "${target}", which is not a question in this questionnaire.`
			: `${what} does not say which question to jump to.`;
		return [{ kind: 'logic-missing', severity: 'error', element: null, message }];
	});
}

function neverShown(entry: ElementEntry, verdict: Verdict): string {
	const expression = verdict.location.expression.trim();
	const why = verdict.reason ? `but ${verdict.reason}` : 'which is never true';
	return `${labelOf(entry)} is shown only if ${expression}, ${why}: it can never be shown.`;
}

/** The page where a trigger that always fires does so: that of the first question it reads. */
function firingPage(index: LogicIndex, expression: string): number | undefined {
	const parsed = parseExpression(expression);
	if (!parsed.ok) return undefined;
	const pages = variablesOf(parsed.operand)
		.map((variable) => index.questions.get(variable.trim().split('.')[0]!.toLowerCase())?.[0])
		.filter((entry) => entry !== undefined)
		.map((entry) => entry.page);
	return pages.length ? Math.min(...pages) : undefined;
}

function pageName(index: LogicIndex, page: number): string {
	return index.entries.find((e) => e.kind === 'page' && e.page === page)?.name ?? '';
}

/** Elements that triggers which always fire jump over or cut off, with the reason. */
function skippedByTriggers(index: LogicIndex, verdicts: Verdict[]): Map<ElementEntry, string> {
	const skipped = new Map<ElementEntry, string>();
	const triggers = Array.isArray(index.json.triggers) ? index.json.triggers : [];
	for (const verdict of verdicts) {
		const match = /^triggers\[(\d+)\]\.expression$/.exec(verdict.location.property);
		const trigger = match ? triggers[Number(match[1])] : undefined;
		if (!verdict.value || !isJson(trigger)) continue;
		const from = firingPage(index, verdict.location.expression);
		if (from === undefined) continue; // with nothing to read, survey-core never runs it
		const what = describeLocation(index.json, verdict.location).replace(/^\w/, (c) =>
			c.toLowerCase()
		);
		const always = `(${verdict.location.expression.trim()} is always true)`;
		let range: [number, number] | undefined;
		let reason = '';
		if (trigger.type === 'complete') {
			range = [from + 1, Infinity];
			reason = `${what} always ends the survey on page "${pageName(index, from)}" ${always}`;
		} else if (trigger.type === 'skip' && typeof trigger.gotoName === 'string') {
			const target = index.entries.find(
				(e) => e.kind === 'question' && e.name === trigger.gotoName
			);
			if (!target) continue;
			range = [from + 1, target.page - 1];
			reason = `${what} always jumps from page "${pageName(index, from)}" to "${target.name}" ${always}`;
		}
		if (!range) continue;
		for (const entry of index.entries) {
			if (entry.page >= range[0] && entry.page <= range[1] && !skipped.has(entry)) {
				skipped.set(entry, reason);
			}
		}
	}
	return skipped;
}

function unreachableChecks(index: LogicIndex, verdicts: Verdict[]): DesignCheck[] {
	const hidden = new Map<string, Verdict>();
	for (const verdict of verdicts) {
		const { location } = verdict;
		if (isOwnDisplayLogic(location) && !verdict.value) {
			hidden.set(`${location.kind}:${location.element}`, verdict);
		}
	}
	const skipped = skippedByTriggers(index, verdicts);
	const unreachable = new Map<ElementEntry, string>();
	for (const entry of index.entries) {
		const own = hidden.get(`${entry.kind}:${entry.name}`);
		const container = entry.parent && unreachable.has(entry.parent) ? entry.parent : null;
		if (own) unreachable.set(entry, neverShown(entry, own));
		else if (skipped.has(entry)) {
			unreachable.set(entry, `${labelOf(entry)} can never be reached: ${skipped.get(entry)}.`);
		} else if (container) {
			const where = labelOf(container).replace(/^\w/, (c) => c.toLowerCase());
			unreachable.set(
				entry,
				`${labelOf(entry)} can never be shown: it is inside ${where}, which can never be shown.`
			);
		}
	}
	return [...unreachable].map(([entry, message]) => ({
		kind: 'unreachable',
		severity: 'warning',
		element: entry.name || null,
		message
	}));
}

/* ---------------------------------------------------------------------------------------------
 * Translations
 * ------------------------------------------------------------------------------------------- */

/** Localisable properties that hold words (not addresses or formats) to translate. */
const translatable = (() => {
	const notWords = new Set(['url', 'imageLink', 'logo', 'dataList', 'format']);
	const names = new Set<string>();
	for (const className of Serializer.getAllClasses()) {
		for (const property of Serializer.getProperties(className)) {
			if (
				property.isLocalizable &&
				!notWords.has(property.name) &&
				!/Template$/.test(property.name)
			) {
				names.add(property.name);
			}
		}
	}
	return names;
})();

const itemNouns: Record<string, string> = {
	choices: 'choice',
	rows: 'row',
	columns: 'column',
	rateValues: 'rating value',
	items: 'item',
	validators: 'validation rule',
	completedHtmlOnCondition: 'thank-you message',
	triggers: 'trigger'
};

/** Texts with a default but none in `language`, named for the message ("title", "choice 2"). */
function untranslated(
	json: Json,
	languages: string[],
	visit: (language: string, text: string) => void,
	item = ''
): void {
	for (const [key, value] of Object.entries(json)) {
		if (structural.has(key)) continue;
		if (translatable.has(key) && (typeof value === 'string' || isJson(value))) {
			const texts: Json = typeof value === 'string' ? { default: value } : value;
			if (typeof texts.default !== 'string' || !texts.default.trim()) continue;
			const name = item ? (key === 'text' || key === 'html' ? item : `${item} ${key}`) : key;
			for (const language of languages) {
				const text = texts[language];
				if (typeof text !== 'string' || !text.trim()) visit(language, name);
			}
		} else if (Array.isArray(value)) {
			value.forEach((entry, i) => {
				if (!isJson(entry)) return;
				const id = entry.value ?? entry.name ?? i + 1;
				untranslated(entry, languages, visit, `${itemNouns[key] ?? key} ${String(id)}`);
			});
		}
	}
}

const structural = new Set([
	'pages',
	'elements',
	'questions',
	'templateElements',
	'calculatedValues'
]);

function listed(names: string[], most = 6): string {
	const shown = names.slice(0, most).join(', ');
	return names.length > most ? `${shown} and ${names.length - most} more` : shown;
}

function translationChecks(
	json: QuestionnaireJson,
	entries: ElementEntry[],
	wanted: string[] | undefined
): DesignCheck[] {
	const defaultLanguage = typeof json.locale === 'string' && json.locale ? json.locale : 'en';
	const declared = Array.isArray(json.languages) ? json.languages : [];
	const languages = [
		...new Set((wanted ?? declared).filter((l): l is string => typeof l === 'string' && !!l))
	].filter((language) => language !== defaultLanguage);
	if (languages.length === 0) return [];
	const owners: [string | null, string, Json][] = [
		[null, 'The survey', json],
		...entries.map((entry): [string | null, string, Json] => [
			entry.name || null,
			labelOf(entry),
			entry.json
		])
	];
	const checks: DesignCheck[] = [];
	for (const [element, label, owner] of owners) {
		const missing = new Map<string, Set<string>>();
		const texts = new Set<string>();
		untranslated(owner, languages, (language, text) => {
			missing.set(language, (missing.get(language) ?? new Set()).add(text));
			texts.add(text);
		});
		if (missing.size === 0) continue;
		const inLanguages = languages.filter((language) => missing.has(language));
		checks.push({
			kind: 'missing-translation',
			severity: 'warning',
			element,
			message: `${label} has no text in ${inLanguages.join(', ')} for ${listed([...texts])}.`
		});
	}
	return checks;
}

/* ---------------------------------------------------------------------------------------------
 * Grids
 * ------------------------------------------------------------------------------------------- */

function gridChecks(entries: ElementEntry[], phoneGridRows: number): DesignCheck[] {
	return entries
		.filter((entry) => /^matrix/.test(entry.type) && Array.isArray(entry.json.rows))
		.filter((entry) => (entry.json.rows as unknown[]).length > phoneGridRows)
		.map((entry) => ({
			kind: 'grid-too-large',
			severity: 'warning',
			element: entry.name,
			message: `${labelOf(entry)} has ${(entry.json.rows as unknown[]).length} rows: on a phone a grid of more than ${phoneGridRows} rows is hard to answer, so consider splitting it.`
		}));
}

/* ---------------------------------------------------------------------------------------------
 * Attention checks
 * ------------------------------------------------------------------------------------------- */

/**
 * Graded as the logic checks are. An expected answer the question does not offer, or none at all,
 * is an error, like a skip to a question that does not exist: it can only be a mistake, and the
 * first would flag every respondent who answers (a published version cannot be corrected). A
 * check on a type that cannot be one is a warning, like logic that works but likely not as meant:
 * quality.ts still compares the answer exactly, which may serve (a number to type in) but mostly
 * flags attentive respondents or, on an element without an answer, never fires.
 */
function attentionChecks(entries: ElementEntry[]): DesignCheck[] {
	return entries.flatMap((entry): DesignCheck[] => {
		const { json } = entry;
		if (json.attentionCheck === undefined) return [];
		const label = labelOf(entry);
		const report = (severity: DesignCheck['severity'], message: string): DesignCheck[] => [
			{ kind: 'attention-check', severity, element: entry.name || null, message }
		];
		if (entry.kind !== 'question' || !attentionCheckTypes.has(entry.type)) {
			const what = entry.kind === 'question' ? ` (${kindLabel(json)})` : '';
			return report(
				'warning',
				`${label}${what} is marked as an attention check, but only single choice, dropdown, rating and yes/no questions can be one: the quality flag compares the whole answer with the expected one.`
			);
		}
		const check = expectedAnswerOf(json);
		if (!check) {
			return report(
				'error',
				`${label} is marked as an attention check without an expected answer, so it checks nothing: choose the answer under "Attention check".`
			);
		}
		// Choices taken from another question or a web service are not known before fieldwork.
		if (json.choicesFromQuestion || json.choicesByUrl) return [];
		const codes = (expectedAnswerOptions(json) ?? []).map((option) => option.value);
		if (codes.some((code) => isExpectedAnswer(code, check.expected))) return [];
		const offered = codes.length ? `its answers are ${listed(codes.map(codeText))}` : 'it has none';
		return report(
			'error',
			`${label} is an attention check expecting ${JSON.stringify(check.expected)}, which is not one of its answers (${offered}): every respondent who answers it would be flagged.`
		);
	});
}
