/**
 * Building a report up from the workspace: a table, an awareness report or a segment profile is
 * appended to an existing report when it reads the same data the same way (same questionnaire,
 * weighting and filters — a report states one weighting for all it shows); its segments join the
 * report's.
 */
import type { ReportSpec } from './report-spec.ts';

export type ComposeResult = { ok: true; spec: ReportSpec } | { ok: false; problem: string };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function appendToReport(report: ReportSpec, addition: ReportSpec): ComposeResult {
	if (!same(report.dataset, addition.dataset))
		return { ok: false, problem: 'reportId: that report reads another questionnaire.' };
	if (!same(report.weighting?.definition ?? null, addition.weighting?.definition ?? null))
		return {
			ok: false,
			problem: `reportId: that report is ${report.weighting ? `weighted with ${report.weighting.name}` : 'unweighted'}; choose the same weighting to add to it.`
		};
	if (!same(report.filters, addition.filters))
		return { ok: false, problem: 'reportId: that report has other filters.' };
	const names = new Set(report.derived.map((d) => d.name));
	return {
		ok: true,
		spec: {
			...report,
			derived: [...report.derived, ...addition.derived.filter((d) => !names.has(d.name))],
			sections: [...report.sections, ...addition.sections]
		}
	};
}

export function removeSection(report: ReportSpec, index: number): ComposeResult {
	if (!Number.isInteger(index) || index < 0 || index >= report.sections.length)
		return { ok: false, problem: 'index: there is no such section.' };
	if (report.sections.length === 1)
		return {
			ok: false,
			problem: 'index: a report keeps at least one section; delete the report instead.'
		};
	return { ok: true, spec: { ...report, sections: report.sections.filter((_, i) => i !== index) } };
}

export function moveSection(report: ReportSpec, index: number, by: -1 | 1): ComposeResult {
	const target = index + by;
	if (
		!Number.isInteger(index) ||
		index < 0 ||
		index >= report.sections.length ||
		target < 0 ||
		target >= report.sections.length
	)
		return { ok: false, problem: 'index: that section cannot move further.' };
	const sections = [...report.sections];
	[sections[index], sections[target]] = [sections[target]!, sections[index]!];
	return { ok: true, spec: { ...report, sections } };
}
