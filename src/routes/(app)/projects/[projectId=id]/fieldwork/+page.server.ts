import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { authorize } from '$lib/server/auth/authorize';
import * as assignments from '$lib/server/db/assignments';
import { database } from '$lib/server/db';
import * as members from '$lib/server/db/project-members';
import * as surveys from '$lib/server/db/surveys';
import { assignInterviewer, unassign } from '$lib/server/fieldwork/assignment-service';
import { readForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const access = (projectId: string) => ({
	projectId: Number(projectId),
	permission: 'members:manage' as const
});

export const load: PageServerLoad = async (event) => {
	const { project } = await authorize(event, access(event.params.projectId));
	const db = await database();
	const [memberList, surveyList, assignmentList, progress] = await Promise.all([
		members.list(db, project.id),
		surveys.listInProject(db, project.id),
		assignments.listForProject(db, project.id),
		assignments.progressForProject(db, project.id)
	]);
	return {
		interviewers: memberList.filter((member) => member.role === 'interviewer'),
		publishedSurveys: surveyList
			.filter((survey) => survey.latestVersion !== null)
			.map(({ id, title }) => ({ id, title })),
		assignments: assignmentList,
		progress
	};
};

const id = (message: string) => z.coerce.number({ message }).int(message).positive(message);

const assignmentForm = z.object({
	userId: id('Choose an interviewer.'),
	surveyId: id('Choose a questionnaire.'),
	label: z
		.string({ message: 'Enter a label.' })
		.trim()
		.min(1, 'Enter a label: the area or quota cell.')
		.max(120, 'Keep the label under 120 characters.'),
	target: z.preprocess(
		(value) => (value === '' || value === undefined ? null : value),
		z.coerce
			.number({ message: 'The target must be a whole number.' })
			.int('The target must be a whole number.')
			.positive('The target must be at least 1.')
			.max(1_000_000, 'The target is too large.')
			.nullable()
	)
});

export const actions: Actions = {
	assign: async (event) => {
		const { project, user } = await authorize(event, access(event.params.projectId));
		const form = await readForm(event.request, assignmentForm);
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		const result = await assignInterviewer(await database(), project.id, form.data, user.id);
		if (!result.ok) {
			return fail(400, {
				errors: { [result.field]: result.message },
				values: {
					userId: String(form.data.userId),
					surveyId: String(form.data.surveyId),
					label: form.data.label,
					target: String(form.data.target ?? '')
				}
			});
		}
		return { done: `Assigned "${form.data.label}".` };
	},
	unassign: async (event) => {
		const { project, user } = await authorize(event, access(event.params.projectId));
		const form = await readForm(event.request, z.object({ id: id('Choose an assignment.') }));
		if (!form.ok) return fail(400, { errors: form.errors });
		const result = await unassign(await database(), project.id, form.data.id, user.id);
		if (!result.ok) return fail(400, { errors: { [result.field]: result.message } });
		return { done: 'Assignment removed.' };
	}
};
