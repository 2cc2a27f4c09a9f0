/** The awareness report as tables and charts (computed by analysis/reports/awareness.ts). */
import { awarenessReport, type AwarenessSpec } from '../../analysis/reports/awareness.ts';
import {
	questionText,
	valueLabel,
	variableLabel
} from '../../analysis/workspace/variable-labels.ts';
import { ciBarSpec } from '../../charts/ci-bar-spec.ts';
import { funnelSpec } from '../../charts/funnel-spec.ts';
import { rankedDotSpec } from '../../charts/ranked-dot-spec.ts';
import { trendSpec } from '../../charts/trend-spec.ts';
import { count, percent, type ReportBlock, type ReportTable } from '../report-result.ts';
import { formatP, type SectionContext } from './banner-section.ts';

const ci = (low: number, high: number) => `${percent(low)}–${percent(high)}`;

export async function awarenessSection(
	context: SectionContext,
	spec: AwarenessSpec,
	funnelKey = 0
): Promise<ReportBlock[]> {
	const { db, dataset, design, labels } = context;
	const result = await awarenessReport(
		db,
		dataset,
		design,
		spec,
		(v) => variableLabel(labels, v),
		funnelKey
	);
	const note = context.weightingNote + (context.filterNote ? `. ${context.filterNote}` : '');
	const itemLabel = new Map(result.items.map((item) => [item.variable, item.label]));
	// The wording of the items' question(s), carried by every chart.
	const question =
		[
			...new Set(spec.items.map((item) => questionText(labels, item.variable)).filter(Boolean))
		].join(' / ') || undefined;
	const baseN = Math.max(0, ...result.items.map((item) => item.overall.n));
	const base = `Base: respondents asked, n = ${count(baseN)}`;
	const blocks: ReportBlock[] = [];
	const overall: ReportTable = {
		title: 'Awareness',
		subtitle: 'Share aware, with 95% confidence interval',
		columns: [{ label: 'Aware' }, { label: '95% CI' }, { label: 'Base (n)' }],
		rows: result.items.map((item) => ({
			label: item.label,
			kind: 'category',
			cells: [
				{
					text: percent(item.overall.estimate, 1),
					value: item.overall.estimate,
					format: 'percent'
				},
				{ text: ci(item.overall.ci_low, item.overall.ci_high), format: 'text' },
				{ text: count(item.overall.n), value: item.overall.n, format: 'count' }
			]
		})),
		notes: ['CI: logit interval (as R svyciprop), design-based standard errors.', note]
	};
	blocks.push({ kind: 'table', table: overall });
	blocks.push({
		kind: 'chart',
		chart: {
			title: 'Awareness',
			alt: `Awareness of ${result.items.length} items with 95% confidence intervals.`,
			spec: ciBarSpec(
				{ title: 'Awareness', question, base, weighting: context.weightingNote },
				result.items.map((item) => ({ label: item.label, ...item.overall }))
			)
		}
	});
	for (const banner of spec.banners) {
		const categories = [
			...new Set(
				result.items.flatMap((i) =>
					i.byBanner.filter((b) => b.banner === banner).map((b) => b.category)
				)
			)
		];
		blocks.push({
			kind: 'table',
			table: {
				title: `Awareness by ${variableLabel(labels, banner)}`,
				columns: categories.map((c) => ({ label: valueLabel(labels, banner, c) })),
				rows: result.items.map((item) => ({
					label: item.label,
					kind: 'category',
					cells: categories.map((c) => {
						const cell = item.byBanner.find((b) => b.banner === banner && b.category === c);
						return cell
							? {
									text: percent(cell.share.estimate),
									value: cell.share.estimate,
									format: 'percent' as const
								}
							: { text: '–', value: null };
					})
				})),
				notes: [note]
			}
		});
	}
	if (spec.wave && result.trend.length) {
		const waves = [...new Set(result.trend.map((t) => t.wave))];
		blocks.push({
			kind: 'table',
			table: {
				title: 'Awareness by wave',
				subtitle: '▲/▼: significant change from the previous wave (p < 0.05)',
				columns: waves.map((w) => ({
					label: `${variableLabel(labels, spec.wave!)} ${valueLabel(labels, spec.wave!, w)}`
				})),
				rows: result.items.map((item) => ({
					label: item.label,
					kind: 'category',
					cells: waves.map((w) => {
						const t = result.trend.find((x) => x.variable === item.variable && x.wave === w);
						if (!t) return { text: '–', value: null };
						const mark = t.change?.significant ? (t.change.change > 0 ? ' ▲' : ' ▼') : '';
						return {
							text: percent(t.share.estimate) + mark,
							value: t.share.estimate,
							format: 'percent' as const,
							flag: t.change?.significant
								? t.change.change > 0
									? ('significant-up' as const)
									: ('significant-down' as const)
								: undefined
						};
					})
				})),
				notes: [
					'Changes tested with the design-based covariance of consecutive waves (t test, design degrees of freedom).',
					...result.trend
						.filter((t) => t.change?.significant)
						.map(
							(t) =>
								`${itemLabel.get(t.variable)}: ${t.change!.change > 0 ? '+' : ''}${(t.change!.change * 100).toFixed(1)} points in wave ${valueLabel(labels, spec.wave!, t.wave)} (${formatP(t.change!.p)}).`
						),
					note
				]
			}
		});
		blocks.push({
			kind: 'chart',
			chart: {
				title: 'Awareness trend',
				alt: `Awareness by wave for ${result.items.length} items, with 95% confidence bands; significant changes marked.`,
				spec: trendSpec(
					{ title: 'Awareness trend', question, base, weighting: context.weightingNote },
					result.trend.map((t) => ({
						wave: valueLabel(labels, spec.wave!, t.wave),
						series: itemLabel.get(t.variable) ?? t.variable,
						estimate: t.share.estimate,
						ci_low: t.share.ci_low,
						ci_high: t.share.ci_high,
						change_significant: t.change?.significant ?? false
					}))
				)
			}
		});
	}
	if (result.ranking) {
		const { ranking } = result;
		const item = result.items.find((i) => i.variable === ranking.variable)!;
		blocks.push({
			kind: 'table',
			table: {
				title: `Ranking by ${variableLabel(labels, ranking.by)}: ${item.label}`,
				columns: [
					{ label: 'Rank' },
					{ label: 'Aware' },
					{ label: '95% CI' },
					{ label: 'Base (n)' }
				],
				rows: ranking.units.map((u) => ({
					label: valueLabel(labels, ranking.by, u.unit),
					kind: 'category',
					cells: [
						{ text: String(u.rank), value: u.rank, format: 'count' },
						{ text: percent(u.share.estimate, 1), value: u.share.estimate, format: 'percent' },
						{ text: ci(u.share.ci_low, u.share.ci_high), format: 'text' },
						{
							text: count(u.share.n),
							value: u.share.n,
							format: 'count',
							flag: u.share.n < 30 ? 'no-test' : u.share.n < 100 ? 'small' : undefined
						}
					]
				})),
				notes: [
					'Units whose intervals overlap are not reliably different; bases under 100 are small.',
					note
				]
			}
		});
		blocks.push({
			kind: 'chart',
			chart: {
				title: `Ranking by ${variableLabel(labels, ranking.by)}`,
				alt: `${item.label} by ${variableLabel(labels, ranking.by)}, ranked, with 95% confidence intervals.`,
				spec: rankedDotSpec(
					{
						title: `${item.label}: ranking by ${variableLabel(labels, ranking.by)}`,
						question: questionText(labels, item.variable),
						base,
						weighting: context.weightingNote
					},
					ranking.units.map((u) => ({ unit: valueLabel(labels, ranking.by, u.unit), ...u.share })),
					{ overall: item.overall.estimate }
				)
			}
		});
	}
	if (result.funnel.length) {
		blocks.push({
			kind: 'table',
			table: {
				title: 'Awareness funnel',
				subtitle: 'Each stage: share of all respondents who reach it and every stage before',
				columns: [{ label: 'Share' }, { label: '95% CI' }, { label: 'Of previous stage' }],
				rows: result.funnel.map((stage, i) => {
					const previous = i > 0 ? result.funnel[i - 1]!.share.estimate : null;
					const conversion = previous ? stage.share.estimate / previous : null;
					return {
						label: stage.label,
						kind: 'category' as const,
						cells: [
							{
								text: percent(stage.share.estimate, 1),
								value: stage.share.estimate,
								format: 'percent' as const
							},
							{ text: ci(stage.share.ci_low, stage.share.ci_high), format: 'text' as const },
							{
								text: conversion === null ? '' : percent(conversion),
								value: conversion,
								format: 'percent' as const
							}
						]
					};
				}),
				notes: [note]
			}
		});
		blocks.push({
			kind: 'chart',
			chart: {
				title: 'Awareness funnel',
				alt: `Funnel of ${result.funnel.length} stages from ${result.funnel[0]!.label} to ${result.funnel.at(-1)!.label}.`,
				spec: funnelSpec(
					{
						title: 'Awareness funnel',
						base: `Base: all respondents, n = ${count(result.funnel[0]!.share.n)}`,
						weighting: context.weightingNote
					},
					result.funnel.map((stage) => ({ stage: stage.label, ...stage.share }))
				)
			}
		});
	}
	return blocks;
}
