import { error } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/authorize';
import { analysisProblem } from '$lib/server/analysis/analysis-service';
import {
	computeReport,
	fileName,
	renderReport,
	reportMediaTypes,
	type ReportFormat
} from '$lib/server/analysis/report-service';
import { database } from '$lib/server/db';
import * as auditLog from '$lib/server/db/audit-log';
import * as reports from '$lib/server/db/reports';
import type { RequestHandler } from './$types';

const formats = ['html', 'xlsx', 'pptx', 'json'] as const;

/** A saved report as HTML, XLSX or PPTX, or its spec as JSON (for `barometer report`). */
export const GET: RequestHandler = async (event) => {
	const { project, user } = await authorize(event, {
		projectId: Number(event.params.projectId),
		permission: 'responses:export'
	});
	const format = event.url.searchParams.get('format') ?? 'html';
	if (!(formats as readonly string[]).includes(format))
		error(400, `format: use ${formats.join(', ')}.`);
	const db = await database();
	const report = await reports.find(db, project.id, Number(event.params.reportId));
	if (!report) error(404, 'Report not found.');
	await auditLog.record(db, {
		userId: user.id,
		projectId: project.id,
		action: 'report.export',
		objectType: 'report',
		objectId: report.id,
		details: { format }
	});
	if (format === 'json') {
		return new Response(JSON.stringify(report.spec, null, 2), {
			headers: {
				'content-type': 'application/json',
				'content-disposition': `attachment; filename="${fileName(report.name, 'html').replace(/\.html$/, '.json')}"`
			}
		});
	}
	try {
		const body = await renderReport(await computeReport(db, report), format as ReportFormat);
		return new Response(new Uint8Array(body), {
			headers: {
				'content-type': reportMediaTypes[format as ReportFormat],
				'content-disposition': `attachment; filename="${fileName(report.name, format as ReportFormat)}"`
			}
		});
	} catch (caught) {
		const problem = analysisProblem(caught);
		if (problem) error(400, problem);
		throw caught;
	}
};
