/**
 * A named weighting scheme as the workspace stores it and a report spec carries it: the targets as
 * `variable,category,target` rows plus the raking options. Validated with zod at every boundary
 * (form posts, uploaded CSV, report specs read by the CLI).
 */
import { z } from 'zod';
import { marginsFromRows, type TargetRow } from '../weighting/targets.ts';
import type { WeightingSpec } from '../weighting/weight-dataset.ts';

export const targetRowSchema = z.object({
	variable: z.string().trim().min(1, 'variable is empty').max(200),
	category: z.string().trim().max(200),
	target: z.number().finite('target is not a number').nonnegative('target is negative')
});

export const trimSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('bounds'),
		low: z.number().nonnegative(),
		high: z.number().positive()
	}),
	z.object({ kind: z.literal('ratio'), max: z.number().gt(1) }),
	z.object({
		kind: z.literal('percentiles'),
		low: z.number().min(0).max(1),
		high: z.number().min(0).max(1)
	})
]);

export const weightingDefinitionSchema = z.object({
	targets: z.array(targetRowSchema).min(1, 'targets: give at least one target').max(5000),
	tolerance: z.number().positive().max(0.1).default(1e-6),
	maxIterations: z.number().int().min(1).max(10_000).default(100),
	trim: trimSchema.nullable().default(null),
	dropEmptyTargets: z.boolean().default(false)
});

export type WeightingDefinition = z.infer<typeof weightingDefinitionSchema>;

export const weightingSchemeSchema = z.object({
	name: z.string().trim().min(1, 'name is empty').max(120),
	definition: weightingDefinitionSchema
});

export type WeightingScheme = z.infer<typeof weightingSchemeSchema>;

export function weightingSpecOf(definition: WeightingDefinition): WeightingSpec {
	return {
		margins: marginsFromRows(definition.targets as TargetRow[]),
		tolerance: definition.tolerance,
		maxIterations: definition.maxIterations,
		trim: definition.trim ?? undefined,
		dropEmptyTargets: definition.dropEmptyTargets
	};
}

/** The variables a scheme rakes on (joint margins `a*b` give both). */
export function schemeVariables(definition: WeightingDefinition): string[] {
	return [
		...new Set(definition.targets.flatMap((row) => row.variable.split('*').map((v) => v.trim())))
	];
}
