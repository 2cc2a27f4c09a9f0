/**
 * A report as an Excel workbook: a contents sheet (title, dataset, weighting, filter), then one
 * sheet per table — title, column headings with their letters, bases, figures as real numbers
 * (percentages formatted as such) and the significance letters in a column beside each figure,
 * then the notes. Charts are not embedded (the HTML and PPTX carry them).
 */
import { xlsx, type CellStyle, type CellValue, type Sheet } from '../analysis/io/xlsx.ts';
import type { ReportCell, ReportResult, ReportTable } from './report-result.ts';

const styleOf = (cell: ReportCell): CellStyle | null =>
	cell.format === 'percent'
		? 'percent'
		: cell.format === 'count'
			? 'count'
			: cell.format === 'decimal'
				? 'decimal'
				: null;

function cellValue(cell: ReportCell): CellValue {
	const number = typeof cell.value === 'number' && Number.isFinite(cell.value);
	if (!number) return cell.text === '–' ? null : cell.text;
	const style = styleOf(cell);
	return style ? { value: cell.value!, style } : cell.value!;
}

export function tableSheet(table: ReportTable, name: string): Sheet {
	const lettered = table.columns.some((c) => c.letter);
	const width = lettered ? 2 : 1;
	const rows: CellValue[][] = [[{ value: table.title, style: 'bold' }]];
	if (table.subtitle) rows.push([table.subtitle]);
	rows.push([]);
	if (table.columns.some((c) => c.group)) {
		const groupRow: CellValue[] = [''];
		table.columns.forEach((c, j) => {
			const previous = table.columns[j - 1]?.group;
			groupRow.push(c.group !== previous ? { value: c.group ?? '', style: 'header' } : '');
			if (lettered) groupRow.push('');
		});
		rows.push(groupRow);
	}
	const header: CellValue[] = [{ value: '', style: 'header' }];
	for (const c of table.columns) {
		header.push({ value: c.letter ? `${c.label} (${c.letter})` : c.label, style: 'header' });
		if (lettered) header.push({ value: 'sig', style: 'header' });
	}
	rows.push(header);
	for (const row of table.rows) {
		const line: CellValue[] = [
			row.kind === 'base' || row.kind === 'net' || row.kind === 'mean'
				? { value: row.label, style: 'bold' }
				: row.label
		];
		for (const cell of row.cells) {
			line.push(cellValue(cell));
			if (lettered) {
				const flag =
					cell.flag === 'no-test' ? 'no test' : cell.flag === 'small' ? 'small base' : '';
				line.push(
					cell.sig
						? { value: cell.sig, style: 'flagged' }
						: flag
							? { value: flag, style: 'note' }
							: null
				);
			}
		}
		rows.push(line);
	}
	rows.push([]);
	for (const note of table.notes) rows.push([{ value: note, style: 'note' }]);
	return {
		name,
		rows,
		widths: [42, ...table.columns.flatMap(() => (width === 2 ? [12, 6] : [14]))]
	};
}

export function reportWorkbook(report: ReportResult): Uint8Array {
	const contents: CellValue[][] = [
		[{ value: report.title, style: 'bold' }],
		...report.context.map((line) => [line] as CellValue[]),
		[`Generated ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC by Barometer`],
		[],
		[
			{ value: 'Sheet', style: 'header' },
			{ value: 'Table', style: 'header' },
			{ value: 'Section', style: 'header' }
		]
	];
	const sheets: Sheet[] = [];
	let number = 0;
	for (const section of report.sections) {
		for (const block of section.blocks) {
			if (block.kind !== 'table') continue;
			number += 1;
			const name = `T${number} ${block.table.title}`.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
			sheets.push(tableSheet(block.table, name));
			contents.push([sheets.at(-1)!.name, block.table.title, section.title]);
		}
	}
	return xlsx([{ name: 'Contents', rows: contents, widths: [30, 60, 30] }, ...sheets]);
}
