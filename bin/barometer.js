#!/usr/bin/env -S node --max-semi-space-size=32
/**
 * The `barometer` command. `serve` runs the built server in this process; every other command
 * is TypeScript in src/cli, run through tsx so that the CLI and the app share src/lib.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [command] = process.argv.slice(2);

if (command === 'serve') {
	process.chdir(root);
	const { buildIfNeeded } = await import(
		pathToFileURL(path.join(root, 'scripts', 'build-if-needed.js')).href
	);
	try {
		buildIfNeeded(root);
	} catch (error) {
		console.error(error instanceof Error ? error.message : String(error));
		process.exit(1);
	}
	// Questionnaire uploads may be up to 2 MB; adapter-node's default limit is 512 KB.
	process.env.BODY_SIZE_LIMIT ??= '4M';
	const port = process.env.PORT ?? '3000';
	// Without ORIGIN, adapter-node assumes https and would refuse every form posted to
	// http://localhost as cross-site. Deployments behind a proxy set ORIGIN themselves.
	process.env.ORIGIN ??= `http://localhost:${port}`;
	console.log(`Barometer is starting on http://localhost:${port}`);
	await import(pathToFileURL(path.join(root, 'bin', 'server.js')).href);
} else {
	const { register } = await import('tsx/esm/api');
	register();
	const { main } = await import(pathToFileURL(path.join(root, 'src', 'cli', 'main.ts')).href);
	process.exitCode = await main(process.argv.slice(2));
}
