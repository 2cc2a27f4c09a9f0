/**
 * Computes a report spec into a ReportResult: prepares the analysis (derived variables, weights,
 * filters), then each section in order. The caller loads the dataset (a survey's table in the
 * app, a file in the CLI) and owns its lifetime; the work tables made here are dropped at the end.
 */
import type { Queryable } from '../server/db/database.ts';
import type { Dataset } from '../analysis/dataset.ts';
import { funnelVariables } from '../analysis/reports/awareness.ts';
import { prepareAnalysis } from '../analysis/workspace/prepare-analysis.ts';
import type { VariableLabels } from '../analysis/workspace/variable-labels.ts';
import type { DerivedVariable } from '../analysis/workspace/derived-variables.ts';
import { count, type ReportResult, type ReportSection } from './report-result.ts';
import type { ReportSpec } from './report-spec.ts';
import { awarenessSection } from './sections/awareness-section.ts';
import { bannerSection, type SectionContext } from './sections/banner-section.ts';
import { profileSection } from './sections/profile-section.ts';

export interface LoadedDataset {
	dataset: Dataset;
	labels: VariableLabels;
	/** e.g. "Survey: Public awareness tracker (3,600 complete responses, waves 1–3)". */
	description: string;
}

export async function runReport(
	db: Queryable,
	spec: ReportSpec,
	source: LoadedDataset,
	prefix: string,
	now = new Date()
): Promise<ReportResult> {
	// Funnel stages are derived variables too; each awareness section gets its own names.
	const funnel: DerivedVariable[] = spec.sections.flatMap((section, s) =>
		section.kind === 'awareness' ? funnelVariables(section, s + 1) : []
	);
	const derived = [...spec.derived, ...funnel];
	const prepared = await prepareAnalysis(
		db,
		source.dataset,
		source.labels,
		{ derived, weighting: spec.weighting, filters: spec.filters },
		prefix
	);
	try {
		const context: SectionContext = {
			db,
			dataset: prepared.dataset,
			design: prepared.design,
			labels: prepared.labels,
			weightingNote: prepared.weightingNote,
			filterNote: prepared.filterNote
		};
		const sections: ReportSection[] = [];
		for (const [s, section] of spec.sections.entries()) {
			if (section.kind === 'text') {
				sections.push({ title: section.title, blocks: [{ kind: 'text', text: section.text }] });
			} else if (section.kind === 'banner') {
				sections.push({
					title: section.title ?? 'Banner tables',
					blocks: await bannerSection(context, section)
				});
			} else if (section.kind === 'awareness') {
				sections.push({
					title: section.title ?? 'Awareness',
					blocks: await awarenessSection(context, section, s + 1)
				});
			} else {
				sections.push({
					title: section.title ?? 'Segment profile',
					blocks: await profileSection(context, section)
				});
			}
		}
		const weighting = prepared.weighting;
		const context_ = [
			source.description,
			prepared.weightingNote +
				(weighting
					? `: design effect ${weighting.diagnostics.deff.toFixed(2)}, effective n ${count(weighting.diagnostics.effectiveN)}, weights ${weighting.diagnostics.min.toFixed(2)}–${weighting.diagnostics.max.toFixed(2)}${weighting.converged ? '' : ' (raking did NOT converge)'}`
					: ''),
			...(prepared.filterNote ? [prepared.filterNote] : [])
		];
		return { title: spec.title, context: context_, sections, generatedAt: now.toISOString() };
	} finally {
		await prepared.dispose();
	}
}
