import { describe, expect, it } from 'vitest';
import { appendToReport, moveSection, removeSection } from './compose.ts';
import { reportSpecSchema, type ReportSpec } from './report-spec.ts';

const base: ReportSpec = reportSpecSchema.parse({
	title: 'Q4',
	dataset: { kind: 'survey', surveyId: 1 },
	weighting: {
		name: 'Census',
		definition: { targets: [{ variable: 'sex', category: '1', target: 1 }] }
	},
	derived: [
		{
			kind: 'rules',
			name: 'seg',
			label: 'Seg',
			definition: {
				name: 'seg',
				rules: [
					{ label: 'A', match: 'all', conditions: [{ variable: 'sex', op: 'in', values: [1] }] }
				]
			}
		}
	],
	sections: [{ kind: 'text', title: 'Intro', text: 'Hello' }]
});
const banner = {
	kind: 'banner' as const,
	rows: ['q1'],
	cols: ['sex'],
	means: false,
	nets: {},
	adjustment: 'none' as const,
	chart: true
};

describe('composing reports', () => {
	it('appends sections of the same data and weighting, joining the segments', () => {
		const addition = {
			...base,
			title: 'other',
			derived: [...base.derived, { ...base.derived[0]!, name: 'seg2' }],
			sections: [banner]
		};
		const result = appendToReport(base, addition);
		if (!result.ok) throw new Error(result.problem);
		expect(result.spec.title).toBe('Q4');
		expect(result.spec.sections.map((s) => s.kind)).toEqual(['text', 'banner']);
		expect(result.spec.derived.map((d) => d.name)).toEqual(['seg', 'seg2']);
	});

	it('refuses another questionnaire, weighting or filter, naming the field', () => {
		expect(appendToReport(base, { ...base, dataset: { kind: 'survey', surveyId: 2 } })).toEqual({
			ok: false,
			problem: 'reportId: that report reads another questionnaire.'
		});
		expect(appendToReport(base, { ...base, weighting: null })).toEqual({
			ok: false,
			problem:
				'reportId: that report is weighted with Census; choose the same weighting to add to it.'
		});
		expect(
			appendToReport(base, { ...base, filters: [{ variable: 'sex', op: 'in', values: [2] }] }).ok
		).toBe(false);
	});

	it('moves and removes sections, keeping at least one', () => {
		const two = { ...base, sections: [...base.sections, banner] };
		const moved = moveSection(two, 1, -1);
		expect(moved.ok && moved.spec.sections.map((s) => s.kind)).toEqual(['banner', 'text']);
		expect(moveSection(two, 0, -1).ok).toBe(false);
		const removed = removeSection(two, 0);
		expect(removed.ok && removed.spec.sections.map((s) => s.kind)).toEqual(['banner']);
		expect(removeSection(base, 0)).toEqual({
			ok: false,
			problem: 'index: a report keeps at least one section; delete the report instead.'
		});
		expect(removeSection(two, 5).ok).toBe(false);
	});
});
