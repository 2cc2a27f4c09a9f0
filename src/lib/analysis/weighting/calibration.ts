/** What an estimate needs to know about weights made in the same run (see design.ts). */
import type { WeightingCalibration } from '../design.ts';
import type { MarginSpec } from './targets.ts';
import type { WeightingResult } from './weight-dataset.ts';

export function calibrationOf(
	result: WeightingResult,
	kind: WeightingCalibration['kind'],
	margins: MarginSpec[],
	missingLevel?: string
): WeightingCalibration {
	return {
		kind,
		variables: result.variables,
		margins: margins.map((margin) => margin.variables),
		cells: result.cells.map((cell) => ({ keys: cell.keys, factor: cell.weight / cell.base })),
		missingLevel
	};
}
