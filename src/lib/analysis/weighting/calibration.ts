/** What an estimate needs to know about weights made in the same run (see design.ts). */
import type { WeightingCalibration } from '../design.ts';
import type { MarginSpec } from './targets.ts';

export function calibrationOf(
	kind: WeightingCalibration['kind'],
	margins: MarginSpec[],
	missingLevel?: string
): WeightingCalibration {
	return { kind, margins: margins.map((margin) => margin.variables), missingLevel };
}
