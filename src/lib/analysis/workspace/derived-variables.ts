/**
 * Derived variables: segments and recodes that become columns of the analysis table, usable in
 * banners, filters, weighting and exports like any question. Two kinds, both turned into one SQL
 * expression with bound values:
 * - rules: the first matching rule gives the code (segments/rules.ts);
 * - kmeans: the nearest stored centre after the stored standardisation, so a saved k-means
 *   segment assigns the same respondents every time without re-clustering.
 */
import { z } from 'zod';
import type { SqlQuery, SqlValue } from '../../server/db/sql.ts';
import { col, type Dataset } from '../dataset.ts';
import {
	ruleSegmentationSchema,
	ruleSegmentExpression,
	segmentValueLabels
} from '../segments/rules.ts';

const variableName = z
	.string()
	.regex(
		/^[a-z][a-z0-9_]{0,39}$/,
		'name: use lower-case letters, digits and _ (start with a letter)'
	);

export const kmeansDefinitionSchema = z.object({
	variables: z.array(z.string().min(1)).min(1).max(30),
	means: z.array(z.number().finite()),
	sds: z.array(z.number().finite().nonnegative()),
	/** k centres, each of `variables.length` standardised coordinates. */
	centers: z.array(z.array(z.number().finite())).min(2).max(20),
	labels: z.array(z.string().min(1).max(80)),
	/** Per variable, codes treated as missing (don't know, refused): such respondents get no segment. */
	missing: z.array(z.array(z.number())).default([]),
	seed: z.number().int(),
	/** Facts of the run that made it, shown with the segment. */
	fit: z.object({
		n: z.number(),
		withinSS: z.number(),
		silhouette: z.number().nullable(),
		weighting: z.string()
	})
});

export const derivedVariableSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('rules'),
		name: variableName,
		label: z.string().trim().min(1).max(120),
		definition: ruleSegmentationSchema
	}),
	z.object({
		kind: z.literal('kmeans'),
		name: variableName,
		label: z.string().trim().min(1).max(120),
		definition: kmeansDefinitionSchema
	})
]);

export type DerivedVariable = z.infer<typeof derivedVariableSchema>;
export type KMeansDefinition = z.infer<typeof kmeansDefinitionSchema>;

export class DerivedVariableError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DerivedVariableError';
	}
}

function kmeansExpression(dataset: Dataset, definition: KMeansDefinition): SqlQuery {
	const { variables, means, sds, centers } = definition;
	if (means.length !== variables.length || sds.length !== variables.length)
		throw new DerivedVariableError('The k-means segment has standardisation for other variables.');
	if (centers.some((center) => center.length !== variables.length))
		throw new DerivedVariableError('A k-means centre does not match the segment variables.');
	const columns = variables.map((variable) => col(dataset, variable));
	const params: SqlValue[] = [];
	// Standardised coordinate: (x − mean) / sd, or 0 where the variable did not vary.
	const coordinate = (i: number) => {
		if (sds[i]! > 0) {
			params.push(means[i]!, sds[i]!);
			return `((${columns[i]} - ?) / ?)`;
		}
		return '0';
	};
	const distances = centers.map((center) => {
		const terms = center.map((value, i) => {
			const x = coordinate(i);
			params.push(value);
			return `power(${x} - ?, 2)`;
		});
		return terms.join(' + ');
	});
	const missingParams: SqlValue[] = [];
	const incomplete = columns
		.map((column, i) => {
			const codes = definition.missing[i] ?? [];
			missingParams.push(...codes);
			return codes.length
				? `${column} IS NULL OR ${column} IN (${codes.map(() => '?').join(', ')})`
				: `${column} IS NULL`;
		})
		.join(' OR ');
	return {
		sql: `(CASE WHEN ${incomplete} THEN NULL ELSE list_position(list_value(${distances.join(', ')}), list_min(list_value(${distances.join(', ')}))) END)`,
		// The distance list appears twice in the text, so its values are bound twice.
		params: [...missingParams, ...params, ...params]
	};
}

/** The column expression of a derived variable over `dataset` (which has the earlier ones). */
export function derivedExpression(dataset: Dataset, derived: DerivedVariable): SqlQuery {
	if (dataset.columns.has(derived.name))
		throw new DerivedVariableError(
			`The data already has a variable named ${derived.name}; choose another name.`
		);
	return derived.kind === 'rules'
		? ruleSegmentExpression(dataset, derived.definition)
		: kmeansExpression(dataset, derived.definition);
}

/** Code → label of a derived variable's values. */
export function derivedValueLabels(derived: DerivedVariable): Map<string, string> {
	if (derived.kind === 'rules')
		return new Map(
			segmentValueLabels(derived.definition).map((value) => [String(value.code), value.label])
		);
	return new Map(derived.definition.labels.map((label, i) => [String(i + 1), label]));
}

/** The variables a derived variable reads. */
export function dependenciesOf(derived: DerivedVariable): string[] {
	return derived.kind === 'kmeans'
		? derived.definition.variables
		: derived.definition.rules.flatMap((rule) =>
				rule.conditions.map((condition) => condition.variable)
			);
}

/**
 * Derived variables in an order where each comes after the derived variables it reads (and
 * otherwise in the given order); a cycle or a duplicate name is an error.
 */
export function orderDerived(list: DerivedVariable[]): DerivedVariable[] {
	const names = new Set<string>();
	for (const d of list) {
		if (names.has(d.name))
			throw new DerivedVariableError(`Two derived variables are named ${d.name}.`);
		names.add(d.name);
	}
	const placed = new Set<string>();
	const ordered: DerivedVariable[] = [];
	let pending = [...list];
	while (pending.length) {
		const ready = pending.filter((d) =>
			dependenciesOf(d).every((v) => !names.has(v) || placed.has(v) || v === d.name)
		);
		if (!ready.length)
			throw new DerivedVariableError(
				`The derived variables ${pending.map((d) => d.name).join(', ')} depend on each other.`
			);
		for (const d of ready) {
			ordered.push(d);
			placed.add(d.name);
		}
		pending = pending.filter((d) => !placed.has(d.name));
	}
	return ordered;
}
