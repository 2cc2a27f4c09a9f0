/**
 * The CLI contract (issue 3 §6), run as a user runs it: `node bin/barometer.js …` on the
 * synthetic demo data. Other tools script against these JSON shapes and exit codes.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const demo = 'datasets/demo/awareness-tracker-synthetic.csv';
const targets = 'datasets/targets/all.csv';
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'barometer-cli-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

async function barometer(
	...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
	try {
		const { stdout, stderr } = await run(process.execPath, ['bin/barometer.js', ...args], {
			maxBuffer: 64 << 20
		});
		return { code: 0, stdout, stderr };
	} catch (error) {
		const failed = error as { code: number; stdout: string; stderr: string };
		return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
	}
}

describe('barometer weight', () => {
	it('reports convergence, diagnostics and every margin as JSON', async () => {
		const { code, stdout } = await barometer('weight', demo, '--targets', targets, '--json');
		expect(code).toBe(0);
		const report = JSON.parse(stdout);
		expect(report.converged).toBe(true);
		expect(report.max_deviation).toBeLessThanOrEqual(1e-6);
		expect(report.iterations).toBeGreaterThan(0);
		for (const key of ['deff', 'effective_n', 'efficiency', 'moe95', 'min', 'max'])
			expect(typeof report[key]).toBe('number');
		expect(report.deff).toBeCloseTo(3600 / report.effective_n, 10);
		const tbilisi = report.margins.find(
			(m: { variable: string; category: string }) => m.variable === 'region' && m.category === '1'
		);
		expect(tbilisi.weighted).toBeCloseTo(tbilisi.target, 6);
		expect(tbilisi.unweighted).not.toBeCloseTo(tbilisi.target, 3);
	});

	it('writes the data with the weight column, as CSV and Parquet', async () => {
		const csv = path.join(folder, 'weighted.csv');
		const parquet = path.join(folder, 'weighted.parquet');
		expect(
			(await barometer('weight', demo, '--targets', targets, '--name', 'w', '--out', csv)).code
		).toBe(0);
		expect((await barometer('weight', demo, '--targets', targets, '--out', parquet)).code).toBe(0);
		const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
		expect(lines).toHaveLength(3601);
		expect(lines[0]!.split(',').at(-1)).toBe('w');
		const weights = lines.slice(1).map((line) => Number(line.split(',').at(-1)));
		expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(3600, 6);
		// The parquet file is readable data again: weighting it once more leaves weights unchanged.
		const again = JSON.parse(
			(
				await barometer(
					'weight',
					parquet,
					'--targets',
					targets,
					'--base-weight',
					'weight',
					'--name',
					'w2',
					'--json'
				)
			).stdout
		);
		expect(again.iterations).toBe(0);
	});

	it('trims and says whether bounds and margins both hold', async () => {
		const { stdout } = await barometer(
			'weight',
			demo,
			'--targets',
			targets,
			'--trim',
			'0.5:2',
			'--json'
		);
		const report = JSON.parse(stdout);
		expect(report.trimming.bounds_held).toBe(true);
		expect(report.trimming.margins_held).toBe(true);
		expect(report.min).toBeGreaterThanOrEqual(0.5 - 1e-9);
		expect(report.max).toBeLessThanOrEqual(2 + 1e-9);
	});
});

describe('barometer estimate', () => {
	it('gives proportions with logit CIs, by domain, in the contract shape', async () => {
		const { code, stdout } = await barometer(
			'estimate',
			demo,
			'--var',
			'eu_referendum',
			'--by',
			'settlement',
			'--categorical',
			'eu_referendum',
			'--targets',
			targets,
			'--json'
		);
		expect(code).toBe(0);
		const { estimates } = JSON.parse(stdout);
		const first = estimates[0];
		expect(Object.keys(first)).toEqual(
			expect.arrayContaining([
				'variable',
				'category',
				'domain',
				'estimate',
				'se',
				'ci_low',
				'ci_high',
				'deff',
				'n',
				'weighted_n'
			])
		);
		expect(first.domain).toEqual({ settlement: '1' });
		for (const domain of ['1', '2']) {
			const shares = estimates.filter(
				(e: { domain: { settlement: string } }) => e.domain.settlement === domain
			);
			expect(
				shares.reduce((sum: number, e: { estimate: number }) => sum + e.estimate, 0)
			).toBeCloseTo(1, 12);
		}
		expect(first.ci_low).toBeLessThan(first.estimate);
		expect(first.ci_high).toBeGreaterThan(first.estimate);
	});

	it('gives a numeric mean with category null, and tests change between waves', async () => {
		const { stdout } = await barometer(
			'estimate',
			demo,
			'--var',
			'aware_programmes_6',
			'--wave',
			'wave',
			'--json'
		);
		const { estimates, changes } = JSON.parse(stdout);
		expect(estimates).toHaveLength(3);
		expect(estimates[0].category).toBeNull();
		expect(changes).toHaveLength(2);
		expect(changes[0]).toMatchObject({ from_wave: '1', to_wave: '2' });
		expect(changes[0].change).toBeCloseTo(estimates[1].estimate - estimates[0].estimate, 12);
		// The synthetic campaign effect is large: awareness rises significantly between waves.
		expect(changes[0].p).toBeLessThan(0.01);
	});
});

describe('barometer crosstab', () => {
	it('gives the banner table in the contract shape with letters and tests', async () => {
		const { code, stdout } = await barometer(
			'crosstab',
			demo,
			'--rows',
			'eu_referendum',
			'--cols',
			'education,settlement',
			'--targets',
			targets
		);
		expect(code).toBe(0);
		const { tables } = JSON.parse(stdout);
		expect(tables).toHaveLength(2);
		const table = tables[0];
		expect(table.columns.map((c: { letter: string }) => c.letter)).toEqual(['A', 'B', 'C']);
		expect(Object.keys(table.cells[0])).toEqual([
			'row',
			'col',
			'n',
			'count',
			'col_pct',
			'row_pct',
			'total_pct',
			'se',
			'ci_low',
			'ci_high',
			'sig'
		]);
		expect(Object.keys(table.chi_square)).toEqual(['pearson', 'rao_scott_1', 'rao_scott_2']);
		// In the synthetic model, EU support rises with education: "for" is higher in C than A.
		const forHigher = table.cells.find(
			(c: { row: string; col: string }) => c.row === '1' && c.col === '3'
		);
		expect(forHigher.sig).toContain('A');
	});

	it('writes CSV and HTML', async () => {
		const html = path.join(folder, 'tables.html');
		expect(
			(
				await barometer(
					'crosstab',
					demo,
					'--rows',
					'main_source',
					'--cols',
					'age_group',
					'--format',
					'html',
					'--out',
					html
				)
			).code
		).toBe(0);
		expect(fs.readFileSync(html, 'utf8')).toContain('<table>');
		const { stdout } = await barometer(
			'crosstab',
			demo,
			'--rows',
			'main_source',
			'--cols',
			'age_group',
			'--format',
			'csv'
		);
		expect(stdout.split(/\r?\n/)[0]).toBe(
			'row_variable,col_variable,row,col,letter,n,count,col_pct,row_pct,total_pct,se,ci_low,ci_high,sig'
		);
	});

	it("adds NETs, mean scores without don't-know codes, and multi-select rows", async () => {
		const { code, stdout } = await barometer(
			'crosstab',
			demo,
			'--rows',
			'attitudes_eu_membership,aware_programmes_*',
			'--cols',
			'settlement',
			'--nets',
			'attitudes_eu_membership:Agree=4+5',
			'--means'
		);
		expect(code).toBe(0);
		const [likert, multi] = JSON.parse(stdout).tables;
		const pct = (row: string, col: string) =>
			likert.cells.find((c: { row: string; col: string }) => c.row === row && c.col === col)
				.col_pct;
		expect(likert.rows.at(-1)).toEqual({ key: 'Agree', kind: 'net' });
		expect(pct('Agree', '1')).toBeCloseTo(pct('4', '1') + pct('5', '1'), 12);
		// The mean score leaves out 98 (don't know): it lies within the 1–5 scale.
		for (const mean of likert.means) {
			expect(mean.mean).toBeGreaterThan(1);
			expect(mean.mean).toBeLessThan(5);
		}
		const urban = likert.means[0];
		const answered = likert.cells.filter(
			(c: { row: string; col: string }) => c.col === '1' && /^[1-5]$/.test(c.row)
		);
		const total = answered.reduce((sum: number, c: { count: number }) => sum + c.count, 0);
		const expected =
			answered.reduce(
				(sum: number, c: { row: string; count: number }) => sum + Number(c.row) * c.count,
				0
			) / total;
		expect(urban.mean).toBeCloseTo(expected, 10);
		expect(multi.rows.map((r: { key: string }) => r.key)).toContain('aware_programmes_none');
		expect(multi.rows.every((r: { kind: string }) => r.kind === 'option')).toBe(true);
		expect(multi.chi_square).toBeNull();
	});

	it('writes an Excel workbook', async () => {
		const file = path.join(folder, 'tables.xlsx');
		const { code } = await barometer(
			'crosstab',
			demo,
			'--rows',
			'eu_referendum',
			'--cols',
			'education',
			'--format',
			'xlsx',
			'--out',
			file
		);
		expect(code).toBe(0);
		const bytes = fs.readFileSync(file);
		expect(bytes.subarray(0, 2).toString()).toBe('PK');
		expect(bytes.includes(Buffer.from('xl/worksheets/sheet1.xml'))).toBe(true);
		const { code: without, stderr } = await barometer(
			'crosstab',
			demo,
			'--rows',
			'eu_referendum',
			'--cols',
			'education',
			'--format',
			'xlsx'
		);
		expect(without).toBe(2);
		expect(stderr).toMatch(/needs --out/);
	});

	it('reads SPSS .sav files', async () => {
		const { code, stdout, stderr } = await barometer(
			'estimate',
			'src/lib/analysis/io/fixtures/survey-utf8-compressed.sav',
			'--var',
			'age',
			'--json'
		);
		expect(stderr).toBe('');
		expect(code).toBe(0);
		expect(JSON.parse(stdout).estimates[0].n).toBeGreaterThan(0);
	});
});

describe('errors', () => {
	it.each([
		[['estimate', demo, '--var', 'no_such_variable'], /Unknown variable "no_such_variable"/],
		[['weight', demo, '--targets', 'missing.csv'], /targets file missing\.csv does not exist/],
		[['weight', demo], /needs --targets/],
		[['crosstab', 'nowhere.csv', '--rows', 'a', '--cols', 'b'], /does not exist/],
		[['estimate', demo, '--var', 'age', '--colour', 'red'], /Unknown option --colour/],
		[['frobnicate'], /Unknown command/]
	])('%j exits 2 with one sentence', async (args, message) => {
		const { code, stderr } = await barometer(...(args as string[]));
		expect(code).toBe(2);
		expect(stderr).toMatch(message);
		expect(stderr.trim().split('\n')).toHaveLength(1);
	});

	it('names the variable and category of a target with no respondents', async () => {
		const bad = path.join(folder, 'bad-targets.csv');
		fs.writeFileSync(bad, 'variable,category,target\nsex,1,0.4\nsex,2,0.5\nsex,3,0.1\n');
		const { code, stderr } = await barometer('weight', demo, '--targets', bad);
		expect(code).toBe(2);
		expect(stderr).toMatch(/sex = 3 has no respondents/);
		const dropped = await barometer(
			'weight',
			demo,
			'--targets',
			bad,
			'--drop-empty-targets',
			'--json'
		);
		expect(dropped.code).toBe(0);
		expect(JSON.parse(dropped.stdout).warnings.join(' ')).toMatch(
			/Dropped target category sex = 3/
		);
	});
});

describe('barometer export', () => {
	it('writes a .sav with the weight column when given targets, and Parquet with its codebook', async () => {
		const sav = path.join(folder, 'tracker.sav');
		const exported = await barometer(
			'export',
			demo,
			'--format',
			'sav',
			'--targets',
			targets,
			'--out',
			sav
		);
		expect(exported.code, exported.stderr).toBe(0);
		const { readSav } = await import('../../src/lib/analysis/io/sav-reader.ts');
		const file = readSav(new Uint8Array(fs.readFileSync(sav)));
		expect(file.caseCount).toBe(3600);
		const weight = file.variables.findIndex((v) => v.name === 'weight');
		expect(file.variables[weight]!.label).toBe('Weight (raked to the targets)');
		const total = file.rows.reduce((sum, row) => sum + (row[weight] as number), 0);
		expect(total).toBeCloseTo(3600, 6);
		const parquet = path.join(folder, 'tracker.parquet');
		expect((await barometer('export', demo, '--format', 'parquet', '--out', parquet)).code).toBe(0);
		expect(fs.existsSync(path.join(folder, 'tracker.codebook.json'))).toBe(true);
	});

	it('refuses a missing format with one sentence and exit code 2', async () => {
		const { code, stderr } = await barometer('export', demo, '--out', path.join(folder, 'x.sav'));
		expect(code).toBe(2);
		expect(stderr.trim()).toBe('export needs --format csv|parquet|sav|xlsx.');
	});
});

describe('barometer report', () => {
	const spec = {
		title: 'CLI report',
		dataset: { kind: 'file', path: path.resolve(demo) },
		weighting: {
			name: 'All margins',
			definition: {
				targets: [
					{ variable: 'sex', category: '1', target: 0.46 },
					{ variable: 'sex', category: '2', target: 0.54 }
				]
			}
		},
		sections: [
			{ kind: 'banner', rows: ['eu_referendum'], cols: ['settlement'] },
			{
				kind: 'awareness',
				items: [{ variable: 'aware_programmes_1' }],
				wave: 'wave',
				rankBy: 'region'
			}
		]
	};

	it('renders the spec as the app does, to HTML, XLSX and PPTX', async () => {
		const file = path.join(folder, 'spec.json');
		fs.writeFileSync(file, JSON.stringify(spec));
		for (const extension of ['html', 'xlsx', 'pptx']) {
			const out = path.join(folder, `report.${extension}`);
			const result = await barometer('report', file, '--out', out);
			expect(result.code, result.stderr).toBe(0);
			expect(result.stderr).toMatch(/^Computed in \d+\.\d\d s; wrote /);
			const head = fs.readFileSync(out).subarray(0, 2).toString();
			expect(head).toBe(extension === 'html' ? '<!' : 'PK');
		}
		const json = await barometer('report', file, '--json');
		const result = JSON.parse(json.stdout);
		expect(result.context[1]).toMatch(/^Weighted: All margins \(post-stratification on sex\)/);
		expect(result.sections.map((s: { title: string }) => s.title)).toEqual([
			'Banner tables',
			'Awareness'
		]);
	});

	it('names the field of an invalid spec', async () => {
		const file = path.join(folder, 'bad.json');
		fs.writeFileSync(
			file,
			JSON.stringify({ ...spec, sections: [{ kind: 'banner', rows: [], cols: ['sex'] }] })
		);
		const { code, stderr } = await barometer('report', file, '--out', path.join(folder, 'r.html'));
		expect(code).toBe(2);
		expect(stderr.trim()).toBe(
			'The spec is not valid: sections.0.rows: rows: choose at least one row variable.'
		);
	});
});
