/**
 * Everything an estimate or a table reads from the data: the sums per stratum, PSU and analysed
 * group, and — for weights made in the same run — the sums by weighting-margin category.
 */
import type { Queryable } from '../../server/db/database.ts';
import { col, tableRef, type Dataset } from '../dataset.ts';
import type { Design } from '../design.ts';
import {
	bannerRows,
	groupSumFields,
	readGroupRow,
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
	marginSumFields,
	readMarginGroupRow,
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

/** Grouped results above this many rows cost more to hand over than separate scans. */
const bannerGroupLimit = 20_000;

const distinctCache = new WeakMap<Dataset, Map<string, Promise<number>>>();

/** Above this many rows, distinct values are counted on a sample of the table's row groups. */
const sampleAbove = 200_000;

/**
 * Approximate numbers of distinct values of columns (HyperLogLog), cached per dataset; the cache
 * holds promises so that concurrent readers share one query. They only choose how to group (the
 * results are the same either way), so on a large table a sample of about 100,000 rows, taken
 * vector by vector, is enough: a full scan would cost more than the grouping it guides.
 */
async function distinctCounts(
	db: Queryable,
	dataset: Dataset,
	columns: string[]
): Promise<Map<string, number>> {
	let cache = distinctCache.get(dataset);
	if (!cache) distinctCache.set(dataset, (cache = new Map()));
	const wanted = [...new Set(columns)].filter((name) => !cache!.has(name));
	if (wanted.length) {
		const row = db
			.one<{ rows: number | bigint }>({
				sql: `SELECT count(*) AS rows FROM ${tableRef(dataset)}`,
				params: []
			})
			.then((count) => {
				const rows = Number(count?.rows ?? 0);
				const percent = rows > sampleAbove ? Math.max(0.1, (100 * 100_000) / rows) : 100;
				// The percentage is a number we computed, not user text; samples take whole vectors.
				const sample = percent < 100 ? ` USING SAMPLE ${percent.toFixed(3)}% (system, 1)` : '';
				return db.one<Record<string, number>>({
					sql: `SELECT ${wanted.map((name, i) => `approx_count_distinct(${col(dataset, name)}) + 1 AS c${i}`).join(', ')} FROM ${tableRef(dataset)}${sample}`,
					params: []
				});
			});
		wanted.forEach((name, i) =>
			cache!.set(
				name,
				row.then((r) => Number(r?.[`c${i}`] ?? 1))
			)
		);
	}
	const names = [...new Set(columns)];
	const values = await Promise.all(names.map((name) => cache!.get(name)!));
	return new Map(names.map((name, i) => [name, values[i]!]));
}

/**
 * The analysis data of one variable against each of several banner variables (element b is as
 * readAnalysisData with `by: banners[b]`). Where the cross-classification is small enough, one
 * grouped scan serves every banner variable (each one's rows summed over the others); otherwise
 * each banner variable gets its own scan.
 */
export async function readBannerData(
	db: Queryable,
	dataset: Dataset,
	design: Design,
	request: GroupSumsRequest & { banners: string[] }
): Promise<AnalysisData[]> {
	const { banners } = request;
	const single = (by: string): GroupSumsRequest => ({ ...request, banners: undefined, by });
	const margins = design.calibration?.margins ?? [];
	const [, counts] = await Promise.all([
		checkWeights(db, dataset, design),
		distinctCounts(db, dataset, [
			request.variable,
			...banners,
			...(design.strata ? [design.strata] : []),
			...(design.cluster ? [design.cluster] : []),
			...margins.flat()
		])
	]);
	const product = (names: string[]) =>
		names.reduce((total, name) => total * (counts.get(name) ?? 1), 1);
	const designKeys = [
		...(design.strata ? [design.strata] : []),
		...(design.cluster ? [design.cluster] : [])
	];
	const together = (extra: string[]) =>
		product([request.variable, ...banners, ...extra]) <= bannerGroupLimit;

	const groupKeyOf = (row: GroupRow) =>
		`${row.stratum}\u001f${row.psu}\u001f${row.answer}\u001f${row.missing}`;
	let perBanner: GroupRow[][];
	if (together(designKeys)) {
		const raw = await db.all<Record<string, unknown>>(groupSumsQuery(dataset, design, request));
		perBanner = bannerRows(raw, banners.length, readGroupRow, groupKeyOf, groupSumFields);
	} else {
		perBanner = [];
		for (const by of banners)
			perBanner.push(readGroupRows(await db.all(groupSumsQuery(dataset, design, single(by)))));
	}
	if (!design.calibration) return perBanner.map((rows) => ({ rows, calibration: null }));

	const { kind, missingLevel } = design.calibration;
	const sums = await designMarginSums(db, dataset, design);
	const marginKeyOf = (row: MarginGroupRow) =>
		`${row.stratum}\u001f${row.answer}\u001f${row.missing}\u001f${row.category}`;
	// marginGroups[b][m]
	const marginGroups: MarginGroupRow[][][] = banners.map(() => []);
	for (const margin of margins) {
		const read = (row: Record<string, unknown>) =>
			readMarginGroupRow(row, margin.length, missingLevel);
		const strata = design.cluster || !design.strata ? [] : [design.strata];
		if (together([...strata, ...margin])) {
			const raw = await db.all<Record<string, unknown>>(
				marginGroupQuery(dataset, design, request, margin)
			);
			bannerRows(raw, banners.length, read, marginKeyOf, marginSumFields).forEach((rows, b) =>
				marginGroups[b]!.push(rows)
			);
		} else {
			for (const [b, by] of banners.entries()) {
				marginGroups[b]!.push(
					(
						await db.all<Record<string, unknown>>(
							marginGroupQuery(dataset, design, single(by), margin)
						)
					).map(read)
				);
			}
		}
	}
	return perBanner.map((rows, b) => ({
		rows,
		calibration: { kind, sums, marginGroups: marginGroups[b]! }
	}));
}
