/**
 * A reproducible synthetic survey for the differential tests against R (r-differential.test.ts):
 * a stratified two-stage sample — strata, PSUs nested in strata and numbered from 1 within each
 * stratum (R needs nest = TRUE), unequal base weights — with the usual demographic and opinion
 * variables, some of them partly missing. Everything comes from a seeded PRNG, never Math.random.
 */

export interface Respondent {
	id: number;
	stratum: number;
	psu: number;
	base: number;
	sex: 'F' | 'M';
	agegroup: number;
	region: string;
	education: number;
	aware: number;
	/** 1–5, null when not answered (about 5%). */
	rating: number | null;
	/** 1–4, null when not answered (about 3%). */
	trust: number | null;
	wave: number;
}

/** mulberry32: a small, fast 32-bit generator; uniform numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const regions = ['Centre', 'East', 'Islands', 'North', 'South', 'West'];

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** Index drawn with probabilities proportional to `weights`. */
function pick(random: () => number, weights: number[]): number {
	const total = weights.reduce((a, b) => a + b, 0);
	let u = random() * total;
	for (let i = 0; i < weights.length; i++) {
		u -= weights[i]!;
		if (u < 0) return i;
	}
	return weights.length - 1;
}

export interface GeneratorOptions {
	seed: number;
	strata: number;
}

export function generateSurvey({ seed, strata }: GeneratorOptions): Respondent[] {
	const random = seededRandom(seed);
	const rows: Respondent[] = [];
	for (let stratum = 1; stratum <= strata; stratum++) {
		// Strata are sampled at different rates: base weights differ by a factor of ~10.
		const stratumWeight = 2 + 18 * random();
		const psus = 3 + Math.floor(random() * 6);
		// Each stratum lies mostly in one region.
		const home = (stratum - 1) % regions.length;
		const regionWeights = regions.map((_, r) => (r === home ? 6 : 1 + random()));
		const maleShare = 0.44 + 0.08 * random();
		for (let psu = 1; psu <= psus; psu++) {
			const psuWeight = 0.7 + 0.6 * random();
			// A PSU effect makes answers correlated within clusters (design effects above 1).
			const effect = 1.2 * (random() - 0.5);
			const size = 25 + Math.floor(random() * 51);
			for (let k = 0; k < size; k++) {
				const sex = random() < maleShare ? 'M' : 'F';
				const agegroup = 1 + pick(random, [0.2, 0.28, 0.3, 0.22]);
				const region = regions[pick(random, regionWeights)]!;
				const education = 1 + pick(random, agegroup === 4 ? [0.5, 0.35, 0.15] : [0.25, 0.45, 0.3]);
				const aware = random() < logistic(-0.6 + 0.5 * education + effect) ? 1 : 0;
				const level = 2.6 + 0.5 * aware + 0.3 * (regions.indexOf(region) % 3) + effect;
				const rating =
					random() < 0.05
						? null
						: Math.min(5, Math.max(1, Math.round(level + 2.2 * (random() - 0.5))));
				const trust =
					random() < 0.03
						? null
						: 1 + pick(random, [1.5 + (region === 'North' ? 1 : 0), 2, 2 + aware, 1 + effect]);
				// Non-response adjustment on top of the selection weight: three levels.
				const adjustment = [1, 1.2, 1.5][pick(random, [0.6, 0.3, 0.1])]!;
				rows.push({
					id: rows.length + 1,
					stratum,
					psu,
					base: Number((stratumWeight * psuWeight * adjustment).toFixed(4)),
					sex,
					agegroup,
					region,
					education,
					aware,
					rating,
					trust,
					wave: 1 + Math.floor(random() * 3)
				});
			}
		}
	}
	return rows;
}

const columns: (keyof Respondent)[] = [
	'id',
	'stratum',
	'psu',
	'base',
	'sex',
	'agegroup',
	'region',
	'education',
	'aware',
	'rating',
	'trust',
	'wave'
];

/** CSV with a header; missing values are empty fields (NULL for DuckDB, NA for R). */
export function toCsv(rows: Respondent[]): string {
	const lines = rows.map((row) => columns.map((name) => row[name] ?? '').join(','));
	return [columns.join(','), ...lines].join('\n') + '\n';
}

/**
 * Population counts (total 50 000 in every margin), in the `variable,category,target` format of
 * the weighting targets; a joint margin is written `sex*agegroup` / `F*1`.
 */
export const populationTargets = `variable,category,target
sex,F,25700
sex,M,24300
agegroup,1,10500
agegroup,2,13000
agegroup,3,14000
agegroup,4,12500
region,Centre,9000
region,East,11000
region,Islands,7500
region,North,8500
region,South,6000
region,West,8000
sex*agegroup,F*1,5400
sex*agegroup,F*2,6600
sex*agegroup,F*3,7200
sex*agegroup,F*4,6500
sex*agegroup,M*1,5100
sex*agegroup,M*2,6400
sex*agegroup,M*3,6800
sex*agegroup,M*4,6000
`;
