/**
 * Importing an XLSForm (the ODK/Kobo spreadsheet form format: sheets survey, choices, settings)
 * as a SurveyJS questionnaire. Every choice gets a numeric code, translated columns become
 * localised strings, and XPath logic becomes SurveyJS expressions. Whatever has no SurveyJS
 * counterpart (repeats, geopoints, media, …) is left out and reported, row by row.
 */
import { readXlsx, XlsxReadError, type XlsxSheetData } from '../analysis/io/xlsx-reader.ts';
import { variableNamePattern, type QuestionnaireJson } from './questionnaire.ts';
import { translateXPath, type XlsFormField } from './xlsform-expressions.ts';
import {
	languageCode,
	LocalisedColumns,
	mapText,
	readTable,
	splitColumn,
	type LocalisedText,
	type SheetRecord,
	type SheetTable
} from './xlsform-sheets.ts';

export class XlsFormError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'XlsFormError';
	}
}

export interface XlsFormImport {
	json: QuestionnaireJson;
	warnings: string[];
}

interface ChoiceList {
	name: string;
	choices: { name: string; text: LocalisedText | undefined }[];
	codes: Map<string, number>;
}

interface RowType {
	base: string;
	list?: string;
	orOther: boolean;
}

const surveyColumns = new Set([
	'type',
	'name',
	'label',
	'hint',
	'required',
	'required_message',
	'relevant',
	'constraint',
	'constraint_message',
	'appearance',
	'calculation'
]);
const translatedColumns = new Set(['label', 'hint', 'constraint_message', 'required_message']);
const choiceColumns = new Set(['list_name', 'list name', 'name', 'label']);
const valueTypes = new Set(['text', 'integer', 'decimal', 'date', 'calculate']);
const missingCodes: [RegExp, number][] = [
	[/^(dk|dont_?know|don_t_know|do_not_know)$/i, 98],
	[/^(ref|refuse|refused|refusal)$/i, 99]
];

const blockMarker = /^(begin|end)[ _](group|repeat)$/i;

function parseType(text: string): RowType {
	const words = text.trim().split(/\s+/) as [string, ...string[]];
	// "begin group", "begin_group" and "begin  group" are all written in the wild.
	const block = blockMarker.exec(words[0]) ?? blockMarker.exec(words.slice(0, 2).join(' '));
	if (block) return { base: `${block[1]} ${block[2]}`.toLowerCase(), orOther: false };
	const [base, list, option] = words;
	if (/^select_(one|multiple)$/i.test(base)) {
		return { base: base.toLowerCase(), list, orOther: option?.toLowerCase() === 'or_other' };
	}
	return { base: base.toLowerCase(), orOther: false };
}

const truthy = new Set(['yes', 'true', 'true()', '1']);
const falsy = new Set(['', 'no', 'false', 'false()', '0']);

class XlsFormConverter {
	readonly warnings: string[] = [];
	private fields = new Map<string, XlsFormField>();
	private variables = new Map<number, string>();
	/** Why a row's name had to change, by row. */
	private renames = new Map<number, string>();
	private usedNames = new Set<string>();
	private calculatedValues: Record<string, unknown>[] = [];
	private lists = new Map<string, ChoiceList>();
	private texts!: LocalisedColumns;

	constructor(
		private survey: SheetTable,
		private choices: SheetTable | undefined,
		private settings: SheetTable | undefined
	) {}

	convert(): QuestionnaireJson {
		const setting = (name: string) => {
			const header = this.settings?.column(name);
			return header ? (this.settings!.records[0]?.get(header) ?? '') : '';
		};
		const { defaultLanguage, codes } = this.languages(setting('default_language'));
		this.texts = new LocalisedColumns(this.survey, defaultLanguage, codes);
		this.reportUnusedColumns(this.survey, 'survey', surveyColumns);
		if (this.choices) {
			this.reportUnusedColumns(this.choices, 'choices', choiceColumns);
			this.readChoices(this.choices, new LocalisedColumns(this.choices, defaultLanguage, codes));
		}
		this.collectFields();
		const elements = this.buildElements();
		const title = setting('form_title');
		const json: QuestionnaireJson = {};
		if (title) json.title = title;
		if (defaultLanguage !== 'en') json.locale = defaultLanguage;
		json.pages = [{ name: 'page1', elements }];
		if (this.calculatedValues.length) json.calculatedValues = this.calculatedValues;
		return json;
	}

	/** Language codes of the translated columns and which one is the default. */
	private languages(defaultSetting: string): {
		defaultLanguage: string;
		codes: Map<string, string>;
	} {
		const codes = new Map<string, string>();
		const unnamed = new Set<string>();
		let hasPlainLabel = false;
		for (const table of [this.survey, this.choices]) {
			for (const header of table?.headers ?? []) {
				const { base, language } = splitColumn(header);
				if (!translatedColumns.has(base)) continue;
				if (language === undefined) hasPlainLabel ||= base === 'label';
				else if (!codes.has(language) && !unnamed.has(language)) {
					const code = languageCode(language);
					if (code) codes.set(language, code);
					else {
						unnamed.add(language);
						this.warnings.push(
							`The language "${language}" has no code; write it like "label::${language} (xx)". Its columns were ignored.`
						);
					}
				}
			}
		}
		let defaultLanguage = defaultSetting ? languageCode(defaultSetting) : undefined;
		if (defaultSetting && !defaultLanguage) {
			this.warnings.push(
				`The default_language "${defaultSetting}" has no language code, so English is assumed.`
			);
		}
		defaultLanguage ??= hasPlainLabel ? 'en' : ([...codes.values()][0] ?? 'en');
		return { defaultLanguage, codes };
	}

	private reportUnusedColumns(table: SheetTable, sheet: string, known: Set<string>): void {
		for (const header of table.headers) {
			if (known.has(splitColumn(header).base)) continue;
			if (table.records.some((record) => record.get(header))) {
				this.warnings.push(
					`Column "${header}" of the ${sheet} sheet is not converted; its values were ignored.`
				);
			}
		}
	}

	private readChoices(table: SheetTable, texts: LocalisedColumns): void {
		const listColumn = table.column('list_name') ?? table.column('list name');
		const nameColumn = table.column('name');
		if (!listColumn || !nameColumn) {
			this.warnings.push(
				'The choices sheet has no list_name or no name column, so its choices were ignored.'
			);
			return;
		}
		for (const record of table.records) {
			const listName = record.get(listColumn);
			const name = record.get(nameColumn);
			if (!listName || !name) continue;
			const list: ChoiceList = this.lists.get(listName) ?? {
				name: listName,
				choices: [],
				codes: new Map()
			};
			list.choices.push({ name, text: texts.text(record, 'label') });
			this.lists.set(listName, list);
		}
		for (const list of this.lists.values()) this.codeChoices(list);
	}

	/** Whole-number names are the codes; otherwise choices are numbered in sheet order. */
	private codeChoices(list: ChoiceList): void {
		const names = list.choices.map((choice) => choice.name);
		if (names.every((name) => /^-?\d+$/.test(name))) {
			for (const name of names) list.codes.set(name, Number(name));
			return;
		}
		let next = 1;
		for (const name of names) {
			const missing = missingCodes.find(([pattern]) => pattern.test(name))?.[1];
			const taken = [...list.codes.values()];
			list.codes.set(name, missing !== undefined && !taken.includes(missing) ? missing : next++);
		}
		const coding = names.map((name) => `${name}=${list.codes.get(name)}`).join(', ');
		this.warnings.push(
			`Choice list "${list.name}" has names that are not whole numbers, so its choices were given codes: ${coding}.`
		);
	}

	/** First pass: what each name refers to, so logic can point forwards as well as back. */
	private collectFields(): void {
		const typeColumn = this.survey.column('type')!;
		const nameColumn = this.survey.column('name')!;
		let repeatDepth = 0;
		for (const record of this.survey.records) {
			const typeText = record.get(typeColumn);
			const name = record.get(nameColumn);
			if (!typeText) continue;
			const type = parseType(typeText);
			if (type.base === 'begin repeat') repeatDepth++;
			else if (type.base === 'end repeat') repeatDepth = Math.max(0, repeatDepth - 1);
			if (!name || type.base.startsWith('end ') || type.base === 'begin repeat') continue;
			if (repeatDepth > 0) {
				if (!this.fields.has(name)) this.fields.set(name, { variable: name, kind: 'absent' });
				continue;
			}
			const variable = this.uniqueVariable(name, record.row);
			// A repeated name keeps meaning its first question in logic and labels.
			if (type.base === 'begin group' || this.fields.has(name)) continue;
			const list = type.list ? this.lists.get(type.list) : undefined;
			if ((type.base === 'select_one' || type.base === 'select_multiple') && list) {
				this.fields.set(name, { variable, kind: type.base, codes: list.codes, list: list.name });
			} else {
				this.fields.set(name, { variable, kind: valueTypes.has(type.base) ? 'value' : 'absent' });
			}
		}
	}

	/** A portable, unique variable name for an XLSForm name (which may hold "-" or "."). */
	private uniqueVariable(name: string, row: number): string {
		let variable = name;
		if (!variableNamePattern.test(variable)) {
			variable = variable.replace(/[^A-Za-z0-9_]/g, '_');
			if (!/^[A-Za-z]/.test(variable)) variable = `v_${variable}`;
			variable = variable.slice(0, 64);
			this.renames.set(
				row,
				`"${name}" is not a valid variable name, so it was renamed "${variable}".`
			);
		}
		if (this.usedNames.has(variable.toLowerCase())) {
			const base = variable.slice(0, 60);
			let n = 2;
			while (this.usedNames.has(`${base}_${n}`.toLowerCase())) n++;
			variable = `${base}_${n}`;
			this.renames.set(row, `the name "${name}" is taken, so this one was renamed "${variable}".`);
		}
		this.usedNames.add(variable.toLowerCase());
		this.variables.set(row, variable);
		return variable;
	}

	private buildElements(): Record<string, unknown>[] {
		const typeColumn = this.survey.column('type')!;
		const nameColumn = this.survey.column('name')!;
		const root: Record<string, unknown>[] = [];
		const groups: { elements: Record<string, unknown>[]; name: string; row: number }[] = [];
		let repeat: { row: number; name: string; depth: number; rows: number } | null = null;
		for (const record of this.survey.records) {
			const typeText = record.get(typeColumn);
			if (!typeText) continue;
			const type = parseType(typeText);
			const name = record.get(nameColumn);
			if (repeat) {
				if (type.base === 'begin repeat') repeat.depth++;
				else if (type.base === 'end repeat') repeat.depth--;
				else if (!type.base.endsWith(' group')) repeat.rows++;
				if (repeat.depth === 0) {
					const inside = `${repeat.rows} question${repeat.rows === 1 ? '' : 's'}`;
					this.warnings.push(
						`Row ${repeat.row}: repeat "${repeat.name}" and the ${inside} inside it were skipped; repeats are not converted.`
					);
					repeat = null;
				}
				continue;
			}
			const elements = groups.at(-1)?.elements ?? root;
			this.reportRename(record);
			switch (type.base) {
				case 'begin repeat':
					repeat = { row: record.row, name, depth: 1, rows: 0 };
					break;
				case 'begin group': {
					const panel = this.panel(record, name);
					elements.push(panel);
					groups.push({ elements: panel.elements as [], name, row: record.row });
					break;
				}
				case 'end group':
				case 'end repeat':
					if (type.base === 'end group' && groups.length) groups.pop();
					else
						this.warnings.push(
							`Row ${record.row}: "${typeText}" has no matching begin; it was ignored.`
						);
					break;
				default: {
					const question = this.question(record, type, typeText, name);
					if (question) elements.push(question);
				}
			}
		}
		if (repeat) {
			this.warnings.push(
				`Row ${repeat.row}: repeat "${repeat.name}" is never closed; it and every row after it were skipped.`
			);
		}
		for (const group of groups.reverse()) {
			this.warnings.push(
				`Row ${group.row}: group "${group.name}" is never closed; it ends with the form.`
			);
		}
		return root;
	}

	private reportRename(record: SheetRecord): void {
		const rename = this.renames.get(record.row);
		if (rename) this.warnings.push(`Row ${record.row}: ${rename}`);
	}

	private panel(record: SheetRecord, name: string): Record<string, unknown> {
		const panel: Record<string, unknown> = {
			type: 'panel',
			name: this.variables.get(record.row) ?? `group_row${record.row}`
		};
		const title = this.text(record, 'label');
		if (title !== undefined) panel.title = title;
		const visibleIf = this.expression(record, 'relevant', name);
		if (visibleIf) panel.visibleIf = visibleIf;
		panel.elements = [];
		return panel;
	}

	private question(
		record: SheetRecord,
		type: RowType,
		typeText: string,
		name: string
	): Record<string, unknown> | null {
		if (!name) {
			this.warnings.push(`Row ${record.row}: the "${typeText}" row has no name; it was skipped.`);
			return null;
		}
		const variable = this.variables.get(record.row)!;
		const appearance = (this.value(record, 'appearance') ?? '').toLowerCase().split(/\s+/);
		const minimal = appearance.includes('minimal') || appearance.includes('autocomplete');
		if (type.base === 'calculate') {
			const expression = this.expression(record, 'calculation', name);
			if (expression)
				this.calculatedValues.push({ name: variable, expression, includeIntoResult: true });
			return null;
		}
		if (type.base === 'note') {
			const html = this.text(record, 'label') ?? '';
			const note: Record<string, unknown> = { type: 'html', name: variable, html };
			const visibleIf = this.expression(record, 'relevant', name);
			if (visibleIf) note.visibleIf = visibleIf;
			return note;
		}
		if (this.value(record, 'calculation')) {
			this.warnings.push(
				`Row ${record.row}: the calculation of "${name}" was ignored; only calculate rows keep theirs.`
			);
		}
		let shape: Record<string, unknown>;
		let self: XlsFormField = { variable, kind: 'value' };
		switch (type.base) {
			case 'select_one':
			case 'select_multiple': {
				const list = type.list ? this.lists.get(type.list) : undefined;
				if (!list) {
					this.warnings.push(
						`Row ${record.row}: "${name}" uses choice list "${type.list ?? ''}", which the choices sheet does not have; it was skipped.`
					);
					return null;
				}
				const single = type.base === 'select_one';
				shape = {
					type: single ? (minimal ? 'dropdown' : 'radiogroup') : minimal ? 'tagbox' : 'checkbox',
					choices: list.choices.map((choice) => ({
						value: list.codes.get(choice.name),
						text: choice.text ? this.pipe(choice.text) : choice.name
					}))
				};
				if (type.orOther) shape.showOtherItem = true;
				self = { variable, kind: type.base, codes: list.codes, list: list.name };
				break;
			}
			case 'integer':
				shape = {
					type: 'text',
					inputType: 'number',
					validators: [{ type: 'regex', regex: '^-?\\d+$' }]
				};
				break;
			case 'decimal':
				shape = { type: 'text', inputType: 'number' };
				break;
			case 'date':
				shape = { type: 'text', inputType: 'date' };
				break;
			case 'text':
				shape = { type: appearance.includes('multiline') ? 'comment' : 'text' };
				break;
			default:
				this.warnings.push(
					`Row ${record.row}: "${name}" has type "${typeText}", which has no SurveyJS counterpart here; it was skipped.`
				);
				return null;
		}
		return {
			...this.common(record, name, variable, shape.type as string),
			...shape,
			...this.validators(record, name, self, shape)
		};
	}

	/** Title, description, visibility and required-ness: what every question has. */
	private common(
		record: SheetRecord,
		name: string,
		variable: string,
		type: string
	): Record<string, unknown> {
		const question: Record<string, unknown> = { type, name: variable };
		const title = this.text(record, 'label');
		if (title !== undefined) question.title = title;
		const description = this.text(record, 'hint');
		if (description !== undefined) question.description = description;
		const visibleIf = this.expression(record, 'relevant', name);
		if (visibleIf) question.visibleIf = visibleIf;
		const required = (this.value(record, 'required') ?? '').toLowerCase();
		if (truthy.has(required)) question.isRequired = true;
		else if (!falsy.has(required)) {
			const requiredIf = this.expression(record, 'required', name);
			if (requiredIf) question.requiredIf = requiredIf;
		}
		const requiredMessage = this.text(record, 'required_message');
		if (requiredMessage !== undefined && (question.isRequired || question.requiredIf))
			question.requiredErrorText = requiredMessage;
		return question;
	}

	private validators(
		record: SheetRecord,
		name: string,
		self: XlsFormField,
		shape: Record<string, unknown>
	): Record<string, unknown> {
		const validators = [...((shape.validators as unknown[]) ?? [])];
		const constraint = this.expression(record, 'constraint', name, self);
		if (constraint) {
			// XLSForm checks a constraint only once there is an answer; SurveyJS runs expression
			// validators on empty questions too.
			const validator: Record<string, unknown> = {
				type: 'expression',
				expression: `{${self.variable}} empty or (${constraint})`
			};
			const message = this.text(record, 'constraint_message');
			if (message !== undefined) validator.text = message;
			validators.push(validator);
		}
		return validators.length ? { validators } : {};
	}

	private value(record: SheetRecord, column: string): string | undefined {
		const header = this.survey.column(column);
		return header ? record.get(header) || undefined : undefined;
	}

	private text(record: SheetRecord, base: string): LocalisedText | undefined {
		const text = this.texts.text(record, base);
		return text === undefined ? undefined : this.pipe(text);
	}

	/** `${name}` in a text shows an answer; SurveyJS writes that `{variable}`. */
	private pipe(text: LocalisedText): LocalisedText {
		return mapText(text, (value) =>
			value.replace(/\$\{\s*([^}\s]+)\s*\}/g, (_, name: string) => {
				const field = this.fields.get(name);
				return `{${field && field.kind !== 'absent' ? field.variable : name}}`;
			})
		);
	}

	/** The SurveyJS form of a logic column, or undefined (with a warning) when it has none. */
	private expression(
		record: SheetRecord,
		column: string,
		name: string,
		self?: XlsFormField
	): string | undefined {
		const source = this.value(record, column);
		if (!source) return undefined;
		const translation = translateXPath(source, { fields: this.fields, self });
		if (translation.ok) return translation.expression;
		this.warnings.push(
			`Row ${record.row}: the ${column} of "${name}" (${source}) was dropped because ${translation.reason}.`
		);
		return undefined;
	}
}

type Element = { type: string; elements?: Element[] };

function hasQuestion(containers: { elements?: Element[] }[]): boolean {
	return containers.some((container) =>
		(container.elements ?? []).some((element) =>
			element.type === 'panel' ? hasQuestion([element]) : element.type !== 'html'
		)
	);
}

function findSheet(sheets: XlsxSheetData[], name: string): SheetTable | undefined {
	const sheet = sheets.find((candidate) => candidate.name.trim().toLowerCase() === name);
	return sheet && readTable(sheet);
}

export function importXlsForm(bytes: Uint8Array): XlsFormImport {
	let sheets: XlsxSheetData[];
	try {
		sheets = readXlsx(bytes);
	} catch (error) {
		if (error instanceof XlsxReadError) throw new XlsFormError(error.message);
		throw error;
	}
	const survey = findSheet(sheets, 'survey');
	if (!survey)
		throw new XlsFormError('The workbook has no "survey" sheet, so it is not an XLSForm.');
	for (const column of ['type', 'name']) {
		if (!survey.column(column))
			throw new XlsFormError(
				`The survey sheet has no "${column}" column, so it is not an XLSForm.`
			);
	}
	const converter = new XlsFormConverter(
		survey,
		findSheet(sheets, 'choices'),
		findSheet(sheets, 'settings')
	);
	const json = converter.convert();
	if (!hasQuestion(json.pages as { elements: Element[] }[])) {
		throw new XlsFormError('The form has no questions that can be converted.');
	}
	return { json, warnings: converter.warnings };
}
