/**
 * Maps the weighting cells of a design onto the grouped rows, for the variance correction of
 * raked or post-stratified weights.
 */
import type { Design } from '../design.ts';
import { marginKey } from '../weighting/ipf.ts';
import type { Calibration } from './influence.ts';

/** Numbers in numeric order, then text in alphabetical order. */
export function compareCategories(a: string, b: string): number {
	const x = Number(a);
	const y = Number(b);
	const numeric = (value: string, n: number) => value.trim() !== '' && Number.isFinite(n);
	if (numeric(a, x) && numeric(b, y)) return x - y;
	if (numeric(a, x)) return -1;
	if (numeric(b, y)) return 1;
	return a < b ? -1 : a > b ? 1 : 0;
}

export interface DesignCells {
	count: number;
	cellOfRow: Int32Array;
	calibration: Calibration;
}

export function designCells(design: Design, rows: Record<string, unknown>[]): DesignCells {
	const calibration = design.calibration;
	const cellOfRow = new Int32Array(rows.length);
	if (!calibration) return { count: 1, cellOfRow, calibration: { kind: 'none' } };
	const index = new Map<string, number>();
	const factors: number[] = [];
	for (const cell of calibration.cells) {
		const key = marginKey(cell.keys);
		if (!index.has(key)) {
			index.set(key, index.size);
			factors.push(cell.factor);
		}
	}
	rows.forEach((row, r) => {
		const key = marginKey(calibration.variables.map((_, i) => String(row[`c${i}`])));
		const at = index.get(key);
		if (at === undefined)
			throw new Error(
				`Respondents in weighting cell ${key.replaceAll('\u001f', '*')} have no weight adjustment.`
			);
		cellOfRow[r] = at;
	});
	const cellKeys = [...index.keys()].map((key) => key.split('\u001f'));
	const categoryIndex = (variables: string[]) => {
		const positions = variables.map((name) => calibration.variables.indexOf(name));
		const categories = new Map<string, number>();
		return Int32Array.from(cellKeys, (keys) => {
			const key = marginKey(positions.map((p) => keys[p]!));
			if (!categories.has(key)) categories.set(key, categories.size);
			return categories.get(key)!;
		});
	};
	if (calibration.kind === 'raking') {
		return {
			count: index.size,
			cellOfRow,
			calibration: { kind: 'raking', marginOfCell: calibration.margins.map(categoryIndex) }
		};
	}
	return {
		count: index.size,
		cellOfRow,
		calibration: {
			kind: 'poststratification',
			stratumOfCell: categoryIndex(calibration.margins[0]!),
			factorOfCell: Float64Array.from(factors)
		}
	};
}
