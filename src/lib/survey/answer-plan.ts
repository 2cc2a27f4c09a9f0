/**
 * A fast path for the server-side answer check (validate-response.ts). The SurveyJS model path
 * costs a millisecond or more per submission for a real questionnaire: setting the data re-runs
 * every condition and calculated value through survey-core's object graph. An answer plan reads a
 * questionnaire once (from one survey-core Model) into plain data and parsed survey-core
 * expressions, and then checks a submission with a few map look-ups and expression evaluations.
 *
 * The plan only ever ACCEPTS: `check` returns a result when it is certain that the model path
 * would return exactly the same one (same answers, same key order, same endedByTrigger), and null
 * otherwise, so that the model gives the verdict and the error messages. A questionnaire with any
 * property the plan does not reproduce gets no plan at all (compileAnswerPlan returns null): the
 * properties are checked against a whitelist, so anything unknown falls back rather than guessed.
 *
 * What the plan reproduces of survey-core 2.5 (and of the model path in validate-response.ts):
 * - Expressions are survey-core's own operands (ConditionsParser), evaluated with the plan giving
 *   the variables' values. On a Model, `{name}` is first a survey variable (where calculated
 *   values live, lower-cased), then the question's value, found even when unanswered
 *   (`question.value`: [] for a checkbox, undefined otherwise), then the raw data. Only plain
 *   names of questions and calculated values are allowed, matched exactly and unique
 *   case-insensitively; matrices (whose own context resolves row names first) are not.
 * - A question is answerable when its own visibleIf holds and every panel around it is shown
 *   (`question.isVisible && question.isParentVisible`): a question in a hidden panel is neither
 *   required nor kept. A panel or page is shown when its visibleIf holds and it shows an element.
 * - A calculated value keeps its previous value when the new one "equals" it in
 *   Helpers.isTwoValueEquals (1 and true, '' and undefined...), so what it holds depends on the
 *   submissions a reused model checked before. Calculated values are therefore only planned when
 *   they can only be numbers or empty, and where one used in an expression is empty (seen there as
 *   '' or null depending on that history) every combination must give the same outcome.
 * - Complete triggers see only the checked answers, as in the model path.
 */
import {
	ConditionsParser,
	Helpers,
	Model,
	type ItemValue,
	type Operand,
	type Question,
	type QuestionSelectBase
} from 'survey-core';
import { selectItems } from './codebook.ts';
import type { QuestionnaireJson } from './questionnaire.ts';
import {
	compileValueCheck,
	takesComment,
	type ResponseStatus,
	type ValidationResult,
	type ValueCheck
} from './validate-response.ts';

export interface AnswerPlan {
	/**
	 * The model path's result when the plan is certain of it (always `ok: true`), otherwise null:
	 * the answers break a rule, or the plan cannot be sure, and the model must decide.
	 */
	check(answers: unknown, status: ResponseStatus): ValidationResult | null;
}

// ---------------------------------------------------------------------------------------------
// The whitelist of questionnaire properties
// ---------------------------------------------------------------------------------------------

type PropertyCheck = (value: unknown) => boolean;

/** Text, layout and other properties that do not change which answers are accepted. */
const anything: PropertyCheck = () => true;
const isBoolean: PropertyCheck = (value) => typeof value === 'boolean';
const isFiniteNumber: PropertyCheck = (value) =>
	typeof value === 'number' && Number.isFinite(value);
const isNumeric: PropertyCheck = (value) =>
	isFiniteNumber(value) ||
	(typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)));
const isExpression: PropertyCheck = (value) => typeof value === 'string' && value.trim() !== '';
const isName: PropertyCheck = (value) => typeof value === 'string' && namePattern.test(value);

/** Names that are plain identifiers: no spaces (SurveyJS trims data keys), dots or brackets. */
const namePattern = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** A choice, row, column or rating value: a code, or `{ value, text }`. */
function isItemCode(value: unknown): boolean {
	return isFiniteNumber(value) || (typeof value === 'string' && value.trim() !== '');
}
const isItems: PropertyCheck = (value) =>
	Array.isArray(value) &&
	value.every(
		(item) =>
			isItemCode(item) ||
			(isPlainObject(item) &&
				isItemCode(item.value) &&
				Object.keys(item).every((key) => key === 'value' || key === 'text'))
	);

const surveyProperties: Record<string, PropertyCheck> = {
	title: anything,
	description: anything,
	logo: anything,
	logoPosition: anything,
	logoWidth: anything,
	logoHeight: anything,
	logoFit: anything,
	locale: anything,
	languages: anything,
	showProgressBar: anything,
	progressBarType: anything,
	showQuestionNumbers: anything,
	questionTitleLocation: anything,
	questionDescriptionLocation: anything,
	questionErrorLocation: anything,
	showTitle: anything,
	showPageTitles: anything,
	showPageNumbers: anything,
	showCompletedPage: anything,
	completedHtml: anything,
	completedHtmlOnCondition: anything,
	overQuotaText: anything,
	screenedOutText: anything,
	completedBeforeHtml: anything,
	loadingHtml: anything,
	pagePrevText: anything,
	pageNextText: anything,
	completeText: anything,
	showPrevButton: anything,
	showNavigationButtons: anything,
	requiredMark: anything,
	requiredText: anything,
	widthMode: anything,
	width: anything,
	headerView: anything,
	// Checked in detail below.
	pages: Array.isArray,
	elements: Array.isArray,
	triggers: Array.isArray,
	calculatedValues: Array.isArray
};

const pageProperties: Record<string, PropertyCheck> = {
	name: anything,
	title: anything,
	description: anything,
	navigationTitle: anything,
	navigationDescription: anything,
	questionTitleLocation: anything,
	visibleIf: isExpression,
	elements: Array.isArray
};

const layout: Record<string, PropertyCheck> = {
	startWithNewLine: anything,
	width: anything,
	minWidth: anything,
	maxWidth: anything,
	indent: anything
};

const panelProperties: Record<string, PropertyCheck> = {
	...layout,
	type: anything,
	name: isName,
	title: anything,
	description: anything,
	state: anything,
	showNumber: anything,
	showQuestionNumbers: anything,
	questionTitleLocation: anything,
	innerIndent: anything,
	visibleIf: isExpression,
	elements: Array.isArray
};

const questionProperties: Record<string, PropertyCheck> = {
	...layout,
	type: anything,
	name: isName,
	title: anything,
	description: anything,
	titleLocation: anything,
	descriptionLocation: anything,
	hideNumber: anything,
	errorLocation: anything,
	requiredErrorText: anything,
	attentionCheck: anything,
	isRequired: isBoolean,
	visibleIf: isExpression
};

const commentArea: Record<string, PropertyCheck> = {
	showCommentArea: isBoolean,
	commentText: anything,
	commentPlaceholder: anything
};

const selectProperties: Record<string, PropertyCheck> = {
	...questionProperties,
	...commentArea,
	choices: isItems,
	colCount: anything,
	separateSpecialChoices: anything,
	placeholder: anything,
	allowClear: anything,
	searchEnabled: anything,
	showNoneItem: isBoolean,
	noneText: anything,
	showOtherItem: isBoolean,
	otherText: anything,
	otherPlaceholder: anything,
	otherErrorText: anything
};

const typeProperties: Record<string, Record<string, PropertyCheck>> = {
	radiogroup: selectProperties,
	dropdown: selectProperties,
	checkbox: selectProperties,
	tagbox: selectProperties,
	rating: {
		...questionProperties,
		...commentArea,
		rateMin: isFiniteNumber,
		rateMax: isFiniteNumber,
		rateStep: isFiniteNumber,
		rateCount: isFiniteNumber,
		rateValues: isItems,
		rateType: anything,
		displayMode: anything,
		minRateDescription: anything,
		maxRateDescription: anything,
		rateDescriptionLocation: anything,
		displayRateDescriptionsAsExtremeItems: anything,
		scaleColorMode: anything,
		rateColorMode: anything,
		autoGenerate: anything
	},
	boolean: {
		...questionProperties,
		...commentArea,
		labelTrue: anything,
		labelFalse: anything,
		swapOrder: anything
	},
	text: {
		...questionProperties,
		inputType: (value) => value === 'text' || value === 'number',
		min: isNumeric,
		max: isNumeric,
		step: isNumeric,
		placeholder: anything,
		size: anything,
		autocomplete: anything
	},
	comment: {
		...questionProperties,
		placeholder: anything,
		rows: anything,
		autoGrow: anything,
		allowResize: anything
	},
	matrix: {
		...questionProperties,
		...commentArea,
		rows: isItems,
		columns: isItems,
		eachRowRequired: isBoolean,
		isAllRowRequired: isBoolean,
		columnMinWidth: anything,
		rowTitleWidth: anything,
		alternateRows: anything,
		showHeader: anything,
		verticalAlign: anything
	},
	html: { ...layout, type: anything, name: isName, html: anything, visibleIf: isExpression },
	panel: panelProperties
};

function hasOnly(json: Record<string, unknown>, allowed: Record<string, PropertyCheck>): boolean {
	for (const [key, value] of Object.entries(json)) {
		const check = Object.hasOwn(allowed, key) ? allowed[key] : undefined;
		if (!check || !check(value)) return false;
	}
	return true;
}

function elementsWhitelisted(elements: unknown[]): boolean {
	return elements.every((element) => {
		if (!isPlainObject(element) || typeof element.type !== 'string') return false;
		const allowed = Object.hasOwn(typeProperties, element.type)
			? typeProperties[element.type]
			: undefined;
		if (!allowed || !hasOnly(element, allowed)) return false;
		if (element.type === 'panel') return elementsWhitelisted((element.elements ?? []) as unknown[]);
		if (element.type === 'html') return true;
		if (!isName(element.name)) return false;
		// min, max and step mean something else (or nothing) for other input types.
		if (element.type === 'text' && element.inputType !== 'number') {
			return !('min' in element || 'max' in element || 'step' in element);
		}
		return true;
	});
}

function whitelisted(json: QuestionnaireJson): boolean {
	if (!hasOnly(json, surveyProperties)) return false;
	if ('pages' in json && 'elements' in json) return false;
	const pages = (json.pages ?? []) as unknown[];
	if (!pages.every((page) => isPlainObject(page) && hasOnly(page, pageProperties))) return false;
	const pageElements = pages.map((page) => (page as { elements?: unknown[] }).elements ?? []);
	if (![...pageElements, (json.elements ?? []) as unknown[]].every(elementsWhitelisted))
		return false;
	const triggers = (json.triggers ?? []) as unknown[];
	const triggerKeys: Record<string, PropertyCheck> = {
		type: (value) => value === 'complete',
		expression: isExpression
	};
	if (!triggers.every((trigger) => isPlainObject(trigger) && hasOnly(trigger, triggerKeys))) {
		return false;
	}
	const calculatedKeys: Record<string, PropertyCheck> = {
		name: isName,
		expression: isExpression,
		includeIntoResult: isBoolean
	};
	const calculated = (json.calculatedValues ?? []) as unknown[];
	return calculated.every(
		(value) =>
			isPlainObject(value) &&
			hasOnly(value, calculatedKeys) &&
			isName(value.name) &&
			isExpression(value.expression)
	);
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

/**
 * Names SurveyJS resolves before (or instead of) questions and variables: built-in variables,
 * the context words of expressions, and `length` (read from a string or array value).
 */
const reservedNames = new Set(
	[
		'pageno',
		'pagecount',
		'correctedanswers',
		'correctanswers',
		'correctedanswercount',
		'incorrectedanswers',
		'incorrectanswers',
		'incorrectedanswercount',
		'questioncount',
		'locale',
		'length',
		'survey',
		'self',
		'parent',
		'matrix',
		'composite',
		'item',
		'choice',
		'column',
		'row',
		'prevrow',
		'nextrow',
		'totalrow',
		'rowindex',
		'visiblerowindex',
		'rowvalue',
		'rowname',
		'rowtitle',
		'panel',
		'prevpanel',
		'nextpanel',
		'parentpanel',
		'panelindex',
		'visiblepanelindex'
	].map((name) => name.toLowerCase())
);

/** Functions whose result depends on their arguments only. */
const pureFunctions = new Set(['iif']);

/** What a variable in an expression names. */
interface Ref {
	/** Index into the calculated values, for a calculated value. */
	calculated?: number;
	/** A question's value when unanswered (`question.value`), for a question. */
	empty?: () => unknown;
	/** The question's answers are always numbers. */
	numeric?: boolean;
}

interface Compiled {
	root: Operand;
	variables: string[];
}

function operands(root: Operand): Operand[] {
	const list: Operand[] = [];
	root.addOperandsToList(list);
	return list;
}

function compileExpression(text: string, refs: Map<string, Ref>): Compiled | null {
	const root = new ConditionsParser().parseExpression(text) as Operand | undefined;
	if (!root || root.hasAsyncFunction()) return null;
	const variables: string[] = [];
	for (const operand of operands(root)) {
		switch (operand.getType()) {
			case 'const':
			case 'binary':
			case 'unary':
			case 'array':
				break;
			case 'variable': {
				const name = (operand as unknown as { variable: string }).variable;
				if (!refs.has(name) || reservedNames.has(name.toLowerCase())) return null;
				variables.push(name);
				break;
			}
			case 'function': {
				const name = (operand as unknown as { functionName: string }).functionName;
				if (!pureFunctions.has(name)) return null;
				break;
			}
			default:
				return null;
		}
	}
	return { root, variables };
}

/** Which kinds of value an expression can give: numbers and empty ones, or anything (null). */
function numericOrEmpty(operand: Operand, refs: Map<string, Ref>): boolean {
	switch (operand.getType()) {
		case 'const': {
			const value = (operand as unknown as { evaluate(): unknown }).evaluate();
			return value === '' || (isFiniteNumber(value) && !Object.is(value, -0));
		}
		case 'variable': {
			const ref = refs.get((operand as unknown as { variable: string }).variable);
			return ref !== undefined && (ref.calculated !== undefined || ref.numeric === true);
		}
		case 'function': {
			const fn = operand as unknown as { functionName: string; paramValues: Operand[] };
			if (fn.functionName !== 'iif' || fn.paramValues.length !== 3) return false;
			return numericOrEmpty(fn.paramValues[1]!, refs) && numericOrEmpty(fn.paramValues[2]!, refs);
		}
		default:
			return false;
	}
}

/** What a survey-core Variable operand asks its value source for (ProcessValue.getValueInfo). */
interface ValueInfo {
	name: string;
	value?: unknown;
	hasValue?: boolean;
	strictCompare?: boolean;
}

/**
 * Stands in for survey-core's ProcessValue when an expression's operands are evaluated: the same
 * operand code runs, only the look-up of `{name}` is the plan's. Functions read `properties`
 * (none are passed to the whitelisted ones) and `asyncValues` (none are async).
 */
abstract class ValueSource {
	readonly properties = null;
	readonly asyncValues = {};
	abstract getValueInfo(info: ValueInfo): void;

	/** The operand's value, as ExpressionRunner.runContext would give it. */
	run(root: Operand): unknown {
		return (root as unknown as { evaluate(source: ValueSource): unknown }).evaluate(this);
	}
}

/**
 * The values expressions see on a model holding the given answers (SurveyValueGetterContext, see
 * the module comment): a calculated value when set, otherwise the question's value, found even
 * when empty.
 */
class ModelValues extends ValueSource {
	given: Record<string, unknown> = {};
	calculated: unknown[] = [];

	constructor(private readonly refs: Map<string, Ref>) {
		super();
	}

	getValueInfo(info: ValueInfo): void {
		const ref = this.refs.get(info.name)!;
		let value: unknown;
		let found = true;
		if (ref.calculated !== undefined) {
			value = this.calculated[ref.calculated];
			found = value !== undefined;
		} else {
			value = this.given[info.name];
			if (value === undefined) value = ref.empty!();
		}
		info.value = value;
		info.hasValue = found;
		info.strictCompare = undefined;
	}
}

/**
 * The values a complete trigger sees in the model path (`runValues(answers)`, a
 * VariableGetterContext over the checked answers): an answer when given, nothing otherwise. Names
 * are matched case-insensitively there; the plan's names are unique that way and matched exactly.
 */
class GivenValues extends ValueSource {
	given: Record<string, unknown> = {};

	getValueInfo(info: ValueInfo): void {
		const value = this.given[info.name];
		info.value = value;
		info.hasValue = value !== undefined;
		info.strictCompare = undefined;
	}
}

// ---------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------

interface QuestionEntry {
	name: string;
	commentKey: string;
	/** The shape and code check; absent for elements that take no answer (html). */
	check?: ValueCheck;
	takesComment: boolean;
	/** Index of its visibleIf in `conditions`, or -1. */
	condition: number;
	isRequired: boolean;
	/** String(code) of the "other" item, when shown: its comment is required. */
	otherCode?: string;
	/** Row keys that must all be answered (matrix with eachRowRequired). */
	requiredRows?: string[];
	min?: number;
	max?: number;
	step?: number;
}

/**
 * An element of a page or panel: a question's index (>= 0), or a panel's as `-1 - index`.
 */
type ElementRef = number;

interface PanelEntry {
	/** Index of its visibleIf in `conditions`, or -1. */
	condition: number;
	children: ElementRef[];
}

interface PageEntry {
	condition: number;
	children: ElementRef[];
	/** Its questions in page order (panels flattened), as `page.questions`. */
	questions: number[];
}

interface CalculatedEntry {
	name: string;
	compiled: Compiled;
	includeIntoResult: boolean;
	/** Used by a visibleIf or another calculated value: must be a number. */
	referenced: boolean;
}

const commentSuffix = '-Comment';

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Mirrors survey-core's isStepNumberIncorrect for an answered number question. */
function stepIncorrect(value: number, renderedStep: number): boolean {
	if (!Helpers.isNumber(value)) return false;
	let val = Helpers.getNumber(value);
	let step = renderedStep;
	let pw = 1;
	while (
		(Math.round(step * pw) / pw !== step || Math.round(val * pw) / pw !== val) &&
		pw < 1000000
	) {
		pw *= 10;
	}
	val = Math.round(val * pw);
	step = Math.round(step * pw);
	return step > 0 && val % step !== 0;
}

/** Survey-core's emptiness of an accepted answer, which the plan leaves to the model. */
function isEmptyAnswer(value: unknown): boolean {
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.length === 0;
	if (isPlainObject(value)) return Object.keys(value).length === 0;
	return false;
}

function isPlannedNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0);
}

function sameList(a: unknown[], b: unknown[]): boolean {
	return a.length === b.length && a.every((value, i) => value === b[i]);
}

const emptyList = () => [];
const nothing = () => undefined;

const answerTypes = new Set([
	'radiogroup',
	'dropdown',
	'checkbox',
	'tagbox',
	'rating',
	'boolean',
	'text',
	'comment',
	'matrix'
]);

function itemCodes(items: ItemValue[]): unknown[] {
	return items.map((item) => item.value);
}

/** Codes are usable when non-empty and distinct as strings (as the checks key them). */
function codesUsable(codes: unknown[]): boolean {
	return (
		codes.every((code) => isItemCode(code)) && new Set(codes.map(String)).size === codes.length
	);
}

/**
 * Compiles a questionnaire into an answer plan, or null when it uses anything the plan does not
 * reproduce exactly (the model then checks every submission). `model` may be a Model already built
 * from `json`: it is only read.
 */
export function compileAnswerPlan(json: QuestionnaireJson, model?: Model): AnswerPlan | null {
	try {
		if (!whitelisted(json)) return null;
		return buildPlan(model ?? new Model(json));
	} catch {
		return null;
	}
}

function buildPlan(model: Model): AnswerPlan | null {
	const questions: QuestionEntry[] = [];
	const byName = new Map<string, number>();
	const refs = new Map<string, Ref>();
	const lowerNames = new Set<string>();
	const modelQuestions = model.getAllQuestions(false, false, true) as Question[];
	const matrices = new Map<Question, string[]>();

	for (const question of modelQuestions) {
		const name = question.getValueName();
		const type = question.getType();
		if (!namePattern.test(name) || name !== question.name || name in {}) return null;
		if (lowerNames.has(name.toLowerCase())) return null;
		lowerNames.add(name.toLowerCase());
		if (type === 'html') continue;
		if (!answerTypes.has(type)) return null;
		const flags = question as unknown as { showOtherItem?: boolean; showCommentArea?: boolean };
		if (flags.showOtherItem && flags.showCommentArea) return null;
		if (type === 'matrix') {
			const matrix = question as unknown as {
				rows: ItemValue[];
				columns: ItemValue[];
				visibleRows: { name: unknown }[];
			};
			const rows = itemCodes(matrix.rows);
			if (!codesUsable(rows) || !codesUsable(itemCodes(matrix.columns))) return null;
			const visibleRows = matrix.visibleRows.map((row) => row.name);
			if (visibleRows.length !== rows.length || visibleRows.some((row, i) => row !== rows[i])) {
				return null;
			}
			matrices.set(question, rows.map(String));
			continue; // not usable in expressions: see MatrixValueGetterContext
		}
		let numeric = false;
		if (['radiogroup', 'dropdown', 'checkbox', 'tagbox'].includes(type)) {
			const codes = itemCodes(selectItems(question as QuestionSelectBase));
			if (!codesUsable(codes)) return null;
			numeric = type === 'radiogroup' || type === 'dropdown' ? codes.every(isFiniteNumber) : false;
		} else if (type === 'rating') {
			const codes = itemCodes(
				(question as unknown as { visibleRateValues: ItemValue[] }).visibleRateValues
			);
			if (!codesUsable(codes)) return null;
			numeric = codes.every(isFiniteNumber);
		} else if (type === 'boolean') {
			const q = question as unknown as { getValueTrue(): unknown; getValueFalse(): unknown };
			if (q.getValueTrue() !== true || q.getValueFalse() !== false) return null;
		} else if (type === 'text') {
			numeric = (question as unknown as { inputType: string }).inputType === 'number';
		}
		refs.set(name, {
			empty: type === 'checkbox' || type === 'tagbox' ? emptyList : nothing,
			numeric
		});
	}

	const calculatedValues = model.calculatedValues;
	calculatedValues.forEach((value, index) => {
		refs.set(value.name, { calculated: index });
	});
	for (const value of calculatedValues) {
		if (!namePattern.test(value.name) || value.name in {}) return null;
		if (lowerNames.has(value.name.toLowerCase())) return null;
		lowerNames.add(value.name.toLowerCase());
	}
	const variableNames = new Set(calculatedValues.map((value) => value.name.toLowerCase()));
	if (!model.getVariableNames().every((name) => variableNames.has(name))) return null;

	// Calculated values, in an order where each comes after those it uses.
	const calculated: CalculatedEntry[] = [];
	for (const value of calculatedValues) {
		const compiled = compileExpression(value.expression, refs);
		if (!compiled || !numericOrEmpty(compiled.root, refs)) return null;
		calculated.push({
			name: value.name,
			compiled,
			includeIntoResult: value.includeIntoResult === true,
			referenced: false
		});
	}
	const order: number[] = [];
	const state = new Map<number, 'visiting' | 'done'>();
	const visit = (index: number): boolean => {
		if (state.get(index) === 'done') return true;
		if (state.get(index) === 'visiting') return false;
		state.set(index, 'visiting');
		for (const name of calculated[index]!.compiled.variables) {
			const used = refs.get(name)!.calculated;
			if (used === undefined) continue;
			calculated[used]!.referenced = true;
			if (!visit(used)) return false;
		}
		state.set(index, 'done');
		order.push(index);
		return true;
	};
	for (let i = 0; i < calculated.length; i++) if (!visit(i)) return null;

	// visibleIf of questions, panels and pages.
	const conditions: Compiled[] = [];
	const condition = (element: { visibleIf: string }, rows?: string[]): number | null => {
		const text = element.visibleIf;
		if (!text) return -1;
		const compiled = compileExpression(text, refs);
		if (!compiled) return null;
		for (const name of compiled.variables) {
			const used = refs.get(name)!.calculated;
			if (used !== undefined) calculated[used]!.referenced = true;
			// A matrix resolves its rows' names first in its own conditions.
			const lower = name.toLowerCase();
			if (rows?.some((row) => row.toLowerCase() === lower || row.toLocaleLowerCase() === lower)) {
				return null;
			}
		}
		conditions.push(compiled);
		return conditions.length - 1;
	};

	for (const question of modelQuestions) {
		const name = question.getValueName();
		const index = condition(question, matrices.get(question));
		if (index === null) return null;
		const entry: QuestionEntry = {
			name,
			commentKey: `${name}${commentSuffix}`,
			takesComment: takesComment(question),
			condition: index,
			isRequired: question.isRequired === true
		};
		const type = question.getType();
		if (type !== 'html') entry.check = compileValueCheck(question);
		if ((question as unknown as { showOtherItem?: boolean }).showOtherItem) {
			entry.otherCode = String((question as QuestionSelectBase).otherItem.value);
		}
		if (
			type === 'matrix' &&
			(question as unknown as { eachRowRequired: boolean }).eachRowRequired
		) {
			entry.requiredRows = matrices.get(question);
		}
		if (type === 'text' && (question as unknown as { inputType: string }).inputType === 'number') {
			const text = question as unknown as {
				renderedMin: unknown;
				renderedMax: unknown;
				renderedStep: unknown;
				isValueEmpty(value: unknown): boolean;
			};
			for (const [key, bound] of [
				['min', text.renderedMin],
				['max', text.renderedMax]
			] as const) {
				if (text.isValueEmpty(bound)) continue;
				if (typeof bound !== 'number' && typeof bound !== 'string') return null;
				entry[key] = Number(bound);
			}
			if (Helpers.isNumber(text.renderedStep)) entry.step = Helpers.getNumber(text.renderedStep);
		}
		byName.set(name, questions.length);
		questions.push(entry);
	}

	// Pages and panels. Panels are listed after the panels they contain.
	const questionIndex = new Map(modelQuestions.map((question, index) => [question, index]));
	const panels: PanelEntry[] = [];
	const refsOf = (elements: unknown[], questionsInto: number[]): ElementRef[] | null => {
		const result: ElementRef[] = [];
		for (const element of elements) {
			const panel = element as { isPanel?: boolean; elements: unknown[]; visibleIf: string };
			if (panel.isPanel) {
				const index = condition(panel);
				const children = refsOf(panel.elements, questionsInto);
				if (index === null || !children) return null;
				panels.push({ condition: index, children });
				result.push(-panels.length);
			} else {
				const index = questionIndex.get(element as Question);
				if (index === undefined) return null;
				questionsInto.push(index);
				result.push(index);
			}
		}
		return result;
	};
	const pages: PageEntry[] = [];
	for (const page of model.pages) {
		if (page.isStartPage) return null;
		const index = condition(page);
		const flat: number[] = [];
		const children = refsOf(page.elements, flat);
		if (index === null || !children) return null;
		const own = page.questions.map((question) => questionIndex.get(question));
		if (own.length !== flat.length || own.some((q, i) => q !== flat[i])) return null;
		pages.push({ condition: index, children, questions: flat });
	}
	if (pages.reduce((sum, page) => sum + page.questions.length, 0) !== modelQuestions.length) {
		return null;
	}

	const triggers: Operand[] = [];
	for (const trigger of model.triggers) {
		const expression = (trigger as unknown as { expression?: string }).expression;
		if (trigger.getType() !== 'completetrigger') return null;
		if (!expression) continue;
		const compiled = compileExpression(expression, refs);
		if (!compiled) return null;
		triggers.push(compiled.root);
	}

	const included = new Set(
		calculatedValues.filter((value) => value.includeIntoResult).map((value) => value.name)
	);
	return new Plan(questions, byName, pages, panels, conditions, calculated, order, triggers, {
		included,
		context: new ModelValues(refs)
	});
}

class Plan implements AnswerPlan {
	private readonly included: Set<string>;
	private readonly context: ModelValues;
	private readonly givenValues = new GivenValues();
	/** Per evaluation: each condition's result, each question's and panel's visibility. */
	private readonly conditionResults: boolean[];
	private readonly questionShown: boolean[];
	private readonly panelShown: boolean[];
	/** Shown, and so is every panel around it (each question's, each panel's). */
	private readonly questionInView: boolean[];
	private readonly panelInView: boolean[];
	/** The panel directly around each question and each panel, or -1. */
	private readonly questionParent: number[];
	private readonly panelParent: number[];
	/** Included calculated values as they go into the result (undefined when left out). */
	private readonly outputs: unknown[] = [];
	/** Calculated values used in expressions that came out empty in the last evaluation. */
	private readonly empties: number[] = [];

	constructor(
		private readonly questions: QuestionEntry[],
		private readonly byName: Map<string, number>,
		private readonly pages: PageEntry[],
		private readonly panels: PanelEntry[],
		private readonly conditions: Compiled[],
		private readonly calculated: CalculatedEntry[],
		private readonly order: number[],
		private readonly triggers: Operand[],
		options: { included: Set<string>; context: ModelValues }
	) {
		this.included = options.included;
		this.context = options.context;
		this.conditionResults = new Array<boolean>(conditions.length).fill(true);
		this.questionShown = new Array<boolean>(questions.length).fill(true);
		this.panelShown = new Array<boolean>(panels.length).fill(true);
		this.questionInView = new Array<boolean>(questions.length).fill(true);
		this.panelInView = new Array<boolean>(panels.length).fill(true);
		this.questionParent = new Array<number>(questions.length).fill(-1);
		this.panelParent = new Array<number>(panels.length).fill(-1);
		panels.forEach((panel, index) => {
			for (const ref of panel.children) {
				if (ref >= 0) this.questionParent[ref] = index;
				else this.panelParent[-1 - ref] = index;
			}
		});
	}

	check(answers: unknown, status: ResponseStatus): ValidationResult | null {
		const given = this.read(answers);
		if (!given) return null;
		const screenedOut = this.screenedOut(given);
		this.context.given = given;
		if (!this.evaluate(null)) return null;
		if (this.empties.length > 0 && !this.emptiesIrrelevant()) return null;
		const pages = this.visiblePages();
		const lastPage = screenedOut ? this.lastAnsweredPage(pages, given) : pages.length - 1;
		const cleaned = this.cleaned(pages, lastPage, given, status);
		if (!cleaned) return null;
		return { ok: true, answers: cleaned, endedByTrigger: screenedOut };
	}

	/** The answers as the model path checks them (`given`), or null for any refusal or doubt. */
	private read(answers: unknown): Record<string, unknown> | null {
		if (!isPlainObject(answers)) return null;
		const given: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(answers)) {
			if (this.included.has(key)) continue; // recomputed, never taken from the client
			const isComment = key.endsWith(commentSuffix);
			const index = this.byName.get(isComment ? key.slice(0, -commentSuffix.length) : key);
			if (index === undefined) return null;
			const question = this.questions[index]!;
			if (!question.check || (isComment && !question.takesComment)) return null;
			if (value === null || value === undefined) continue;
			if (isComment) {
				if (typeof value !== 'string' || value.trim() === '') return null;
				given[key] = value;
				continue;
			}
			const checked = question.check(value);
			if (!checked.ok || isEmptyAnswer(checked.value)) return null;
			given[key] = checked.value;
		}
		return given;
	}

	private screenedOut(given: Record<string, unknown>): boolean {
		const source = this.givenValues;
		source.given = given;
		for (const root of this.triggers) if (source.run(root) === true) return true;
		return false;
	}

	/**
	 * Runs the calculated values and the conditions on the answers in `context.given`. A calculated
	 * value used in an expression that comes out empty is seen there as '' or as null, depending on
	 * what the reused model held before (see the module comment): `seen` says which to use for
	 * each, null meaning '' for all and collecting them in `empties`. False when a value is not
	 * one the plan reproduces.
	 */
	private evaluate(seen: Map<number, '' | null> | null): boolean {
		const context = this.context;
		const visible = context.calculated;
		const outputs = this.outputs;
		if (!seen) this.empties.length = 0;
		for (const index of this.order) {
			const entry = this.calculated[index]!;
			const value = context.run(entry.compiled.root);
			const empty = value === undefined || value === null || value === '';
			if (!empty && !isPlannedNumber(value)) return false;
			outputs[index] = empty ? undefined : value;
			if (!empty || !entry.referenced) {
				visible[index] = value;
			} else if (!seen) {
				this.empties.push(index);
				visible[index] = '';
			} else {
				const as = seen.get(index);
				if (as === undefined) return false;
				visible[index] = as;
			}
		}
		const results = this.conditionResults;
		for (let i = 0; i < this.conditions.length; i++) {
			results[i] = context.run(this.conditions[i]!.root) === true;
		}
		return true;
	}

	/**
	 * True when it makes no difference whether the model holds '' or null for each calculated
	 * value in `empties`: every combination gives the same conditions and calculated values.
	 */
	private emptiesIrrelevant(): boolean {
		const list = [...this.empties];
		if (list.length > 3) return false;
		const results = [...this.conditionResults];
		const outputs = [...this.outputs];
		let same = true;
		for (let mask = 1; same && mask < 1 << list.length; mask++) {
			const seen = new Map(
				list.map((index, bit) => [index, mask & (1 << bit) ? null : ''] as const)
			);
			same =
				this.evaluate(seen) &&
				sameList(this.conditionResults, results) &&
				sameList(this.outputs, outputs);
		}
		// Leave the first evaluation's results for the caller.
		results.forEach((result, i) => (this.conditionResults[i] = result));
		outputs.forEach((output, i) => (this.outputs[i] = output));
		return same;
	}

	/** The pages SurveyJS lists as visible: own condition true and some element shown. */
	private visiblePages(): PageEntry[] {
		const results = this.conditionResults;
		const questionShown = this.questionShown;
		const panelShown = this.panelShown;
		for (let i = 0; i < this.questions.length; i++) {
			const condition = this.questions[i]!.condition;
			questionShown[i] = condition < 0 || results[condition]!;
		}
		const shows = (children: ElementRef[]): boolean => {
			for (const ref of children) {
				if (ref >= 0 ? questionShown[ref] : panelShown[-1 - ref]) return true;
			}
			return false;
		};
		// Panels come after the panels they contain.
		for (let i = 0; i < this.panels.length; i++) {
			const panel = this.panels[i]!;
			panelShown[i] = (panel.condition < 0 || results[panel.condition]!) && shows(panel.children);
		}
		// Outer panels come last, so going backwards each panel's parent is settled before it.
		for (let i = this.panels.length - 1; i >= 0; i--) {
			const parent = this.panelParent[i]!;
			this.panelInView[i] = panelShown[i]! && (parent < 0 || this.panelInView[parent]!);
		}
		for (let i = 0; i < this.questions.length; i++) {
			const parent = this.questionParent[i]!;
			this.questionInView[i] = questionShown[i]! && (parent < 0 || this.panelInView[parent]!);
		}
		const pages: PageEntry[] = [];
		for (const page of this.pages) {
			if ((page.condition < 0 || results[page.condition]!) && shows(page.children))
				pages.push(page);
		}
		return pages;
	}

	/** A screened-out respondent saw the pages up to the last one they answered. */
	private lastAnsweredPage(pages: PageEntry[], given: Record<string, unknown>): number {
		let last = 0;
		for (let p = 0; p < pages.length; p++) {
			for (const q of pages[p]!.questions) {
				if (this.questions[q]!.name in given) {
					last = p;
					break;
				}
			}
		}
		return last;
	}

	/**
	 * The answers to the questions shown, in page and question order with each comment after its
	 * question, then the included calculated values; null when a complete response fails a rule.
	 */
	private cleaned(
		pages: PageEntry[],
		lastPage: number,
		given: Record<string, unknown>,
		status: ResponseStatus
	): Record<string, unknown> | null {
		const cleaned: Record<string, unknown> = {};
		for (let p = 0; p < pages.length; p++) {
			const validate = status === 'complete' && p <= lastPage;
			for (const q of pages[p]!.questions) {
				if (!this.questionInView[q]) continue;
				const question = this.questions[q]!;
				const value = given[question.name];
				if (validate && !valid(question, value, given)) return null;
				if (value !== undefined) cleaned[question.name] = value;
				const comment = given[question.commentKey];
				if (comment !== undefined) cleaned[question.commentKey] = comment;
			}
		}
		// In the questionnaire's order of calculated values, as the model path lists them.
		for (let index = 0; index < this.calculated.length; index++) {
			const entry = this.calculated[index]!;
			const value = this.outputs[index];
			if (entry.includeIntoResult && value !== undefined) cleaned[entry.name] = value;
		}
		return cleaned;
	}
}

/** What `question.validate(true)` finds for an answer (answers in `given` are never empty). */
function valid(question: QuestionEntry, value: unknown, given: Record<string, unknown>): boolean {
	// An unanswered matrix with eachRowRequired misses its rows even when not required.
	if (value === undefined) return !question.isRequired && !question.requiredRows;
	if (question.otherCode !== undefined) {
		const other = question.otherCode;
		const chosen = Array.isArray(value)
			? value.some((item) => String(item) === other)
			: String(value) === other;
		if (chosen && given[question.commentKey] === undefined) return false;
	}
	if (question.requiredRows) {
		const cells = value as Record<string, unknown>;
		if (!question.requiredRows.every((row) => Object.hasOwn(cells, row))) return false;
	}
	if (typeof value === 'number') {
		if (question.min !== undefined && value < question.min) return false;
		if (question.max !== undefined && value > question.max) return false;
		if (question.step !== undefined && stepIncorrect(value, question.step)) return false;
	}
	return true;
}
