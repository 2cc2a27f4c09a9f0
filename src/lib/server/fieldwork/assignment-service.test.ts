import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../roles.ts';
import * as assignments from '../db/assignments.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import * as members from '../db/project-members.ts';
import * as projects from '../db/projects.ts';
import { sql } from '../db/sql.ts';
import type { Survey } from '../db/surveys.ts';
import * as users from '../db/users.ts';
import { createSurvey, publish } from '../surveys/survey-service.ts';
import { assignInterviewer, unassign } from './assignment-service.ts';
import { submitInterview } from './interview-submission.ts';

let db: Database;
let projectId: number;
let published: Survey;
let draftOnly: Survey;
let ana: number;
let bea: number;

beforeEach(async () => {
	db = await openDatabase(':memory:');
	await migrate(db);
	projectId = (await projects.create(db, { name: 'P', description: '', createdBy: null })).id;
	ana = await member('ana@example.org', 'interviewer');
	bea = await member('bea@example.org', 'interviewer');
	published = await questionnaire('Omnibus');
	const version = await publish(db, published, null);
	if (!version.ok) throw new Error(JSON.stringify(version.problems));
	draftOnly = await questionnaire('Draft');
});

afterEach(async () => {
	await db.close();
});

async function member(email: string, role: Role, inProject = projectId): Promise<number> {
	const user = await users.create(db, {
		email,
		name: email.split('@')[0]!,
		passwordHash: null,
		isAdmin: false
	});
	await members.add(db, inProject, user.id, role);
	return user.id;
}

async function questionnaire(title: string, inProject = projectId): Promise<Survey> {
	const created = await createSurvey(db, {
		projectId: inProject,
		userId: null,
		text: JSON.stringify({
			title,
			pages: [{ name: 'p1', elements: [{ type: 'radiogroup', name: 'vote', choices: [1, 2] }] }]
		})
	});
	if (!created.ok) throw new Error(JSON.stringify(created.problems));
	return created.value;
}

const assignment = (overrides: Partial<Parameters<typeof assignInterviewer>[2]> = {}) => ({
	userId: ana,
	surveyId: published.id,
	label: 'Tbilisi, Gldani',
	target: 40,
	...overrides
});

describe('assignInterviewer', () => {
	it('assigns an interviewer of the project to a published questionnaire', async () => {
		expect(await assignInterviewer(db, projectId, assignment())).toEqual({ ok: true });
		expect(await assignments.listForProject(db, projectId)).toMatchObject([
			{
				userId: ana,
				surveyId: published.id,
				surveyTitle: 'Omnibus',
				label: 'Tbilisi, Gldani',
				target: 40
			}
		]);
		expect(await assignments.isAssigned(db, published.id, ana)).toBe(true);
		expect(await assignments.isAssigned(db, published.id, bea)).toBe(false);
	});

	it.each<[string, () => Promise<Parameters<typeof assignInterviewer>[2]>, string]>([
		[
			'a member with another role',
			async () => assignment({ userId: await member('r@example.org', 'researcher') }),
			'userId'
		],
		[
			'someone outside the project',
			async () => {
				const other = (await projects.create(db, { name: 'Q', description: '', createdBy: null }))
					.id;
				return assignment({ userId: await member('o@example.org', 'interviewer', other) });
			},
			'userId'
		],
		[
			'a questionnaire not yet published',
			async () => assignment({ surveyId: draftOnly.id }),
			'surveyId'
		],
		[
			'a questionnaire of another project',
			async () => {
				const other = (await projects.create(db, { name: 'Q', description: '', createdBy: null }))
					.id;
				return assignment({ surveyId: (await questionnaire('Elsewhere', other)).id });
			},
			'surveyId'
		]
	])('refuses %s', async (_, input, field) => {
		const result = await assignInterviewer(db, projectId, await input());
		expect(result).toMatchObject({ ok: false, field });
		expect(await assignments.listForProject(db, projectId)).toEqual([]);
	});

	it('refuses the same assignment twice but takes another area', async () => {
		await assignInterviewer(db, projectId, assignment());
		expect(await assignInterviewer(db, projectId, assignment())).toMatchObject({
			ok: false,
			field: 'label'
		});
		expect(
			await assignInterviewer(db, projectId, assignment({ label: 'Rustavi', target: null }))
		).toEqual({ ok: true });
		expect((await assignments.listForProject(db, projectId)).map((a) => a.label)).toEqual([
			'Rustavi',
			'Tbilisi, Gldani'
		]);
	});
});

describe('listForInterviewer', () => {
	it("shows an interviewer their own assignments and never another's", async () => {
		await assignInterviewer(db, projectId, assignment());
		await assignInterviewer(db, projectId, assignment({ userId: bea, label: 'Kutaisi' }));
		expect((await assignments.listForInterviewer(db, projectId, ana)).map((a) => a.label)).toEqual([
			'Tbilisi, Gldani'
		]);
		expect((await assignments.listForInterviewer(db, projectId, bea)).map((a) => a.label)).toEqual([
			'Kutaisi'
		]);
	});
});

describe('unassign', () => {
	it('removes an assignment of the project, and refuses one of another project', async () => {
		await assignInterviewer(db, projectId, assignment());
		const [own] = await assignments.listForProject(db, projectId);
		const otherProject = (
			await projects.create(db, { name: 'Q', description: '', createdBy: null })
		).id;
		expect(await unassign(db, otherProject, own!.id)).toMatchObject({ ok: false, field: 'id' });
		expect(await unassign(db, projectId, own!.id)).toEqual({ ok: true });
		expect(await assignments.listForProject(db, projectId)).toEqual([]);
	});
});

describe('progressForProject', () => {
	let sequence = 0;
	async function interviewBy(userId: number, status: 'complete' | 'partial', durationMs: number) {
		sequence++;
		const result = await submitInterview(
			db,
			published,
			{
				id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
				version: 1,
				status,
				answers: { vote: 1 },
				startedAt: '2026-03-01T10:00:00.000Z',
				paradata: {
					durationMs,
					endedAt: '2026-03-01T10:10:00.000Z',
					deviceClass: 'phone'
				}
			},
			userId
		);
		if (!result.ok) throw new Error(result.message);
	}

	it('counts completes and partials per interviewer with the median duration and last sync', async () => {
		await assignInterviewer(db, projectId, assignment());
		await assignInterviewer(db, projectId, assignment({ userId: bea, label: 'Kutaisi' }));
		await interviewBy(ana, 'complete', 300_000);
		await interviewBy(ana, 'complete', 600_000);
		await interviewBy(ana, 'complete', 420_000);
		await interviewBy(ana, 'partial', 10_000);
		await db.run(sql(`UPDATE responses SET received_at = '2026-03-02 08:30:00+00'`));

		expect(await assignments.progressForProject(db, projectId)).toEqual([
			{
				userId: ana,
				name: 'ana',
				email: 'ana@example.org',
				completes: 3,
				partials: 1,
				medianDurationMs: 420_000,
				lastSyncAt: new Date('2026-03-02T08:30:00Z')
			},
			{
				userId: bea,
				name: 'bea',
				email: 'bea@example.org',
				completes: 0,
				partials: 0,
				medianDurationMs: null,
				lastSyncAt: null
			}
		]);
	});
});
