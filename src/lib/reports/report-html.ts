/**
 * A report as one self-contained HTML page: inline CSS, charts as inline SVG (rendered on the
 * server), no scripts and no external requests, so it can be mailed, archived or opened offline.
 * Every text is escaped; the SVG comes from our own renderer, never from user input.
 */
import type { ReportBlock, ReportResult, ReportTable } from './report-result.ts';

export function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

export function tableHtml(table: ReportTable): string {
	const groups: { label: string; span: number }[] = [];
	for (const c of table.columns) {
		const last = groups.at(-1);
		if (last && last.label === (c.group ?? '')) last.span += 1;
		else groups.push({ label: c.group ?? '', span: 1 });
	}
	const groupRow = table.columns.some((c) => c.group)
		? `<tr><th></th>${groups.map((g) => `<th colspan="${g.span}" scope="colgroup">${escapeHtml(g.label)}</th>`).join('')}</tr>`
		: '';
	const head = `<tr><th></th>${table.columns
		.map(
			(c) =>
				`<th scope="col">${escapeHtml(c.label)}${c.letter ? `<br><span class="letter">${escapeHtml(c.letter)}</span>` : ''}</th>`
		)
		.join('')}</tr>`;
	const body = table.rows
		.map(
			(row) =>
				`<tr class="${row.kind}"><th scope="row">${escapeHtml(row.label)}</th>${row.cells
					.map(
						(cell) =>
							`<td${cell.flag ? ` class="${cell.flag}"` : ''}>${escapeHtml(cell.text)}${cell.sig ? ` <span class="sig">${escapeHtml(cell.sig)}</span>` : ''}</td>`
					)
					.join('')}</tr>`
		)
		.join('');
	return `<figure class="table"><figcaption><strong>${escapeHtml(table.title)}</strong>${table.subtitle ? `<br>${escapeHtml(table.subtitle)}` : ''}</figcaption><div class="scroll"><table><thead>${groupRow}${head}</thead><tbody>${body}</tbody></table></div>${table.notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`).join('')}</figure>`;
}

function blockHtml(block: ReportBlock, svgs: Map<ReportBlock, string>): string {
	if (block.kind === 'table') return tableHtml(block.table);
	if (block.kind === 'text')
		return block.text
			.split(/\n{2,}/)
			.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
			.join('');
	const svg = svgs.get(block) ?? '';
	return `<figure class="chart" role="img" aria-label="${escapeHtml(block.chart.alt)}">${svg}</figure>`;
}

const css = `body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:2px solid #1f4e79;padding-bottom:.2rem;margin-top:2.5rem}
.context{color:#444;font-size:.9rem}.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}th,td{padding:.25rem .5rem;border-bottom:1px solid #ddd;text-align:right;white-space:nowrap}
th[scope=row]{text-align:left;white-space:normal;min-width:14rem}thead th{background:#ddebf7;text-align:center;vertical-align:bottom}
tr.base td,tr.base th{color:#555;font-size:.8rem}tr.net th,tr.mean th{font-weight:bold}
.sig{color:#1f4e79;font-weight:bold}.letter{color:#1f4e79}.small{color:#b45309}.no-test{color:#b91c1c}
.significant-up{background:#e6f4ea}.significant-down{background:#fde8e8}
.note{font-size:.78rem;color:#555;margin:.15rem 0}figure{margin:1.5rem 0}figure.chart svg{max-width:100%;height:auto}
footer{margin-top:3rem;font-size:.8rem;color:#666}`;

/** `svgOf` renders a chart block's spec to SVG (server-side). */
export async function reportHtml(
	report: ReportResult,
	svgOf: (block: Extract<ReportBlock, { kind: 'chart' }>) => Promise<string>
): Promise<string> {
	const svgs = new Map<ReportBlock, string>();
	for (const section of report.sections)
		for (const block of section.blocks)
			if (block.kind === 'chart') svgs.set(block, await svgOf(block));
	const sections = report.sections
		.map(
			(section) =>
				`<section>${section.title ? `<h2>${escapeHtml(section.title)}</h2>` : ''}${section.blocks.map((block) => blockHtml(block, svgs)).join('\n')}</section>`
		)
		.join('\n');
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(report.title)}</title><style>${css}</style></head>
<body><header><h1>${escapeHtml(report.title)}</h1>${report.context.map((line) => `<p class="context">${escapeHtml(line)}</p>`).join('')}</header>
${sections}
<footer>Generated ${escapeHtml(report.generatedAt.slice(0, 16).replace('T', ' '))} UTC by Barometer.</footer></body></html>
`;
}
