/**
 * A report is a saved spec: which data, how it is weighted, which derived variables and filters,
 * and the sections to compute. The web app saves it as JSON and the CLI renders the same file
 * (`barometer report spec.json --out report.html|.xlsx|.pptx`), so the spec is self-contained: the
 * weighting scheme's targets and the segments' definitions travel inside it.
 */
import { z } from 'zod';
import { awarenessSpecSchema } from '../analysis/reports/awareness.ts';
import { profileSpecSchema } from '../analysis/reports/segment-profile.ts';
import { conditionSchema } from '../analysis/segments/rules.ts';
import { derivedVariableSchema } from '../analysis/workspace/derived-variables.ts';
import { weightingSchemeSchema } from '../analysis/workspace/weighting-scheme.ts';

const variable = z.string().min(1).max(64);

export const netSchema = z.object({
	label: z.string().min(1).max(80),
	members: z.array(z.string().min(1)).min(1)
});

export const bannerSectionSchema = z.object({
	kind: z.literal('banner'),
	title: z.string().max(200).optional(),
	rows: z.array(variable).min(1, 'rows: choose at least one row variable').max(60),
	cols: z.array(variable).min(1, 'cols: choose at least one banner variable').max(8),
	means: z.boolean().default(false),
	nets: z.record(z.string(), z.array(netSchema)).default({}),
	adjustment: z.enum(['none', 'bonferroni', 'bh']).default('none'),
	chart: z.boolean().default(true)
});

export const sectionSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('text'),
		title: z.string().max(200).default(''),
		text: z.string().max(20_000)
	}),
	bannerSectionSchema,
	awarenessSpecSchema.extend({
		kind: z.literal('awareness'),
		title: z.string().max(200).optional()
	}),
	profileSpecSchema.extend({ kind: z.literal('profile'), title: z.string().max(200).optional() })
]);

export const datasetRefSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('survey'), surveyId: z.number().int().positive() }),
	z.object({ kind: z.literal('file'), path: z.string().min(1) }),
	/** A data file imported into the workbench (a project dataset). */
	z.object({ kind: z.literal('import'), datasetId: z.number().int().positive() })
]);

export const reportSpecSchema = z.object({
	version: z.literal(1).default(1),
	title: z.string().trim().min(1, 'title is empty').max(200),
	language: z.string().max(10).optional(),
	dataset: datasetRefSchema,
	weighting: weightingSchemeSchema.nullable().default(null),
	derived: z.array(derivedVariableSchema).max(40).default([]),
	filters: z.array(conditionSchema).max(20).default([]),
	sections: z.array(sectionSchema).min(1, 'sections: add at least one section').max(60)
});

export type ReportSpec = z.infer<typeof reportSpecSchema>;
export type ReportSpecInput = z.input<typeof reportSpecSchema>;
export type SectionSpec = z.infer<typeof sectionSchema>;
export type BannerSectionSpec = z.infer<typeof bannerSectionSchema>;

/** The first problem of a spec as one sentence naming the field, e.g. "sections.0.rows: …". */
export function specProblem(error: z.ZodError): string {
	const issue = error.issues[0]!;
	const path = issue.path.join('.');
	return path ? `${path}: ${issue.message}` : issue.message;
}

/** A spec checked before it is stored: a stored report must always load again. */
export function checkedSpec(
	spec: unknown
): { ok: true; spec: ReportSpec } | { ok: false; problem: string } {
	const parsed = reportSpecSchema.safeParse(spec);
	return parsed.success
		? { ok: true, spec: parsed.data }
		: { ok: false, problem: specProblem(parsed.error) };
}
