import { authorize } from '$lib/server/auth/authorize';
import {
	chunkBytes,
	failInterrupted,
	importExtensions,
	maxImportBytes
} from '$lib/server/analysis/dataset-import';
import { database } from '$lib/server/db';
import * as importedDatasets from '$lib/server/db/imported-datasets';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { project } = await authorize(event, {
		projectId: Number(event.params.projectId),
		permission: 'analysis:run'
	});
	const db = await database();
	return {
		datasets: await failInterrupted(db, await importedDatasets.listByProject(db, project.id)),
		chunkBytes,
		maxBytes: maxImportBytes(),
		extensions: importExtensions
	};
};
