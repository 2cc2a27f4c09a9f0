import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Model } from 'survey-core';
import { describe, expect, it } from 'vitest';
import {
	generateSyntheticResponses,
	type SyntheticOptions,
	type SyntheticResponse
} from './synthetic-responses';

// The generator must stay in step with the questionnaire, so the tests read the real file.
const SURVEY_PATH = fileURLToPath(
	new URL('../../../../surveys/awareness-tracker.json', import.meta.url)
);
const surveyJson = JSON.parse(readFileSync(SURVEY_PATH, 'utf8')) as SurveyJson;

interface ItemJson {
	value: number | string;
}
interface QuestionJson {
	type: string;
	name: string;
	isRequired?: boolean;
	visibleIf?: string;
	showNoneItem?: boolean;
	min?: string;
	max?: string;
	choices?: ItemJson[];
	rows?: ItemJson[];
	columns?: ItemJson[];
}
interface SurveyJson {
	pages: { name: string; elements: QuestionJson[] }[];
	calculatedValues: { name: string }[];
}

const questions = new Map(
	surveyJson.pages.flatMap((page) => page.elements).map((q) => [q.name, q] as const)
);
const calculatedNames = surveyJson.calculatedValues.map((c) => c.name);
const values = (items: ItemJson[] | undefined): unknown[] => (items ?? []).map((i) => i.value);

const BASE: SyntheticOptions = {
	seed: 20240301,
	respondentsPerWave: [1500, 1500, 1500],
	firstWaveDate: '2024-03-01',
	monthsBetweenWaves: 4
};
const sample = generateSyntheticResponses(BASE);
const answersOf = (rs: SyntheticResponse[]) => rs.map((r) => r.answers);

type Answers = Record<string, unknown>;
const knowsAny = (a: Answers): boolean =>
	(a.aware_programmes as unknown[]).some((v) => v !== 'none');
const share = (rows: Answers[], predicate: (a: Answers) => boolean): number =>
	rows.filter(predicate).length / rows.length;
const where = (key: string, value: unknown) => (a: Answers) => a[key] === value;

describe('determinism', () => {
	it('gives identical output for the same options', () => {
		expect(generateSyntheticResponses(BASE)).toEqual(sample);
	});

	it('gives different output for a different seed', () => {
		const other = generateSyntheticResponses({ ...BASE, seed: BASE.seed + 1 });
		expect(other.map((r) => r.id)).not.toEqual(sample.map((r) => r.id));
		expect(answersOf(other)).not.toEqual(answersOf(sample));
	});
});

describe('response envelope', () => {
	it('produces the requested number of responses per wave, in wave order', () => {
		const counts = generateSyntheticResponses({ ...BASE, respondentsPerWave: [3, 0, 7] }).map(
			(r) => r.wave
		);
		expect(counts).toEqual([1, 1, 1, 3, 3, 3, 3, 3, 3, 3]);
		for (const wave of [1, 2, 3]) {
			expect(sample.filter((r) => r.wave === wave)).toHaveLength(1500);
		}
	});

	it('uses unique UUID v4 ids', () => {
		const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
		for (const r of sample) expect(r.id).toMatch(uuid);
		expect(new Set(sample.map((r) => r.id)).size).toBe(sample.length);
	});

	it('dates each wave inside its fieldwork fortnight, sorted by time', () => {
		const starts = ['2024-03-01', '2024-07-01', '2024-11-01'].map((d) => Date.parse(d));
		for (const r of sample) {
			const t = Date.parse(r.submittedAt);
			const start = starts[r.wave - 1] as number;
			expect(t).toBeGreaterThanOrEqual(start);
			expect(t).toBeLessThan(start + 14 * 86_400_000);
			expect(Number.isInteger(r.durationSeconds) && r.durationSeconds > 0).toBe(true);
		}
		const outOfOrder = sample.filter((cur, i) => {
			const prev = sample[i - 1];
			return prev !== undefined && prev.wave === cur.wave && prev.submittedAt > cur.submittedAt;
		});
		expect(outOfOrder).toEqual([]);
	});

	it('rejects invalid options', () => {
		expect(() => generateSyntheticResponses({ ...BASE, seed: 1.5 })).toThrow(RangeError);
		expect(() => generateSyntheticResponses({ ...BASE, respondentsPerWave: [-1] })).toThrow();
		expect(() => generateSyntheticResponses({ ...BASE, firstWaveDate: 'soon' })).toThrow();
	});
});

const inList = (items: ItemJson[] | undefined, v: unknown): boolean => values(items).includes(v);

/** Why `value` is not something SurveyJS could store for `q`, or null when it is fine. */
function answerProblem(q: QuestionJson, value: unknown): string | null {
	const ok = ((): boolean => {
		switch (q.type) {
			case 'radiogroup':
				return inList(q.choices, value);
			case 'checkbox': {
				if (!Array.isArray(value) || value.length === 0) return false;
				if (new Set(value).size !== value.length) return false;
				if (value.includes('none')) return value.length === 1 && q.showNoneItem === true;
				return value.every((v) => inList(q.choices, v));
			}
			case 'matrix': {
				if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
				const rows = Object.keys(value).sort();
				const expected = (values(q.rows) as string[]).sort();
				if (rows.join() !== expected.join()) return false;
				return Object.values(value).every((v) => inList(q.columns, v));
			}
			case 'text':
				return (
					Number.isInteger(value) &&
					(value as number) >= Number(q.min) &&
					(value as number) <= Number(q.max)
				);
			default:
				return false;
		}
	})();
	return ok ? null : `${q.type} ${q.name}=${JSON.stringify(value)}`;
}

describe('answers match the questionnaire', () => {
	// Problems are collected and compared once: one expect per value would be slow on 4,500 rows.
	it('uses only question names and calculated values as keys, with valid codes', () => {
		const problems: string[] = [];
		for (const a of answersOf(sample)) {
			for (const [key, value] of Object.entries(a)) {
				if (calculatedNames.includes(key)) continue;
				const q = questions.get(key);
				const problem = q ? answerProblem(q, value) : `unknown answer key ${key}`;
				if (problem) problems.push(problem);
			}
		}
		expect(problems.slice(0, 10)).toEqual([]);
	});

	it('answers every required, unconditional question and describes eligible adults', () => {
		const always = [...questions.values()].filter((q) => q.isRequired && !q.visibleIf);
		const problems: string[] = [];
		for (const a of answersOf(sample)) {
			const missing = always.filter((q) => !(q.name in a)).map((q) => q.name);
			if (missing.length > 0) problems.push(`missing ${missing.join(', ')}`);
			const age = a.age as number;
			if (a.resident !== 1 || age < 18) problems.push(`ineligible ${JSON.stringify(a)}`);
			if (a.age_group !== (age >= 55 ? 3 : age >= 35 ? 2 : 1)) problems.push(`age_group ${age}`);
		}
		expect(problems.slice(0, 10)).toEqual([]);
	});

	it('has programme_knowledge exactly when some programme is known', () => {
		for (const a of answersOf(sample)) {
			expect('programme_knowledge' in a).toBe(knowsAny(a));
		}
		// Both branches must actually occur for the check above to mean anything.
		const known = share(answersOf(sample), knowsAny);
		expect(known).toBeGreaterThan(0.5);
		expect(known).toBeLessThan(0.99);
	});

	it('passes SurveyJS validation with the same visibility and calculated age_group', () => {
		// A spread over all waves; building a Model per response costs ~15 ms, so not all of them.
		for (const r of sample.filter((_, i) => i % 60 === 0)) {
			const model = new Model(surveyJson);
			model.data = r.answers;
			expect(model.validate(false), r.id).toBe(true);
			expect(model.getQuestionByName('programme_knowledge').isVisible).toBe(
				'programme_knowledge' in r.answers
			);
			expect(model.getVariable('age_group')).toBe(r.answers.age_group);
		}
	});
});

describe('latent-model patterns', () => {
	const all = answersOf(sample);
	const sub = (predicate: (a: Answers) => boolean) => all.filter(predicate);
	const agrees = (item: string) => (a: Answers) => {
		const v = (a.attitudes as Record<string, number>)[item] as number;
		return v === 4 || v === 5;
	};
	const uses = (code: number) => (a: Answers) => (a.info_sources as unknown[]).includes(code);

	it('awareness rises with education, urban residence and across waves', () => {
		const gap = (low: Answers[], high: Answers[]) => share(high, knowsAny) - share(low, knowsAny);
		expect(gap(sub(where('education', 1)), sub(where('education', 3)))).toBeGreaterThan(0.05);
		expect(gap(sub(where('settlement', 2)), sub(where('settlement', 1)))).toBeGreaterThan(0.03);
		const wave = (w: number) => answersOf(sample.filter((r) => r.wave === w));
		expect(gap(wave(1), wave(3))).toBeGreaterThan(0.02);
	});

	it('keeps EU and NATO support high but lower among older rural people', () => {
		expect(share(all, agrees('eu_membership'))).toBeGreaterThan(0.75);
		expect(share(all, agrees('eu_membership'))).toBeLessThan(0.9);
		expect(share(all, agrees('nato_membership'))).toBeGreaterThan(0.7);
		const olderRural = sub((a) => a.age_group === 3 && a.settlement === 2);
		expect(share(olderRural, agrees('eu_membership'))).toBeLessThan(
			share(all, agrees('eu_membership')) - 0.05
		);
	});

	it('links trust in the EU to support for membership', () => {
		const trustsEu = (a: Answers) => [3, 4].includes((a.trust as Record<string, number>).eu ?? 0);
		const supporters = sub(agrees('eu_membership'));
		const opponents = sub((a) =>
			[1, 2].includes((a.attitudes as Record<string, number>).eu_membership ?? 0)
		);
		expect(share(supporters, trustsEu)).toBeGreaterThan(share(opponents, trustsEu) + 0.1);
	});

	it('has TV dominate for older people and social media for the young', () => {
		const young = sub(where('age_group', 1));
		const old = sub(where('age_group', 3));
		expect(share(old, uses(1))).toBeGreaterThan(share(young, uses(1)) + 0.15);
		expect(share(young, uses(3))).toBeGreaterThan(share(old, uses(3)) + 0.2);
		expect(share(old, where('main_source', 1))).toBeGreaterThan(0.5);
		expect(share(young, where('main_source', 3))).toBeGreaterThan(
			share(young, where('main_source', 1))
		);
	});

	it("leaves a few percent of don't-know answers and skews the sample as intended", () => {
		const dk = share(all, (a) => (a.attitudes as Record<string, number>).eu_membership === 98);
		expect(dk).toBeGreaterThan(0.01);
		expect(dk).toBeLessThan(0.08);
		// More urban and more female than the illustrative targets (0.58 and 0.54).
		expect(share(all, where('settlement', 1))).toBeGreaterThan(0.6);
		expect(share(all, where('sex', 2))).toBeGreaterThan(0.56);
	});

	it('stays fast enough for on-demand demo data', () => {
		const started = performance.now();
		generateSyntheticResponses({ ...BASE, respondentsPerWave: [10_000] });
		expect(performance.now() - started).toBeLessThan(3000);
	});
});
