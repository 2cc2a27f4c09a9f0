/** Everything that happens once when the server starts: the first administrator and the demo. */
import type { BarometerConfig } from '../config.ts';
import type { Database } from '../db/index.ts';
import { loadDemoProject } from './demo-project.ts';
import { ensureFirstAdmin } from './first-admin.ts';

export async function firstStart(
	db: Database,
	config: BarometerConfig,
	log: (line: string) => void = console.log
) {
	const admin = await ensureFirstAdmin(db, config);
	if (admin.kind === 'created') log(`Created the administrator ${admin.email}.`);
	if (admin.kind === 'setup-link') {
		log(
			`No users yet. Open this one-time link within 24 hours to create the administrator:\n  ${admin.url}`
		);
	}
	if (config.loadDemo) {
		const demo = await loadDemoProject(db);
		if (demo.loaded) log(`Loaded the demo project with ${demo.responses} synthetic responses.`);
	}
}
