/** Turns a workspace page's parsed query into the report spec the engine runs (and a report saves). */
import type { WorkspaceQuery } from '../../analysis/workspace/workspace-query.ts';
import type { StoredScheme } from '../db/weighting-schemes.ts';
import type { SurveyReportSpec } from './analysis-service.ts';
import type { ChoosableVariable } from './survey-variables.ts';

export function bannerSpec(
	query: WorkspaceQuery,
	scheme: StoredScheme | null,
	variables: ChoosableVariable[],
	title: string
): SurveyReportSpec {
	const nets: Record<string, { label: string; members: string[] }[]> = {};
	for (const row of query.rows) {
		const codes = new Set(variables.find((v) => v.name === row)?.values.map((value) => value.code));
		const fitting = query.nets.filter((net) => net.members.every((member) => codes.has(member)));
		if (fitting.length) nets[row] = fitting;
	}
	return {
		version: 1,
		title,
		weighting: scheme ? { name: scheme.name, definition: scheme.definition } : null,
		derived: [],
		filters: query.filters,
		sections: [
			{
				kind: 'banner',
				rows: query.rows,
				cols: query.cols,
				means: query.means,
				nets,
				adjustment: query.adjustment,
				chart: true
			}
		]
	};
}
