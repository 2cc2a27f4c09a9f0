/**
 * What a report renders: sections of titled tables, Vega-Lite charts and text. Every computed
 * section (banner table, awareness, segment profile) produces these plain objects, and every
 * renderer (the Svelte view, HTML, XLSX, PPTX) only reads them — so the numbers are computed once
 * and every format shows the same ones.
 */
import type { TopLevelSpec } from 'vega-lite';

export interface ReportCell {
	text: string;
	/** The number behind the text (a fraction for percentages), for spreadsheets. */
	value?: number | null;
	/** Significance letters, shown after the number. */
	sig?: string;
	/** Percent, count or plain text: how a spreadsheet formats `value`. */
	format?: 'percent' | 'count' | 'decimal' | 'text';
	/** Marks the base of a small column (< 100) or one too small to test (< 30). */
	flag?: 'small' | 'no-test' | 'significant-up' | 'significant-down';
}

export interface ReportRow {
	label: string;
	kind: 'base' | 'category' | 'net' | 'mean' | 'stat' | 'heading';
	cells: ReportCell[];
}

export interface ReportTable {
	title: string;
	subtitle?: string;
	/** Column headings after the row label column; a letter identifies a banner column in sig letters. */
	columns: { label: string; letter?: string; group?: string }[];
	rows: ReportRow[];
	/** Base, weighting, tests, flags: printed under the table. */
	notes: string[];
}

export interface ReportChart {
	title: string;
	spec: TopLevelSpec;
	/** Text alternative for screen readers and slides. */
	alt: string;
}

export type ReportBlock =
	| { kind: 'table'; table: ReportTable }
	| { kind: 'chart'; chart: ReportChart }
	| { kind: 'text'; text: string };

export interface ReportSection {
	title: string;
	blocks: ReportBlock[];
}

export interface ReportResult {
	title: string;
	/** Dataset, weighting, filter and date lines shown at the top of every format. */
	context: string[];
	sections: ReportSection[];
	generatedAt: string;
}

export const percent = (value: number, digits = 0): string =>
	Number.isFinite(value) ? `${(value * 100).toFixed(digits)}%` : '–';

export const count = (value: number): string =>
	Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';

/** A title as a file name: ASCII letters, digits, - and _, at most 60 characters. */
export function fileStem(title: string, fallback: string): string {
	return (
		title
			.normalize('NFKD')
			.replace(/[^\w\- ]+/g, '')
			.trim()
			.replace(/\s+/g, '-')
			.slice(0, 60) || fallback
	);
}
