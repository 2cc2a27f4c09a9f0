/**
 * For the chart tests: compiles a Vega-Lite spec and returns Vega-Lite's warnings, so a test can
 * require a spec to compile cleanly (a warning usually means an encoding is silently dropped).
 */
import { Warn, logger } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export function compileWarnings(chart: TopLevelSpec): string[] {
	const warnings: string[] = [];
	const log = logger(Warn);
	log.warn = (...args: readonly unknown[]) => {
		warnings.push(args.join(' '));
		return log;
	};
	compile(chart, { logger: log });
	return warnings;
}
