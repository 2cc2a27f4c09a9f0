/**
 * The variables an analyst can pick for a survey, as the workspace's choosers list them: coded
 * questions (a multi-select once, by its question name), matrix rows, numbers, the wave, and the
 * survey's derived variables (segments and recodes) — each with its value labels.
 */
import { mergeCodebooks } from '../../analysis/io/flatten-sql.ts';
import { labelsFromCodebook } from '../../analysis/workspace/variable-labels.ts';
import { derivedValueLabels } from '../../analysis/workspace/derived-variables.ts';
import * as derivedVariables from '../db/derived-variables.ts';
import type { Database } from '../db/index.ts';
import * as surveyVersions from '../db/survey-versions.ts';
import type { Survey } from '../db/surveys.ts';

export interface ChoosableVariable {
	name: string;
	label: string;
	kind: 'single' | 'multi' | 'numeric' | 'derived' | 'wave';
	values: { code: string; label: string }[];
	/** For a multi-select: its 0/1 option variables. */
	options?: { name: string; label: string }[];
}

export async function surveyVariables(
	db: Database,
	survey: Survey,
	language?: string
): Promise<ChoosableVariable[]> {
	const versions = await surveyVersions.listWithCodebooks(db, survey.id);
	if (!versions.length) return [];
	const codebook = mergeCodebooks(versions.map((version) => version.codebook));
	const labels = labelsFromCodebook(codebook, language);
	const list: ChoosableVariable[] = [{ name: 'wave', label: 'Wave', kind: 'wave', values: [] }];
	const seenQuestions = new Set<string>();
	for (const variable of codebook.variables) {
		const entry = labels.get(variable.name)!;
		if (variable.type === 'multi-option') {
			if (seenQuestions.has(variable.question)) continue;
			seenQuestions.add(variable.question);
			const options = codebook.variables.filter(
				(v) => v.type === 'multi-option' && v.question === variable.question
			);
			// Option labels read "question: option" (codebook.ts).
			const questionLabel = entry.label.split(': ')[0] ?? entry.label;
			list.push({
				name: variable.question,
				label: questionLabel,
				kind: 'multi',
				values: [],
				options: options.map((o) => {
					const full = labels.get(o.name)?.label ?? o.name;
					return {
						name: o.name,
						label: full.slice(questionLabel.length).replace(/^: /, '') || full
					};
				})
			});
			continue;
		}
		if (variable.type === 'text' || variable.type === 'json') continue;
		list.push({
			name: variable.name,
			label: entry.label,
			kind: variable.type === 'numeric' ? 'numeric' : 'single',
			values: [...entry.values].map(([code, label]) => ({ code, label }))
		});
	}
	for (const derived of await derivedVariables.listBySurvey(db, survey.id)) {
		list.push({
			name: derived.name,
			label: derived.label,
			kind: 'derived',
			values: [...derivedValueLabels(derived)].map(([code, label]) => ({ code, label }))
		});
	}
	return list;
}
