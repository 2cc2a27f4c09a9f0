/**
 * Variable and value labels as analysis output shows them: from a survey's codebook (in one of its
 * languages, falling back to the default) or from a .sav file's dictionary, plus the labels of
 * derived variables. Unlabelled names and codes show as themselves.
 */
import type { Codebook, Labels } from '../../survey/codebook.ts';

export interface VariableLabel {
	label: string;
	/** Code (as text) → label. */
	values: Map<string, string>;
	/** Codes that are don't know / refused, left out of mean scores. */
	missing: string[];
	kind?: 'single' | 'multi-option' | 'numeric' | 'text' | 'json' | 'derived';
	/** For a multi-select option or a matrix row: the question it belongs to. */
	question?: string;
}

export type VariableLabels = Map<string, VariableLabel>;

function pick(labels: Labels, language: string, fallback: string): string {
	return labels[language] ?? labels[fallback] ?? labels.default ?? Object.values(labels)[0] ?? '';
}

export function labelsFromCodebook(codebook: Codebook, language?: string): VariableLabels {
	const lang = language ?? codebook.defaultLanguage;
	const labels: VariableLabels = new Map();
	for (const variable of codebook.variables) {
		labels.set(variable.name, {
			label: pick(variable.label, lang, codebook.defaultLanguage) || variable.name,
			values: new Map(
				(variable.values ?? []).map((value) => [
					String(value.code),
					pick(value.label, lang, codebook.defaultLanguage)
				])
			),
			missing: (variable.values ?? []).filter((v) => v.missing).map((v) => String(v.code)),
			kind: variable.type,
			question: variable.question !== variable.name ? variable.question : undefined
		});
	}
	return labels;
}

export function labelsFromFile(
	fileLabels: Map<string, { label: string | null; values: Map<string, string> }>
): VariableLabels {
	const labels: VariableLabels = new Map();
	for (const [name, entry] of fileLabels)
		labels.set(name, { label: entry.label ?? name, values: entry.values, missing: [] });
	return labels;
}

export function variableLabel(labels: VariableLabels, name: string): string {
	return labels.get(name)?.label ?? name;
}

/**
 * An option's or matrix row's own text: the codebook labels them "question: text" (codebook.ts);
 * other variables' labels are their own text already.
 */
export function ownText(labels: VariableLabels, name: string): string {
	const entry = labels.get(name);
	if (!entry) return name;
	const cut = entry.label.indexOf(': ');
	return entry.question && cut >= 0 ? entry.label.slice(cut + 2) : entry.label;
}

/** The wording of the question a variable comes from (an option's or row's question). */
export function questionText(labels: VariableLabels, name: string): string | undefined {
	const entry = labels.get(name);
	if (!entry) return undefined;
	const cut = entry.label.indexOf(': ');
	return entry.question && cut >= 0 ? entry.label.slice(0, cut) : entry.label;
}

/**
 * A label short enough for a profile line or a chart axis: an option or matrix row is its own
 * text with the question's name ("Television [info_sources]"), not the whole question wording.
 */
export function shortLabel(labels: VariableLabels, name: string): string {
	const entry = labels.get(name);
	if (!entry) return name;
	if (entry.question) return `${ownText(labels, name)} [${entry.question}]`;
	return entry.label.length > 70 ? `${entry.label.slice(0, 67)}…` : entry.label;
}

export function valueLabel(labels: VariableLabels, name: string, code: string): string {
	return labels.get(name)?.values.get(code) ?? code;
}
