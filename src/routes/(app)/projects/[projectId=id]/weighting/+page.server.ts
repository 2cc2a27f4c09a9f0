import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { parseTargetsCsv, TargetsError } from '$lib/analysis/weighting/targets';
import { weightingDefinitionSchema } from '$lib/analysis/workspace/weighting-scheme';
import { authorize } from '$lib/server/auth/authorize';
import { listTargetFiles, readTargetFile } from '$lib/server/analysis/target-files';
import { database } from '$lib/server/db';
import * as auditLog from '$lib/server/db/audit-log';
import * as weightingSchemes from '$lib/server/db/weighting-schemes';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

const projectAccess = (event: RequestEvent, permission: 'analysis:run' | 'analysis:edit') =>
	authorize(event, { projectId: Number(event.params.projectId), permission });

export const load: PageServerLoad = async (event) => {
	const { project } = await projectAccess(event, 'analysis:run');
	const schemes = await weightingSchemes.listByProject(await database(), project.id);
	return {
		schemes: schemes.map((s) => ({
			id: s.id,
			name: s.name,
			variables: [...new Set(s.definition.targets.map((t) => t.variable))],
			targets: s.definition.targets.length,
			updatedAt: s.updatedAt
		})),
		targetFiles: listTargetFiles()
	};
};

const createFields = z.object({
	name: z
		.string()
		.trim()
		.min(1, 'name: give the scheme a name.')
		.max(120, 'name: at most 120 characters.'),
	source: z.enum(['file', 'upload', 'paste'], {
		message: 'source: choose where the targets come from.'
	}),
	file: z.string().optional(),
	csv: z.string().max(500_000, 'csv: the text is too long.').optional()
});

export const actions: Actions = {
	create: async (event) => {
		const { project, user } = await projectAccess(event, 'analysis:edit');
		const form = await event.request.formData();
		const parsed = createFields.safeParse({
			name: form.get('name') ?? '',
			source: form.get('source') ?? '',
			file: form.get('file') ?? undefined,
			csv: form.get('csv') ?? undefined
		});
		if (!parsed.success) return fail(400, { problem: parsed.error.issues[0]!.message });
		const { name, source } = parsed.data;
		let rows;
		try {
			if (source === 'file') {
				rows = readTargetFile(parsed.data.file ?? '');
				if (!rows) return fail(400, { problem: 'file: choose one of the targets files.' });
			} else if (source === 'upload') {
				const upload = form.get('upload');
				if (!(upload instanceof File) || upload.size === 0)
					return fail(400, { problem: 'upload: choose a CSV file.' });
				if (upload.size > 500_000)
					return fail(400, { problem: 'upload: the file is larger than 500 KB.' });
				rows = parseTargetsCsv(await upload.text());
			} else {
				rows = parseTargetsCsv(parsed.data.csv ?? '');
			}
		} catch (caught) {
			if (caught instanceof TargetsError)
				return fail(400, { problem: `targets: ${caught.message}` });
			throw caught;
		}
		const definition = weightingDefinitionSchema.safeParse({ targets: rows });
		if (!definition.success) return fail(400, { problem: definition.error.issues[0]!.message });
		const db = await database();
		if (await weightingSchemes.nameTaken(db, project.id, name))
			return fail(400, { problem: `name: a scheme named ${name} exists already.` });
		const scheme = await db.transaction(async (tx) => {
			const created = await weightingSchemes.create(tx, {
				projectId: project.id,
				name,
				definition: definition.data,
				createdBy: user.id
			});
			await auditLog.record(tx, {
				userId: user.id,
				projectId: project.id,
				action: 'weighting.save',
				objectType: 'weighting_scheme',
				objectId: created.id,
				details: { name }
			});
			return created;
		});
		redirect(303, `/projects/${project.id}/weighting/${scheme.id}`);
	}
};
