/**
 * The awareness report a communications office publishes each quarter: for each awareness item
 * (an aided yes/no, an option of a multi-select, or coded unaided answers) the share aware with
 * its CI overall and by banners, the trend across waves with tested changes, a ranking of regions
 * (or any unit) with CIs, and a funnel (heard of → knows what it is → favourable) whose stages are
 * cumulative: each is the share of everyone who passes it and every stage before.
 */
import { z } from 'zod';
import type { Queryable } from '../../server/db/database.ts';
import type { Dataset } from '../dataset.ts';
import type { Design } from '../design.ts';
import { estimate, trend, type Estimate } from '../estimation/estimate.ts';
import { conditionSchema, type Condition } from '../segments/rules.ts';
import type { DerivedVariable } from '../workspace/derived-variables.ts';

const variableName = z.string().min(1).max(64);

export const awarenessSpecSchema = z.object({
	items: z
		.array(
			z.object({
				variable: variableName,
				label: z.string().max(200).optional(),
				/** The codes that count as aware (default "1": chosen / yes). */
				codes: z.array(z.string().min(1)).min(1).default(['1'])
			})
		)
		.min(1, 'items: choose at least one awareness item')
		.max(40),
	banners: z.array(variableName).max(6).default([]),
	wave: variableName.nullable().default(null),
	rankBy: variableName.nullable().default(null),
	/** Which item the ranking is of (index into items). */
	rankItem: z.number().int().min(0).default(0),
	funnel: z
		.array(
			z.object({ label: z.string().min(1).max(80), conditions: z.array(conditionSchema).min(1) })
		)
		.max(8)
		.default([])
});

export type AwarenessSpec = z.infer<typeof awarenessSpecSchema>;

export interface Share {
	estimate: number;
	se: number;
	ci_low: number;
	ci_high: number;
	n: number;
	weighted_n: number;
}

export interface AwarenessResult {
	items: {
		variable: string;
		label: string;
		overall: Share;
		byBanner: { banner: string; category: string; share: Share }[];
	}[];
	trend: {
		variable: string;
		wave: string;
		share: Share;
		/** Change from the previous wave, with its test; null for the first wave. */
		change: { change: number; p: number; significant: boolean } | null;
	}[];
	ranking: {
		variable: string;
		by: string;
		units: { unit: string; share: Share; rank: number }[];
	} | null;
	funnel: { label: string; share: Share }[];
}

const awareLabel = '\u0000aware';

/** Stage variables are named per report section (`key`), so two funnels never collide. */
export function funnelStageName(key: number, index: number): string {
	return `funnel_${key}_stage_${index + 1}`;
}

/** The funnel's stages as derived 0/1-like variables (1 = passed this stage and all before). */
export function funnelVariables(spec: AwarenessSpec, key = 0): DerivedVariable[] {
	const conditions: Condition[] = [];
	return spec.funnel.map((stage, i) => {
		conditions.push(...stage.conditions);
		return {
			kind: 'rules',
			name: funnelStageName(key, i),
			label: stage.label,
			definition: {
				name: funnelStageName(key, i),
				rules: [{ label: stage.label, match: 'all', conditions: [...conditions] }],
				otherLabel: 'No'
			}
		};
	});
}

function share(e: Estimate | undefined): Share {
	return e
		? {
				estimate: e.estimate,
				se: e.se,
				ci_low: e.ci_low,
				ci_high: e.ci_high,
				n: e.n,
				weighted_n: e.weighted_n
			}
		: { estimate: 0, se: 0, ci_low: 0, ci_high: 0, n: 0, weighted_n: 0 };
}

const aware = (estimates: Estimate[]) => estimates.filter((e) => e.category === awareLabel);

export async function awarenessReport(
	db: Queryable,
	dataset: Dataset,
	design: Design,
	spec: AwarenessSpec,
	labelOf: (variable: string) => string,
	funnelKey = 0
): Promise<AwarenessResult> {
	const request = (item: AwarenessSpec['items'][number]) => ({
		variable: item.variable,
		categorical: true,
		nets: [{ label: awareLabel, members: item.codes }]
	});
	// Every estimate is its own scan: start them all, so DuckDB works while results are read.
	const perItem = spec.items.map((item) =>
		Promise.all([
			estimate(db, dataset, design, request(item)),
			Promise.all(
				spec.banners.map((banner) =>
					estimate(db, dataset, design, { ...request(item), by: banner })
				)
			),
			spec.wave ? trend(db, dataset, design, { ...request(item), by: spec.wave }) : null
		])
	);
	const rankItem = spec.items[Math.min(spec.rankItem, spec.items.length - 1)]!;
	const rankBy = spec.rankBy;
	const ranked = rankBy
		? estimate(db, dataset, design, { ...request(rankItem), by: rankBy })
		: null;
	const stages = spec.funnel.map((_, i) =>
		estimate(db, dataset, design, {
			variable: funnelStageName(funnelKey, i),
			categorical: true,
			nets: [{ label: awareLabel, members: ['1'] }]
		})
	);
	const settled = await Promise.allSettled([...perItem, ranked, ...stages]);
	const failed = settled.find((outcome) => outcome.status === 'rejected');
	if (failed) throw (failed as PromiseRejectedResult).reason;

	const items = [];
	const trendRows: AwarenessResult['trend'] = [];
	for (const [index, item] of spec.items.entries()) {
		const [overallEstimates, bannerEstimates, waveResult] = await perItem[index]!;
		const byBanner = spec.banners.flatMap((banner, b) =>
			aware(bannerEstimates[b]!).map((e) => ({
				banner,
				category: e.domain![banner]!,
				share: share(e)
			}))
		);
		items.push({
			variable: item.variable,
			label: item.label ?? labelOf(item.variable),
			overall: share(aware(overallEstimates)[0]),
			byBanner
		});
		if (spec.wave && waveResult) {
			const wave = spec.wave;
			for (const e of aware(waveResult.estimates)) {
				const waveValue = e.domain![wave]!;
				const change = waveResult.changes.find(
					(c) => c.category === awareLabel && c.to_wave === waveValue
				);
				trendRows.push({
					variable: item.variable,
					wave: waveValue,
					share: share(e),
					change: change
						? { change: change.change, p: change.p, significant: change.p < 0.05 }
						: null
				});
			}
		}
	}
	let ranking: AwarenessResult['ranking'] = null;
	if (rankBy && ranked) {
		const units = aware(await ranked)
			.map((e) => ({ unit: e.domain![rankBy]!, share: share(e) }))
			.sort((a, b) => b.share.estimate - a.share.estimate)
			.map((unit, i) => ({ ...unit, rank: i + 1 }));
		ranking = { variable: rankItem.variable, by: rankBy, units };
	}
	const funnel = [];
	for (const [i, stage] of spec.funnel.entries())
		funnel.push({ label: stage.label, share: share(aware(await stages[i]!)[0]) });
	return { items, trend: trendRows, ranking, funnel };
}
