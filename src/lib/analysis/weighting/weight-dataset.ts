/**
 * A weighting run on a dataset: validate the targets against the data, rake the distinct cells,
 * optionally trim and re-rake, and report convergence and diagnostics. The per-respondent
 * weights are written by `writeWeights` (a join of the data with the small table of cell weights).
 */
import type { Queryable } from '../../server/db/database.ts';
import { quoteIdent } from '../../server/db/sql.ts';
import { col, requireVariables, tableRef, type Dataset } from '../dataset.ts';
import { baseWeightExpression, cellsQuery } from './cells.ts';
import { categoryText } from '../estimation/categories.ts';
import {
	cellWeightSums,
	weightDiagnostics,
	type BaseSums,
	type WeightDiagnostics,
	type WeightedCell
} from './diagnostics.ts';
import { marginKey, rakeCells, splitMarginKey, type RakeCell } from './ipf.ts';
import { resolveMargins, TargetsError, type MarginSpec } from './targets.ts';
import { trimBounds, trimOnce, withinBounds, type Bounds, type TrimSpec } from './trim.ts';

export interface WeightingSpec {
	margins: MarginSpec[];
	baseWeight?: string;
	tolerance?: number;
	maxIterations?: number;
	trim?: TrimSpec;
	dropEmptyTargets?: boolean;
	/** Accept missing values in raking variables as this category (it needs targets). */
	missingLevel?: string;
}

export interface MarginReport {
	variable: string;
	category: string;
	target: number;
	unweighted: number;
	weighted: number;
}

export interface WeightingResult {
	converged: boolean;
	iterations: number;
	maxDeviation: number;
	kind: 'proportions' | 'counts';
	trimming?: { bounds: Bounds; rounds: number; boundsHeld: boolean; marginsHeld: boolean };
	diagnostics: WeightDiagnostics;
	margins: MarginReport[];
	warnings: string[];
	/** Raking variables, in the order of each cell's keys. */
	variables: string[];
	/**
	 * One entry per combination of the raking variables (base null: respondent weight = weight ×
	 * base weight) or, after trimming, per combination and base weight (each respondent's weight).
	 */
	cells: (WeightedCell & { base: number | null; raw: unknown[] })[];
}

interface CellRow {
	n: number;
	bad: number;
	base?: number;
	sb?: number;
	sbb?: number;
	minb?: number;
	maxb?: number;
	[key: `k${number}`]: unknown;
}

export async function computeWeights(
	db: Queryable,
	dataset: Dataset,
	spec: WeightingSpec
): Promise<WeightingResult> {
	const tolerance = spec.tolerance ?? 1e-6;
	const maxIterations = spec.maxIterations ?? 100;
	const variables = [...new Set(spec.margins.flatMap((margin) => margin.variables))];
	requireVariables(dataset, [...variables, ...(spec.baseWeight ? [spec.baseWeight] : [])]);
	if (spec.baseWeight && dataset.columns.get(spec.baseWeight) !== 'numeric') {
		throw new TargetsError(`Base weight ${spec.baseWeight} is not numeric.`);
	}

	// Raking needs only the distinct combinations of the raking variables; trimming needs every
	// respondent's weight, so then cells are also split by base weight.
	const byBase = Boolean(spec.trim);
	const rows = await db.all<CellRow>(cellsQuery(dataset, variables, spec.baseWeight, byBase));
	const missing = variables.map(() => 0);
	let badBase = 0;
	for (const row of rows) {
		badBase += row.bad;
		variables.forEach((_, i) => {
			if (row[`k${i}`] === null) missing[i]! += row.n;
		});
	}
	variables.forEach((name, i) => {
		if (missing[i]! > 0 && spec.missingLevel === undefined) {
			throw new TargetsError(
				`Raking variable ${name} has ${missing[i]} missing value${missing[i] === 1 ? '' : 's'}; impute them or accept an explicit missing level.`
			);
		}
	});
	if (badBase > 0) {
		throw new TargetsError(
			`Base weight ${spec.baseWeight} is missing, zero, negative or infinite for ${badBase} respondents.`
		);
	}
	const cells: (RakeCell & { base: number | null; bases?: BaseSums; raw: unknown[] })[] = rows.map(
		(row) => {
			const raw = variables.map((_, i) => row[`k${i}`] ?? null);
			const keys = raw.map((value) => categoryText(value) ?? spec.missingLevel!);
			return byBase
				? { keys, raw, base: row.base!, count: row.n, baseWeight: row.base! * row.n }
				: {
						keys,
						raw,
						base: null,
						count: row.n,
						baseWeight: row.sb!,
						bases: { sum: row.sb!, sumSquares: row.sbb!, min: row.minb!, max: row.maxb! }
					};
		}
	);
	const baseTotal = cells.reduce((total, cell) => total + cell.baseWeight, 0);
	const observed = spec.margins.map((margin) => {
		const positions = margin.variables.map((name) => variables.indexOf(name));
		const seen = new Map<string, number>();
		for (const cell of cells) {
			const key = marginKey(positions.map((p) => cell.keys[p]!));
			seen.set(key, (seen.get(key) ?? 0) + cell.count);
		}
		return seen;
	});
	const resolved = resolveMargins(spec.margins, variables, observed, baseTotal, spec);
	const options = { tolerance, maxIterations };
	let raked = rakeCells(cells, resolved.margins, options);
	const weighted = (): (WeightedCell & { base: number | null; raw: unknown[] })[] =>
		cells.map((cell, c) => ({
			keys: cell.keys,
			count: cell.count,
			base: cell.base,
			// With base-weight sums, the weight per unit of base weight; else each respondent's.
			raw: cell.raw,
			weight: (cell.base ?? 1) * raked.factors[c]!,
			...(cell.bases ? { bases: cell.bases } : {})
		}));

	let trimming: WeightingResult['trimming'];
	if (spec.trim) {
		const bounds = trimBounds(spec.trim, weighted());
		let rounds = 0;
		let current = weighted();
		while (rounds < maxIterations && !(withinBounds(current, bounds) && raked.converged)) {
			const trimmed = trimOnce(current, bounds);
			raked = rakeCells(
				cells,
				resolved.margins,
				options,
				Float64Array.from(trimmed, (cell, c) => cell.weight / cells[c]!.base!)
			);
			current = weighted();
			rounds++;
		}
		trimming = {
			bounds,
			rounds,
			boundsHeld: withinBounds(current, bounds),
			marginsHeld: raked.converged
		};
	}

	const final = weighted();
	return {
		converged: raked.converged,
		iterations: raked.iterations,
		maxDeviation: raked.maxDeviation,
		kind: resolved.kind,
		trimming,
		diagnostics: weightDiagnostics(final),
		margins: marginReport(
			spec.margins,
			resolved.margins.map((m) => m.targets),
			variables,
			final
		),
		warnings: resolved.warnings,
		variables,
		cells: final
	};
}

function marginReport(
	specs: MarginSpec[],
	totals: Map<string, number>[],
	variables: string[],
	cells: WeightedCell[]
): MarginReport[] {
	const n = cells.reduce((sum, cell) => sum + cell.count, 0);
	const weightTotal = cells.reduce((sum, cell) => sum + cellWeightSums(cell).sum, 0);
	return specs.flatMap((spec, m) => {
		const positions = spec.variables.map((name) => variables.indexOf(name));
		const achieved = new Map<string, { unweighted: number; weighted: number }>();
		for (const cell of cells) {
			const key = marginKey(positions.map((p) => cell.keys[p]!));
			const entry = achieved.get(key) ?? { unweighted: 0, weighted: 0 };
			entry.unweighted += cell.count;
			entry.weighted += cellWeightSums(cell).sum;
			achieved.set(key, entry);
		}
		const targetTotal = [...totals[m]!.values()].reduce((a, b) => a + b, 0);
		return [...totals[m]!].map(([key, target]) => ({
			variable: spec.variables.join('*'),
			category: splitMarginKey(key).join('*'),
			target: target / targetTotal,
			unweighted: (achieved.get(key)?.unweighted ?? 0) / n,
			weighted: (achieved.get(key)?.weighted ?? 0) / weightTotal
		}));
	});
}

/**
 * Writes the weights into a new table `target` (the data plus column `name`) by joining the data
 * with the cell weights, which travel as one bound JSON value.
 */
export async function writeWeights(
	db: Queryable,
	dataset: Dataset,
	result: WeightingResult,
	spec: Pick<WeightingSpec, 'baseWeight' | 'missingLevel'>,
	target: { table: string; name: string }
): Promise<void> {
	if (dataset.columns.has(target.name)) {
		throw new TargetsError(
			`The data already has a column named ${target.name}; choose another weight name.`
		);
	}
	// Rows meet their cell on the raking variables' own values (NULL meets NULL).
	const conditions = result.variables.map((name, i) => {
		const column = `d.${col(dataset, name)}`;
		const kind = dataset.columns.get(name);
		const value =
			kind === 'numeric'
				? `CAST(c.raw->>${i} AS DOUBLE)`
				: kind === 'boolean'
					? `CAST(c.raw->>${i} AS BOOLEAN)`
					: `(c.raw->>${i})`;
		return `${kind === 'other' ? `CAST(${column} AS VARCHAR)` : column} IS NOT DISTINCT FROM ${value}`;
	});
	const base = baseWeightExpression(dataset, spec.baseWeight, 'd');
	const byBase = result.cells.some((cell) => cell.base !== null);
	if (byBase) conditions.push(`${base} = c.base`);
	const payload = JSON.stringify(
		result.cells.map((cell) => ({ raw: cell.raw, base: cell.base, weight: cell.weight }))
	);
	const weightColumn = quoteIdent(target.name, [target.name]);
	await db.run({
		sql: `CREATE OR REPLACE TABLE ${quoteIdent(target.table, [target.table])} AS
			SELECT d.*, ${byBase ? 'c.weight' : `${base} * c.weight`} AS ${weightColumn}
			FROM ${tableRef(dataset)} d
			JOIN (SELECT (r->'raw') AS raw, (r->>'base')::DOUBLE AS base, (r->>'weight')::DOUBLE AS weight
				FROM (SELECT unnest(CAST(? AS JSON[])) AS r)) c
			ON ${conditions.join(' AND ')}`,
		params: [payload]
	});
	// Every respondent must have found its cell: a lost row would silently change the totals.
	const counts = await db.one<{ before: number; after: number }>({
		sql: `SELECT (SELECT count(*) FROM ${tableRef(dataset)}) AS before, (SELECT count(*) FROM ${quoteIdent(target.table, [target.table])}) AS after`,
		params: []
	});
	if (counts && counts.before !== counts.after) {
		throw new Error(
			`Only ${counts.after} of ${counts.before} respondents could be given a weight.`
		);
	}
}
