import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { dailyCompletesSpec } from './daily-completes-spec.ts';

const days = [
	{ day: '2026-03-01', complete: 12 },
	{ day: '2026-03-04', complete: 3 }
];

describe('dailyCompletesSpec', () => {
	it('plots completes on a UTC day axis and states the total', () => {
		const spec = dailyCompletesSpec(days) as unknown as {
			title: { subtitle: string };
			data: { values: unknown[] };
			encoding: { x: { timeUnit: string }; y: { field: string } };
		};
		expect(spec.data.values).toEqual(days);
		expect(spec.title.subtitle).toBe('UTC, n = 15');
		expect(spec.encoding.x.timeUnit).toBe('utcyearmonthdate');
		expect(spec.encoding.y.field).toBe('complete');
	});

	it('compiles to Vega without warnings', () => {
		const warnings: string[] = [];
		const logger = {
			level: () => logger,
			error: (...args: unknown[]) => void warnings.push(args.join(' ')),
			warn: (...args: unknown[]) => void warnings.push(args.join(' ')),
			info: () => logger,
			debug: () => logger
		};
		compile(dailyCompletesSpec(days), { logger: logger as never });
		expect(warnings).toEqual([]);
	});
});
