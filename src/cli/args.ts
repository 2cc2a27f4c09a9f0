/**
 * A small argument parser for the CLI contract: one positional argument (the data file) and
 * `--flag value` / `--flag=value` options. Unknown options are errors, so a typo never passes
 * silently.
 */
import { CliError } from './cli-error.ts';

export interface ParsedArgs {
	positional: string[];
	options: Map<string, string>;
	flags: Set<string>;
}

export function parseArgs(args: string[], valued: string[], booleans: string[] = []): ParsedArgs {
	const positional: string[] = [];
	const options = new Map<string, string>();
	const flags = new Set<string>();
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (!arg.startsWith('--')) {
			positional.push(arg);
			continue;
		}
		const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
		if (booleans.includes(name)) {
			if (inline !== undefined) throw new CliError(`--${name} takes no value.`);
			flags.add(name);
		} else if (valued.includes(name)) {
			const value = inline ?? args[++i];
			if (value === undefined || (inline === undefined && value.startsWith('--'))) {
				throw new CliError(`--${name} needs a value.`);
			}
			options.set(name, value);
		} else {
			throw new CliError(`Unknown option --${name}.`);
		}
	}
	return { positional, options, flags };
}

export function list(value: string | undefined): string[] {
	return value
		? value
				.split(',')
				.map((item) => item.trim())
				.filter(Boolean)
		: [];
}

export function positiveNumber(value: string | undefined, name: string, fallback: number): number {
	if (value === undefined) return fallback;
	const number = Number(value);
	if (!Number.isFinite(number) || number <= 0)
		throw new CliError(`--${name} must be a positive number, not "${value}".`);
	return number;
}

export function numberPair(value: string, name: string): [number, number] {
	const parts = value.split(':').map(Number);
	if (parts.length !== 2 || parts.some((part) => !Number.isFinite(part))) {
		throw new CliError(`--${name} takes two numbers separated by a colon, like 0.3:3.`);
	}
	return [parts[0]!, parts[1]!];
}
