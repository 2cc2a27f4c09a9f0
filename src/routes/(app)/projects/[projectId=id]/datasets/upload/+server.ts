import { error, json } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/authorize';
import { chunkBytes, ImportError, receiveChunk } from '$lib/server/analysis/dataset-import';
import { database } from '$lib/server/db';
import * as auditLog from '$lib/server/db/audit-log';
import type { RequestHandler } from './$types';

/**
 * One chunk of a data file: the raw bytes as the body, the rest in the query —
 * `upload` (a UUID the browser chose), `offset`, `final=1` on the last, `name`, `fileName`.
 */
export const POST: RequestHandler = async (event) => {
	const { project, user } = await authorize(event, {
		projectId: Number(event.params.projectId),
		permission: 'analysis:edit'
	});
	const params = event.url.searchParams;
	const offset = Number(params.get('offset'));
	if (!Number.isSafeInteger(offset) || offset < 0) error(400, 'offset: a byte position.');
	const name = (params.get('name') ?? '').trim();
	if (!name || name.length > 120)
		error(400, 'name: give the dataset a name (at most 120 characters).');
	const declared = Number(event.request.headers.get('content-length') ?? 0);
	if (declared > chunkBytes) error(413, 'The chunk is larger than 2 MB.');
	const bytes = new Uint8Array(await event.request.arrayBuffer());
	const db = await database();
	try {
		const result = await receiveChunk(db, {
			projectId: project.id,
			userId: user.id,
			uploadId: params.get('upload') ?? '',
			offset,
			final: params.get('final') === '1',
			name,
			fileName: params.get('fileName') ?? '',
			bytes
		});
		if (result.dataset)
			await auditLog.record(db, {
				userId: user.id,
				projectId: project.id,
				action: 'dataset.import',
				objectType: 'dataset',
				objectId: result.dataset.id,
				details: { fileName: result.dataset.fileName, bytes: result.received }
			});
		return json(
			{ received: result.received, datasetId: result.dataset?.id ?? null },
			{ status: result.dataset ? 202 : 200 }
		);
	} catch (caught) {
		if (caught instanceof ImportError) error(caught.status, caught.message);
		throw caught;
	}
};
