/**
 * Saved reports: computing one (its dataset is the survey named in its spec, which must belong
 * to the report's project), rendering it as HTML, XLSX or PPTX, and share links — a random
 * 160-bit token shown once, stored only as its SHA-256, with an expiry, revocable, every access
 * logged with a keyed hash of the visitor's address (never the address itself).
 */
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { reportHtml } from '../../reports/report-html.ts';
import { reportPptx } from '../../reports/report-pptx.ts';
import { fileStem, type ReportResult } from '../../reports/report-result.ts';
import { reportWorkbook } from '../../reports/render-xlsx.ts';
import { chartToPng, chartToSvg } from '../charts/render-chart.ts';
import type { Database } from '../db/index.ts';
import * as reports from '../db/reports.ts';
import type { StoredReport } from '../db/reports.ts';
import * as surveys from '../db/surveys.ts';
import { tokenHash } from '../fieldwork/tokens.ts';
import { keyedHash } from '../secret.ts';
import { surveyReport } from './analysis-service.ts';
import { NoDataError, workPrefix } from './survey-dataset.ts';
import * as importedDatasets from '../db/imported-datasets.ts';
import { loadImportedDataset } from './dataset-import.ts';
import { runReport } from '../../reports/run-report.ts';

export type ReportFormat = 'html' | 'xlsx' | 'pptx';

export const reportMediaTypes: Record<ReportFormat, string> = {
	html: 'text/html; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation'
};

export async function computeReport(db: Database, report: StoredReport): Promise<ReportResult> {
	const { spec } = report;
	if (spec.dataset.kind === 'import') {
		const dataset = await importedDatasets.find(db, report.projectId, spec.dataset.datasetId);
		if (!dataset || dataset.status !== 'ready')
			throw new NoDataError('The dataset of this report is not available.');
		return runReport(db, spec, await loadImportedDataset(db, dataset), workPrefix());
	}
	if (spec.dataset.kind !== 'survey')
		throw new NoDataError('This report reads a file; render it with the barometer report command.');
	const survey = await surveys.findInProject(db, report.projectId, spec.dataset.surveyId);
	if (!survey) throw new NoDataError('The questionnaire of this report no longer exists.');
	const { dataset: _dataset, ...rest } = spec;
	return surveyReport(db, survey, rest);
}

export async function renderReport(
	result: ReportResult,
	format: ReportFormat
): Promise<Uint8Array> {
	if (format === 'xlsx') return reportWorkbook(result);
	if (format === 'pptx')
		return reportPptx(result, (block) => chartToPng(block.chart.spec, { width: 900, scale: 2 }));
	const html = await reportHtml(result, (block) => chartToSvg(block.chart.spec, 900));
	return new TextEncoder().encode(html);
}

export function fileName(title: string, format: ReportFormat): string {
	return `${fileStem(title, 'report')}.${format}`;
}

export const shareLinkDays = { default: 30, max: 365 };

export async function createShareLink(
	db: Database,
	reportId: number,
	days: number,
	createdBy: number
): Promise<{ token: string; expiresAt: Date }> {
	const bytes = crypto.getRandomValues(new Uint8Array(20));
	const token = encodeBase32LowerCaseNoPadding(bytes);
	const expiresAt = new Date(Date.now() + days * 86_400_000);
	await reports.createShareLink(db, {
		reportId,
		tokenHash: tokenHash(token),
		expiresAt,
		createdBy
	});
	return { token, expiresAt };
}

export async function openSharedReport(
	db: Database,
	token: string,
	visitorAddress: string | null
): Promise<StoredReport | null> {
	const found = await reports.findLiveShareLink(db, tokenHash(token));
	if (!found) return null;
	const visitor = visitorAddress
		? encodeHexLowerCase(keyedHash('share-visitor', visitorAddress)).slice(0, 32)
		: null;
	await reports.recordShareAccess(db, found.linkId, visitor);
	return found.report;
}
