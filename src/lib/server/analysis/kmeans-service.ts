/**
 * Data-driven segments: weighted k-means on chosen attitude/behaviour variables, standardised
 * with the weights, respondents with a missing or don't-know answer left out. `kmeansCandidates`
 * fits k = kMin…kMax for the elbow and silhouette view; `fitKMeansSegment` fits the chosen k and
 * returns the definition to save (centres and standardisation, so the segment is reproducible).
 */
import { col, tableRef } from '../../analysis/dataset.ts';
import { chooseK, kmeans, silhouette, standardize } from '../../analysis/segments/kmeans.ts';
import { prepareAnalysis } from '../../analysis/workspace/prepare-analysis.ts';
import {
	DerivedVariableError,
	type KMeansDefinition
} from '../../analysis/workspace/derived-variables.ts';
import { variableLabel } from '../../analysis/workspace/variable-labels.ts';
import type { WeightingScheme } from '../../analysis/workspace/weighting-scheme.ts';
import type { Database } from '../db/index.ts';
import type { Survey } from '../db/surveys.ts';
import { mergeDerived } from './analysis-service.ts';
import { withSurveyDataset } from './survey-dataset.ts';

export interface KMeansRequest {
	variables: string[];
	scheme: WeightingScheme | null;
	seed: number;
}

interface Matrix {
	data: Float64Array;
	n: number;
	d: number;
	weights: Float64Array;
	missing: number[][];
	labels: string[];
	weighting: string;
}

async function readMatrix(db: Database, survey: Survey, request: KMeansRequest): Promise<Matrix> {
	return withSurveyDataset(db, survey, undefined, async (source) => {
		const prepared = await prepareAnalysis(
			db,
			source.dataset,
			source.labels,
			{ derived: mergeDerived(source.derived, []), weighting: request.scheme },
			source.prefix
		);
		try {
			const { dataset, design, labels } = prepared;
			const columns = request.variables.map((v) => {
				const column = col(dataset, v);
				if (dataset.columns.get(v) !== 'numeric')
					throw new DerivedVariableError(`${v} is not numeric, so it cannot be clustered.`);
				return column;
			});
			const missing = request.variables.map((v) =>
				(labels.get(v)?.missing ?? []).map(Number).filter(Number.isFinite)
			);
			const params: number[] = [];
			const complete = columns
				.map((column, i) => {
					params.push(...missing[i]!);
					return `${column} IS NOT NULL${missing[i]!.length ? ` AND ${column} NOT IN (${missing[i]!.map(() => '?').join(', ')})` : ''}`;
				})
				.join(' AND ');
			const weight = design.weight ? col(dataset, design.weight) : '1';
			const rows = await db.all<Record<string, number>>({
				sql: `SELECT ${columns.map((c, i) => `${c}::DOUBLE AS v${i}`).join(', ')}, ${weight}::DOUBLE AS w FROM ${tableRef(dataset)} WHERE ${complete}`,
				params
			});
			const d = columns.length;
			const data = new Float64Array(rows.length * d);
			const weights = new Float64Array(rows.length);
			rows.forEach((row, r) => {
				for (let j = 0; j < d; j++) data[r * d + j] = row[`v${j}`]!;
				weights[r] = row.w!;
			});
			if (rows.length < 20)
				throw new DerivedVariableError(
					`Only ${rows.length} respondents answered all of these variables; k-means needs more.`
				);
			return {
				data,
				n: rows.length,
				d,
				weights,
				missing,
				labels: request.variables.map((v) => variableLabel(labels, v)),
				weighting: prepared.weightingNote
			};
		} finally {
			await prepared.dispose();
		}
	});
}

export async function kmeansCandidates(
	db: Database,
	survey: Survey,
	request: KMeansRequest & { kMin: number; kMax: number }
) {
	const matrix = await readMatrix(db, survey, request);
	const standardized = standardize(matrix);
	const input = { data: standardized.data, n: matrix.n, d: matrix.d, weights: matrix.weights };
	return {
		n: matrix.n,
		candidates: chooseK(input, { kMin: request.kMin, kMax: request.kMax, seed: request.seed })
	};
}

export async function fitKMeansSegment(
	db: Database,
	survey: Survey,
	request: KMeansRequest & { k: number }
): Promise<KMeansDefinition> {
	const matrix = await readMatrix(db, survey, request);
	const standardized = standardize(matrix);
	const input = { data: standardized.data, n: matrix.n, d: matrix.d, weights: matrix.weights };
	const result = kmeans(input, { k: request.k, seed: request.seed });
	const centers: number[][] = [];
	for (let c = 0; c < request.k; c++)
		centers.push(Array.from(result.centers.subarray(c * matrix.d, (c + 1) * matrix.d)));
	return {
		variables: request.variables,
		means: Array.from(standardized.means),
		sds: Array.from(standardized.sds),
		centers,
		labels: centers.map((center, c) =>
			`Cluster ${c + 1}: ${describeCenter(center, matrix.labels)}`.slice(0, 80)
		),
		missing: matrix.missing,
		seed: request.seed,
		fit: {
			n: matrix.n,
			withinSS: result.withinSS,
			silhouette: silhouette(input, result.assignment, request.k, { seed: request.seed }),
			weighting: matrix.weighting
		}
	};
}

/** The variable furthest above (or below) the average in a centre, as a starting label. */
function describeCenter(center: number[], labels: string[]): string {
	let best = 0;
	center.forEach((value, i) => {
		if (Math.abs(value) > Math.abs(center[best]!)) best = i;
	});
	const value = center[best]!;
	return `${value >= 0 ? 'high' : 'low'} ${labels[best]}`;
}
