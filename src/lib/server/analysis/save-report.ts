/**
 * Saving from the workspace: a new report, or the new section appended to an existing one
 * (`reportId`), in one transaction with its audit entry.
 */
import { appendToReport } from '../../reports/compose.ts';
import { checkedSpec, type ReportSpec } from '../../reports/report-spec.ts';
import * as auditLog from '../db/audit-log.ts';
import type { Database } from '../db/index.ts';
import * as reports from '../db/reports.ts';
import {
	parseWorkspaceQuery,
	WorkspaceQueryError,
	type WorkspaceQuery
} from '../../analysis/workspace/workspace-query.ts';

export async function saveReport(
	db: Database,
	projectId: number,
	userId: number,
	spec: ReportSpec,
	reportId: number | null
): Promise<{ ok: true; id: number } | { ok: false; problem: string }> {
	return db.transaction(async (tx) => {
		if (reportId !== null) {
			const existing = await reports.find(tx, projectId, reportId);
			if (!existing)
				return { ok: false as const, problem: 'reportId: that report does not exist.' };
			const composed = appendToReport(existing.spec, spec);
			if (!composed.ok) return composed;
			const checked = checkedSpec(composed.spec);
			if (!checked.ok) return checked;
			await reports.updateSpec(tx, projectId, reportId, checked.spec);
			await auditLog.record(tx, {
				userId,
				projectId,
				action: 'report.save',
				objectType: 'report',
				objectId: reportId,
				details: { appended: spec.sections.map((s) => s.kind) }
			});
			return { ok: true as const, id: reportId };
		}
		const checked = checkedSpec(spec);
		if (!checked.ok) return checked;
		const report = await reports.create(tx, { projectId, spec: checked.spec, createdBy: userId });
		await auditLog.record(tx, {
			userId,
			projectId,
			action: 'report.save',
			objectType: 'report',
			objectId: report.id,
			details: { title: spec.title }
		});
		return { ok: true as const, id: report.id };
	});
}

/** The fields every "save as report" form has: a title, and the report to add to (empty: new). */
export function readSaveFields(
	form: FormData
): { ok: true; title: string; reportId: number | null } | { ok: false; problem: string } {
	const title = String(form.get('title') ?? '').trim();
	if (!title || title.length > 200)
		return { ok: false, problem: 'title: give the report a title (at most 200 characters).' };
	const text = String(form.get('reportId') ?? '').trim();
	if (text && !/^[1-9]\d{0,9}$/.test(text))
		return { ok: false, problem: 'reportId: not a report.' };
	return { ok: true, title, reportId: text ? Number(text) : null };
}

/** The banner request a save form carries (the page's URL query). */
export function savedQuery(form: FormData): WorkspaceQuery | { problem: string } {
	let query: WorkspaceQuery;
	try {
		query = parseWorkspaceQuery(new URLSearchParams(String(form.get('query') ?? '')));
	} catch (caught) {
		if (caught instanceof WorkspaceQueryError) return { problem: caught.message };
		throw caught;
	}
	if (!query.rows.length || !query.cols.length)
		return { problem: 'rows: choose row and banner variables before saving.' };
	return query;
}
