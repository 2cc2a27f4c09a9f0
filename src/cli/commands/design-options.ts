/** Options shared by `estimate` and `crosstab`: the design, and weights made in the same run. */
import type { Database } from '../../lib/server/db/database.ts';
import type { Dataset } from '../../lib/analysis/dataset.ts';
import { requireVariables } from '../../lib/analysis/dataset.ts';
import type { Design } from '../../lib/analysis/design.ts';
import { readTargets, weightData } from '../session.ts';

export const designOptionNames = ['weight', 'strata', 'cluster', 'targets'];

/** The design to analyse under; with --targets, the weights are raked first (--weight = base). */
export async function designFromOptions(
	db: Database,
	dataset: Dataset,
	options: Map<string, string>
): Promise<{ dataset: Dataset; design: Design }> {
	const columns = {
		strata: options.get('strata'),
		cluster: options.get('cluster')
	};
	requireVariables(
		dataset,
		[options.get('weight'), columns.strata, columns.cluster].filter((v): v is string => Boolean(v))
	);
	if (!options.has('targets'))
		return { dataset, design: { ...columns, weight: options.get('weight') } };
	const margins = readTargets(options.get('targets')!);
	const weighted = await weightData(
		db,
		dataset,
		{ margins, baseWeight: options.get('weight'), tolerance: 1e-10, maxIterations: 1000 },
		'_barometer_weight',
		columns
	);
	return { dataset: weighted.dataset, design: weighted.design };
}
