/**
 * Rule-based segments: a segmentation is an ordered list of labelled rules ("Young urban" = age
 * between 18 and 34 and region in 1, 2), each rule a conjunction or disjunction of conditions on
 * the dataset's variables. It becomes one SQL expression,
 *
 *     CASE WHEN <rule 1> THEN ? WHEN <rule 2> THEN ? … ELSE ? END
 *
 * that the caller can select, group by or store as a new variable. The first matching rule wins
 * and the segment's value is its 1-based rule number (INTEGER), so codes stay stable when labels
 * are edited; labels never enter SQL — `segmentValueLabels` gives the caller code → label.
 *
 * Column names reach SQL only through `col()` (unknown variables are refused, never escaped) and
 * every value, including the codes, travels as a bound parameter.
 */
import { z } from 'zod';
import { col, type Dataset } from '../dataset.ts';
import type { SqlQuery, SqlValue } from '../../server/db/sql.ts';

const label = z
	.string()
	.trim()
	.min(1, 'A label cannot be empty.')
	.max(80, 'Labels are at most 80 characters.');

export const conditionSchema = z
	.object({
		variable: z.string().min(1, 'Choose a variable.'),
		op: z.enum(['in', 'not_in', 'between', 'missing', 'answered']),
		values: z
			.array(z.union([z.number(), z.string().max(1000)]))
			.max(1000, 'A condition lists at most 1000 values.')
			.optional(),
		min: z.number().optional(),
		max: z.number().optional()
	})
	.superRefine((condition, context) => {
		const problem = conditionProblem(condition);
		if (problem) context.addIssue({ code: 'custom', message: problem.message, path: problem.path });
	});

export const segmentRuleSchema = z.object({
	label,
	match: z.enum(['all', 'any']),
	conditions: z
		.array(conditionSchema)
		.min(1, 'A rule needs at least one condition.')
		.max(20, 'A rule has at most 20 conditions.')
});

export const ruleSegmentationSchema = z
	.object({
		name: z
			.string()
			.regex(
				/^[a-z][a-z0-9_]{0,39}$/,
				'The name starts with a lowercase letter and has at most 40 lowercase letters, digits and underscores.'
			),
		rules: z
			.array(segmentRuleSchema)
			.min(1, 'A segmentation needs at least one rule.')
			.max(20, 'A segmentation has at most 20 rules.'),
		otherLabel: label.nullish()
	})
	.superRefine((segmentation, context) => {
		const seen = new Set<string>();
		const labels = [
			...segmentation.rules.map((rule, i) => ({ label: rule.label, path: ['rules', i, 'label'] })),
			...(segmentation.otherLabel != null
				? [{ label: segmentation.otherLabel, path: ['otherLabel'] }]
				: [])
		];
		for (const { label, path } of labels) {
			if (seen.has(label)) {
				context.addIssue({ code: 'custom', message: `The label "${label}" is used twice.`, path });
			}
			seen.add(label);
		}
	});

export type Condition = z.infer<typeof conditionSchema>;
export type SegmentRule = z.infer<typeof segmentRuleSchema>;
export type RuleSegmentation = z.infer<typeof ruleSegmentationSchema>;

/** A segmentation that does not satisfy `ruleSegmentationSchema`. */
export class SegmentRuleError extends Error {
	constructor(
		message: string,
		readonly issues: z.core.$ZodIssue[] = []
	) {
		super(message);
		this.name = 'SegmentRuleError';
	}
}

function conditionProblem(condition: {
	op: Condition['op'];
	values?: (number | string)[] | undefined;
	min?: number | undefined;
	max?: number | undefined;
}): { message: string; path: string[] } | undefined {
	switch (condition.op) {
		case 'in':
		case 'not_in':
			if (!condition.values || condition.values.length === 0) {
				return { message: 'List at least one value.', path: ['values'] };
			}
			return undefined;
		case 'between':
			if (condition.min === undefined && condition.max === undefined) {
				return { message: 'Give a minimum, a maximum or both.', path: ['min'] };
			}
			if (
				condition.min !== undefined &&
				condition.max !== undefined &&
				condition.min > condition.max
			) {
				return { message: 'The minimum is larger than the maximum.', path: ['max'] };
			}
			return undefined;
		case 'missing':
		case 'answered':
			return undefined;
	}
}

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/**
 * The condition as a strictly boolean SQL term (never NULL, so `any`/`all` combine as expected):
 * a NULL value matches only `missing`.
 */
function conditionSql(dataset: Dataset, condition: Condition, params: SqlValue[]): string {
	const column = col(dataset, condition.variable);
	// Numbers compare numerically; a text column is read as a number where it holds one.
	const numeric =
		dataset.columns.get(condition.variable) === 'numeric'
			? column
			: `TRY_CAST(${column} AS DOUBLE)`;
	switch (condition.op) {
		case 'missing':
			return `(${column} IS NULL)`;
		case 'answered':
			return `(${column} IS NOT NULL)`;
		case 'between': {
			const bounds: string[] = [];
			if (condition.min !== undefined) {
				bounds.push(`${numeric} >= ?`);
				params.push(condition.min);
			}
			if (condition.max !== undefined) {
				bounds.push(`${numeric} <= ?`);
				params.push(condition.max);
			}
			return `COALESCE(${bounds.join(' AND ')}, FALSE)`;
		}
		case 'in':
		case 'not_in': {
			const values = condition.values ?? [];
			const numbers = values.filter((value) => typeof value === 'number');
			const texts = values.filter((value) => typeof value === 'string');
			const parts: string[] = [];
			if (numbers.length > 0) {
				parts.push(`${numeric} IN (${placeholders(numbers.length)})`);
				params.push(...numbers);
			}
			if (texts.length > 0) {
				parts.push(`CAST(${column} AS VARCHAR) IN (${placeholders(texts.length)})`);
				params.push(...texts);
			}
			const matches = `COALESCE(${parts.join(' OR ')}, FALSE)`;
			return condition.op === 'in' ? matches : `(${column} IS NOT NULL AND NOT ${matches})`;
		}
	}
}

/**
 * The segment of each row as `CASE WHEN … THEN ? … ELSE ? END`: the number of the first rule the
 * row matches, else `rules.length + 1` when there is an `otherLabel`, else NULL.
 *
 * Throws SegmentRuleError when the segmentation is invalid and UnknownVariableError when a
 * condition names a variable the dataset does not have.
 */
export function ruleSegmentExpression(dataset: Dataset, segmentation: RuleSegmentation): SqlQuery {
	const parsed = ruleSegmentationSchema.safeParse(segmentation);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const where = issue && issue.path.length > 0 ? ` (at ${issue.path.join('.')})` : '';
		throw new SegmentRuleError(
			`Invalid segmentation: ${issue?.message ?? 'unknown problem'}${where}`,
			parsed.error.issues
		);
	}
	const { rules, otherLabel } = parsed.data;
	const params: SqlValue[] = [];
	const branches = rules.map((rule, i) => {
		const terms = rule.conditions.map((condition) => conditionSql(dataset, condition, params));
		params.push(i + 1);
		return `WHEN (${terms.join(rule.match === 'all' ? ' AND ' : ' OR ')}) THEN ?`;
	});
	params.push(otherLabel != null ? rules.length + 1 : null);
	// Built directly rather than through `sql()`: a quoted column name may itself contain `?`.
	return { sql: `CASE ${branches.join(' ')} ELSE ? END`, params };
}

/** Code → label of every value the segment expression can take (NULL, the unmatched, excepted). */
export function segmentValueLabels(
	segmentation: RuleSegmentation
): { code: number; label: string }[] {
	const labels = segmentation.rules.map((rule, i) => ({ code: i + 1, label: rule.label }));
	if (segmentation.otherLabel != null) {
		labels.push({ code: segmentation.rules.length + 1, label: segmentation.otherLabel });
	}
	return labels;
}
