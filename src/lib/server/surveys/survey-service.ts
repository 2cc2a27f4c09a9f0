/**
 * Questionnaire lifecycle: create a draft from SurveyJS JSON, edit it, publish immutable
 * versions with their codebook. Every change that writes more than one row is one transaction,
 * and the important ones are recorded in the audit log.
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { blocksSaving, designChecks } from '../../designer/checks.ts';
import { deriveCodebook } from '../../survey/codebook.ts';
import {
	loadQuestionnaire,
	parseQuestionnaire,
	type QuestionnaireJson,
	type QuestionnaireProblem
} from '../../survey/questionnaire.ts';
import * as assignments from '../db/assignments.ts';
import * as auditLog from '../db/audit-log.ts';
import * as collectors from '../db/collectors.ts';
import * as invitations from '../db/invitations.ts';
import * as quotas from '../db/quotas.ts';
import type { Database, Queryable } from '../db/index.ts';
import * as responses from '../db/responses.ts';
import * as surveyVersions from '../db/survey-versions.ts';
import * as surveys from '../db/surveys.ts';
import type { Survey } from '../db/surveys.ts';
import { capGateFor } from '../fieldwork/cap-gate.ts';
import { quotaGateFor } from '../fieldwork/quota-gate.ts';
import { forgetSurvey } from '../ingest/survey-lookup.ts';
import { sanitizeQuestionnaire } from './sanitize-questionnaire.ts';

export type SurveyResult<T> =
	| { ok: true; value: T; warnings: QuestionnaireProblem[] }
	| { ok: false; problems: QuestionnaireProblem[] };

export const maxQuestionnaireBytes = 2 * 1024 * 1024;

/** Parses, checks and sanitises questionnaire text as typed or uploaded by a researcher. */
export function prepareQuestionnaire(
	text: string
):
	| { ok: true; json: QuestionnaireJson; title: string; warnings: QuestionnaireProblem[] }
	| { ok: false; problems: QuestionnaireProblem[] } {
	if (new TextEncoder().encode(text).length > maxQuestionnaireBytes) {
		return {
			ok: false,
			problems: [{ field: 'json', message: 'The questionnaire is larger than 2 MB.' }]
		};
	}
	const parsed = parseQuestionnaire(text);
	if (!parsed.ok) return parsed;
	const json = sanitizeQuestionnaire(parsed.json);
	const loaded = loadQuestionnaire(json);
	if (!loaded.ok) return loaded;
	return { ok: true, json, title: loaded.title, warnings: loaded.warnings };
}

function slugBase(title: string): string {
	const ascii = title
		.normalize('NFKD')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 40)
		.replace(/-+$/, '');
	return ascii.length >= 3 ? ascii : 'survey';
}

async function uniqueSlug(db: Queryable, title: string): Promise<string> {
	for (;;) {
		const bytes = crypto.getRandomValues(new Uint8Array(4));
		const slug = `${slugBase(title)}-${encodeBase32LowerCaseNoPadding(bytes)}`;
		if (!(await surveys.slugExists(db, slug))) return slug;
	}
}

export async function createSurvey(
	db: Database,
	input: { projectId: number; userId: number | null; text: string }
): Promise<SurveyResult<Survey>> {
	const prepared = prepareQuestionnaire(input.text);
	if (!prepared.ok) return prepared;
	const survey = await db.transaction(async (tx) => {
		const created = await surveys.create(tx, {
			projectId: input.projectId,
			slug: await uniqueSlug(tx, prepared.title),
			title: prepared.title,
			draftJson: JSON.stringify(prepared.json),
			createdBy: input.userId
		});
		await auditLog.record(tx, {
			userId: input.userId,
			projectId: input.projectId,
			action: 'survey.create',
			objectType: 'survey',
			objectId: created.id,
			details: { title: created.title }
		});
		return created;
	});
	return { ok: true, value: survey, warnings: prepared.warnings };
}

export type DraftSaveResult =
	| { ok: true; value: { title: string; revision: number }; warnings: QuestionnaireProblem[] }
	| { ok: false; problems: QuestionnaireProblem[]; conflict?: undefined }
	| { ok: false; conflict: true; revision: number };

/**
 * Saves a draft after the checks a crafted request must not get past: SurveyJS loads it, and no
 * design check that blocks saving fails (duplicate or invalid names, logic survey-core rejects,
 * choices without codes). With `expectedRevision`, a draft changed meanwhile by someone else is
 * not overwritten: the result says so, with the current revision.
 */
export async function saveDraft(
	db: Database,
	survey: Survey,
	text: string,
	expectedRevision?: number
): Promise<DraftSaveResult> {
	const prepared = prepareQuestionnaire(text);
	if (!prepared.ok) return prepared;
	const blocking = designChecks(prepared.json).filter(blocksSaving);
	if (blocking.length) {
		return {
			ok: false,
			problems: blocking.map((check) => ({
				field: check.element ?? 'json',
				message: check.message
			}))
		};
	}
	const revision = await surveys.saveDraft(
		db,
		survey.id,
		prepared.title,
		JSON.stringify(prepared.json),
		expectedRevision
	);
	if (revision === undefined) {
		const current = await surveys.draft(db, survey.id);
		return { ok: false, conflict: true, revision: current?.revision ?? 0 };
	}
	return { ok: true, value: { title: prepared.title, revision }, warnings: prepared.warnings };
}

/** Freezes the current draft as the next immutable version, with its codebook. */
export async function publish(
	db: Database,
	survey: Survey,
	userId: number | null
): Promise<SurveyResult<{ version: number; id: number }>> {
	const draft = await surveys.draftJson(db, survey.id);
	if (draft === undefined)
		return { ok: false, problems: [{ field: 'survey', message: 'The survey no longer exists.' }] };
	const loaded = loadQuestionnaire(JSON.parse(draft));
	if (!loaded.ok) return loaded;
	const errors = designChecks(loaded.json).filter((check) => check.severity === 'error');
	if (errors.length) {
		return {
			ok: false,
			problems: errors.map((check) => ({ field: check.element ?? 'json', message: check.message }))
		};
	}
	const codebook = deriveCodebook(loaded.model);
	const published = await db.transaction(async (tx) => {
		const version = await surveyVersions.insertNext(tx, {
			surveyId: survey.id,
			json: draft,
			codebook: JSON.stringify(codebook),
			publishedBy: userId
		});
		// Every published survey has its public link and its interviewer collector from the start,
		// so that every response through them counts against a cap and shows under them on the
		// dashboard.
		await collectors.ensure(tx, survey.id, 'public');
		await collectors.ensure(tx, survey.id, 'interviewer');
		await auditLog.record(tx, {
			userId,
			projectId: survey.projectId,
			action: 'survey.publish',
			objectType: 'survey',
			objectId: survey.id,
			details: { version: version.version, variables: codebook.variables.length }
		});
		return version;
	});
	return { ok: true, value: published, warnings: loaded.warnings };
}

/**
 * Opens the survey's next wave: submissions count in it at once, and its quota cells and its
 * collectors' caps start empty.
 */
export async function startNextWave(db: Database, survey: Survey): Promise<number> {
	const wave = await surveys.advanceWave(db, survey.id);
	forgetSurvey(survey);
	quotaGateFor(db).invalidate(survey.id);
	capGateFor(db).forgetSurvey(survey.id);
	return wave;
}

/** Deletes a survey with its versions and responses, in one transaction. */
export async function deleteSurvey(
	db: Database,
	survey: Survey,
	userId: number | null
): Promise<void> {
	await db.transaction(async (tx) => {
		const counts = await responses.countBySurvey(tx, survey.id);
		await responses.removeForSurvey(tx, survey.id);
		await invitations.removeForSurvey(tx, survey.id);
		await collectors.removeForSurvey(tx, survey.id);
		await quotas.removeForSurvey(tx, survey.id);
		await assignments.removeForSurvey(tx, survey.id);
		await surveyVersions.removeForSurvey(tx, survey.id);
		await surveys.remove(tx, survey.id);
		await auditLog.record(tx, {
			userId,
			projectId: survey.projectId,
			action: 'survey.delete',
			objectType: 'survey',
			objectId: survey.id,
			details: {
				title: survey.title,
				slug: survey.slug,
				responses: counts.complete + counts.partial + counts.screenedOut + counts.overQuota
			}
		});
	});
	forgetSurvey(survey);
}
