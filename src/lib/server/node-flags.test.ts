import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serverNodeFlags } from '../../../bin/node-flags.js';

describe('the flags Node runs the server with', () => {
	it('are given by npm start and by the barometer command alike', () => {
		const start = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts.start as string;
		const shebang = fs.readFileSync('bin/barometer.js', 'utf8').split('\n', 1)[0]!;
		expect(serverNodeFlags.length).toBeGreaterThan(0);
		for (const flag of serverNodeFlags) {
			expect(start.split(' ')).toContain(flag);
			expect(shebang.split(' ')).toContain(flag);
		}
		expect(start).toMatch(/^node .*bin\/barometer\.js serve$/);
		expect(shebang).toMatch(/^#!\/usr\/bin\/env -S node /);
	});
});
