/**
 * Questionnaire logic for the designer: the model behind the point-and-click condition builder
 * (a rule of condition groups, converted to and from survey-core's expression syntax), where the
 * questionnaire keeps expressions, and the check that each expression reads and refers only to
 * questions answered before it is evaluated. Runs in the browser and on the server alike.
 */
import {
	ArrayOperand,
	BinaryOperand,
	ConditionsParser,
	Const,
	FunctionFactory,
	FunctionOperand,
	Operand,
	Serializer,
	settings,
	UnaryOperand,
	Variable
} from 'survey-core';
import type { QuestionnaireJson } from '../survey/questionnaire.ts';

type Json = Record<string, unknown>;

export type Operator =
	| 'equal'
	| 'notequal'
	| 'greater'
	| 'less'
	| 'greaterorequal'
	| 'lessorequal'
	| 'contains'
	| 'notcontains'
	| 'anyof'
	| 'allof'
	| 'empty'
	| 'notempty';

export type ConditionValue = string | number | boolean | (string | number)[];

export interface Condition {
	question: string;
	operator: Operator;
	value?: ConditionValue;
}

export interface ConditionGroup {
	join: 'and' | 'or';
	conditions: Condition[];
}

export interface LogicRule {
	join: 'and' | 'or';
	groups: ConditionGroup[];
}

export const operatorLabels: Record<Operator, string> = {
	equal: 'is',
	notequal: 'is not',
	greater: 'is greater than',
	less: 'is less than',
	greaterorequal: 'is at least',
	lessorequal: 'is at most',
	contains: 'contains',
	notcontains: 'does not contain',
	anyof: 'is any of',
	allof: 'includes all of',
	empty: 'is not answered',
	notempty: 'is answered'
};

const presence: Operator[] = ['empty', 'notempty'];
const ordering: Operator[] = ['greater', 'less', 'greaterorequal', 'lessorequal'];
const listOperators = new Set<Operator>(['anyof', 'allof']);

/** The operators that make sense for a question's answers, in the order the builder lists them. */
export function operatorsFor(questionType: string): Operator[] {
	switch (questionType) {
		case 'radiogroup':
		case 'dropdown':
			return ['equal', 'notequal', 'anyof', ...presence];
		case 'rating':
		case 'matrix': // a row of a grid, whose columns are usually an ordered scale
			return ['equal', 'notequal', 'anyof', ...ordering, ...presence];
		case 'boolean':
			return ['equal', 'notequal', ...presence];
		case 'checkbox':
		case 'tagbox':
			return ['contains', 'notcontains', 'anyof', 'allof', ...presence];
		case 'ranking':
			return ['contains', 'notcontains', ...presence];
		case 'text':
			return ['equal', 'notequal', ...ordering, 'contains', 'notcontains', ...presence];
		case 'comment':
			return ['equal', 'notequal', 'contains', 'notcontains', ...presence];
		case 'multipletext':
		case 'file':
		case 'signaturepad':
			return [...presence];
		case 'html':
		case 'image':
			return [];
		default: // expressions, calculated values and anything else that holds one value
			return ['equal', 'notequal', ...ordering, ...presence];
	}
}

const symbols: Partial<Record<Operator, string>> = {
	equal: '=',
	notequal: '!=',
	greater: '>',
	less: '<',
	greaterorequal: '>=',
	lessorequal: '<='
};

/**
 * survey-core rewrites `=>`, `=<`, `<>` and `equals` everywhere in an expression, string literals
 * included, and a trailing backslash escapes the closing quote: such strings cannot be written.
 */
const unwritableString = /=>|=<|<>|equals|\\$/;

function isWritableScalar(value: unknown): value is string | number | boolean {
	if (typeof value === 'number') return Number.isFinite(value);
	if (typeof value === 'string') return !unwritableString.test(value);
	return typeof value === 'boolean';
}

/** Whether a condition is filled in enough (and writable) to become part of an expression. */
export function conditionIsComplete(condition: Condition): boolean {
	if (!condition.question.trim() || /[{}]/.test(condition.question)) return false;
	if (presence.includes(condition.operator)) return true;
	const { value } = condition;
	if (listOperators.has(condition.operator)) {
		return Array.isArray(value) && value.length > 0 && value.every(isWritableScalar);
	}
	return !Array.isArray(value) && isWritableScalar(value);
}

function literal(value: string | number | boolean): string {
	if (typeof value === 'string') return `'${value.replace(/(['"])/g, '\\$1')}'`;
	if (typeof value === 'number' && /e/i.test(String(value))) {
		// The parser reads no exponents; write the number out in full.
		return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
	}
	return String(value);
}

function conditionToExpression(condition: Condition): string {
	const variable = `{${condition.question.trim()}}`;
	const { operator, value } = condition;
	if (presence.includes(operator)) return `${variable} ${operator}`;
	const right = Array.isArray(value)
		? `[${value.map(literal).join(', ')}]`
		: literal(value as string | number | boolean);
	return `${variable} ${symbols[operator] ?? operator} ${right}`;
}

/**
 * The survey-core expression for a rule; '' when it has no complete condition. Incomplete
 * conditions (see conditionIsComplete) are left out, and groups left empty with them.
 */
export function ruleToExpression(rule: LogicRule): string {
	const groups = rule.groups
		.map((group) => ({
			join: group.join,
			parts: group.conditions.filter(conditionIsComplete).map(conditionToExpression)
		}))
		.filter((group) => group.parts.length > 0);
	return groups
		.map((group) => {
			const text = group.parts.join(` ${group.join} `);
			return groups.length > 1 && group.parts.length > 1 ? `(${text})` : text;
		})
		.join(` ${rule.join} `);
}

/** `at`: where the parser gave up, when it says (survey-core's UMD build does not). */
export type ParsedExpression = { ok: true; operand: Operand } | { ok: false; at: number | null };

/** Parses with survey-core's own parser (a fresh one: its error is not reset between parses). */
export function parseExpression(expression: string): ParsedExpression {
	const parser = new ConditionsParser();
	const operand = parser.parseExpression(expression);
	if (operand instanceof Operand) return { ok: true, operand };
	return { ok: false, at: parser.error?.at ?? null };
}

/** The operands directly below one (both sides, the negated expression, items, arguments). */
export function operandChildren(operand: Operand): Operand[] {
	if (operand instanceof BinaryOperand) {
		return [operand.leftOperand, operand.rightOperand].filter((o) => o instanceof Operand);
	}
	if (operand instanceof UnaryOperand) return [operand.expression];
	if (operand instanceof ArrayOperand) return operand.values;
	if (operand instanceof FunctionOperand) return operand.paramValues;
	return [];
}

/** Every operand of an expression, the root first. */
export function allOperands(operand: Operand): Operand[] {
	return [operand, ...operandChildren(operand).flatMap(allOperands)];
}

/** The {variables} an expression reads, each once, in the order they appear. */
export function variablesOf(operand: Operand): string[] {
	const names: string[] = [];
	operand.setVariables(names);
	return [...new Set(names)];
}

const comparisonOperators = new Set<string>([
	'equal',
	'notequal',
	'greater',
	'less',
	'greaterorequal',
	'lessorequal',
	'contains',
	'notcontains',
	'anyof',
	'allof'
]);

/** How a comparison reads with its sides swapped (`1 < {q}` is `{q} > 1`). */
const swapped: Record<string, Operator> = {
	equal: 'equal',
	notequal: 'notequal',
	greater: 'less',
	less: 'greater',
	greaterorequal: 'lessorequal',
	lessorequal: 'greaterorequal'
};

function constantOf(operand: Operand): string | number | boolean | undefined {
	if (operand instanceof Variable || !(operand instanceof Const)) return undefined;
	const value: unknown = operand.correctValue;
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
		? value
		: undefined;
}

function valueOf(operand: Operand, operator: Operator): ConditionValue | undefined {
	if (listOperators.has(operator)) {
		if (!(operand instanceof ArrayOperand) || operand.values.length === 0) return undefined;
		const values = operand.values.map(constantOf);
		return values.every((v) => typeof v === 'string' || typeof v === 'number')
			? (values as (string | number)[])
			: undefined;
	}
	return constantOf(operand);
}

/** One builder condition, if the operand is a question compared with a constant. */
function toCondition(operand: Operand): Condition | null {
	if (operand instanceof UnaryOperand) {
		const operator = operand.operator as Operator;
		if (!presence.includes(operator) || !(operand.expression instanceof Variable)) return null;
		return { question: operand.expression.variable.trim(), operator };
	}
	if (!(operand instanceof BinaryOperand) || !comparisonOperators.has(operand.operator)) {
		return null;
	}
	let operator = operand.operator as Operator;
	let [variable, other] = [operand.leftOperand as Operand, operand.rightOperand as Operand];
	const reversed = swapped[operator];
	if (!(variable instanceof Variable) && other instanceof Variable && reversed) {
		[variable, other, operator] = [other, variable, reversed];
	}
	if (!(variable instanceof Variable)) return null;
	const value = valueOf(other, operator);
	if (value === undefined) return null;
	return { question: variable.variable.trim(), operator, value };
}

function conjunctionOf(operand: Operand): 'and' | 'or' | null {
	if (!(operand instanceof BinaryOperand) || !operand.isConjunction) return null;
	return operand.conjunction === 'or' ? 'or' : 'and';
}

/** `a and b and c` as [a, b, c] (the parser nests it; brackets around like parts are lost). */
function chain(operand: Operand, join: 'and' | 'or'): Operand[] {
	if (conjunctionOf(operand) !== join) return [operand];
	return operandChildren(operand).flatMap((child) => chain(child, join));
}

function conditionsOf(operands: Operand[]): Condition[] | null {
	const conditions = operands.map(toCondition);
	return conditions.every((c) => c !== null) ? (conditions as Condition[]) : null;
}

/**
 * The builder's rule for an expression, or null when the builder cannot show it (functions,
 * arithmetic, comparisons between questions, `noneof`, negation, nesting deeper than groups…).
 * The rule is canonical: a flat list of conditions is one group (the rule's join then `and`);
 * otherwise each bracketed part is a group and each bare condition a group of its own (`and`).
 */
export function expressionToRule(expression: string): LogicRule | null {
	if (!expression.trim()) return { join: 'and', groups: [] };
	const parsed = parseExpression(expression);
	if (!parsed.ok) return null;
	const root = parsed.operand;
	const single = toCondition(root);
	if (single) return { join: 'and', groups: [{ join: 'and', conditions: [single] }] };
	const join = conjunctionOf(root);
	if (!join) return null;
	const parts = chain(root, join);
	const flat = conditionsOf(parts);
	if (flat) return { join: 'and', groups: [{ join, conditions: flat }] };
	const inner = join === 'and' ? 'or' : 'and';
	const groups: ConditionGroup[] = [];
	for (const part of parts) {
		const condition = toCondition(part);
		if (condition) {
			groups.push({ join: 'and', conditions: [condition] });
			continue;
		}
		const conditions = conjunctionOf(part) === inner ? conditionsOf(chain(part, inner)) : null;
		if (!conditions) return null;
		groups.push({ join: inner, conditions });
	}
	return { join, groups };
}

/* ---------------------------------------------------------------------------------------------
 * The questionnaire's structure in document order
 * ------------------------------------------------------------------------------------------- */

export type ElementKind = 'page' | 'panel' | 'question';

export interface ElementEntry {
	/** The element's name; '' for a question without one (pages and panels get SurveyJS's names). */
	name: string;
	kind: ElementKind;
	/** 'page', 'panel', or the question type. */
	type: string;
	json: Json;
	/** Position in document order: pages, then their elements, panels flattened in place. */
	order: number;
	/** Position of the element's last descendant (its own for a question without children). */
	end: number;
	/** Index of the page it is on. */
	page: number;
	/** The panel or page it sits in (a page has none). */
	parent: ElementEntry | null;
}

function isJson(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childElements(json: Json): Json[] {
	const children = json.elements ?? json.questions ?? json.templateElements;
	return Array.isArray(children) ? children.filter(isJson) : [];
}

/** The questionnaire's pages (a questionnaire of bare `elements` is one page). */
export function pagesOf(json: QuestionnaireJson): Json[] {
	if (Array.isArray(json.pages)) return json.pages.filter(isJson);
	return childElements(json).length ? [{ elements: childElements(json) }] : [];
}

/** Pages, panels and questions in document order. */
export function elementsInOrder(json: QuestionnaireJson): ElementEntry[] {
	const entries: ElementEntry[] = [];
	let panels = 0;
	const add = (element: Json, page: number, parent: ElementEntry | null, kind: ElementKind) => {
		const given = typeof element.name === 'string' ? element.name.trim() : '';
		const name =
			given || (kind === 'page' ? `page${page + 1}` : kind === 'panel' ? `panel${panels + 1}` : '');
		if (kind === 'panel') panels++;
		const type = kind === 'question' ? String(element.type ?? '') : kind;
		const entry: ElementEntry = {
			name,
			kind,
			type,
			json: element,
			order: entries.length,
			end: entries.length,
			page,
			parent
		};
		entries.push(entry);
		for (const child of childElements(element)) {
			add(child, page, entry, child.type === 'panel' ? 'panel' : 'question');
		}
		entry.end = entries.length - 1;
	};
	pagesOf(json).forEach((page, index) => add(page, index, null, 'page'));
	return entries;
}

/** The value of a choice, row or column as SurveyJS reads it (`"1|Yes"` has the value "1"). */
export function itemValueOf(item: unknown): unknown {
	if (isJson(item)) return item.value;
	if (typeof item === 'string') return item.split('|')[0];
	return item;
}

/* ---------------------------------------------------------------------------------------------
 * Where the questionnaire keeps expressions
 * ------------------------------------------------------------------------------------------- */

/** Property names survey-core reads as conditions (true/false) or as expressions (values). */
const expressionProperties = (() => {
	const kinds = new Map<string, 'condition' | 'expression'>();
	for (const className of Serializer.getAllClasses()) {
		for (const property of Serializer.getProperties(className)) {
			if (property.type === 'condition' && !kinds.has(property.name)) {
				kinds.set(property.name, 'condition');
			} else if (property.type === 'expression') {
				kinds.set(property.name, 'expression');
			}
		}
	}
	return kinds;
})();

/** Whether a property (by its name) holds a condition or expression. */
export function isExpressionProperty(key: string): boolean {
	return expressionProperties.has(key);
}

export type LogicOwner = ElementKind | 'calculated' | 'survey';

export interface LogicLocation {
	/** The question, panel, page or calculated value the expression belongs to; '' for the survey. */
	element: string;
	/** Path within the owner, e.g. 'visibleIf', 'choices[2].visibleIf', 'triggers[0].expression'. */
	property: string;
	expression: string;
	kind: LogicOwner;
}

/** Keys that hold child elements, which are walked as owners of their own. */
const structuralKeys = new Set(['pages', 'elements', 'questions', 'templateElements']);

function collectExpressions(
	json: Json,
	path: string,
	visit: (property: string, expression: string) => void
): void {
	for (const [key, value] of Object.entries(json)) {
		if (structuralKeys.has(key)) continue;
		if (typeof value === 'string') {
			if (expressionProperties.has(key) && value.trim()) visit(path + key, value);
		} else if (Array.isArray(value)) {
			value.forEach((item, i) => {
				if (isJson(item)) collectExpressions(item, `${path}${key}[${i}].`, visit);
			});
		} else if (isJson(value)) {
			collectExpressions(value, `${path}${key}.`, visit);
		}
	}
}

/** Every expression in the questionnaire with where it is, in document order. */
export function logicOf(json: QuestionnaireJson): LogicLocation[] {
	const found: LogicLocation[] = [];
	const root = { ...json };
	delete root.calculatedValues;
	collectExpressions(root, '', (property, expression) =>
		found.push({ element: '', property, expression, kind: 'survey' })
	);
	for (const calculated of calculatedValuesOf(json)) {
		if (calculated.expression.trim()) {
			found.push({
				element: calculated.name,
				property: 'expression',
				expression: calculated.expression,
				kind: 'calculated'
			});
		}
	}
	for (const entry of elementsInOrder(json)) {
		collectExpressions(entry.json, '', (property, expression) =>
			found.push({ element: entry.name, property, expression, kind: entry.kind })
		);
	}
	return found;
}

/** Whether the expression at a location is a condition (true/false) rather than a value. */
export function isConditionProperty(location: { property: string; kind: LogicOwner }): boolean {
	const key = location.property.slice(location.property.lastIndexOf('.') + 1);
	if (location.kind === 'calculated') return false;
	// `expression` is the condition of triggers, validators and thank-you messages, but the value
	// of an expression question.
	if (key === 'expression') return location.property !== 'expression';
	return expressionProperties.get(key) === 'condition';
}

export interface CalculatedValueJson {
	name: string;
	expression: string;
	includeIntoResult: boolean;
}

export function calculatedValuesOf(json: QuestionnaireJson): CalculatedValueJson[] {
	if (!Array.isArray(json.calculatedValues)) return [];
	return json.calculatedValues.filter(isJson).map((value) => ({
		name: typeof value.name === 'string' ? value.name : '',
		expression: typeof value.expression === 'string' ? value.expression : '',
		includeIntoResult: value.includeIntoResult === true
	}));
}

/* ---------------------------------------------------------------------------------------------
 * Describing a location in plain words
 * ------------------------------------------------------------------------------------------- */

const propertyNames: Record<string, string> = {
	visibleIf: 'Display logic',
	enableIf: 'Enable condition',
	requiredIf: 'Required condition',
	resetValueIf: 'Reset condition',
	setValueIf: 'Set-value condition',
	setValueExpression: 'Set-value expression',
	defaultValueExpression: 'Default value expression',
	choicesVisibleIf: 'Choice filter',
	choicesEnableIf: 'Choice enable condition',
	rowsVisibleIf: 'Row filter',
	columnsVisibleIf: 'Column filter',
	minValueExpression: 'Minimum value expression',
	maxValueExpression: 'Maximum value expression',
	totalExpression: 'Total expression',
	templateVisibleIf: 'Panel display logic',
	runExpression: 'Trigger expression',
	expression: 'Expression'
};

/** 'Display logic' for visibleIf, 'Enable condition' for enableIf, …; the name itself otherwise. */
export function propertyLabel(key: string): string {
	return propertyNames[key] ?? key;
}

const ownerNames: Record<LogicOwner, string> = {
	page: 'page',
	panel: 'panel',
	question: 'question',
	calculated: 'calculated value',
	survey: 'survey'
};

const itemNouns: Record<string, string> = {
	choices: 'choice',
	rows: 'row',
	columns: 'column',
	rateValues: 'rating value',
	items: 'item',
	validators: 'validation rule'
};

function triggerName(json: QuestionnaireJson, index: number): string {
	const trigger = Array.isArray(json.triggers) ? json.triggers[index] : undefined;
	const type = isJson(trigger) ? String(trigger.type ?? '') : '';
	const target = isJson(trigger) && typeof trigger.gotoName === 'string' ? trigger.gotoName : '';
	if (type === 'skip')
		return `Skip logic (trigger ${index + 1}${target ? `, to "${target}"` : ''})`;
	if (type === 'complete') return `Early completion (trigger ${index + 1})`;
	return `Trigger ${index + 1}${type ? ` (${type})` : ''}`;
}

/** "Display logic of question "q7"", "Skip logic (trigger 1, to "q9")", … */
export function describeLocation(
	json: QuestionnaireJson,
	location: { element: string; property: string; kind: LogicOwner }
): string {
	const { property, kind } = location;
	const trigger = /^triggers\[(\d+)\]\.expression$/.exec(property);
	if (kind === 'survey' && trigger) return triggerName(json, Number(trigger[1]));
	const thankYou = /^completedHtmlOnCondition\[(\d+)\]\.expression$/.exec(property);
	if (kind === 'survey' && thankYou) {
		return `Condition of thank-you message ${Number(thankYou[1]) + 1}`;
	}
	const key = property.slice(property.lastIndexOf('.') + 1);
	const item = /^(\w+)\[(\d+)\]\./.exec(property);
	let what = propertyLabel(key);
	if (item?.[1] === 'validators') what = 'Validation rule';
	else if (item) what += ` of ${itemNouns[item[1]!] ?? item[1]} ${Number(item[2]) + 1}`;
	const owner = kind === 'survey' ? 'the survey' : `${ownerNames[kind]} "${location.element}"`;
	return `${what} of ${owner}`;
}

/* ---------------------------------------------------------------------------------------------
 * Checking one expression
 * ------------------------------------------------------------------------------------------- */

export interface LogicProblem {
	element: string;
	property: string;
	message: string;
	kind: 'invalid' | 'missing' | 'later';
}

export interface LogicContext {
	json: QuestionnaireJson;
	/** As logicOf gives it: a question, panel, page or calculated value name; '' for the survey. */
	element: string;
	property: string;
	/** What `element` names, when a page and a question share a name; found by name otherwise. */
	kind?: LogicOwner;
}

/** The questionnaire's names as expressions see them (case-insensitive, like survey-core). */
export interface LogicIndex {
	json: QuestionnaireJson;
	entries: ElementEntry[];
	/** Questions by value name (`valueName`, else name), lower-cased; the earliest first. */
	questions: Map<string, ElementEntry[]>;
	calculated: Map<string, CalculatedValueJson>;
}

export function indexLogic(json: QuestionnaireJson): LogicIndex {
	const entries = elementsInOrder(json);
	const questions = new Map<string, ElementEntry[]>();
	for (const entry of entries) {
		if (entry.kind !== 'question') continue;
		const valueName =
			typeof entry.json.valueName === 'string' && entry.json.valueName.trim()
				? entry.json.valueName.trim()
				: entry.name;
		if (!valueName) continue;
		const key = valueName.toLowerCase();
		questions.set(key, [...(questions.get(key) ?? []), entry]);
	}
	const calculated = new Map<string, CalculatedValueJson>();
	for (const value of calculatedValuesOf(json)) {
		if (value.name && !calculated.has(value.name.toLowerCase())) {
			calculated.set(value.name.toLowerCase(), value);
		}
	}
	return { json, entries, questions, calculated };
}

interface Owner {
	kind: LogicOwner;
	entry?: ElementEntry;
}

function findOwner(index: LogicIndex, element: string, kind?: LogicOwner): Owner {
	if (kind === 'survey' || kind === 'calculated') return { kind };
	if (!element) return { kind: 'survey' };
	const kinds: ElementKind[] = kind ? [kind] : ['question', 'panel', 'page'];
	for (const wanted of kinds) {
		const entry = index.entries.find((e) => e.kind === wanted && e.name === element);
		if (entry) return { kind: wanted, entry };
	}
	if (index.calculated.has(element.toLowerCase())) return { kind: 'calculated' };
	return { kind: 'survey' };
}

/** Whether a question's answer is known when the owner's expression is evaluated. */
function answeredBefore(question: ElementEntry, owner: Owner, property: string): boolean {
	const { entry } = owner;
	if (!entry) return true; // survey-wide logic and calculated values run on every change
	if (entry.kind === 'page') return question.page < entry.page;
	// A validation rule checks the question's own answer.
	if (question === entry && property.startsWith('validators[')) return true;
	return question.order < entry.order;
}

function hasComment(json: Json): boolean {
	return ['showCommentArea', 'hasComment', 'showOtherItem', 'hasOther'].some(
		(k) => json[k] === true
	);
}

/** Names survey-core gives the current item, row or panel in the logic of choices, cells, panels. */
const contextualRoots: Record<string, (property: string, owner: Owner) => boolean> = {
	item: (property) => /^(choices|rows|columns)(VisibleIf|EnableIf)$/.test(property),
	choice: (property) => /^(choices|rows|columns)(VisibleIf|EnableIf)$/.test(property),
	row: (property, owner) =>
		property.startsWith('columns[') && /^matrixd/.test(owner.entry?.type ?? ''),
	panel: (_property, owner) => insidePanelDynamic(owner.entry),
	parentpanel: (_property, owner) => insidePanelDynamic(owner.entry),
	panelindex: (_property, owner) => insidePanelDynamic(owner.entry)
};

function insidePanelDynamic(entry: ElementEntry | undefined): boolean {
	for (let at = entry?.parent; at; at = at.parent) if (at.type === 'paneldynamic') return true;
	return false;
}

type Resolution =
	| { found: 'question'; entry: ElementEntry }
	| { found: 'calculated'; value: CalculatedValueJson }
	| { found: 'context' }
	| { found: 'nothing'; reason: string };

const commentSuffix = settings.commentSuffix.toLowerCase();
const unwrapSuffix = settings.expressionVariables.unwrapPostfix.toLowerCase();

function resolveVariable(
	index: LogicIndex,
	variable: string,
	owner: Owner,
	property: string
): Resolution {
	const name = variable.trim();
	const lower = name.toLowerCase();
	const exact = index.questions.get(lower)?.[0];
	if (exact) return { found: 'question', entry: exact };
	const calculated = index.calculated.get(lower);
	if (calculated) return { found: 'calculated', value: calculated };
	if (lower.endsWith(unwrapSuffix)) {
		return resolveVariable(index, name.slice(0, -unwrapSuffix.length), owner, property);
	}
	for (const suffix of [commentSuffix, '-other']) {
		if (!lower.endsWith(suffix)) continue;
		const base = index.questions.get(lower.slice(0, -suffix.length))?.[0];
		if (!base) break;
		if (suffix !== commentSuffix) {
			return {
				found: 'nothing',
				reason: `which does not exist (the text of "Other" or of a comment box is {${base.name}${settings.commentSuffix}})`
			};
		}
		if (!hasComment(base.json)) {
			return { found: 'nothing', reason: `but question "${base.name}" has no comment box` };
		}
		return { found: 'question', entry: base };
	}
	const cut = name.search(/[.[]/);
	const root = cut < 0 ? name : name.slice(0, cut);
	const rest = cut < 0 ? '' : name.slice(cut).replace(/^\./, '');
	const key = property.slice(property.lastIndexOf('.') + 1);
	if (contextualRoots[root.toLowerCase()]?.(key, owner)) return { found: 'context' };
	const parent = index.questions.get(root.toLowerCase())?.[0];
	if (parent) return resolvePart(parent, rest);
	if (index.calculated.has(root.toLowerCase())) {
		return { found: 'calculated', value: index.calculated.get(root.toLowerCase())! };
	}
	return { found: 'nothing', reason: 'which is not a question or calculated value' };
}

/** `{grid.row}` must name a row of the grid; `{text.item}` an item of a multiple text. */
function resolvePart(question: ElementEntry, part: string): Resolution {
	const field =
		question.type === 'matrix' ? 'rows' : question.type === 'multipletext' ? 'items' : '';
	const list = field ? question.json[field] : undefined;
	if (!Array.isArray(list) || !part) return { found: 'question', entry: question };
	const names = list.map((item) =>
		String(field === 'items' ? (isJson(item) ? item.name : item) : itemValueOf(item))
	);
	if (names.some((n) => n.toLowerCase() === part.toLowerCase())) {
		return { found: 'question', entry: question };
	}
	const noun = field === 'rows' ? 'row' : 'item';
	return { found: 'nothing', reason: `but question "${question.name}" has no ${noun} "${part}"` };
}

/** The questions a calculated value reads, through other calculated values too. */
function calculatedFrom(
	index: LogicIndex,
	value: CalculatedValueJson,
	seen = new Set<string>()
): ElementEntry[] {
	if (seen.has(value.name)) return [];
	seen.add(value.name);
	const parsed = parseExpression(value.expression);
	if (!parsed.ok) return [];
	return variablesOf(parsed.operand).flatMap((variable) => {
		const resolved = resolveVariable(index, variable, { kind: 'calculated' }, 'expression');
		if (resolved.found === 'question') return [resolved.entry];
		if (resolved.found === 'calculated') return calculatedFrom(index, resolved.value, seen);
		return [];
	});
}

function whereItIs(question: ElementEntry, index: LogicIndex): string {
	const page = index.entries.find((e) => e.kind === 'page' && e.page === question.page);
	return page ? ` (page "${page.name}")` : '';
}

function laterMessage(subject: string, owner: Owner, variable: string, question: ElementEntry) {
	const { entry } = owner;
	if (question === entry) {
		return `${subject} refers to {${variable}}, the ${entry.kind}'s own answer: it is not known yet when the condition is checked.`;
	}
	if (entry?.kind === 'page') {
		return `${subject} refers to {${variable}}, which is not on an earlier page: its answer is not known yet when the page is shown.`;
	}
	return `${subject} refers to {${variable}}, which comes after it: its answer is not known yet when the condition is checked.`;
}

/** Unknown functions make survey-core's runner fail silently; name them. */
function unknownFunctions(operand: Operand): string[] {
	const names = allOperands(operand)
		.filter((o): o is FunctionOperand => o instanceof FunctionOperand)
		.map((o) => o.functionName)
		.filter(
			(name) =>
				!FunctionFactory.Instance.hasFunction(name) &&
				!FunctionFactory.Instance.hasFunction(name.toLowerCase())
		);
	return [...new Set(names)];
}

function invalidMessage(subject: string, expression: string, at: number | null): string {
	if (at === null) return `${subject} is not a valid expression: "${expression.trim()}".`;
	if (at >= expression.trimEnd().length) {
		return `${subject} is not a valid expression: it ends too early ("${expression.trim()}").`;
	}
	const near = expression.slice(at, at + 20);
	return `${subject} is not a valid expression: the problem is at character ${at + 1} ("${near}").`;
}

/** checkExpression over a prepared index (designChecks checks many expressions at once). */
export function checkExpressionIn(
	index: LogicIndex,
	expression: string,
	context: Omit<LogicContext, 'json'>
): LogicProblem[] {
	if (!expression.trim()) return [];
	const owner = findOwner(index, context.element, context.kind);
	const where = { element: context.element, property: context.property, kind: owner.kind };
	const subject = describeLocation(index.json, where);
	const problem = (kind: LogicProblem['kind'], message: string): LogicProblem => ({
		element: context.element,
		property: context.property,
		message,
		kind
	});
	const parsed = parseExpression(expression);
	if (!parsed.ok) return [problem('invalid', invalidMessage(subject, expression, parsed.at))];
	const problems = unknownFunctions(parsed.operand).map((name) =>
		problem('invalid', `${subject} uses the function ${name}(), which does not exist.`)
	);
	for (const variable of variablesOf(parsed.operand)) {
		const resolved = resolveVariable(index, variable, owner, context.property);
		if (resolved.found === 'nothing') {
			problems.push(problem('missing', `${subject} refers to {${variable}}, ${resolved.reason}.`));
		} else if (resolved.found === 'question') {
			if (!answeredBefore(resolved.entry, owner, context.property)) {
				problems.push(problem('later', laterMessage(subject, owner, variable, resolved.entry)));
			}
		} else if (resolved.found === 'calculated') {
			const late = calculatedFrom(index, resolved.value).find(
				(question) => !answeredBefore(question, owner, context.property)
			);
			if (late) {
				problems.push(
					problem(
						'later',
						`${subject} refers to {${variable}}, which is calculated from {${late.name}}${whereItIs(late, index)}: that answer is not known yet when the condition is checked.`
					)
				);
			}
		}
	}
	return problems;
}

/**
 * Problems with one expression: it does not parse (or calls an unknown function), it refers to
 * something that does not exist, or to a question answered only later (for a page: not on an
 * earlier page; an element's logic referring to the element itself counts as later).
 */
export function checkExpression(expression: string, context: LogicContext): LogicProblem[] {
	return checkExpressionIn(indexLogic(context.json), expression, context);
}
