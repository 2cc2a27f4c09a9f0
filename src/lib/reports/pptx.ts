/**
 * A minimal PowerPoint (.pptx, Office Open XML PresentationML) writer for analysis reports: a title
 * slide, then one slide per result with a title, the question wording, a chart image, a native
 * table or bullet text, and a footnote on base and weighting. Written by hand (no dependency) on
 * top of the zip writer that the XLSX export already uses, so that reports can be built on the
 * server with nothing else installed. Tables are real PowerPoint tables (editable, searchable),
 * split over "(continued)" slides when they are too long for one.
 *
 * The fixed parts of the package (theme, master, layouts, properties) are in pptx-parts.ts.
 */
import { zip } from '../analysis/io/xlsx.ts';
import {
	CENTER_SUBTITLE_BOX,
	CENTER_TITLE_BOX,
	LAYOUTS,
	MARGIN,
	PML_NS,
	SLIDE_H,
	SLIDE_W,
	SP_TREE_HEAD,
	TITLE_BOX,
	XML_HEAD,
	appXml,
	contentTypesXml,
	coreXml,
	escapeXml,
	presPropsXml,
	presentationRels,
	presentationXml,
	relsXml,
	rootRels,
	slideLayoutRels,
	slideLayoutXml,
	slideMasterRels,
	slideMasterXml,
	tableStylesXml,
	themeXml,
	viewPropsXml,
	xfrm,
	type Box
} from './pptx-parts.ts';

export interface PptxTable {
	header: string[];
	rows: string[][];
	/** Column alignment, default left for the first and right for others. */
	align?: ('left' | 'center' | 'right')[];
}

export interface PptxImage {
	png: Uint8Array;
	/** Pixel size, to keep the aspect ratio. */
	width: number;
	height: number;
	alt: string;
}

export interface PptxSlide {
	title: string;
	/** Small text under the title, e.g. the question wording. */
	subtitle?: string;
	/** Footnote at the bottom: base and weighting note. */
	note?: string;
	/** A chart, scaled to fit the body area. */
	image?: PptxImage;
	/** A native PowerPoint table; long tables continue on extra "(continued)" slides. */
	table?: PptxTable;
	/** Bulleted text. */
	bullets?: string[];
}

export interface PptxDeck {
	title: string;
	subtitle?: string;
	author?: string;
	slides: PptxSlide[];
}

/** Table body rows on one slide (the header row is repeated on each). */
const MAX_TABLE_ROWS = 18;

const GAP = 91440;
const SUBTITLE_BOX: Box = { x: MARGIN, y: TITLE_BOX.y + TITLE_BOX.h, w: TITLE_BOX.w, h: 457200 };
const NOTE_BOX: Box = { x: MARGIN, y: SLIDE_H - 228600 - 502920, w: TITLE_BOX.w, h: 502920 };
const GREY = '595959';
const ALIGN = { left: 'l', center: 'ctr', right: 'r' } as const;

interface Run {
	/** Size in points. */
	size: number;
	bold?: boolean;
	/** RGB hex, or a theme colour name such as 'bg1'. */
	color?: string;
	/** The theme's major (headings) or minor (body) fonts. */
	font?: 'mj' | 'mn';
}

/** Run properties; the fonts come from the theme, so every script falls back the same way. */
function runProps(run: Run, tag = 'a:rPr'): string {
	const f = run.font ?? 'mn';
	const color = run.color
		? /^[0-9A-F]{6}$/i.test(run.color)
			? `<a:solidFill><a:srgbClr val="${run.color}"/></a:solidFill>`
			: `<a:solidFill><a:schemeClr val="${run.color}"/></a:solidFill>`
		: '';
	return `<${tag} sz="${Math.round(run.size * 100)}"${run.bold ? ' b="1"' : ''} dirty="0">${color}<a:latin typeface="+${f}-lt"/><a:ea typeface="+${f}-ea"/><a:cs typeface="+${f}-cs"/></${tag}>`;
}

/** One paragraph; line breaks in the text become soft breaks (a:br). */
function paragraph(text: string, run: Run, pPr = ''): string {
	const props = runProps(run);
	const lines = text
		.split(/\r\n|\r|\n/)
		.map((line) => (line ? `<a:r>${props}<a:t>${escapeXml(line)}</a:t></a:r>` : ''));
	return `<a:p>${pPr}${lines.join(`<a:br>${props}</a:br>`)}${runProps(run, 'a:endParaRPr')}</a:p>`;
}

interface TextShape {
	id: number;
	name: string;
	box: Box;
	paragraphs: string[];
	/** The placeholder it fills (<p:ph …/>), or none for a plain text box. */
	ph?: string;
	anchor: 't' | 'ctr' | 'b';
}

function textShape(s: TextShape): string {
	const nv = s.ph
		? `<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>${s.ph}</p:nvPr>`
		: '<p:cNvSpPr txBox="1"/><p:nvPr/>';
	return `<p:sp><p:nvSpPr><p:cNvPr id="${s.id}" name="${s.name}"/>${nv}</p:nvSpPr><p:spPr>${xfrm(s.box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr wrap="square" lIns="0" rIns="0" anchor="${s.anchor}"><a:normAutofit/></a:bodyPr><a:lstStyle/>${s.paragraphs.join('')}</p:txBody></p:sp>`;
}

/** The image scaled to fit the box, aspect ratio kept, centred. */
function pictureShape(id: number, rId: string, image: PptxImage, box: Box): string {
	const ok = image.width > 0 && image.height > 0 && Number.isFinite(image.width * image.height);
	const scale = ok ? Math.min(box.w / image.width, box.h / image.height) : 0;
	const w = ok ? image.width * scale : box.w;
	const h = ok ? image.height * scale : box.h;
	const fitted = { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
	return `<p:pic><p:nvPicPr><p:cNvPr id="${id}" name="Chart ${id}" descr="${escapeXml(image.alt)}"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="${rId}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>${xfrm(fitted)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>`;
}

/** Font size for a table: smaller as rows get shorter and columns narrower, 8 to 14 points. */
function tableFontSize(rows: number, columns: number, box: Box): number {
	const rowPoints = box.h / (rows + 1) / 12700;
	const columnInches = box.w / 914400 / Math.max(1, columns);
	const size = Math.min((rowPoints - 5) / 1.2, 6 + columnInches * 4);
	return Math.max(8, Math.min(14, Math.floor(size)));
}

/** A native table in a graphic frame; the header row is filled with the accent colour. */
function tableShape(id: number, table: PptxTable, rows: string[][], box: Box): string {
	const columns = Math.max(1, table.header.length, ...rows.map((row) => row.length));
	const all = [table.header, ...rows].map((row) =>
		Array.from({ length: columns }, (_, c) => row[c] ?? '')
	);
	const size = tableFontSize(rows.length, columns, box);
	const rowH = Math.min(411480, Math.floor(box.h / all.length));
	// Column widths follow the longest text in each column, within limits.
	const weights = Array.from({ length: columns }, (_, c) => {
		const longest = Math.max(
			...all.map((row) => Math.max(...(row[c] ?? '').split('\n').map((l) => l.length)))
		);
		return Math.max(c === 0 ? 8 : 3, Math.min(30, longest));
	});
	const total = weights.reduce((a, b) => a + b, 0);
	const widths = weights.map((w) => Math.floor((box.w * w) / total));
	const align = (c: number) => ALIGN[table.align?.[c] ?? (c === 0 ? 'left' : 'right')];
	const border =
		'<a:lnB w="6350" cmpd="sng"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:lnB>';
	const rowXml = (row: string[], r: number) => {
		const header = r === 0;
		const fill = header
			? '<a:solidFill><a:schemeClr val="accent1"/></a:solidFill>'
			: r % 2 === 0
				? '<a:solidFill><a:srgbClr val="F2F2F2"/></a:solidFill>'
				: '<a:noFill/>';
		const run: Run = { size, bold: header, color: header ? 'bg1' : 'tx1' };
		const cells = row.map(
			(text, c) =>
				`<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>${paragraph(text, run, `<a:pPr algn="${align(c)}"/>`)}</a:txBody><a:tcPr marL="64008" marR="64008" marT="27432" marB="27432" anchor="ctr">${border}${fill}</a:tcPr></a:tc>`
		);
		return `<a:tr h="${rowH}">${cells.join('')}</a:tr>`;
	};
	const grid = widths.map((w) => `<a:gridCol w="${w}"/>`).join('');
	const frame = { x: box.x, y: box.y, w: widths.reduce((a, b) => a + b, 0), h: rowH * all.length };
	return `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="${id}" name="Table ${id}"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>${xfrm(frame, 'p')}<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr firstRow="1" bandRow="1"/><a:tblGrid>${grid}</a:tblGrid>${all.map(rowXml).join('')}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`;
}

function bulletsShape(id: number, bullets: string[], box: Box): string {
	const narrow = box.w < TITLE_BOX.w / 2 ? 2 : 0;
	const size =
		(bullets.length <= 5 ? 20 : bullets.length <= 8 ? 18 : bullets.length <= 12 ? 16 : 14) - narrow;
	const pPr =
		'<a:pPr marL="285750" indent="-285750"><a:spcBef><a:spcPts val="600"/></a:spcBef><a:buFont typeface="Arial"/><a:buChar char="•"/></a:pPr>';
	const paragraphs = bullets.map((text) => paragraph(text, { size }, pPr));
	return textShape({ id, name: `Text ${id}`, box, paragraphs, anchor: 't' });
}

/** Splits n rows into the fewest slides of at most MAX_TABLE_ROWS, as evenly as possible. */
function tableChunks<T>(rows: T[]): T[][] {
	const count = Math.max(1, Math.ceil(rows.length / MAX_TABLE_ROWS));
	const size = Math.ceil(rows.length / count);
	return Array.from({ length: count }, (_, i) => rows.slice(i * size, (i + 1) * size));
}

interface BuiltSlide {
	xml: string;
	/** 1 = title slide layout, 2 = title only. */
	layout: number;
	/** File name under ppt/media of the slide's image (relationship rId2). */
	media?: string;
}

const slideXml = (shapes: string): string =>
	`${XML_HEAD}<p:sld ${PML_NS}><p:cSld><p:spTree>${SP_TREE_HEAD}${shapes}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`;

function titleSlide(deck: PptxDeck): BuiltSlide {
	const title = textShape({
		id: 2,
		name: 'Title 1',
		box: CENTER_TITLE_BOX,
		ph: '<p:ph type="ctrTitle"/>',
		anchor: 'b',
		paragraphs: [paragraph(deck.title, { size: 40, font: 'mj' }, '<a:pPr algn="ctr"/>')]
	});
	const subtitle = textShape({
		id: 3,
		name: 'Subtitle 2',
		box: CENTER_SUBTITLE_BOX,
		ph: '<p:ph type="subTitle" idx="1"/>',
		anchor: 't',
		paragraphs: [paragraph(deck.subtitle ?? '', { size: 20, color: GREY }, '<a:pPr algn="ctr"/>')]
	});
	return { xml: slideXml(title + subtitle), layout: 1 };
}

/** One content slide, or several when its table is long; `addMedia` stores an image, giving its name. */
function contentSlides(slide: PptxSlide, addMedia: (png: Uint8Array) => string): BuiltSlide[] {
	const chunks = slide.table ? tableChunks(slide.table.rows) : [undefined];
	return chunks.map((rows, page) => {
		const first = page === 0;
		const title = first ? slide.title : `${slide.title} (continued)`;
		const titleSize = title.length <= 60 ? 28 : title.length <= 100 ? 24 : 20;
		const shapes = [
			textShape({
				id: 2,
				name: 'Title 1',
				box: TITLE_BOX,
				ph: '<p:ph type="title"/>',
				anchor: 'b',
				paragraphs: [paragraph(title, { size: titleSize, font: 'mj' })]
			})
		];
		const next = () => shapes.length + 2;
		if (slide.subtitle) {
			const paragraphs = [paragraph(slide.subtitle, { size: 14, color: GREY })];
			shapes.push(
				textShape({ id: next(), name: 'Subtitle', box: SUBTITLE_BOX, paragraphs, anchor: 't' })
			);
		}
		if (slide.note) {
			const paragraphs = [paragraph(slide.note, { size: 10, color: GREY })];
			shapes.push(textShape({ id: next(), name: 'Note', box: NOTE_BOX, paragraphs, anchor: 'b' }));
		}
		// The body, between the title (or subtitle) and the note, shared left to right by the chart,
		// the table and the bullets. Continuation slides carry only the table.
		const top =
			(slide.subtitle ? SUBTITLE_BOX.y + SUBTITLE_BOX.h : TITLE_BOX.y + TITLE_BOX.h) + GAP;
		const bottom = slide.note ? NOTE_BOX.y - GAP : SLIDE_H - 365760;
		const blocks: { weight: number; draw: (id: number, box: Box) => string }[] = [];
		let media: string | undefined;
		const image = first ? slide.image : undefined;
		if (image) {
			media = addMedia(image.png);
			blocks.push({ weight: 3, draw: (id, box) => pictureShape(id, 'rId2', image, box) });
		}
		if (slide.table && rows) {
			const table = slide.table;
			blocks.push({ weight: 3, draw: (id, box) => tableShape(id, table, rows, box) });
		}
		const bullets = first ? slide.bullets : undefined;
		if (bullets?.length)
			blocks.push({ weight: 2, draw: (id, box) => bulletsShape(id, bullets, box) });
		const width = SLIDE_W - 2 * MARGIN - GAP * 2 * (blocks.length - 1);
		const weights = blocks.reduce((sum, block) => sum + block.weight, 0);
		let x = MARGIN;
		for (const block of blocks) {
			const w = (width * block.weight) / weights;
			shapes.push(block.draw(next(), { x, y: top, w, h: bottom - top }));
			x += w + GAP * 2;
		}
		return { xml: slideXml(shapes.join('')), layout: 2, media };
	});
}

/** The deck as the bytes of a .pptx file. */
export function writePptx(deck: PptxDeck): Uint8Array {
	const media: { name: string; data: Uint8Array }[] = [];
	const addMedia = (png: Uint8Array) => {
		const name = `image${media.length + 1}.png`;
		media.push({ name, data: png });
		return name;
	};
	const slides = [titleSlide(deck), ...deck.slides.flatMap((s) => contentSlides(s, addMedia))];
	const files: [string, string | Uint8Array][] = [
		['[Content_Types].xml', contentTypesXml(slides.length, LAYOUTS.length)],
		['_rels/.rels', rootRels()],
		['docProps/core.xml', coreXml(deck.title, deck.author ?? '', new Date())],
		['docProps/app.xml', appXml(slides.length)],
		['ppt/presentation.xml', presentationXml(slides.length)],
		['ppt/_rels/presentation.xml.rels', presentationRels(slides.length)],
		['ppt/presProps.xml', presPropsXml()],
		['ppt/viewProps.xml', viewPropsXml()],
		['ppt/tableStyles.xml', tableStylesXml()],
		['ppt/theme/theme1.xml', themeXml()],
		['ppt/slideMasters/slideMaster1.xml', slideMasterXml(LAYOUTS.length)],
		['ppt/slideMasters/_rels/slideMaster1.xml.rels', slideMasterRels(LAYOUTS.length)],
		...LAYOUTS.flatMap((layout, i): [string, string][] => [
			[`ppt/slideLayouts/slideLayout${i + 1}.xml`, slideLayoutXml(layout)],
			[`ppt/slideLayouts/_rels/slideLayout${i + 1}.xml.rels`, slideLayoutRels()]
		]),
		...slides.flatMap((slide, i): [string, string][] => {
			const rels: [string, string][] = [
				['slideLayout', `../slideLayouts/slideLayout${slide.layout}.xml`]
			];
			if (slide.media) rels.push(['image', `../media/${slide.media}`]);
			return [
				[`ppt/slides/slide${i + 1}.xml`, slide.xml],
				[`ppt/slides/_rels/slide${i + 1}.xml.rels`, relsXml(rels)]
			];
		}),
		...media.map((m): [string, Uint8Array] => [`ppt/media/${m.name}`, m.data])
	];
	return zip(
		files.map(([name, data]) => ({
			name,
			data: typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data)
		}))
	);
}
