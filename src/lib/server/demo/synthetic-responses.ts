/**
 * SYNTHETIC DEMO DATA: these are NOT real survey responses.
 *
 * Generates fictitious, completed responses from eligible respondents (adults living in Georgia)
 * to the demo questionnaire `surveys/awareness-tracker.json`. Nobody answered them: every value
 * is drawn from the made-up model below, so the numbers say nothing about real public opinion in
 * Georgia. They exist so that weighting, tables, trends and charts have realistic-looking data.
 * Only the region shares come from a real source (the 2014 General Population Census of Georgia,
 * National Statistics Office of Georgia, all ages); all other shares and coefficients are
 * illustrative inventions.
 *
 * Determinism: one sfc32 PRNG seeded from `options.seed` drives every draw in a fixed order, so
 * the same options always give identical output (ids included). Math.random is never used.
 *
 * Notation: age10 = (age - 45) / 10, edu = education - 1 (0, 1, 2), urban / rural / old / young
 * are 0-1 indicators (old = 55+, young = 18-34), t = wave - 1, z = a fresh N(0, 1) draw,
 * logistic(x) = 1 / (1 + e^-x). "Ordered logit" means category = 1 + #{cutpoints c : c < eta + e}
 * with e a standard logistic draw.
 *
 * 1. Sample composition, deliberately a little unrepresentative so weighting has work to do:
 *    region      P(r) proportional to census population_r, times SAMPLE_SKEW.tbilisi for Tbilisi
 *    settlement  Tbilisi always urban; elsewhere P(urban) = logistic(logit(urbanShare_r)
 *                + SAMPLE_SKEW.urbanLogit), urbanShare_r illustrative (REGIONS)
 *    sex         P(female) = SAMPLE_SKEW.femaleShare
 *    age group   SAMPLE_AGE_GROUP_SHARES; age uniform in 18-34 and 35-54, tapering over 55-90
 *    education   ordered logit, eta = EDUCATION.urban*urban + EDUCATION.young*young
 *                + EDUCATION.old*old + EDUCATION.female*female, cutpoints EDUCATION.cutpoints
 *
 * 2. Latent traits:
 *    attention A = z (general interest in public affairs; makes awareness items co-vary)
 *    west      W = WEST.intercept + WEST.agePer10*age10 + WEST.rural*rural
 *                  + WEST.ruralOld*rural*old + WEST.education*edu + z
 *    govt      G = GOVT.intercept + GOVT.agePer10*age10 + GOVT.rural*rural
 *                  + GOVT.education*edu + GOVT.perProgrammeKnown*(number of programmes known) + z
 *    media     M = MEDIA.intercept + MEDIA.attention*A + z
 *
 * 3. Answers (logistic models; coefficient tables are the named constants below):
 *    aware_programmes  for each programme j independently,
 *                      logit P(aware_j) = AWARENESS[j].intercept + .education*edu + .urban*urban
 *                      + .agePer10*age10 + .wave*t + AWARENESS_ATTENTION*A
 *                      (.wave is the campaign effect); nothing known -> ['none']
 *    programme_knowledge  only when some programme is known (mirrors the questionnaire's
 *                      visibleIf); ordered logit, eta = KNOWLEDGE.perProgramme*(known - 1)
 *                      + KNOWLEDGE.education*edu + KNOWLEDGE.attention*A
 *    info_sources      for each source k, logit P = SOURCES[k].intercept + .agePer10*age10
 *                      + .rural*rural + .education*edu + (.wave or 0)*t + SOURCE_ATTENTION*A;
 *                      nothing chosen -> ['none']
 *    main_source       one of the chosen sources with P proportional to
 *                      exp(logit_k) * SOURCES[k].prominence; 98 when none was chosen
 *    attitudes         ordered logit with AGREE_CUTPOINTS: eu_membership eta = W,
 *                      nato_membership eta = W + ITEM_SHIFT.nato,
 *                      govt_informs_well eta = G + ITEM_SHIFT.informs,
 *                      reforms_benefit_me eta = G + ITEM_SHIFT.reforms
 *    eu_referendum     for if W + e > REFERENDUM.forThreshold; otherwise "would not vote" with
 *                      P = REFERENDUM.abstainShare, else against
 *    trust             ordered logit with TRUST_CUTPOINTS: government eta = G, parliament
 *                      eta = G + ITEM_SHIFT.parliament, president eta = 0.5*G + ITEM_SHIFT.president,
 *                      media eta = M, eu eta = TRUST_WEST_LOADING*W + ITEM_SHIFT.trustEu,
 *                      nato eta = TRUST_WEST_LOADING*W + ITEM_SHIFT.trustNato (so trust in the EU and
 *                      NATO correlates with support for membership)
 *    don't know (98)   drawn before each opinion item with P = DONT_KNOW.base + DONT_KNOW.old*old
 *                      + DONT_KNOW.lowEducation*[edu = 0]; refusal (99) only on eu_referendum
 *
 * The resulting sample (seed-independent, roughly): ~85-92 % know at least one programme, rising
 * with education, urban residence and wave; ~80 % agree Georgia should join the EU and ~75 %
 * NATO, less among older rural respondents; TV dominates for older and rural people, social
 * media for the young.
 */

export interface SyntheticResponse {
	id: string;
	wave: number;
	submittedAt: string;
	durationSeconds: number;
	answers: Record<string, unknown>;
}

export interface SyntheticOptions {
	seed: number;
	respondentsPerWave: number[];
	/** ISO date of the first day of fieldwork of wave 1, e.g. '2024-03-01'. */
	firstWaveDate: string;
	monthsBetweenWaves: number;
}

// ---------------------------------------------------------------------------------------------
// Model constants (see the module comment for how each one enters the model)
// ---------------------------------------------------------------------------------------------

/**
 * Questionnaire region codes in census-file order. Population: 2014 census, usual residents of
 * all ages. urbanShare: ILLUSTRATIVE share of residents in towns, used only to draw settlement.
 */
const REGIONS = [
	{ code: 1, name: 'Tbilisi', population: 1108717, urbanShare: 1 },
	{ code: 2, name: 'Adjara', population: 333953, urbanShare: 0.55 },
	{ code: 3, name: 'Guria', population: 113350, urbanShare: 0.3 },
	{ code: 4, name: 'Imereti', population: 533906, urbanShare: 0.48 },
	{ code: 5, name: 'Kakheti', population: 318583, urbanShare: 0.22 },
	{ code: 6, name: 'Mtskheta-Mtianeti', population: 94573, urbanShare: 0.3 },
	{ code: 7, name: 'Racha-Lechkhumi and Kvemo Svaneti', population: 32089, urbanShare: 0.22 },
	{ code: 8, name: 'Samegrelo-Zemo Svaneti', population: 330761, urbanShare: 0.4 },
	{ code: 9, name: 'Samtskhe-Javakheti', population: 160504, urbanShare: 0.35 },
	{ code: 10, name: 'Kvemo Kartli', population: 423986, urbanShare: 0.4 },
	{ code: 11, name: 'Shida Kartli', population: 263382, urbanShare: 0.35 }
] as const;

/** How the synthetic sample departs from the population (more urban, more women, younger). */
const SAMPLE_SKEW = { tbilisi: 1.15, urbanLogit: 0.5, femaleShare: 0.6 } as const;

/** Sample shares of age groups 18-34, 35-54, 55+ (the illustrative targets are 0.29/0.34/0.37). */
const SAMPLE_AGE_GROUP_SHARES = [0.33, 0.36, 0.31] as const;

const EDUCATION = { urban: 1.0, young: 0.3, old: -0.6, female: 0.15, cutpoints: [-0.1, 0.8] };

const WEST = { intercept: 1.3, agePer10: -0.15, rural: -0.3, ruralOld: -0.3, education: 0.15 };
const GOVT = {
	intercept: -0.2,
	agePer10: 0.1,
	rural: 0.2,
	education: -0.15,
	perProgrammeKnown: 0.1
};
const MEDIA = { intercept: -0.4, attention: 0.2 };

interface AwarenessCoefficients {
	code: number;
	intercept: number;
	education: number;
	urban: number;
	agePer10: number;
	/** Campaign effect: change in log-odds per wave. */
	wave: number;
}

/** Programme codes as in aware_programmes. */
const AWARENESS: readonly AwarenessCoefficients[] = [
	// Enterprise Georgia / Produce in Georgia: business-facing, so education and towns matter.
	{ code: 1, intercept: -1.5, education: 0.45, urban: 0.45, agePer10: 0.05, wave: 0.3 },
	// Startup Georgia: young, educated, urban audience.
	{ code: 2, intercept: -2.6, education: 0.55, urban: 0.6, agePer10: -0.3, wave: 0.35 },
	// Universal Healthcare Programme: everyone's business, older people use it more.
	{ code: 3, intercept: -0.6, education: 0.25, urban: 0.15, agePer10: 0.25, wave: 0.15 },
	// Public Service Hall: physical offices in towns.
	{ code: 4, intercept: -0.3, education: 0.35, urban: 0.5, agePer10: -0.05, wave: 0.1 },
	// Rural Development Agency: the one programme better known in villages.
	{ code: 5, intercept: -1.9, education: 0.25, urban: -0.35, agePer10: 0.2, wave: 0.25 },
	// EU visa-free travel campaign: the campaign being tracked, hence the largest wave effect.
	{ code: 6, intercept: -1.6, education: 0.5, urban: 0.45, agePer10: -0.15, wave: 0.5 }
];
const AWARENESS_ATTENTION = 0.9;

const KNOWLEDGE = {
	perProgramme: 0.35,
	education: 0.25,
	attention: 0.5,
	cutpoints: [-0.8, 1.0, 2.8]
};

interface SourceCoefficients {
	code: number;
	intercept: number;
	agePer10: number;
	rural: number;
	education: number;
	/** Change in log-odds per wave; zero when absent. */
	wave?: number;
	/** Relative pull as the *main* source among those a respondent uses. */
	prominence: number;
}

/** Source codes as in info_sources and main_source. */
const SOURCES: readonly SourceCoefficients[] = [
	// TV: the default for older and rural people.
	{ code: 1, intercept: 1.3, agePer10: 0.45, rural: 0.4, education: -0.2, prominence: 2 },
	// Online news sites.
	{ code: 2, intercept: -0.3, agePer10: -0.35, rural: -0.4, education: 0.5, prominence: 1.2 },
	// Social media: the young.
	{ code: 3, intercept: 0.7, agePer10: -0.6, rural: -0.2, education: 0.15, prominence: 1.5 },
	// Radio.
	{ code: 4, intercept: -2.0, agePer10: 0.15, rural: 0.2, education: 0, prominence: 0.5 },
	// Newspapers and magazines.
	{ code: 5, intercept: -2.4, agePer10: 0.3, rural: -0.2, education: 0.2, prominence: 0.4 },
	// Friends and family.
	{ code: 6, intercept: -0.4, agePer10: 0, rural: 0.3, education: -0.1, prominence: 0.6 },
	// Government websites: slowly gaining as the campaign points people to them.
	{
		code: 7,
		intercept: -2.2,
		agePer10: -0.15,
		rural: -0.4,
		education: 0.5,
		wave: 0.1,
		prominence: 0.4
	}
];
const SOURCE_ATTENTION = 0.4;

/** Cutpoints for the 5-point agree scale and the 4-point trust scale. */
const AGREE_CUTPOINTS = [-3.2, -2.0, -1.0, 1.0];
const TRUST_CUTPOINTS = [-1.5, 0, 1.8];
const TRUST_WEST_LOADING = 1.2;
const ITEM_SHIFT = {
	nato: -0.5,
	informs: -1.0,
	reforms: -1.3,
	parliament: -0.5,
	president: -0.2,
	trustEu: -0.6,
	trustNato: -0.9
} as const;
const REFERENDUM = { forThreshold: -0.6, abstainShare: 0.35, dontKnow: 0.04, refused: 0.02 };
const DONT_KNOW = { base: 0.025, old: 0.02, lowEducation: 0.015 };

const DURATION = { medianSeconds: 300, logSd: 0.35, perProgrammeSeconds: 8, minSeconds: 90 };
/** Fieldwork: 14 days per wave, submissions between 09:00 and 22:00 Tbilisi time (UTC+4). */
const FIELDWORK = { days: 14, firstSecondUtc: 5 * 3600, windowSeconds: 13 * 3600 };

const DONT_KNOW_CODE = 98;
const REFUSED_CODE = 99;
const NONE = 'none';

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

interface Rng {
	uint32(): number;
	/** Uniform on [0, 1). */
	float(): number;
}

/** splitmix32 expands one seed word into well-mixed state words for sfc32. */
function splitmix32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x9e3779b9) >>> 0;
		let z = state;
		z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
		z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
		return (z ^ (z >>> 16)) >>> 0;
	};
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): fast, 128-bit state. */
function createRng(seed: number): Rng {
	// Fold in the high 32 bits too, so seeds above 2^32 do not simply wrap onto small ones.
	const low = seed >>> 0;
	const high = Math.floor(seed / 0x100000000) >>> 0;
	const mix = splitmix32(low ^ Math.imul(high, 0x9e3779b1));
	let a = mix() | 0;
	let b = mix() | 0;
	let c = mix() | 0;
	let d = 1;
	const uint32 = (): number => {
		const t = (((a + b) | 0) + d) | 0;
		d = (d + 1) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		c = (c + t) | 0;
		return t >>> 0;
	};
	// The first outputs of sfc32 are correlated with the seed; discard them.
	for (let i = 0; i < 15; i++) uint32();
	return { uint32, float: () => uint32() / 0x100000000 };
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
const logit = (p: number): number => Math.log(p / (1 - p));

function bernoulli(rng: Rng, p: number): boolean {
	return rng.float() < p;
}

/** Box-Muller, one value per call so that every draw consumes a fixed number of words. */
function standardNormal(rng: Rng): number {
	const u = 1 - rng.float(); // (0, 1], keeps log finite
	const v = rng.float();
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function standardLogistic(rng: Rng): number {
	const u = (rng.uint32() + 0.5) / 0x100000000; // strictly inside (0, 1)
	return Math.log(u / (1 - u));
}

/** Ordered logit: 1 + number of cutpoints below the noisy latent value. */
function orderedLogit(rng: Rng, eta: number, cutpoints: readonly number[]): number {
	const latent = eta + standardLogistic(rng);
	return 1 + cutpoints.filter((c) => c < latent).length;
}

function pickWeighted<T>(rng: Rng, items: readonly T[], weights: readonly number[]): T {
	const total = weights.reduce((sum, w) => sum + w, 0);
	let threshold = rng.float() * total;
	for (let i = 0; i < items.length; i++) {
		threshold -= weights[i] ?? 0;
		if (threshold < 0) return items[i] as T;
	}
	return items[items.length - 1] as T; // only reachable through rounding at the very top
}

/** RFC 4122 version-4 layout, but with bytes from the seeded PRNG so ids are reproducible. */
function uuidV4(rng: Rng): string {
	const bytes: number[] = [];
	for (let i = 0; i < 4; i++) {
		const word = rng.uint32();
		bytes.push(word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff);
	}
	bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
	bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
	const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
	return [
		hex.slice(0, 8),
		hex.slice(8, 12),
		hex.slice(12, 16),
		hex.slice(16, 20),
		hex.slice(20)
	].join('-');
}

// ---------------------------------------------------------------------------------------------
// Respondents
// ---------------------------------------------------------------------------------------------

interface Respondent {
	wave: number;
	age: number;
	ageGroup: number;
	region: number;
	urban: boolean;
	female: boolean;
	education: number;
	/** Latent interest in public affairs, A in the module comment. */
	attention: number;
}

/** Model covariates derived from a respondent, named as in the module comment. */
interface Covariates {
	age10: number;
	edu: number;
	urban: number;
	rural: number;
	old: number;
	t: number;
}

function covariates(r: Respondent): Covariates {
	return {
		age10: (r.age - 45) / 10,
		edu: r.education - 1,
		urban: r.urban ? 1 : 0,
		rural: r.urban ? 0 : 1,
		old: r.ageGroup === 3 ? 1 : 0,
		t: r.wave - 1
	};
}

function drawAge(rng: Rng, ageGroup: number): number {
	if (ageGroup === 1) return 18 + Math.floor(rng.float() * 17);
	if (ageGroup === 2) return 35 + Math.floor(rng.float() * 20);
	// Density falling linearly from 55 to 90 gives a plausible older-age tail.
	return 55 + Math.floor(35 * (1 - Math.sqrt(rng.float())));
}

const REGION_SAMPLE_WEIGHTS = REGIONS.map(
	(r) => r.population * (r.code === 1 ? SAMPLE_SKEW.tbilisi : 1)
);

function drawRespondent(rng: Rng, wave: number): Respondent {
	const region = pickWeighted(rng, REGIONS, REGION_SAMPLE_WEIGHTS);
	const urban =
		region.urbanShare >= 1 ||
		bernoulli(rng, logistic(logit(region.urbanShare) + SAMPLE_SKEW.urbanLogit));
	const female = bernoulli(rng, SAMPLE_SKEW.femaleShare);
	const ageGroup = pickWeighted(rng, [1, 2, 3], SAMPLE_AGE_GROUP_SHARES);
	const age = drawAge(rng, ageGroup);
	const educationEta =
		EDUCATION.urban * (urban ? 1 : 0) +
		EDUCATION.young * (ageGroup === 1 ? 1 : 0) +
		EDUCATION.old * (ageGroup === 3 ? 1 : 0) +
		EDUCATION.female * (female ? 1 : 0);
	const education = orderedLogit(rng, educationEta, EDUCATION.cutpoints);
	const attention = standardNormal(rng);
	return { wave, age, ageGroup, region: region.code, urban, female, education, attention };
}

function drawDontKnow(rng: Rng, x: Covariates): boolean {
	const lowEducation = x.edu === 0 ? 1 : 0;
	return bernoulli(
		rng,
		DONT_KNOW.base + DONT_KNOW.old * x.old + DONT_KNOW.lowEducation * lowEducation
	);
}

/** An opinion item: don't know first, otherwise an ordered-logit category. */
function drawOpinion(rng: Rng, x: Covariates, eta: number, cutpoints: readonly number[]): number {
	return drawDontKnow(rng, x) ? DONT_KNOW_CODE : orderedLogit(rng, eta, cutpoints);
}

function drawAwareness(rng: Rng, r: Respondent, x: Covariates): number[] {
	return AWARENESS.filter((p) => {
		const eta =
			p.intercept +
			p.education * x.edu +
			p.urban * x.urban +
			p.agePer10 * x.age10 +
			p.wave * x.t +
			AWARENESS_ATTENTION * r.attention;
		return bernoulli(rng, logistic(eta));
	}).map((p) => p.code);
}

function drawKnowledge(rng: Rng, r: Respondent, x: Covariates, known: number): number {
	const eta =
		KNOWLEDGE.perProgramme * (known - 1) +
		KNOWLEDGE.education * x.edu +
		KNOWLEDGE.attention * r.attention;
	return drawOpinion(rng, x, eta, KNOWLEDGE.cutpoints);
}

function sourceLogit(s: SourceCoefficients, r: Respondent, x: Covariates): number {
	return (
		s.intercept +
		s.agePer10 * x.age10 +
		s.rural * x.rural +
		s.education * x.edu +
		(s.wave ?? 0) * x.t +
		SOURCE_ATTENTION * r.attention
	);
}

function drawSources(rng: Rng, r: Respondent, x: Covariates): { used: number[]; main: number } {
	const used = SOURCES.filter((s) => bernoulli(rng, logistic(sourceLogit(s, r, x))));
	// Someone who named no source cannot name a main one; 98 is the only honest answer left.
	if (used.length === 0 || drawDontKnow(rng, x)) {
		return { used: used.map((s) => s.code), main: DONT_KNOW_CODE };
	}
	const weights = used.map((s) => Math.exp(sourceLogit(s, r, x)) * s.prominence);
	return { used: used.map((s) => s.code), main: pickWeighted(rng, used, weights).code };
}

function drawReferendum(rng: Rng, x: Covariates, west: number): number {
	const u = rng.float();
	if (u < REFERENDUM.refused) return REFUSED_CODE;
	if (u < REFERENDUM.refused + REFERENDUM.dontKnow + DONT_KNOW.old * x.old) return DONT_KNOW_CODE;
	if (west + standardLogistic(rng) > REFERENDUM.forThreshold) return 1;
	return bernoulli(rng, REFERENDUM.abstainShare) ? 3 : 2;
}

function drawAnswers(rng: Rng, r: Respondent): Record<string, unknown> {
	const x = covariates(r);
	const aware = drawAwareness(rng, r, x);
	const knowledge = aware.length > 0 ? drawKnowledge(rng, r, x, aware.length) : undefined;
	const sources = drawSources(rng, r, x);

	const west =
		WEST.intercept +
		WEST.agePer10 * x.age10 +
		WEST.rural * x.rural +
		WEST.ruralOld * x.rural * x.old +
		WEST.education * x.edu +
		standardNormal(rng);
	const govt =
		GOVT.intercept +
		GOVT.agePer10 * x.age10 +
		GOVT.rural * x.rural +
		GOVT.education * x.edu +
		GOVT.perProgrammeKnown * aware.length +
		standardNormal(rng);
	const media = MEDIA.intercept + MEDIA.attention * r.attention + standardNormal(rng);

	const attitudes = {
		eu_membership: drawOpinion(rng, x, west, AGREE_CUTPOINTS),
		nato_membership: drawOpinion(rng, x, west + ITEM_SHIFT.nato, AGREE_CUTPOINTS),
		govt_informs_well: drawOpinion(rng, x, govt + ITEM_SHIFT.informs, AGREE_CUTPOINTS),
		reforms_benefit_me: drawOpinion(rng, x, govt + ITEM_SHIFT.reforms, AGREE_CUTPOINTS)
	};
	const euReferendum = drawReferendum(rng, x, west);
	const trust = {
		government: drawOpinion(rng, x, govt, TRUST_CUTPOINTS),
		parliament: drawOpinion(rng, x, govt + ITEM_SHIFT.parliament, TRUST_CUTPOINTS),
		president: drawOpinion(rng, x, 0.5 * govt + ITEM_SHIFT.president, TRUST_CUTPOINTS),
		media: drawOpinion(rng, x, media, TRUST_CUTPOINTS),
		eu: drawOpinion(rng, x, TRUST_WEST_LOADING * west + ITEM_SHIFT.trustEu, TRUST_CUTPOINTS),
		nato: drawOpinion(rng, x, TRUST_WEST_LOADING * west + ITEM_SHIFT.trustNato, TRUST_CUTPOINTS)
	};

	// Key order follows the questionnaire; programme_knowledge is absent when SurveyJS hides it.
	const answers: Record<string, unknown> = {
		age: r.age,
		resident: 1,
		age_group: r.ageGroup,
		region: r.region,
		settlement: r.urban ? 1 : 2,
		sex: r.female ? 2 : 1,
		education: r.education,
		aware_programmes: aware.length > 0 ? aware : [NONE]
	};
	if (knowledge !== undefined) answers.programme_knowledge = knowledge;
	answers.info_sources = sources.used.length > 0 ? sources.used : [NONE];
	answers.main_source = sources.main;
	answers.attitudes = attitudes;
	answers.eu_referendum = euReferendum;
	answers.trust = trust;
	return answers;
}

// ---------------------------------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------------------------------

/** Adds whole months in UTC, clamping the day (31 Jan + 1 month = 28/29 Feb, not 3 Mar). */
function addMonthsUtc(start: Date, months: number): number {
	const year = start.getUTCFullYear();
	const month = start.getUTCMonth() + months;
	const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
	return Date.UTC(year, month, Math.min(start.getUTCDate(), lastDay));
}

function drawSubmittedAt(rng: Rng, waveStartMs: number): string {
	const day = Math.floor(rng.float() * FIELDWORK.days);
	const second = FIELDWORK.firstSecondUtc + Math.floor(rng.float() * FIELDWORK.windowSeconds);
	return new Date(waveStartMs + day * 86_400_000 + second * 1000).toISOString();
}

/** Log-normal around the median, longer for people who ticked more programmes. */
function drawDuration(rng: Rng, programmesKnown: number): number {
	const base = DURATION.medianSeconds * Math.exp(DURATION.logSd * standardNormal(rng));
	const seconds = base + DURATION.perProgrammeSeconds * programmesKnown;
	return Math.max(DURATION.minSeconds, Math.round(seconds));
}

// ---------------------------------------------------------------------------------------------
// Public entry point
// ---------------------------------------------------------------------------------------------

function validateOptions(options: SyntheticOptions): Date {
	if (!Number.isSafeInteger(options.seed)) throw new RangeError('seed must be a safe integer');
	for (const n of options.respondentsPerWave) {
		if (!Number.isInteger(n) || n < 0) {
			throw new RangeError('respondentsPerWave must hold non-negative integers');
		}
	}
	if (!Number.isInteger(options.monthsBetweenWaves) || options.monthsBetweenWaves < 0) {
		throw new RangeError('monthsBetweenWaves must be a non-negative integer');
	}
	const start = new Date(options.firstWaveDate);
	if (Number.isNaN(start.getTime())) throw new RangeError('firstWaveDate must be an ISO date');
	return start;
}

/**
 * SYNTHETIC responses (see the module comment): waves are numbered from 1, each wave's fieldwork
 * starts `monthsBetweenWaves` months after the previous one, and responses are returned in wave
 * order, sorted by submission time within a wave.
 */
export function generateSyntheticResponses(options: SyntheticOptions): SyntheticResponse[] {
	const start = validateOptions(options);
	const rng = createRng(options.seed);
	const responses: SyntheticResponse[] = [];
	options.respondentsPerWave.forEach((count, index) => {
		const wave = index + 1;
		const waveStartMs = addMonthsUtc(start, index * options.monthsBetweenWaves);
		const waveResponses: SyntheticResponse[] = [];
		for (let i = 0; i < count; i++) {
			const id = uuidV4(rng);
			const answers = drawAnswers(rng, drawRespondent(rng, wave));
			const known = (answers.aware_programmes as unknown[]).filter((v) => v !== NONE).length;
			const submittedAt = drawSubmittedAt(rng, waveStartMs);
			const durationSeconds = drawDuration(rng, known);
			waveResponses.push({ id, wave, submittedAt, durationSeconds, answers });
		}
		waveResponses.sort((a, b) =>
			a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0
		);
		responses.push(...waveResponses);
	});
	return responses;
}
