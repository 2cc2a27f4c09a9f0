/**
 * The survey design an estimate is computed under: weights, strata and first-stage clusters
 * (PSUs, sampled with replacement), and — when the weights were made in the same run — the
 * weighting cells, so that standard errors account for raking or post-stratification.
 */
import { z } from 'zod';

export const designSchema = z.object({
	weight: z.string().min(1).optional(),
	strata: z.string().min(1).optional(),
	cluster: z.string().min(1).optional()
});

export type DesignColumns = z.infer<typeof designSchema>;

export interface WeightingCalibration {
	kind: 'raking' | 'poststratification';
	/** Variables of each margin (one margin for post-stratification). */
	margins: string[][];
	/** Missing level used for the weighting variables, if any. */
	missingLevel?: string;
}

export interface Design extends DesignColumns {
	calibration?: WeightingCalibration;
	/**
	 * A filter as R's subset(): the column that is 1 for respondents inside (NULL outside).
	 * Estimates without a `by` are estimates in this domain (degrees of freedom from its PSUs);
	 * the caller has set every analysed variable to NULL outside, so `by` domains lie within it.
	 */
	domain?: string;
}
