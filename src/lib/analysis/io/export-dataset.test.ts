import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { describeDataset, type Dataset } from '../dataset.ts';
import type { VariableLabels } from '../workspace/variable-labels.ts';
import { exportDataset, spssNames } from './export-dataset.ts';
import { readSav } from './sav-reader.ts';

let db: Database;
let dataset: Dataset;
const labels: VariableLabels = new Map([
	[
		'sex',
		{
			label: 'სქესი (sex)',
			values: new Map([
				['1', 'Мужчина'],
				['2', 'ქალი']
			]),
			missing: []
		}
	],
	[
		'trust',
		{
			label: 'Trust in the media',
			values: new Map([
				['1', 'None'],
				['4', 'Full'],
				['98', "Don't know"]
			]),
			missing: ['98']
		}
	],
	['weight', { label: 'Weight', values: new Map(), missing: [] }]
]);

beforeAll(async () => {
	db = await openDatabase(':memory:');
	await db.run({
		sql: `CREATE TABLE data AS SELECT i AS id, 1 + (i % 2) AS sex, CASE WHEN i % 10 = 0 THEN 98 ELSE 1 + (i % 4) END AS trust,
			CASE WHEN i % 7 = 0 THEN NULL ELSE 'note ' || i END AS comment, 0.5 + (i % 3) * 0.5 AS weight FROM range(1, 201) t(i)`,
		params: []
	});
	dataset = await describeDataset(db, 'data');
});
afterAll(async () => db.close());

describe('exporting a dataset', () => {
	it('writes an SPSS file with variable labels, value labels, missing codes and the weight', async () => {
		const [file] = await exportDataset(
			db,
			dataset,
			labels,
			{ format: 'sav', weightVariable: 'weight', title: 'Test' },
			'test'
		);
		expect(file!.name).toBe('test.sav');
		const sav = readSav(file!.bytes);
		const sex = sav.variables.find((v) => v.name === 'sex')!;
		expect(sex.label).toBe('სქესი (sex)');
		expect(sex.valueLabels).toEqual([
			{ value: 1, label: 'Мужчина' },
			{ value: 2, label: 'ქალი' }
		]);
		expect(sav.variables.find((v) => v.name === 'trust')!.missingValues).toEqual([98]);
		expect(sav.caseCount).toBe(200);
		const comment = sav.variables.findIndex((v) => v.name === 'comment');
		expect(sav.rows[6]![comment]).toBe('');
		expect(sav.rows[0]![comment]).toBe('note 1');
	});

	const pspp = '/usr/bin/pspp';
	const required = process.env.BAROMETER_REQUIRE_PSPP === '1';
	it.skipIf(!fs.existsSync(pspp) && !required)(
		'is read by PSPP with its labels, and weighted by the weight variable',
		async () => {
			const [file] = await exportDataset(
				db,
				dataset,
				labels,
				{ format: 'sav', weightVariable: 'weight' },
				'test'
			);
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'barometer-pspp-'));
			try {
				fs.writeFileSync(path.join(dir, 'test.sav'), file!.bytes);
				fs.writeFileSync(
					path.join(dir, 'check.sps'),
					`GET FILE='test.sav'.\nDISPLAY DICTIONARY.\nFREQUENCIES /VARIABLES=sex.\n`
				);
				const output = execFileSync(pspp, ['-O', 'width=300', 'check.sps'], {
					cwd: dir,
					encoding: 'utf8'
				});
				expect(output).toContain('სქესი (sex)');
				expect(output).toContain('Мужчина');
				expect(output).toContain("Don't know");
				// Weighted counts: odd ids (sex 2) and even ids (sex 1), weights 0.5, 1, 1.5 by id mod 3.
				const weighted = await db.one<{ men: number }>({
					sql: `SELECT sum(weight) AS men FROM data WHERE sex = 1`,
					params: []
				});
				expect(output).toMatch(new RegExp(`Мужчина\\s*\\|\\s*${weighted!.men.toFixed(2)}\\|`));
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		}
	);

	it('writes CSV with codes or labels, and Parquet with a codebook', async () => {
		const [codes] = await exportDataset(db, dataset, labels, { format: 'csv' }, 'd');
		const [named] = await exportDataset(
			db,
			dataset,
			labels,
			{ format: 'csv', valueLabels: true },
			'd'
		);
		const first = (bytes: Uint8Array) => new TextDecoder().decode(bytes).split('\r\n').slice(0, 2);
		expect(first(codes!.bytes)).toEqual(['id,sex,trust,comment,weight', '1,2,2,note 1,1']);
		expect(first(named!.bytes)).toEqual(['id,sex,trust,comment,weight', '1,ქალი,2,note 1,1']);
		const files = await exportDataset(
			db,
			dataset,
			labels,
			{ format: 'parquet', weightVariable: 'weight' },
			'd'
		);
		expect(files.map((f) => f.name)).toEqual(['d.parquet', 'd.codebook.json']);
		expect(Buffer.from(files[0]!.bytes.subarray(0, 4)).toString()).toBe('PAR1');
		const codebook = JSON.parse(new TextDecoder().decode(files[1]!.bytes));
		expect(codebook.weight).toBe('weight');
		expect(codebook.variables.find((v: { name: string }) => v.name === 'trust')).toMatchObject({
			missing: ['98'],
			type: 'numeric'
		});
	});

	it('makes SPSS-safe unique names', () => {
		expect(spssNames(['q-1', '1st', 'Q_1', 'q_1', 'by', 'ok.'])).toEqual([
			'q_1',
			'v_1st',
			'Q_1_2',
			'q_1_3',
			'by_',
			'ok'
		]);
	});
});
