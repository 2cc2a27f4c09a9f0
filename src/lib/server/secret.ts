/**
 * The server's secret key, for values that must be recomputable by the server but not guessable
 * from the database: invitation tokens (so reminder lists can show links again while only token
 * hashes are stored) and keyed hashes of devices. From BAROMETER_SECRET (at least 32 characters),
 * or else a random key kept in a file beside the database (created on first use, readable only by
 * its owner; never in the repository). An in-memory database gets a key for the process.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readConfig } from './config.ts';

let key: Buffer | undefined;

export function serverSecret(): Buffer {
	if (key) return key;
	const fromEnv = process.env.BAROMETER_SECRET;
	if (fromEnv) {
		if (fromEnv.length < 32) throw new Error('BAROMETER_SECRET must be at least 32 characters.');
		return (key = Buffer.from(fromEnv, 'utf8'));
	}
	const { databasePath } = readConfig();
	if (databasePath === ':memory:') return (key = crypto.randomBytes(32));
	const file = `${databasePath}.secret`;
	if (!fs.existsSync(file)) {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		// 'wx' fails if another process created it meanwhile; then read theirs.
		try {
			fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
	}
	return (key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex'));
}

/** HMAC-SHA-256 of a text under the server secret. */
export function keyedHash(purpose: string, text: string): Buffer {
	return crypto.createHmac('sha256', serverSecret()).update(`${purpose}\u0000${text}`).digest();
}
