import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { importXlsForm } from '../../lib/survey/xlsform.ts';
import { mediaSurveyXlsForm } from '../../lib/survey/xlsform-fixture.ts';
import { CliError } from '../cli-error.ts';
import { main } from '../main.ts';
import { runConvert } from './convert.ts';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'barometer-convert-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));
const form = path.join(folder, 'media.xlsx');
fs.writeFileSync(form, mediaSurveyXlsForm());
const expected = importXlsForm(mediaSurveyXlsForm());

function convert(...args: string[]) {
	const printed: string[] = [];
	const warned: string[] = [];
	const code = runConvert(
		args,
		(text) => printed.push(text),
		(text) => warned.push(text)
	);
	return { code, printed, warned };
}

function refusal(...args: string[]): string {
	try {
		convert(...args);
	} catch (error) {
		expect(error).toBeInstanceOf(CliError);
		return (error as Error).message;
	}
	throw new Error('convert succeeded');
}

describe('barometer convert', () => {
	it('prints the questionnaire as indented JSON and each warning on its own line', () => {
		const { code, printed, warned } = convert(form);
		expect(code).toBe(0);
		expect(printed).toEqual([JSON.stringify(expected.json, null, 2)]);
		expect(printed[0]).toContain('\n  "title": "Media use",\n');
		expect(warned).toEqual(expected.warnings.map((warning) => `warning: ${warning}`));
		expect(warned).toContain(
			'warning: Row 15: "location" has type "geopoint", which has no SurveyJS counterpart here; it was skipped.'
		);
	});

	it('writes the questionnaire to --out instead', () => {
		const out = path.join(folder, 'media.json');
		const { code, printed, warned } = convert(form, '--out', out);
		expect(code).toBe(0);
		expect(printed).toEqual([]);
		expect(warned).toHaveLength(expected.warnings.length);
		expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual(expected.json);
	});

	it('refuses missing, unreadable and non-XLSForm files in one sentence', () => {
		const text = path.join(folder, 'notes.txt');
		fs.writeFileSync(text, 'type,name\n');
		expect(refusal(path.join(folder, 'nope.xlsx'))).toBe(
			`The file ${path.join(folder, 'nope.xlsx')} does not exist.`
		);
		expect(refusal(folder)).toBe(`The file ${folder} cannot be read.`);
		expect(refusal(text)).toBe(`${text}: The file is not an XLSX workbook.`);
		expect(refusal()).toBe(
			'convert takes one XLSForm file: barometer convert <form.xlsx> [--out <survey.json>].'
		);
		expect(refusal(form, '--format', 'json')).toBe('Unknown option --format.');
	});

	it('is a barometer command: exit 0 on success, 2 with the sentence on stderr on failure', async () => {
		const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
		const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
		try {
			expect(await main(['convert', form, '--out', path.join(folder, 'main.json')])).toBe(0);
			expect(stderr).toHaveBeenCalledWith(`warning: ${expected.warnings[0]}\n`);
			stderr.mockClear();
			expect(await main(['convert', path.join(folder, 'nope.xlsx')])).toBe(2);
			expect(stderr.mock.calls).toEqual([
				[`The file ${path.join(folder, 'nope.xlsx')} does not exist.\n`]
			]);
		} finally {
			stdout.mockRestore();
			stderr.mockRestore();
		}
	});
});
