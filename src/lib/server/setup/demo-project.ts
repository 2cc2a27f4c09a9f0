/**
 * The demo project loaded on first start: the awareness-tracker questionnaire in
 * surveys/awareness-tracker.json, published, with three waves of SYNTHETIC responses from the
 * seeded generator in ../demo/synthetic-responses.ts. Everything about it says "synthetic".
 * Loaded once: if an owner deletes it, it does not come back (the audit log remembers).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as auditLog from '../db/audit-log.ts';
import type { Database } from '../db/index.ts';
import { sql } from '../db/index.ts';
import * as projects from '../db/projects.ts';
import * as responses from '../db/responses.ts';
import { generateSyntheticResponses } from '../demo/synthetic-responses.ts';
import { createSurvey, publish } from '../surveys/survey-service.ts';
import { defaultAwarenessSpec } from '../../analysis/reports/awareness-defaults.ts';
import { parseTargetsCsv } from '../../analysis/weighting/targets.ts';
import { weightingDefinitionSchema } from '../../analysis/workspace/weighting-scheme.ts';
import * as reports from '../db/reports.ts';
import * as weightingSchemes from '../db/weighting-schemes.ts';
import { surveyVariables } from '../analysis/survey-variables.ts';

export const demoProjectName = 'Demo: awareness tracker (synthetic data)';
export const demoQuestionnairePath = path.join('surveys', 'awareness-tracker.json');
export const demoSeed = 20141105;
export const demoRespondentsPerWave = [1200, 1200, 1200];
export const demoSchemeName = 'Census 2014 regions + illustrative sex, age, settlement';
export const demoTargetsPath = path.join('datasets', 'targets', 'all.csv');

async function demoWasLoaded(db: Database): Promise<boolean> {
	const row = await db.one(sql(`SELECT 1 AS ok FROM audit_log WHERE action = 'demo.load' LIMIT 1`));
	return row !== undefined;
}

export async function loadDemoProject(
	db: Database,
	root = process.cwd()
): Promise<
	{ loaded: false } | { loaded: true; projectId: number; surveyId: number; responses: number }
> {
	if ((await demoWasLoaded(db)) || (await projects.findByName(db, demoProjectName)))
		return { loaded: false };
	const text = fs.readFileSync(path.join(root, demoQuestionnairePath), 'utf8');
	const project = await projects.create(db, {
		name: demoProjectName,
		description:
			'SYNTHETIC responses from a seeded generator, for trying Barometer out. No real person answered these questions.',
		createdBy: null
	});
	const created = await createSurvey(db, { projectId: project.id, userId: null, text });
	if (!created.ok)
		throw new Error(`The demo questionnaire is invalid: ${created.problems[0]?.message}`);
	const survey = created.value;
	const published = await publish(db, survey, null);
	if (!published.ok)
		throw new Error(
			`The demo questionnaire cannot be published: ${published.problems[0]?.message}`
		);
	const synthetic = generateSyntheticResponses({
		seed: demoSeed,
		respondentsPerWave: demoRespondentsPerWave,
		firstWaveDate: '2026-01-15',
		monthsBetweenWaves: 3
	});
	await db.transaction(async (tx) => {
		await responses.insertMany(
			tx,
			synthetic.map((response) => ({
				id: response.id,
				surveyId: survey.id,
				surveyVersionId: published.value.id,
				wave: response.wave,
				status: 'complete' as const,
				source: 'synthetic' as const,
				answers: response.answers,
				paradata: { durationMs: response.durationSeconds * 1000, synthetic: true },
				startedAt: new Date(
					Date.parse(response.submittedAt) - response.durationSeconds * 1000
				).toISOString(),
				submittedAt: response.submittedAt
			}))
		);
		await tx.run(
			sql(
				'UPDATE surveys SET current_wave = ? WHERE id = ?',
				demoRespondentsPerWave.length,
				survey.id
			)
		);
		await auditLog.record(tx, {
			userId: null,
			projectId: project.id,
			action: 'demo.load',
			objectType: 'project',
			objectId: project.id,
			details: { seed: demoSeed, responses: synthetic.length }
		});
	});
	await seedAnalysis(db, root, project.id, survey);
	return { loaded: true, projectId: project.id, surveyId: survey.id, responses: synthetic.length };
}

/** The demo's weighting scheme (datasets/targets/all.csv) and a saved quarterly awareness report. */
async function seedAnalysis(
	db: Database,
	root: string,
	projectId: number,
	survey: Parameters<typeof surveyVariables>[1]
): Promise<void> {
	const targets = parseTargetsCsv(fs.readFileSync(path.join(root, demoTargetsPath), 'utf8'));
	const definition = weightingDefinitionSchema.parse({ targets });
	const awareness = defaultAwarenessSpec(
		await surveyVariables(db, survey),
		demoRespondentsPerWave.length
	);
	await db.transaction(async (tx) => {
		await weightingSchemes.create(tx, {
			projectId,
			name: demoSchemeName,
			definition,
			createdBy: null
		});
		await reports.create(tx, {
			projectId,
			createdBy: null,
			spec: {
				version: 1,
				title: 'Quarterly awareness rating (synthetic demo data)',
				dataset: { kind: 'survey', surveyId: survey.id },
				weighting: { name: demoSchemeName, definition },
				derived: [],
				filters: [],
				sections: [
					{
						kind: 'text',
						title: 'About this report',
						text: 'Built from SYNTHETIC responses made by a seeded generator: the figures show how the report works, not what anyone thinks.'
					},
					{ kind: 'awareness', title: 'Awareness of government programmes', ...awareness }
				]
			}
		});
	});
}
