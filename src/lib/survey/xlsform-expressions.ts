/**
 * Translating XLSForm (ODK XPath) expressions into SurveyJS expressions: field references,
 * comparisons, arithmetic, and/or/not, and the select functions. Choice names in literals become
 * the numeric codes the converted questionnaire stores. Anything outside this subset is refused
 * with a reason, so the caller can drop the expression and say why.
 */
import { ConditionsParser } from 'survey-core';

export interface XlsFormField {
	/** The variable name in the converted questionnaire. */
	variable: string;
	/** absent: a name with no value in the converted form (a note, a skipped row). */
	kind: 'select_one' | 'select_multiple' | 'value' | 'absent';
	/** For selects: the code of each choice name. */
	codes?: Map<string, number>;
	list?: string;
}

export interface ExpressionScope {
	fields: Map<string, XlsFormField>;
	/** The field `.` stands for (the question a constraint belongs to). */
	self?: XlsFormField;
}

export type Translation = { ok: true; expression: string } | { ok: false; reason: string };

class Untranslatable extends Error {}

type Token =
	| { kind: 'number'; text: string }
	| { kind: 'string'; value: string }
	| { kind: 'field'; name: string }
	| { kind: 'self' }
	| { kind: 'name'; name: string }
	| { kind: 'symbol'; symbol: string };

const symbols = ['!=', '<=', '>=', '=', '<', '>', '+', '-', '*', '(', ')', ','];

function tokenize(source: string): Token[] {
	const tokens: Token[] = [];
	let at = 0;
	while (at < source.length) {
		const rest = source.slice(at);
		const space = /^\s+/.exec(rest);
		if (space) {
			at += space[0].length;
			continue;
		}
		const field = /^\$\{([^}]*)\}/.exec(rest);
		const number = /^(\d+(\.\d*)?|\.\d+)/.exec(rest);
		const string = /^('([^']*)'|"([^"]*)")/.exec(rest);
		const name = /^[A-Za-z_][A-Za-z0-9_.:-]*/.exec(rest);
		const symbol = symbols.find((candidate) => rest.startsWith(candidate));
		if (field) tokens.push({ kind: 'field', name: field[1]!.trim() });
		else if (number) tokens.push({ kind: 'number', text: number[0] });
		else if (string) tokens.push({ kind: 'string', value: string[2] ?? string[3] ?? '' });
		else if (rest.startsWith('..') || rest.startsWith('/'))
			throw new Untranslatable('paths such as ".." and "/data/…" are not supported');
		else if (rest.startsWith('.')) tokens.push({ kind: 'self' });
		else if (name) tokens.push({ kind: 'name', name: name[0] });
		else if (symbol) tokens.push({ kind: 'symbol', symbol });
		else throw new Untranslatable(`"${rest[0]}" is not understood`);
		at += (field ?? number ?? string ?? name)?.[0].length ?? symbol?.length ?? 1;
	}
	return tokens;
}

type Node =
	| { kind: 'number'; text: string }
	| { kind: 'string'; value: string }
	| { kind: 'field'; field: XlsFormField }
	| { kind: 'binary'; operator: string; left: Node; right: Node }
	| { kind: 'negate'; operand: Node }
	| { kind: 'group'; inner: Node }
	| { kind: 'call'; name: string; args: Node[] };

const comparisons = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** Recursive descent over XPath's precedence: or, and, comparison, +/-, * div mod, unary. */
class Parser {
	private at = 0;
	constructor(
		private tokens: Token[],
		private scope: ExpressionScope
	) {}

	parse(): Node {
		const node = this.or();
		if (this.at < this.tokens.length) throw new Untranslatable('it has text after its end');
		return node;
	}

	private peek(): Token | undefined {
		return this.tokens[this.at];
	}

	private isSymbol(symbol: string): boolean {
		const token = this.peek();
		return token?.kind === 'symbol' && token.symbol === symbol;
	}

	private isWord(word: string): boolean {
		const token = this.peek();
		return token?.kind === 'name' && token.name === word;
	}

	private expect(symbol: string): void {
		if (!this.isSymbol(symbol)) throw new Untranslatable(`a "${symbol}" is missing`);
		this.at++;
	}

	private or(): Node {
		let node = this.and();
		while (this.isWord('or')) {
			this.at++;
			node = { kind: 'binary', operator: 'or', left: node, right: this.and() };
		}
		return node;
	}

	private and(): Node {
		let node = this.comparison();
		while (this.isWord('and')) {
			this.at++;
			node = { kind: 'binary', operator: 'and', left: node, right: this.comparison() };
		}
		return node;
	}

	private comparison(): Node {
		const left = this.additive();
		const token = this.peek();
		if (token?.kind !== 'symbol' || !comparisons.has(token.symbol)) return left;
		this.at++;
		const node: Node = { kind: 'binary', operator: token.symbol, left, right: this.additive() };
		const next = this.peek();
		if (next?.kind === 'symbol' && comparisons.has(next.symbol))
			throw new Untranslatable('chained comparisons are not supported');
		return node;
	}

	private additive(): Node {
		let node = this.multiplicative();
		while (this.isSymbol('+') || this.isSymbol('-')) {
			const operator = (this.tokens[this.at++] as { symbol: string }).symbol;
			node = { kind: 'binary', operator, left: node, right: this.multiplicative() };
		}
		return node;
	}

	private multiplicative(): Node {
		let node = this.unary();
		for (;;) {
			const operator = this.isSymbol('*')
				? '*'
				: this.isWord('div')
					? '/'
					: this.isWord('mod')
						? '%'
						: null;
			if (!operator) return node;
			this.at++;
			node = { kind: 'binary', operator, left: node, right: this.unary() };
		}
	}

	private unary(): Node {
		if (!this.isSymbol('-')) return this.primary();
		this.at++;
		return { kind: 'negate', operand: this.unary() };
	}

	private primary(): Node {
		const token = this.tokens[this.at++];
		if (!token) throw new Untranslatable('it ends too early');
		switch (token.kind) {
			case 'number':
				return { kind: 'number', text: token.text };
			case 'string':
				return { kind: 'string', value: token.value };
			case 'field':
				return { kind: 'field', field: this.field(token.name) };
			case 'self':
				if (!this.scope.self) throw new Untranslatable('"." is only meaningful in a constraint');
				return { kind: 'field', field: this.scope.self };
			case 'symbol': {
				if (token.symbol !== '(') throw new Untranslatable(`"${token.symbol}" is out of place`);
				const inner = this.or();
				this.expect(')');
				return { kind: 'group', inner };
			}
			case 'name': {
				if (!this.isSymbol('(')) throw new Untranslatable(`"${token.name}" is not understood`);
				this.at++;
				const args: Node[] = [];
				while (!this.isSymbol(')')) {
					if (args.length) this.expect(',');
					args.push(this.or());
				}
				this.at++;
				return { kind: 'call', name: token.name, args };
			}
		}
	}

	private field(name: string): XlsFormField {
		const field = this.scope.fields.get(name);
		if (!field) throw new Untranslatable(`\${${name}} is not a field of the form`);
		if (field.kind === 'absent')
			throw new Untranslatable(`\${${name}} has no value in the converted questionnaire`);
		return field;
	}
}

/** A SurveyJS string literal; the expression grammar accepts \' inside single quotes. */
const quote = (text: string) => `'${text.replace(/'/g, "\\'")}'`;

/** The code a literal stands for when compared with (or selected from) a select question. */
function codeOf(field: XlsFormField, literal: Node): string {
	if (literal.kind !== 'string' && literal.kind !== 'number')
		throw new Untranslatable(`a choice of \${…} must be written as a literal`);
	const name = literal.kind === 'string' ? literal.value : literal.text;
	const code = field.codes?.get(name.trim());
	if (code === undefined)
		throw new Untranslatable(`"${name}" is not a choice of list "${field.list}"`);
	return String(code);
}

const isSelect = (node: Node): node is { kind: 'field'; field: XlsFormField } =>
	node.kind === 'field' &&
	(node.field.kind === 'select_one' || node.field.kind === 'select_multiple');

const isLiteral = (node: Node) => node.kind === 'string' || node.kind === 'number';

function emit(node: Node): string {
	switch (node.kind) {
		case 'number':
			return String(Number(node.text));
		case 'string':
			return quote(node.value);
		case 'field':
			return `{${node.field.variable}}`;
		case 'group':
			return `(${emit(node.inner)})`;
		case 'negate':
			// The SurveyJS grammar has negative number literals but no unary minus.
			return node.operand.kind === 'number'
				? `-${emit(node.operand)}`
				: `(0 - ${emit(node.operand)})`;
		case 'binary': {
			const { left, right, operator } = node;
			if (comparisons.has(operator)) {
				if (isSelect(left) && isLiteral(right))
					return `${emit(left)} ${operator} ${codeOf(left.field, right)}`;
				if (isSelect(right) && isLiteral(left))
					return `${codeOf(right.field, left)} ${operator} ${emit(right)}`;
			}
			return `${emit(left)} ${operator} ${emit(right)}`;
		}
		case 'call':
			return emitCall(node.name, node.args);
	}
}

function emitCall(name: string, args: Node[]): string {
	const arity = (count: number) => {
		if (args.length !== count)
			throw new Untranslatable(`${name}() takes ${count} argument${count === 1 ? '' : 's'}`);
	};
	switch (name) {
		case 'not':
			arity(1);
			return `!(${emit(args[0]!)})`;
		case 'true':
		case 'false':
			arity(0);
			return name;
		case 'today':
			arity(0);
			return 'today()';
		case 'if':
			arity(3);
			return `iif(${args.map(emit).join(', ')})`;
		case 'selected': {
			arity(2);
			const [question, choice] = args as [Node, Node];
			if (!isSelect(question))
				throw new Untranslatable('selected() needs a select_one or select_multiple question');
			const code = codeOf(question.field, choice);
			// SurveyJS "contains" on a single value compares text (11 contains 1), so a select_one
			// is compared for equality instead.
			return question.field.kind === 'select_one'
				? `${emit(question)} = ${code}`
				: `${emit(question)} contains ${code}`;
		}
		case 'count-selected': {
			arity(1);
			const [question] = args as [Node];
			if (!isSelect(question) || question.field.kind !== 'select_multiple')
				throw new Untranslatable('count-selected() needs a select_multiple question');
			// SurveyJS resolves {name.length} to the length of the array of chosen codes.
			return `{${question.field.variable}.length}`;
		}
		default:
			throw new Untranslatable(`${name}() has no SurveyJS equivalent here`);
	}
}

export function translateXPath(source: string, scope: ExpressionScope): Translation {
	let expression: string;
	try {
		expression = emit(new Parser(tokenize(source), scope).parse());
	} catch (error) {
		if (error instanceof Untranslatable) return { ok: false, reason: error.message };
		throw error;
	}
	const parser = new ConditionsParser();
	if (!parser.parseExpression(expression)) {
		return { ok: false, reason: `SurveyJS cannot parse the translation "${expression}"` };
	}
	return { ok: true, expression };
}
