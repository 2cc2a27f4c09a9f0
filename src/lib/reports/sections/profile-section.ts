/** The segment profile as tables (one per segment, most distinctive lines first) and a heatmap. */
import { segmentProfile, type ProfileSpec } from '../../analysis/reports/segment-profile.ts';
import { shortLabel, valueLabel, variableLabel } from '../../analysis/workspace/variable-labels.ts';
import { profileHeatmapSpec } from '../../charts/profile-heatmap-spec.ts';
import { count, percent, type ReportBlock } from '../report-result.ts';
import type { SectionContext } from './banner-section.ts';

/** How many lines per segment the heatmap shows (the table lists all). */
const heatmapLines = 12;

export async function profileSection(
	context: SectionContext,
	spec: ProfileSpec
): Promise<ReportBlock[]> {
	const { db, dataset, design, labels } = context;
	const isOption = (v: string) => labels.get(v)?.kind === 'multi-option';
	const profiles = await segmentProfile(db, dataset, design, spec, isOption);
	const note = context.weightingNote + (context.filterNote ? `. ${context.filterNote}` : '');
	const lineLabel = (variable: string, category: string) =>
		isOption(variable)
			? variableLabel(labels, variable)
			: `${variableLabel(labels, variable)}: ${valueLabel(labels, variable, category)}`;
	const segmentName = (code: string) => valueLabel(labels, spec.segment, code);
	const blocks: ReportBlock[] = [
		{
			kind: 'table',
			table: {
				title: `Segment sizes: ${variableLabel(labels, spec.segment)}`,
				columns: [{ label: 'Share' }, { label: '95% CI' }, { label: 'Respondents' }],
				rows: profiles.map((p) => ({
					label: segmentName(p.code),
					kind: 'category',
					cells: [
						{ text: percent(p.size.estimate, 1), value: p.size.estimate, format: 'percent' },
						{ text: `${percent(p.size.ci_low)}–${percent(p.size.ci_high)}`, format: 'text' },
						{ text: count(p.size.n), value: p.size.n, format: 'count' }
					]
				})),
				notes: [note]
			}
		}
	];
	for (const p of profiles) {
		blocks.push({
			kind: 'table',
			table: {
				title: `Profile: ${segmentName(p.code)}`,
				subtitle: `${percent(p.size.estimate, 1)} of the population; most distinctive first`,
				columns: [{ label: 'Segment' }, { label: 'Total' }, { label: 'Index' }],
				rows: p.lines.map((line) => ({
					label: lineLabel(line.variable, line.category),
					kind: 'category',
					cells: [
						{ text: percent(line.segmentShare), value: line.segmentShare, format: 'percent' },
						{ text: percent(line.totalShare), value: line.totalShare, format: 'percent' },
						{
							text: Number.isFinite(line.index)
								? String(Math.round(line.index)) + (line.significant ? ' *' : '')
								: '–',
							value: Number.isFinite(line.index) ? line.index : null,
							format: 'count',
							flag: line.significant
								? line.index > 100
									? 'significant-up'
									: 'significant-down'
								: undefined
						}
					]
				})),
				notes: [
					'Index = segment share ÷ total share × 100. * : the segment differs from the rest of the population (column-proportions test on effective bases, p < 0.05).',
					note
				]
			}
		});
	}
	const shown = new Set<string>();
	for (const p of profiles)
		for (const line of p.lines.filter((l) => l.significant).slice(0, heatmapLines))
			shown.add(`${line.variable}\u0000${line.category}`);
	const data = profiles.flatMap((p) =>
		p.lines
			.filter((line) => shown.has(`${line.variable}\u0000${line.category}`))
			.map((line) => ({
				segment: segmentName(p.code),
				variable: shortLabel(labels, line.variable),
				category: isOption(line.variable)
					? 'chosen'
					: valueLabel(labels, line.variable, line.category),
				index: Number.isFinite(line.index) ? line.index : 100,
				significant: line.significant
			}))
	);
	if (data.length)
		blocks.push({
			kind: 'chart',
			chart: {
				title: 'Segment profile',
				alt: `Index against the total for the most distinctive characteristics of each segment of ${variableLabel(labels, spec.segment)}.`,
				spec: profileHeatmapSpec(
					{
						title: `Segment profile: ${variableLabel(labels, spec.segment)}`,
						base: `Base: all respondents in a segment, n = ${count(profiles.reduce((n, p) => n + p.size.n, 0))}`,
						weighting: context.weightingNote
					},
					data
				)
			}
		});
	return blocks;
}
