/**
 * Assigning interviewers to questionnaires (supervisors), and who may collect interviews for a
 * questionnaire. The checks live here so that the form actions stay thin.
 */
import * as auditLog from '../db/audit-log.ts';
import { error } from '@sveltejs/kit';
import type { Role } from '../../roles.ts';
import * as assignments from '../db/assignments.ts';
import { database, type Database } from '../db/index.ts';
import * as members from '../db/project-members.ts';
import * as surveyVersions from '../db/survey-versions.ts';
import * as surveys from '../db/surveys.ts';
import { authorizeSurvey } from '../surveys/survey-access.ts';

export type AssignmentResult = { ok: true } | { ok: false; field: string; message: string };

export interface NewAssignment {
	userId: number;
	surveyId: number;
	label: string;
	target: number | null;
}

export async function assignInterviewer(
	db: Database,
	projectId: number,
	assignment: NewAssignment,
	byUserId: number | null = null
): Promise<AssignmentResult> {
	if ((await members.roleOf(db, projectId, assignment.userId)) !== 'interviewer') {
		return {
			ok: false,
			field: 'userId',
			message: 'Choose a member of this project with the interviewer role.'
		};
	}
	const survey = await surveys.findInProject(db, projectId, assignment.surveyId);
	if (!survey) {
		return { ok: false, field: 'surveyId', message: 'Choose a questionnaire of this project.' };
	}
	if (!(await surveyVersions.latest(db, survey.id))) {
		return {
			ok: false,
			field: 'surveyId',
			message: `"${survey.title}" is not published yet: publish it before assigning interviewers.`
		};
	}
	if (await assignments.exists(db, assignment)) {
		return {
			ok: false,
			field: 'label',
			message: 'This interviewer already has this questionnaire with this label.'
		};
	}
	await db.transaction(async (tx) => {
		await assignments.create(tx, assignment);
		await auditLog.record(tx, {
			userId: byUserId,
			projectId,
			action: 'assignment.add',
			objectType: 'survey',
			objectId: assignment.surveyId,
			details: { interviewer: assignment.userId, label: assignment.label }
		});
	});
	return { ok: true };
}

export async function unassign(
	db: Database,
	projectId: number,
	assignmentId: number,
	byUserId: number | null = null
): Promise<AssignmentResult> {
	// Only assignments of this project's questionnaires: an id from another project is refused.
	const assignment = await assignments.findInProject(db, projectId, assignmentId);
	if (!assignment) return { ok: false, field: 'id', message: 'This assignment does not exist.' };
	await db.transaction(async (tx) => {
		await assignments.remove(tx, assignment.id);
		await auditLog.record(tx, {
			userId: byUserId,
			projectId,
			action: 'assignment.remove',
			objectType: 'survey',
			objectId: assignment.surveyId,
			details: { interviewer: assignment.userId, label: assignment.label }
		});
	});
	return { ok: true };
}

/**
 * Owners and researchers may interview on any questionnaire of their project (to pilot it, or to
 * help out); an interviewer only on questionnaires a supervisor assigned to them.
 */
const rolesCollectingWithoutAssignment: readonly Role[] = ['owner', 'researcher'];

type SurveyEvent = Parameters<typeof authorizeSurvey>[0];

export async function authorizeInterview(event: SurveyEvent) {
	const access = await authorizeSurvey(event, 'fieldwork:collect');
	if (
		!rolesCollectingWithoutAssignment.includes(access.role) &&
		!(await assignments.isAssigned(await database(), access.survey.id, access.user.id))
	) {
		error(403, 'You are not assigned to this questionnaire; ask your supervisor to assign you.');
	}
	return access;
}
