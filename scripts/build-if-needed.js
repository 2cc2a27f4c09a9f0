/**
 * Builds the app when the sources changed since the last build, so that `npm start` on a fresh
 * clone builds once and later starts are immediate. Plain JavaScript: it runs before anything
 * is compiled.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const inputs = [
	'src',
	'static',
	'svelte.config.js',
	'vite.config.ts',
	'package-lock.json',
	'tsconfig.json'
];

function* files(entry) {
	if (!fs.existsSync(entry)) return;
	const stat = fs.statSync(entry);
	if (stat.isFile()) yield [entry, stat];
	else for (const child of fs.readdirSync(entry).sort()) yield* files(path.join(entry, child));
}

/** Fingerprint of every input file's path, size and modification time. */
export function sourceFingerprint(root) {
	const hash = crypto.createHash('sha256');
	for (const input of inputs) {
		for (const [file, stat] of files(path.join(root, input))) {
			if (file.endsWith('.test.ts')) continue;
			hash.update(`${path.relative(root, file)}:${stat.size}:${stat.mtimeMs}\n`);
		}
	}
	return hash.digest('hex');
}

export function buildIfNeeded(root, log = console.log) {
	const stampFile = path.join(root, 'build', '.source-fingerprint');
	const fingerprint = sourceFingerprint(root);
	const built = fs.existsSync(path.join(root, 'build', 'index.js')) && fs.existsSync(stampFile);
	if (built && fs.readFileSync(stampFile, 'utf8') === fingerprint) return false;
	log('Building Barometer (first start or changed sources)…');
	const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
		cwd: root,
		stdio: 'inherit'
	});
	if (result.status !== 0) throw new Error('The build failed; see the messages above.');
	fs.writeFileSync(stampFile, fingerprint);
	return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	buildIfNeeded(process.cwd());
}
