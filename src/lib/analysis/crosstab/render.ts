/** Banner tables as CSV (one line per cell), a self-contained HTML page, or an Excel workbook. */
import { csvLine } from '../../csv.ts';
import { xlsx, type CellValue, type PlainValue } from '../io/xlsx.ts';
import type { CrosstabTable } from './crosstab.ts';

/** Every cell of every table as one record: the header, then one row per cell. */
function cellRecords(tables: CrosstabTable[]): PlainValue[][] {
	const records: PlainValue[][] = [
		[
			'row_variable',
			'col_variable',
			'row',
			'col',
			'letter',
			'n',
			'count',
			'col_pct',
			'row_pct',
			'total_pct',
			'se',
			'ci_low',
			'ci_high',
			'sig'
		]
	];
	for (const table of tables) {
		const letters = new Map(table.columns.map((column) => [column.key, column.letter]));
		for (const cell of table.cells) {
			records.push([
				table.row,
				table.col,
				cell.row,
				cell.col,
				letters.get(cell.col),
				cell.n,
				cell.count,
				cell.col_pct,
				cell.row_pct,
				cell.total_pct,
				cell.se,
				cell.ci_low,
				cell.ci_high,
				cell.sig
			]);
		}
	}
	return records;
}

export function crosstabCsv(tables: CrosstabTable[]): string {
	return cellRecords(tables)
		.map((record) => csvLine(record))
		.join('');
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function tableHtml(table: CrosstabTable): string {
	const rows = [...new Set(table.cells.map((cell) => cell.row))];
	const head = table.columns
		.map(
			(column) =>
				`<th>${escapeHtml(column.key)} <span class="letter">(${column.letter})</span></th>`
		)
		.join('');
	const bases = table.columns
		.map(
			(column) =>
				`<td class="base${column.base_flag ? ` ${column.base_flag}` : ''}">${column.n}</td>`
		)
		.join('');
	const body = rows
		.map((row) => {
			const cells = table.columns
				.map((column) => {
					const cell = table.cells.find((c) => c.row === row && c.col === column.key)!;
					return `<td>${percent(cell.col_pct)}${cell.sig ? ` <span class="sig">${escapeHtml(cell.sig)}</span>` : ''}</td>`;
				})
				.join('');
			return `<tr><th>${escapeHtml(row)}</th>${cells}</tr>`;
		})
		.join('\n');
	const means = table.means
		? `<tr class="mean"><th>Mean score</th>${table.means.map((m) => `<td>${Number.isFinite(m.mean) ? m.mean.toFixed(2) : '—'}${m.sig ? ` <span class="sig">${escapeHtml(m.sig)}</span>` : ''}</td>`).join('')}</tr>`
		: '';
	const tests = table.chi_square
		? `<p class="tests">Pearson χ² = ${table.chi_square.pearson.stat.toFixed(3)} (df ${table.chi_square.pearson.df}, p = ${table.chi_square.pearson.p.toPrecision(3)});
			Rao–Scott F = ${table.chi_square.rao_scott_2.f.toFixed(3)} (df ${table.chi_square.rao_scott_2.ndf.toFixed(2)}, ${table.chi_square.rao_scott_2.ddf.toFixed(1)}, p = ${table.chi_square.rao_scott_2.p.toPrecision(3)}).</p>`
		: '';
	return `<section><h2>${escapeHtml(table.row)} by ${escapeHtml(table.col)}</h2>
<table><thead><tr><th></th>${head}</tr></thead>
<tbody><tr><th>Base (unweighted)</th>${bases}</tr>
${body}${means}</tbody></table>${tests}</section>`;
}

export function crosstabHtml(tables: CrosstabTable[]): string {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Banner tables</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;margin-bottom:.5rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}th:first-child{text-align:left}
.letter,.sig{color:#1f4e79;font-weight:600}.no-test{background:#fde2e2}.small{background:#fff3cd}.tests{color:#555}</style>
</head><body><p>Column percentages; letters mark columns this column is significantly higher than
(upper case 95%, lower case 90%; column-proportions test on effective bases). Bases under 30 are not tested (red), under 100 are small (yellow).</p>
${tables.map(tableHtml).join('\n')}</body></html>\n`;
}

/**
 * An Excel workbook: sheet "Tables" with each banner table laid out for reading (column
 * percentages with their significance letters beside them, bases on top, tests below) and sheet
 * "Cells" with every cell's figures, one per line.
 */
export function crosstabWorkbook(tables: CrosstabTable[]): Uint8Array {
	const readable: CellValue[][] = [
		[
			'Column percentages; letters: columns this column is significantly higher than (upper case 95%, lower case 90%).'
		]
	];
	for (const table of tables) {
		readable.push([], [`${table.row} by ${table.col}`]);
		readable.push([
			'',
			...table.columns.flatMap((column) => [`${column.key} (${column.letter})`, ''])
		]);
		readable.push([
			'Base (unweighted)',
			...table.columns.flatMap((column) => [column.n, column.base_flag ?? ''])
		]);
		readable.push([
			'Base (weighted)',
			...table.columns.flatMap((column) => [column.weighted_n, ''])
		]);
		for (const row of [...new Set(table.cells.map((cell) => cell.row))]) {
			readable.push([
				row,
				...table.columns.flatMap((column) => {
					const cell = table.cells.find((c) => c.row === row && c.col === column.key)!;
					return [cell.col_pct, cell.sig];
				})
			]);
		}
		if (table.means) {
			readable.push(['Mean score', ...table.means.flatMap((m) => [m.mean, m.sig])]);
		}
		if (table.chi_square) {
			const { pearson: p, rao_scott_2: rs } = table.chi_square;
			readable.push(['Pearson chi-square', p.stat, 'df', p.df, 'p', p.p]);
			readable.push([
				'Rao-Scott F',
				rs.f,
				'df',
				`${rs.ndf.toFixed(3)}, ${rs.ddf.toFixed(1)}`,
				'p',
				rs.p
			]);
		}
	}
	return xlsx([
		{ name: 'Tables', rows: readable },
		{ name: 'Cells', rows: cellRecords(tables) }
	]);
}
