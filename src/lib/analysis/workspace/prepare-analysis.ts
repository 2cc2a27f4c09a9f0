/**
 * From a base table to what the engine analyses: derived variables (segments, recodes) added as
 * columns, weights made by raking to a scheme, and filters applied as a domain. A filter does not
 * delete rows: every analysed variable is set to NULL outside the filter, while the design columns
 * (weight, strata, clusters, weighting variables) stay whole — R's subset() of a design, so
 * standard errors keep the full design as they should.
 *
 * Tables are made under a caller-chosen prefix and dropped by `dispose`.
 */
import type { Queryable } from '../../server/db/database.ts';
import { quoteIdent, type SqlValue } from '../../server/db/sql.ts';
import { col, describeDataset, tableRef, type Dataset } from '../dataset.ts';
import type { Design } from '../design.ts';
import { ruleSegmentExpression, type Condition } from '../segments/rules.ts';
import { calibrationOf } from '../weighting/calibration.ts';
import { computeWeights, writeWeights, type WeightingResult } from '../weighting/weight-dataset.ts';
import {
	derivedExpression,
	derivedValueLabels,
	orderDerived,
	type DerivedVariable
} from './derived-variables.ts';
import type { VariableLabels } from './variable-labels.ts';
import { schemeVariables, weightingSpecOf, type WeightingScheme } from './weighting-scheme.ts';

export interface AnalysisRequest {
	derived?: DerivedVariable[];
	weighting?: WeightingScheme | null;
	/** All must hold (a respondent outside is out of every estimate). */
	filters?: Condition[];
}

export interface PreparedAnalysis {
	dataset: Dataset;
	design: Design;
	labels: VariableLabels;
	weighting: WeightingResult | null;
	/** "Weighted: <scheme> (raking on region, sex)" or "Unweighted": stated on every output. */
	weightingNote: string;
	filterNote: string | null;
	dispose(): Promise<void>;
}

const prefixPattern = /^[a-z][a-z0-9_]{0,40}$/;

/** The column marking respondents inside the filters (1) — the design's domain. */
export const filterColumn = 'in_filter_domain';

export async function prepareAnalysis(
	db: Queryable,
	base: Dataset,
	baseLabels: VariableLabels,
	request: AnalysisRequest,
	prefix: string
): Promise<PreparedAnalysis> {
	if (!prefixPattern.test(prefix)) throw new Error(`Invalid work table prefix ${prefix}.`);
	const made: string[] = [];
	const dispose = async () => {
		for (const table of made.reverse())
			await db.run({ sql: `DROP TABLE IF EXISTS ${quoteIdent(table, [table])}`, params: [] });
	};
	try {
		const labels: VariableLabels = new Map(baseLabels);
		let dataset = base;
		const derived = request.derived ?? [];
		if (derived.length) {
			made.push(`${prefix}_derived`);
			dataset = await addDerived(db, dataset, orderDerived(derived), `${prefix}_derived`);
			for (const variable of derived)
				labels.set(variable.name, {
					label: variable.label,
					values: derivedValueLabels(variable),
					missing: [],
					kind: 'derived'
				});
		}
		let design: Design = {};
		let weighting: WeightingResult | null = null;
		let weightingNote = 'Unweighted';
		if (request.weighting) {
			const spec = weightingSpecOf(request.weighting.definition);
			weighting = await computeWeights(db, dataset, spec);
			const name = freeName(dataset, 'weight');
			const table = `${prefix}_weighted`;
			made.push(table);
			await writeWeights(db, dataset, weighting, spec, { table, name });
			dataset = await describeDataset(db, table);
			const kind = spec.margins.length === 1 ? 'poststratification' : 'raking';
			design = { weight: name, calibration: calibrationOf(kind, spec.margins) };
			const variables = schemeVariables(request.weighting.definition);
			weightingNote = `Weighted: ${request.weighting.name} (${kind === 'raking' ? 'raking' : 'post-stratification'} on ${variables.join(', ')})`;
		}
		let filterNote: string | null = null;
		if (request.filters?.length) {
			const table = `${prefix}_filtered`;
			made.push(table);
			({ dataset, design } = await applyFilters(db, dataset, design, request.filters, table));
			filterNote = `Filter: ${request.filters.map((c) => describeCondition(c, labels)).join(' and ')}`;
		}
		return { dataset, design, labels, weighting, weightingNote, filterNote, dispose };
	} catch (error) {
		await dispose();
		throw error;
	}
}

function freeName(dataset: Dataset, wanted: string): string {
	let name = wanted;
	for (let i = 1; dataset.columns.has(name); i++) name = `${wanted}_${i}`;
	return name;
}

/** One table with every derived variable; each may use the ones before it. */
async function addDerived(
	db: Queryable,
	base: Dataset,
	derived: DerivedVariable[],
	table: string
): Promise<Dataset> {
	let from = tableRef(base);
	let params: SqlValue[] = [];
	const columns = new Map(base.columns);
	for (const variable of derived) {
		const expression = derivedExpression({ table: base.table, columns }, variable);
		const name = quoteIdent(variable.name, [variable.name]);
		// The new expression comes first in the text, so its values go before the inner ones.
		from = `(SELECT *, CAST(${expression.sql} AS INTEGER) AS ${name} FROM ${from})`;
		params = [...expression.params, ...params];
		columns.set(variable.name, 'numeric');
	}
	await db.run({
		sql: `CREATE OR REPLACE TABLE ${quoteIdent(table, [table])} AS SELECT * FROM ${from}`,
		params
	});
	return describeDataset(db, table);
}

/**
 * The filtered table: every column NULL outside the filter — design columns included, so that no
 * table, not even one of the weighting variables, counts respondents outside — plus intact
 * copies of the design columns (`design_<name>`), which the returned design uses.
 */
async function applyFilters(
	db: Queryable,
	dataset: Dataset,
	design: Design,
	filters: Condition[],
	table: string
): Promise<{ dataset: Dataset; design: Design }> {
	// The filter as a one-rule segmentation: code 1 when every condition holds.
	const inside = ruleSegmentExpression(dataset, {
		name: 'filter',
		rules: [{ label: 'inside', match: 'all', conditions: filters }],
		otherLabel: null
	});
	const designColumns = [
		...new Set(
			[
				design.weight,
				design.strata,
				design.cluster,
				...(design.calibration?.margins.flat() ?? [])
			].filter((name): name is string => Boolean(name))
		)
	];
	const copyOf = new Map(designColumns.map((name) => [name, `design_${name}`]));
	const added = [filterColumn, ...copyOf.values()];
	const clash = added.find((name) => dataset.columns.has(name));
	if (clash) throw new Error(`The data has a column named ${clash}, which filters need.`);
	const params: SqlValue[] = [];
	const columns = [...dataset.columns.keys()].map((name) => {
		const column = col(dataset, name);
		params.push(...inside.params);
		return `CASE WHEN ${inside.sql} = 1 THEN ${column} END AS ${column}`;
	});
	const copies = designColumns.map(
		(name) => `${col(dataset, name)} AS ${quoteIdent(copyOf.get(name)!, added)}`
	);
	const domain = quoteIdent(filterColumn, added);
	await db.run({
		sql: `CREATE OR REPLACE TABLE ${quoteIdent(table, [table])} AS SELECT ${[...columns, ...copies].join(', ')}, CASE WHEN ${inside.sql} = 1 THEN 1 END AS ${domain} FROM ${tableRef(dataset)}`,
		params: [...params, ...inside.params]
	});
	const copy = (name: string | undefined) => (name === undefined ? undefined : copyOf.get(name));
	return {
		dataset: await describeDataset(db, table),
		design: {
			weight: copy(design.weight),
			strata: copy(design.strata),
			cluster: copy(design.cluster),
			calibration: design.calibration && {
				...design.calibration,
				margins: design.calibration.margins.map((margin) => margin.map((name) => copy(name)!))
			},
			domain: filterColumn
		}
	};
}

export function describeCondition(condition: Condition, labels: VariableLabels): string {
	const entry = labels.get(condition.variable);
	const name = entry?.label ?? condition.variable;
	const value = (code: string | number) => entry?.values.get(String(code)) ?? String(code);
	switch (condition.op) {
		case 'in':
			return `${name} is ${(condition.values ?? []).map(value).join(' or ')}`;
		case 'not_in':
			return `${name} is not ${(condition.values ?? []).map(value).join(' or ')}`;
		case 'between':
			return `${name} from ${condition.min} to ${condition.max}`;
		case 'missing':
			return `${name} not answered`;
		case 'answered':
			return `${name} answered`;
	}
}
