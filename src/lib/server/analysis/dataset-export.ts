/**
 * A survey's responses exported for other tools, with its segments as variables and — with a
 * weighting scheme — the weight column (set as the weight of a .sav file). Parquet comes zipped
 * with its codebook JSON. Every export is audited.
 */
import { exportDataset, type ExportFormat } from '../../analysis/io/export-dataset.ts';
import { zip } from '../../analysis/io/xlsx.ts';
import { prepareAnalysis } from '../../analysis/workspace/prepare-analysis.ts';
import type { WeightingScheme } from '../../analysis/workspace/weighting-scheme.ts';
import * as auditLog from '../db/audit-log.ts';
import type { Database } from '../db/index.ts';
import type { Survey } from '../db/surveys.ts';
import { mergeDerived } from './analysis-service.ts';
import { withSurveyDataset } from './survey-dataset.ts';

export const exportMediaTypes: Record<ExportFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	sav: 'application/x-spss-sav',
	parquet: 'application/zip'
};

export async function exportSurveyData(
	db: Database,
	survey: Survey,
	options: {
		format: ExportFormat;
		scheme: WeightingScheme | null;
		valueLabels: boolean;
		userId: number;
	}
): Promise<{ name: string; bytes: Uint8Array; type: string }> {
	const baseName = survey.slug;
	const files = await withSurveyDataset(db, survey, undefined, async (source) => {
		const prepared = await prepareAnalysis(
			db,
			source.dataset,
			source.labels,
			{ derived: mergeDerived(source.derived, []), weighting: options.scheme },
			source.prefix
		);
		try {
			return await exportDataset(
				db,
				prepared.dataset,
				prepared.labels,
				{
					format: options.format,
					valueLabels: options.valueLabels,
					weightVariable: prepared.design.weight,
					title: survey.title
				},
				baseName
			);
		} finally {
			await prepared.dispose();
		}
	});
	await auditLog.record(db, {
		userId: options.userId,
		projectId: survey.projectId,
		action: 'dataset.export',
		objectType: 'survey',
		objectId: survey.id,
		details: {
			format: options.format,
			scheme: options.scheme?.name ?? null,
			labels: options.valueLabels
		}
	});
	if (files.length === 1) return { ...files[0]!, type: exportMediaTypes[options.format] };
	return {
		name: `${baseName}-parquet.zip`,
		bytes: zip(files.map((file) => ({ name: file.name, data: Buffer.from(file.bytes) }))),
		type: exportMediaTypes.parquet
	};
}
