/**
 * Everything an estimate or a table reads from the data: the sums per stratum, PSU and analysed
 * group, and — for weights made in the same run — the sums by weighting-margin category.
 */
import type { Queryable } from '../../server/db/database.ts';
import type { Dataset } from '../dataset.ts';
import type { Design } from '../design.ts';
import {
	groupSumsQuery,
	invalidWeightsQuery,
	readGroupRows,
	type GroupRow,
	type GroupSumsRequest
} from './group-sums.ts';
import type { Calibration } from './influence.ts';
import {
	designMarginSums,
	marginGroupQuery,
	readMarginGroupRows,
	type MarginGroupRow
} from './margin-sums.ts';

export interface AnalysisData {
	rows: GroupRow[];
	calibration: Calibration | null;
}

const checked = new WeakMap<Design, Promise<void>>();

/** Refuses weights that are missing, negative or not finite; once per design object. */
function checkWeights(db: Queryable, dataset: Dataset, design: Design): Promise<void> {
	let check = checked.get(design);
	if (!check) {
		check = db.one<{ bad: number }>(invalidWeightsQuery(dataset, design)).then((invalid) => {
			if (invalid && invalid.bad > 0) {
				throw new Error(
					`Weight ${design.weight} is missing, negative or not finite for ${invalid.bad} respondents.`
				);
			}
		});
		checked.set(design, check);
	}
	return check;
}

export async function readAnalysisData(
	db: Queryable,
	dataset: Dataset,
	design: Design,
	request: GroupSumsRequest
): Promise<AnalysisData> {
	await checkWeights(db, dataset, design);
	const rows = readGroupRows(await db.all(groupSumsQuery(dataset, design, request)));
	if (!design.calibration) return { rows, calibration: null };
	const sums = await designMarginSums(db, dataset, design);
	const marginGroups: MarginGroupRow[][] = [];
	for (const margin of design.calibration.margins) {
		const rows = await db.all<Record<string, unknown>>(
			marginGroupQuery(dataset, design, request, margin)
		);
		marginGroups.push(readMarginGroupRows(rows, margin.length, design.calibration.missingLevel));
	}
	return { rows, calibration: { kind: design.calibration.kind, sums, marginGroups } };
}
