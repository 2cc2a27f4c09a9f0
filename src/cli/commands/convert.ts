/** `barometer convert <form.xlsx> [--out <survey.json>]`: an XLSForm as a SurveyJS questionnaire. */
import fs from 'node:fs';
import { importXlsForm, XlsFormError } from '../../lib/survey/xlsform.ts';
import { parseArgs } from '../args.ts';
import { CliError } from '../cli-error.ts';

export const convertUsage = 'barometer convert <form.xlsx> [--out <survey.json>]';

export function runConvert(
	args: string[],
	print: (text: string) => void,
	warn: (text: string) => void = (text) => process.stderr.write(`${text}\n`)
): number {
	const { positional, options } = parseArgs(args, ['out']);
	if (positional.length !== 1)
		throw new CliError(`convert takes one XLSForm file: ${convertUsage}.`);
	const file = positional[0]!;
	let bytes: Uint8Array;
	try {
		bytes = fs.readFileSync(file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new CliError(
			code === 'ENOENT' ? `The file ${file} does not exist.` : `The file ${file} cannot be read.`
		);
	}
	let converted: ReturnType<typeof importXlsForm>;
	try {
		converted = importXlsForm(bytes);
	} catch (error) {
		// The reader's sentences say what is wrong but not with which file.
		if (error instanceof XlsFormError) throw new CliError(`${file}: ${error.message}`);
		throw error;
	}
	const text = JSON.stringify(converted.json, null, 2);
	if (options.has('out')) {
		try {
			fs.writeFileSync(options.get('out')!, `${text}\n`);
		} catch {
			throw new CliError(`The questionnaire cannot be written to ${options.get('out')}.`);
		}
	} else print(text);
	for (const warning of converted.warnings) warn(`warning: ${warning}`);
	return 0;
}
