/** The variables of an imported dataset as the workspace's choosers list them. */
import type { LoadedDataset } from '../../reports/run-report.ts';
import type { ChoosableVariable } from './survey-variables.ts';

export function datasetVariables(loaded: LoadedDataset): ChoosableVariable[] {
	return [...loaded.dataset.columns].map(([name, kind]) => {
		const entry = loaded.labels.get(name);
		const values = [...(entry?.values ?? [])].map(([code, label]) => ({ code, label }));
		return {
			name,
			label: entry?.label ?? name,
			// Labelled codes and text are categories; unlabelled numbers may be scales.
			kind: values.length || kind === 'text' ? 'single' : 'numeric',
			values
		};
	});
}
