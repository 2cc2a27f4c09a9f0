/**
 * A report as PowerPoint slides: a title slide, then one slide per chart (as a picture) and per
 * table (as a native table, split over slides when long), each with its title and a footnote with
 * the base and weighting — what a communications office pastes into its briefing.
 */
import type { PptxDeck, PptxSlide } from './pptx.ts';
import { writePptx } from './pptx.ts';
import type { ReportBlock, ReportResult } from './report-result.ts';

type ChartBlock = Extract<ReportBlock, { kind: 'chart' }>;

export async function reportPptx(
	report: ReportResult,
	pngOf: (block: ChartBlock) => Promise<{ png: Uint8Array; width: number; height: number }>
): Promise<Uint8Array> {
	const slides: PptxSlide[] = [];
	const weightingLine = report.context.slice(1).join(' · ');
	for (const section of report.sections) {
		for (const block of section.blocks) {
			if (block.kind === 'chart') {
				const image = await pngOf(block);
				slides.push({
					title: block.chart.title,
					image: { ...image, alt: block.chart.alt },
					note: weightingLine
				});
			} else if (block.kind === 'table') {
				const table = block.table;
				slides.push({
					title: table.title,
					subtitle: table.subtitle,
					table: {
						header: [
							'',
							...table.columns.map((c) => (c.letter ? `${c.label} (${c.letter})` : c.label))
						],
						rows: table.rows.map((row) => [
							row.label,
							...row.cells.map((cell) => (cell.sig ? `${cell.text} ${cell.sig}` : cell.text))
						])
					},
					note: table.notes.filter((note) => !note.startsWith('Letters:')).join(' ')
				});
			} else if (block.text.trim()) {
				slides.push({ title: section.title || report.title, bullets: block.text.split(/\n+/) });
			}
		}
	}
	const deck: PptxDeck = {
		title: report.title,
		subtitle: report.context.join('\n'),
		author: 'Barometer',
		slides
	};
	return writePptx(deck);
}
