/**
 * Weighting targets: read from `variable,category,target` rows, checked against the data's
 * categories before any arithmetic, and turned into margin totals for raking.
 *
 * A joint margin is written with `*`: variable `region*sex`, category `1*2`.
 */
import { z } from 'zod';
import { marginKey, type MarginTargets } from './ipf.ts';

export interface TargetRow {
	variable: string;
	category: string;
	target: number;
}

export interface MarginSpec {
	/** The raking variables of this margin (one, or several for a joint margin). */
	variables: string[];
	/** Target per category key (`marginKey` of the categories), as read. */
	targets: Map<string, number>;
}

export class TargetsError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TargetsError';
	}
}

const targetRowSchema = z.object({
	variable: z.string().trim().min(1, 'variable is empty'),
	category: z.string().trim(),
	target: z
		.string()
		.trim()
		.min(1, 'target is empty')
		.transform(Number)
		.pipe(
			z
				.number({ message: 'target is not a number' })
				.finite('target is not a number')
				.nonnegative('target is negative')
		)
});

/** Parses targets CSV text (header `variable,category,target`); errors name the file's line. */
export function parseTargetsCsv(text: string): TargetRow[] {
	const lines = text
		.replace(/^\uFEFF/, '')
		.split(/\r?\n/)
		.map((content, i) => ({ content, number: i + 1 }))
		.filter((line) => line.content.trim() !== '');
	const header = lines.shift();
	const names = header && splitCsvLine(header.content).map((cell) => cell.trim().toLowerCase());
	if (!names || names.join(',') !== 'variable,category,target') {
		throw new TargetsError(
			'The targets file must start with the header "variable,category,target".'
		);
	}
	return lines.map((line) => {
		const cells = splitCsvLine(line.content);
		if (cells.length !== 3) {
			throw new TargetsError(
				`Line ${line.number} of the targets file has ${cells.length} fields instead of 3.`
			);
		}
		const parsed = targetRowSchema.safeParse({
			variable: cells[0],
			category: cells[1],
			target: cells[2]
		});
		if (!parsed.success) {
			throw new TargetsError(
				`Line ${line.number} of the targets file: ${parsed.error.issues[0]!.message}.`
			);
		}
		return parsed.data;
	});
}

function splitCsvLine(line: string): string[] {
	const cells: string[] = [];
	let current = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const char = line[i]!;
		if (quoted && char === '"' && line[i + 1] === '"') {
			current += '"';
			i++;
		} else if (char === '"') {
			quoted = !quoted;
		} else if (char === ',' && !quoted) {
			cells.push(current);
			current = '';
		} else {
			current += char;
		}
	}
	cells.push(current);
	return cells;
}

/** Groups rows into margins; a category listed twice is an error. */
export function marginsFromRows(rows: TargetRow[]): MarginSpec[] {
	const margins = new Map<string, MarginSpec>();
	for (const row of rows) {
		const variables = row.variable.split('*').map((name) => name.trim());
		const categories = row.category.split('*').map((category) => category.trim());
		if (categories.length !== variables.length) {
			throw new TargetsError(
				`Target category "${row.category}" of ${row.variable} needs ${variables.length} parts separated by *.`
			);
		}
		const name = variables.join('*');
		const margin = margins.get(name) ?? { variables, targets: new Map<string, number>() };
		const key = marginKey(categories);
		if (margin.targets.has(key)) {
			throw new TargetsError(`Target ${row.variable} = ${row.category} is listed twice.`);
		}
		margin.targets.set(key, row.target);
		margins.set(name, margin);
	}
	return [...margins.values()];
}

export interface ResolveOptions {
	/** Drop target categories that no respondent has (else it is an error). */
	dropEmptyTargets?: boolean;
}

export interface ResolvedMargins {
	margins: MarginTargets[];
	kind: 'proportions' | 'counts';
	warnings: string[];
	/** What each margin category should weigh in total, for diagnostics. */
	totals: number;
}

/**
 * Checks margins against the categories present in the data (`observed[v]`: category → weighted
 * base of raking variable index v's categories… per margin key) and turns them into totals.
 * `baseTotal` is the sum of the base weights: proportions are scaled to it.
 */
export function resolveMargins(
	specs: MarginSpec[],
	variables: string[],
	observed: Map<string, number>[],
	baseTotal: number,
	options: ResolveOptions = {}
): ResolvedMargins {
	const warnings: string[] = [];
	const label = (spec: MarginSpec) => spec.variables.join('*');
	const readable = (key: string) => key.split('\u001f').join('*');
	const kinds = new Set(
		specs.map((spec) =>
			[...spec.targets.values()].every((value) => value <= 1) ? 'proportions' : 'counts'
		)
	);
	if (kinds.size > 1) {
		throw new TargetsError(
			'Some margins are given as proportions and others as counts; use one kind throughout.'
		);
	}
	const kind = (kinds.values().next().value ?? 'proportions') as 'proportions' | 'counts';
	const margins: MarginTargets[] = [];
	let firstTotal: number | undefined;
	specs.forEach((spec, m) => {
		const seen = observed[m]!;
		const targets = new Map(spec.targets);
		for (const [key, target] of spec.targets) {
			if (seen.has(key)) continue;
			if (!options.dropEmptyTargets) {
				throw new TargetsError(
					`Target category ${label(spec)} = ${readable(key)} has no respondents; drop it from the targets or allow dropping empty targets.`
				);
			}
			targets.delete(key);
			if (target > 0)
				warnings.push(`Dropped target category ${label(spec)} = ${readable(key)}: no respondents.`);
		}
		for (const key of seen.keys()) {
			if (!targets.has(key)) {
				throw new TargetsError(
					`Category ${readable(key)} of ${label(spec)} is in the data but has no target.`
				);
			}
			if (targets.get(key) === 0) {
				throw new TargetsError(
					`Target category ${label(spec)} = ${readable(key)} is 0 but has respondents.`
				);
			}
		}
		const sum = [...targets.values()].reduce((a, b) => a + b, 0);
		if (kind === 'proportions' && Math.abs(sum - 1) > 1e-9) {
			warnings.push(`Targets of ${label(spec)} sum to ${sum.toPrecision(6)}, not 1; normalised.`);
		}
		let scale = kind === 'proportions' ? baseTotal / sum : 1;
		if (kind === 'counts') {
			firstTotal ??= sum;
			if (Math.abs(sum - firstTotal) > 1e-9 * firstTotal) {
				warnings.push(
					`Targets of ${label(spec)} total ${sum}, not ${firstTotal} like the first margin; rescaled to ${firstTotal}.`
				);
				scale = firstTotal / sum;
			}
		}
		margins.push({
			variables: spec.variables.map((name) => variables.indexOf(name)),
			targets: new Map([...targets].map(([key, value]) => [key, value * scale]))
		});
	});
	return { margins, kind, warnings, totals: kind === 'counts' ? (firstTotal ?? 0) : baseTotal };
}
