/**
 * Defining quotas against the latest published codebook, and their progress for the dashboard.
 * Progress is counted from the database on every call, so it also shows completes written by
 * paths that do not pass the admission gate (imports) and exclusions made by analysts.
 */
import { z } from 'zod';
import {
	cellKey,
	countCells,
	labelCell,
	quotaVariables,
	validateQuotaDefinition,
	type Quota,
	type QuotaDefinition,
	type QuotaProblem
} from '../../fieldwork/quotas.ts';
import type { Codebook } from '../../survey/codebook.ts';
import type { Queryable } from '../db/database.ts';
import * as quotasTable from '../db/quotas.ts';
import * as surveyVersions from '../db/survey-versions.ts';

const code = z.union([z.number(), z.string().max(200)], {
	message: 'A code must be a number or a text.'
});

export const quotaDefinitionSchema = z
	.object({
		variables: z
			.array(z.string().max(64), { message: 'variables must be a list of names.' })
			.max(8),
		cells: z
			.array(
				z
					.object({
						values: z.record(z.string().max(64), z.union([code, z.array(code).max(200)])),
						target: z.number({ message: 'Each target must be a number.' })
					})
					.strict(),
				{ message: 'cells must be a list.' }
			)
			.max(2000, 'A quota has at most 2000 cells.')
	})
	.strict();

export type QuotaSaveResult = { ok: true; quota: Quota } | { ok: false; problems: QuotaProblem[] };

const problem = (field: string, message: string): QuotaSaveResult => ({
	ok: false,
	problems: [{ field, message }]
});

function parseDefinition(
	text: string
): { ok: true; definition: QuotaDefinition } | { ok: false; problems: QuotaProblem[] } {
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		return {
			ok: false,
			problems: [{ field: 'definition', message: 'The definition is not JSON.' }]
		};
	}
	const parsed = quotaDefinitionSchema.safeParse(raw);
	if (parsed.success) return { ok: true, definition: parsed.data };
	return {
		ok: false,
		problems: parsed.error.issues.map((issue) => ({
			field: ['definition', ...issue.path].join('.'),
			message: issue.message
		}))
	};
}

/** Creates a quota, or replaces one of the survey's quotas when `id` is given. */
export async function saveQuota(
	db: Queryable,
	surveyId: number,
	input: { id?: number; name: string; definition: string }
): Promise<QuotaSaveResult> {
	const parsed = parseDefinition(input.definition);
	if (!parsed.ok) return parsed;
	const latest = await surveyVersions.latest(db, surveyId);
	if (!latest) return problem('definition', 'Publish the questionnaire before defining quotas.');
	const problems = validateQuotaDefinition(parsed.definition, latest.codebook).map((found) => ({
		...found,
		field: `definition.${found.field}`
	}));
	if (problems.length > 0) return { ok: false, problems };
	const quota = { surveyId, name: input.name, definition: parsed.definition };
	if (input.id === undefined) return { ok: true, quota: await quotasTable.create(db, quota) };
	const updated = await quotasTable.update(db, { ...quota, id: input.id });
	if (!updated) return problem('id', 'This quota no longer exists.');
	return { ok: true, quota: { id: input.id, name: input.name, definition: parsed.definition } };
}

export interface CellProgress {
	key: string;
	label: string;
	target: number;
	achieved: number;
}

export interface QuotaProgress extends Quota {
	cells: CellProgress[];
	target: number;
	achieved: number;
}

/** Achieved completes against the target of every cell of every quota of the survey. */
export async function quotaProgress(
	db: Queryable,
	surveyId: number,
	codebook: Codebook | undefined
): Promise<QuotaProgress[]> {
	const quotas = await quotasTable.listBySurvey(db, surveyId);
	const variables = [...new Set(quotas.flatMap((quota) => quota.definition.variables))];
	const groups = variables.length
		? await quotasTable.completesByAnswers(db, surveyId, variables)
		: [];
	const counted = groups.map((group) => ({ answers: group.answers, n: group.counted }));
	const language = codebook?.defaultLanguage ?? 'en';
	const known = codebook?.variables ?? [];
	return quotas.map((quota) => {
		const achievedByCell = countCells(quota, counted);
		const cells = quota.definition.cells.map((cell) => {
			const key = cellKey(cell.values);
			return {
				key,
				label: labelCell(cell.values, known, language),
				target: cell.target,
				achieved: achievedByCell.get(key) ?? 0
			};
		});
		const sum = (pick: (cell: CellProgress) => number) =>
			cells.reduce((total, cell) => total + pick(cell), 0);
		return { ...quota, cells, target: sum((c) => c.target), achieved: sum((c) => c.achieved) };
	});
}

/** What the quota page shows: the editor's variables (when published) and the progress. */
export async function quotaOverview(db: Queryable, surveyId: number) {
	const latest = await surveyVersions.latest(db, surveyId);
	const codebook = latest?.codebook;
	return {
		publishedVersion: latest?.version ?? null,
		/** Only what the editor needs: the variables a quota can use, with their codes and labels. */
		editorCodebook: codebook && { ...codebook, variables: quotaVariables(codebook) },
		quotas: await quotaProgress(db, surveyId, codebook)
	};
}
