/**
 * The fixed parts of the PowerPoint package that pptx.ts writes: content types, relationships,
 * document properties, the presentation part, one slide master with two layouts (title slide and
 * title only), and a theme. Kept apart from the slide builder so each file stays readable; every
 * function returns a whole XML part as text.
 */

export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_P = 'http://schemas.openxmlformats.org/presentationml/2006/main';
/** The namespaces of every PresentationML part (slides, layouts, master, presentation). */
export const PML_NS = `xmlns:a="${NS_A}" xmlns:r="${NS_R}" xmlns:p="${NS_P}"`;
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument';

/** Slide size: 16:9 widescreen, 13.333 × 7.5 inches in EMU (914,400 to the inch). */
export const SLIDE_W = 12192000;
export const SLIDE_H = 6858000;

/**
 * Text escaped for XML element content and attribute values. Characters that XML 1.0 does not
 * allow (C0 controls other than tab and line breaks, U+FFFE/U+FFFF, lone surrogates) are dropped.
 */
export function escapeXml(text: string): string {
	return text
		.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

/** One relationships part; each entry is [type (last segment of the officeDocument URI), target]. */
export function relsXml(rels: [type: string, target: string][]): string {
	const items = rels
		.map(([type, target], i) => {
			const uri = type.includes('/') ? type : `${REL}/${type}`;
			return `<Relationship Id="rId${i + 1}" Type="${uri}" Target="${escapeXml(target)}"/>`;
		})
		.join('');
	return `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items}</Relationships>`;
}

export const rootRels = (): string =>
	relsXml([
		['officeDocument', 'ppt/presentation.xml'],
		[
			'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties',
			'docProps/core.xml'
		],
		['extended-properties', 'docProps/app.xml']
	]);

export function contentTypesXml(slides: number, layouts: number): string {
	const o = (part: string, type: string) => `<Override PartName="/${part}" ContentType="${type}"/>`;
	const p = `${CT}.presentationml`;
	return `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>${[
		o('ppt/presentation.xml', `${p}.presentation.main+xml`),
		o('ppt/presProps.xml', `${p}.presProps+xml`),
		o('ppt/viewProps.xml', `${p}.viewProps+xml`),
		o('ppt/tableStyles.xml', `${p}.tableStyles+xml`),
		o('ppt/theme/theme1.xml', `${CT}.theme+xml`),
		o('ppt/slideMasters/slideMaster1.xml', `${p}.slideMaster+xml`),
		...Array.from({ length: layouts }, (_, i) =>
			o(`ppt/slideLayouts/slideLayout${i + 1}.xml`, `${p}.slideLayout+xml`)
		),
		...Array.from({ length: slides }, (_, i) =>
			o(`ppt/slides/slide${i + 1}.xml`, `${p}.slide+xml`)
		),
		o('docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml'),
		o('docProps/app.xml', `${CT}.extended-properties+xml`)
	].join('')}</Types>`;
}

export function coreXml(title: string, author: string, when: Date): string {
	const stamp = when.toISOString().replace(/\.\d{3}Z$/, 'Z');
	const date = (name: string) =>
		`<dcterms:${name} xsi:type="dcterms:W3CDTF">${stamp}</dcterms:${name}>`;
	return `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${escapeXml(title)}</dc:title><dc:creator>${escapeXml(author)}</dc:creator>${date('created')}${date('modified')}</cp:coreProperties>`;
}

export const appXml = (slides: number): string =>
	`${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Barometer</Application><PresentationFormat>Widescreen</PresentationFormat><Slides>${slides}</Slides></Properties>`;

export function presentationXml(slides: number): string {
	const ids = Array.from(
		{ length: slides },
		(_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 2}"/>`
	);
	return `${XML_HEAD}<p:presentation ${PML_NS} saveSubsetFonts="1"><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:sldIdLst>${ids.join('')}</p:sldIdLst><p:sldSz cx="${SLIDE_W}" cy="${SLIDE_H}"/><p:notesSz cx="6858000" cy="9144000"/><p:defaultTextStyle><a:lvl1pPr>${defRPr(1800, 'mn')}</a:lvl1pPr></p:defaultTextStyle></p:presentation>`;
}

/** rId1 the master, rId2… the slides, then the presentation-wide parts. */
export const presentationRels = (slides: number): string =>
	relsXml([
		['slideMaster', 'slideMasters/slideMaster1.xml'],
		...Array.from({ length: slides }, (_, i): [string, string] => [
			'slide',
			`slides/slide${i + 1}.xml`
		]),
		['presProps', 'presProps.xml'],
		['viewProps', 'viewProps.xml'],
		['theme', 'theme/theme1.xml'],
		['tableStyles', 'tableStyles.xml']
	]);

export const presPropsXml = (): string => `${XML_HEAD}<p:presentationPr ${PML_NS}/>`;
export const viewPropsXml = (): string => `${XML_HEAD}<p:viewPr ${PML_NS}/>`;
/** No table styles of its own: tables are formatted cell by cell, which every reader shows. */
export const tableStylesXml = (): string =>
	`${XML_HEAD}<a:tblStyleLst xmlns:a="${NS_A}" def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>`;

/** Default run properties: size in hundredths of a point, the theme's major (mj) or minor (mn) fonts. */
function defRPr(size: number, font: 'mj' | 'mn'): string {
	return `<a:defRPr sz="${size}"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+${font}-lt"/><a:ea typeface="+${font}-ea"/><a:cs typeface="+${font}-cs"/></a:defRPr>`;
}

/** The group shape every shape tree starts with. */
export const SP_TREE_HEAD =
	'<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>';

export interface Box {
	x: number;
	y: number;
	w: number;
	h: number;
}
export const xfrm = (b: Box, ns = 'a'): string =>
	`<${ns}:xfrm><a:off x="${Math.round(b.x)}" y="${Math.round(b.y)}"/><a:ext cx="${Math.round(b.w)}" cy="${Math.round(b.h)}"/></${ns}:xfrm>`;

/** Where the title, subtitle and footnote go on content slides (also the layout's placeholders). */
export const MARGIN = 457200;
export const TITLE_BOX: Box = { x: MARGIN, y: 228600, w: SLIDE_W - 2 * MARGIN, h: 777240 };
export const CENTER_TITLE_BOX: Box = { x: 914400, y: 1600200, w: SLIDE_W - 2 * 914400, h: 1905000 };
export const CENTER_SUBTITLE_BOX: Box = {
	x: 914400,
	y: 3657600,
	w: SLIDE_W - 2 * 914400,
	h: 1371600
};

/** An empty placeholder shape for the master and layouts. */
function placeholder(id: number, name: string, ph: string, box: Box, anchor: string): string {
	return `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="${name}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>${ph}</p:nvPr></p:nvSpPr><p:spPr>${xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr anchor="${anchor}"><a:normAutofit/></a:bodyPr><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>`;
}

const BODY_BOX: Box = { x: MARGIN, y: 1143000, w: SLIDE_W - 2 * MARGIN, h: 5029200 };

export function slideMasterXml(layouts: number): string {
	const shapes =
		placeholder(2, 'Title Placeholder 1', '<p:ph type="title"/>', TITLE_BOX, 'b') +
		placeholder(3, 'Text Placeholder 2', '<p:ph type="body" idx="1"/>', BODY_BOX, 't');
	const layoutIds = Array.from(
		{ length: layouts },
		(_, i) => `<p:sldLayoutId id="${2147483649 + i}" r:id="rId${i + 1}"/>`
	).join('');
	const bullet = '<a:buFont typeface="Arial"/><a:buChar char="•"/>';
	return `${XML_HEAD}<p:sldMaster ${PML_NS}><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg><p:spTree>${SP_TREE_HEAD}${shapes}</p:spTree></p:cSld><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/><p:sldLayoutIdLst>${layoutIds}</p:sldLayoutIdLst><p:txStyles><p:titleStyle><a:lvl1pPr algn="l">${defRPr(2800, 'mj')}</a:lvl1pPr></p:titleStyle><p:bodyStyle><a:lvl1pPr marL="285750" indent="-285750"><a:spcBef><a:spcPts val="600"/></a:spcBef>${bullet}${defRPr(1800, 'mn')}</a:lvl1pPr></p:bodyStyle><p:otherStyle><a:lvl1pPr>${defRPr(1800, 'mn')}</a:lvl1pPr></p:otherStyle></p:txStyles></p:sldMaster>`;
}

/** The master's relationships: its layouts first (rId1…), then the theme. */
export const slideMasterRels = (layouts: number): string =>
	relsXml([
		...Array.from({ length: layouts }, (_, i): [string, string] => [
			'slideLayout',
			`../slideLayouts/slideLayout${i + 1}.xml`
		]),
		['theme', '../theme/theme1.xml']
	]);

/** Layout 1: the title slide; layout 2: a title over free content. */
export const LAYOUTS = [
	{
		type: 'title',
		name: 'Title Slide',
		shapes:
			placeholder(2, 'Title 1', '<p:ph type="ctrTitle"/>', CENTER_TITLE_BOX, 'b') +
			placeholder(3, 'Subtitle 2', '<p:ph type="subTitle" idx="1"/>', CENTER_SUBTITLE_BOX, 't')
	},
	{
		type: 'titleOnly',
		name: 'Title Only',
		shapes: placeholder(2, 'Title 1', '<p:ph type="title"/>', TITLE_BOX, 'b')
	}
];

export const slideLayoutXml = (layout: (typeof LAYOUTS)[number]): string =>
	`${XML_HEAD}<p:sldLayout ${PML_NS} type="${layout.type}" preserve="1"><p:cSld name="${layout.name}"><p:spTree>${SP_TREE_HEAD}${layout.shapes}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>`;

export const slideLayoutRels = (): string =>
	relsXml([['slideMaster', '../slideMasters/slideMaster1.xml']]);

/**
 * The theme: colours, and fonts with wide script coverage. Calibri covers Latin, Greek and
 * Cyrillic; the per-script entries name the fonts Office itself uses where Calibri has no glyphs
 * (Sylfaen for Georgian and Armenian). Empty East Asian / complex-script faces let the reader pick
 * its own default for those scripts.
 */
export function themeXml(): string {
	const colors = [
		['dk1', '<a:sysClr val="windowText" lastClr="000000"/>'],
		['lt1', '<a:sysClr val="window" lastClr="FFFFFF"/>'],
		['dk2', '<a:srgbClr val="1F2A44"/>'],
		['lt2', '<a:srgbClr val="E7E6E6"/>'],
		...['1F5F99', 'E07B39', '4C9A5B', 'B8424A', '7A5CA8', '3A9CA6'].map((c, i) => [
			`accent${i + 1}`,
			`<a:srgbClr val="${c}"/>`
		]),
		['hlink', '<a:srgbClr val="1F5F99"/>'],
		['folHlink', '<a:srgbClr val="7A5CA8"/>']
	]
		.map(([name, value]) => `<a:${name}>${value}</a:${name}>`)
		.join('');
	const scripts = [
		['Geor', 'Sylfaen'],
		['Armn', 'Sylfaen'],
		['Arab', 'Arial'],
		['Hebr', 'Arial'],
		['Thai', 'Tahoma'],
		['Jpan', 'Yu Gothic'],
		['Hans', 'DengXian'],
		['Hang', 'Malgun Gothic']
	]
		.map(([script, face]) => `<a:font script="${script}" typeface="${face}"/>`)
		.join('');
	const font = (latin: string) =>
		`<a:latin typeface="${latin}"/><a:ea typeface=""/><a:cs typeface=""/>${scripts}`;
	const fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>';
	const line = (w: number) => `<a:ln w="${w}">${fill}</a:ln>`;
	return `${XML_HEAD}<a:theme xmlns:a="${NS_A}" name="Barometer"><a:themeElements><a:clrScheme name="Barometer">${colors}</a:clrScheme><a:fontScheme name="Barometer"><a:majorFont>${font('Calibri Light')}</a:majorFont><a:minorFont>${font('Calibri')}</a:minorFont></a:fontScheme><a:fmtScheme name="Barometer"><a:fillStyleLst>${fill.repeat(3)}</a:fillStyleLst><a:lnStyleLst>${line(6350)}${line(12700)}${line(19050)}</a:lnStyleLst><a:effectStyleLst>${'<a:effectStyle><a:effectLst/></a:effectStyle>'.repeat(3)}</a:effectStyleLst><a:bgFillStyleLst>${fill.repeat(3)}</a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>`;
}
