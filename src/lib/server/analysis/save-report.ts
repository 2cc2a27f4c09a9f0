/**
 * Saving from the workspace: a new report, or the new section appended to an existing one
 * (`reportId`), in one transaction with its audit entry.
 */
import { appendToReport } from '../../reports/compose.ts';
import { checkedSpec, type ReportSpec } from '../../reports/report-spec.ts';
import * as auditLog from '../db/audit-log.ts';
import type { Database } from '../db/index.ts';
import * as reports from '../db/reports.ts';

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

/** The `reportId` field of a save form: empty for a new report. */
export function reportIdField(value: FormDataEntryValue | null): number | null | 'invalid' {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) return null;
	return /^[1-9]\d{0,9}$/.test(text) ? Number(text) : 'invalid';
}
