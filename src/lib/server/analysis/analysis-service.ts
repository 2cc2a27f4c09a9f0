/**
 * The analyst workspace's server side: runs report specs on a survey's responses (with the
 * survey's saved segments), weighting diagnostics for a scheme, and k-means segmentation. Routes
 * call these after `authorize`; everything statistical happens in src/lib/analysis.
 */
import { UnknownVariableError } from '../../analysis/dataset.ts';
import { prepareAnalysis } from '../../analysis/workspace/prepare-analysis.ts';
import {
	DerivedVariableError,
	orderDerived,
	type DerivedVariable
} from '../../analysis/workspace/derived-variables.ts';
import { SegmentRuleError } from '../../analysis/segments/rules.ts';
import { WorkspaceQueryError } from '../../analysis/workspace/workspace-query.ts';
import type { WeightingScheme } from '../../analysis/workspace/weighting-scheme.ts';
import { TargetsError } from '../../analysis/weighting/targets.ts';
import type { WeightingResult } from '../../analysis/weighting/weight-dataset.ts';
import { runReport } from '../../reports/run-report.ts';
import type { ReportResult } from '../../reports/report-result.ts';
import type { ReportSpec } from '../../reports/report-spec.ts';
import * as derivedVariables from '../db/derived-variables.ts';
import type { Database } from '../db/index.ts';
import type { Survey } from '../db/surveys.ts';
import { NoDataError, withSurveyDataset } from './survey-dataset.ts';

/** Errors an analyst can fix (a wrong variable, target or rule): shown as a 4xx with the message. */
export function analysisProblem(error: unknown): string | null {
	if (
		error instanceof UnknownVariableError ||
		error instanceof TargetsError ||
		error instanceof DerivedVariableError ||
		error instanceof NoDataError ||
		error instanceof WorkspaceQueryError ||
		error instanceof SegmentRuleError ||
		error instanceof AnalysisRequestError
	)
		return error.message;
	return null;
}

/**
 * The spec's own derived variables and the survey's saved ones not among them (a spec's copy wins
 * by name), each after the ones it reads.
 */
export function mergeDerived(saved: DerivedVariable[], own: DerivedVariable[]): DerivedVariable[] {
	const ownNames = new Set(own.map((d) => d.name));
	return orderDerived([...own, ...saved.filter((d) => !ownNames.has(d.name)).map(stripId)]);
}

/** A request the analyst can correct (a scheme that does not exist, an empty choice). */
export class AnalysisRequestError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AnalysisRequestError';
	}
}

function stripId(derived: DerivedVariable & { id?: number; surveyId?: number }): DerivedVariable {
	const { kind, name, label, definition } = derived;
	return { kind, name, label, definition } as DerivedVariable;
}

export type SurveyReportSpec = Omit<ReportSpec, 'dataset'>;

export async function surveyReport(
	db: Database,
	survey: Survey,
	spec: SurveyReportSpec,
	language?: string
): Promise<ReportResult> {
	return withSurveyDataset(db, survey, language ?? spec.language, (source) =>
		runReport(
			db,
			{
				...spec,
				dataset: { kind: 'survey', surveyId: survey.id },
				derived: mergeDerived(source.derived, spec.derived)
			},
			source,
			source.prefix
		)
	);
}

/** The spec to save: self-contained, with the survey's segments copied in. */
export async function selfContainedSpec(
	db: Database,
	survey: Survey,
	spec: SurveyReportSpec
): Promise<ReportSpec> {
	const saved = await derivedVariables.listBySurvey(db, survey.id);
	return {
		...spec,
		dataset: { kind: 'survey', surveyId: survey.id },
		derived: mergeDerived(saved, spec.derived)
	};
}

export async function schemeDiagnostics(
	db: Database,
	survey: Survey,
	scheme: WeightingScheme
): Promise<WeightingResult> {
	return withSurveyDataset(db, survey, undefined, async (source) => {
		const prepared = await prepareAnalysis(
			db,
			source.dataset,
			source.labels,
			{ derived: mergeDerived(source.derived, []), weighting: scheme },
			source.prefix
		);
		try {
			return prepared.weighting!;
		} finally {
			await prepared.dispose();
		}
	});
}
