/**
 * Enumerates what the app answers: every page (GET), every form action, every endpoint method
 * under src/routes, read from the files themselves so that a new route cannot be forgotten.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface RouteOperation {
	/** Route id as SvelteKit names it, e.g. "/(app)/projects/[projectId=id]". */
	route: string;
	/** "GET", "POST", … or "action:<name>" for a form action. */
	operation: string;
}

const routesRoot = path.join(process.cwd(), 'src', 'routes');

function actionNames(source: string): string[] {
	const block = /export const actions[^=]*=\s*\{([\s\S]*?)\n\};/.exec(source);
	if (!block) return [];
	return [...block[1]!.matchAll(/^\t([A-Za-z_]\w*)\s*:/gm)].map((match) => match[1]!);
}

function endpointMethods(source: string): string[] {
	return [
		...source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)
	].map((match) => match[1]!);
}

export function enumerateRoutes(dir = routesRoot): RouteOperation[] {
	const found: RouteOperation[] = [];
	const route = '/' + path.relative(routesRoot, dir).split(path.sep).filter(Boolean).join('/');
	const files = fs.readdirSync(dir);
	const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
	if (files.includes('+page.svelte') || files.includes('+page.server.ts')) {
		found.push({ route, operation: 'GET' });
	}
	if (files.includes('+page.server.ts')) {
		for (const name of actionNames(read('+page.server.ts')))
			found.push({ route, operation: `action:${name}` });
	}
	if (files.includes('+server.ts')) {
		for (const method of endpointMethods(read('+server.ts')))
			found.push({ route, operation: method });
	}
	for (const file of files) {
		if (fs.statSync(path.join(dir, file)).isDirectory())
			found.push(...enumerateRoutes(path.join(dir, file)));
	}
	return found;
}

/** Turns a route id into a URL path with the given parameter values. */
export function routePath(route: string, params: Record<string, string>): string {
	const segments = route
		.split('/')
		.filter((segment) => segment && !/^\(.*\)$/.test(segment))
		.map((segment) =>
			segment.replace(/\[([A-Za-z]+)(?:=[a-z]+)?\]/g, (_, name: string) => {
				if (!(name in params)) throw new Error(`No test value for route parameter ${name}`);
				return params[name]!;
			})
		);
	return '/' + segments.join('/');
}
