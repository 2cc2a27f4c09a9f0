import { describe, expect, it } from 'vitest';
import { marginKey } from './ipf.ts';
import {
	marginsFromRows,
	parseTargetsCsv,
	resolveMargins,
	TargetsError,
	type MarginSpec,
	type TargetRow
} from './targets.ts';

const csv = (...lines: string[]) => lines.join('\n');

const spec = (variables: string[], targets: Record<string, number>): MarginSpec => ({
	variables,
	targets: new Map(
		Object.entries(targets).map(([key, value]) => [marginKey(key.split('*')), value])
	)
});

/** Respondents per category key, as computeWeights counts them. */
const seen = (counts: Record<string, number>) =>
	new Map(Object.entries(counts).map(([key, value]) => [marginKey(key.split('*')), value]));

const asObject = (targets: Map<string, number>) =>
	Object.fromEntries([...targets].map(([key, value]) => [key.split('\u001f').join('*'), value]));

describe('parseTargetsCsv', () => {
	it('reads rows under the header', () => {
		expect(parseTargetsCsv(csv('variable,category,target', 'sex,F,0.51', 'sex,M,0.49'))).toEqual([
			{ variable: 'sex', category: 'F', target: 0.51 },
			{ variable: 'sex', category: 'M', target: 0.49 }
		]);
	});

	it('accepts a byte order mark, CRLF line ends, a capitalised header and blank lines', () => {
		const text = '\uFEFFVariable, Category ,TARGET\r\nsex,F,510\r\n\r\nsex,M,490\r\n';
		expect(parseTargetsCsv(text)).toEqual([
			{ variable: 'sex', category: 'F', target: 510 },
			{ variable: 'sex', category: 'M', target: 490 }
		]);
	});

	it('refuses a file without the header', () => {
		expect(() => parseTargetsCsv(csv('sex,F,0.51'))).toThrow(TargetsError);
		expect(() => parseTargetsCsv(csv('variable,target,category', 'sex,0.5,F'))).toThrow(
			/header "variable,category,target"/
		);
		expect(() => parseTargetsCsv('')).toThrow(TargetsError);
	});

	it('reads quoted fields with commas and doubled quotes', () => {
		const rows = parseTargetsCsv(
			csv('variable,category,target', '"region","Kvemo Kartli, Rustavi",0.2', 'q1,"the ""best""",5')
		);
		expect(rows).toEqual([
			{ variable: 'region', category: 'Kvemo Kartli, Rustavi', target: 0.2 },
			{ variable: 'q1', category: 'the "best"', target: 5 }
		]);
	});

	it('accepts a quoted header, as R write.csv writes it', () => {
		const text = csv('"variable","category","target"', '"sex","F",0.51', '"sex","M",0.49');
		expect(parseTargetsCsv(text)).toHaveLength(2);
	});

	it('names the line of a target that is not a number', () => {
		expect(() =>
			parseTargetsCsv(csv('variable,category,target', 'sex,F,0.5', 'sex,M,half'))
		).toThrow(/^Line 3 of the targets file: target is not a number\.$/);
	});

	it('counts blank lines when naming the line of an error', () => {
		const text = csv('variable,category,target', 'sex,F,0.5', '', 'sex,M,half');
		expect(() => parseTargetsCsv(text)).toThrow(/^Line 4 of the targets file/);
	});

	it('refuses an empty target instead of reading it as 0', () => {
		expect(() => parseTargetsCsv(csv('variable,category,target', 'sex,F,'))).toThrow(
			/Line 2 of the targets file/
		);
	});

	it('refuses negative targets and rows with the wrong number of fields', () => {
		expect(() => parseTargetsCsv(csv('variable,category,target', 'sex,F,-1'))).toThrow(
			/Line 2 .*negative/
		);
		expect(() => parseTargetsCsv(csv('variable,category,target', 'sex,F,1,2'))).toThrow(
			/Line 2 of the targets file has 4 fields instead of 3/
		);
		expect(() => parseTargetsCsv(csv('variable,category,target', ',F,1'))).toThrow(
			/Line 2 .*variable is empty/
		);
	});
});

describe('marginsFromRows', () => {
	const row = (variable: string, category: string, target: number): TargetRow => ({
		variable,
		category,
		target
	});

	it('groups rows into one margin per variable, in the order met', () => {
		const margins = marginsFromRows([
			row('sex', 'F', 0.5),
			row('age', '18-34', 0.3),
			row('sex', 'M', 0.5),
			row('age', '35+', 0.7)
		]);
		expect(margins.map((m) => m.variables)).toEqual([['sex'], ['age']]);
		expect(asObject(margins[0]!.targets)).toEqual({ F: 0.5, M: 0.5 });
		expect(asObject(margins[1]!.targets)).toEqual({ '18-34': 0.3, '35+': 0.7 });
	});

	it('reads a joint margin written with *', () => {
		const [joint] = marginsFromRows([
			row('region * sex', '1 * F', 0.2),
			row('region * sex', '1*M', 0.3),
			row('region * sex', '2*F', 0.25),
			row('region * sex', '2*M', 0.25)
		]);
		expect(joint!.variables).toEqual(['region', 'sex']);
		expect(joint!.targets.get(marginKey(['1', 'F']))).toBe(0.2);
		expect(joint!.targets.size).toBe(4);
	});

	it('refuses a joint category with the wrong number of parts', () => {
		expect(() => marginsFromRows([row('region*sex', '1', 0.2)])).toThrow(/needs 2 parts/);
	});

	it('refuses a category listed twice', () => {
		expect(() => marginsFromRows([row('sex', 'F', 0.5), row('sex', 'F', 0.4)])).toThrow(
			'Target sex = F is listed twice.'
		);
	});
});

describe('resolveMargins', () => {
	const sex = spec(['sex'], { F: 0.5, M: 0.5 });
	const age = spec(['age'], { young: 0.4, old: 0.6 });
	const variables = ['sex', 'age'];
	const observed = [seen({ F: 6, M: 4 }), seen({ young: 3, old: 7 })];

	it('scales proportions to the base total', () => {
		const resolved = resolveMargins([sex, age], variables, observed, 200);
		expect(resolved.kind).toBe('proportions');
		expect(resolved.totals).toBe(200);
		expect(resolved.warnings).toEqual([]);
		expect(resolved.margins.map((m) => m.variables)).toEqual([[0], [1]]);
		expect(asObject(resolved.margins[0]!.targets)).toEqual({ F: 100, M: 100 });
		expect(asObject(resolved.margins[1]!.targets)).toEqual({ young: 80, old: 120 });
	});

	it('maps the variables of a joint margin to their indices', () => {
		const joint = spec(['age', 'sex'], {
			'young*F': 0.2,
			'young*M': 0.2,
			'old*F': 0.3,
			'old*M': 0.3
		});
		const resolved = resolveMargins(
			[joint],
			variables,
			[seen({ 'young*F': 1, 'young*M': 2, 'old*F': 3, 'old*M': 4 })],
			10
		);
		expect(resolved.margins[0]!.variables).toEqual([1, 0]);
		expect(resolved.margins[0]!.targets.get(marginKey(['old', 'M']))).toBeCloseTo(3, 12);
	});

	it('refuses a target category without respondents, naming variable and category', () => {
		const withEmpty = spec(['sex'], { F: 0.5, M: 0.4, X: 0.1 });
		expect(() => resolveMargins([withEmpty], ['sex'], [seen({ F: 6, M: 4 })], 10)).toThrow(
			/^Target category sex = X has no respondents/
		);
	});

	it('drops an empty target category with a warning when asked, and normalises the rest', () => {
		const withEmpty = spec(['sex'], { F: 0.5, M: 0.4, X: 0.1 });
		const resolved = resolveMargins([withEmpty], ['sex'], [seen({ F: 6, M: 4 })], 10, {
			dropEmptyTargets: true
		});
		expect(resolved.warnings[0]).toBe('Dropped target category sex = X: no respondents.');
		expect(resolved.warnings[1]).toMatch(/Targets of sex sum to 0\.900000, not 1; normalised\./);
		const targets = asObject(resolved.margins[0]!.targets);
		expect(Object.keys(targets)).toEqual(['F', 'M']);
		expect(targets.F).toBeCloseTo((10 * 0.5) / 0.9, 12);
		expect(targets.M).toBeCloseTo((10 * 0.4) / 0.9, 12);
	});

	it('drops an empty target of 0 without a warning', () => {
		const withZero = spec(['sex'], { F: 0.5, M: 0.5, X: 0 });
		const resolved = resolveMargins([withZero], ['sex'], [seen({ F: 6, M: 4 })], 10, {
			dropEmptyTargets: true
		});
		expect(resolved.warnings).toEqual([]);
		expect(resolved.margins[0]!.targets.size).toBe(2);
	});

	it('refuses a data category that has no target, naming it', () => {
		expect(() =>
			resolveMargins([sex], ['sex'], [seen({ F: 6, M: 3, 'Non-binary': 1 })], 10)
		).toThrow('Category Non-binary of sex is in the data but has no target.');
	});

	it('refuses a target of 0 for a category with respondents', () => {
		const zero = spec(['sex'], { F: 1, M: 0 });
		expect(() => resolveMargins([zero], ['sex'], [seen({ F: 6, M: 4 })], 10)).toThrow(
			/sex = M is 0 but has respondents/
		);
	});

	it('normalises proportions that do not sum to 1, with a warning', () => {
		const off = spec(['sex'], { F: 0.6, M: 0.6 });
		const resolved = resolveMargins([off], ['sex'], [seen({ F: 6, M: 4 })], 10);
		expect(resolved.warnings).toEqual(['Targets of sex sum to 1.20000, not 1; normalised.']);
		expect(asObject(resolved.margins[0]!.targets)).toEqual({ F: 5, M: 5 });
	});

	it('keeps counts and rescales a margin whose total differs from the first, with a warning', () => {
		const sexCounts = spec(['sex'], { F: 510, M: 490 });
		const ageCounts = spec(['age'], { young: 300, old: 200 });
		const resolved = resolveMargins([sexCounts, ageCounts], variables, observed, 10);
		expect(resolved.kind).toBe('counts');
		expect(resolved.totals).toBe(1000);
		expect(asObject(resolved.margins[0]!.targets)).toEqual({ F: 510, M: 490 });
		expect(asObject(resolved.margins[1]!.targets)).toEqual({ young: 600, old: 400 });
		expect(resolved.warnings).toEqual([
			'Targets of age total 500, not 1000 like the first margin; rescaled to 1000.'
		]);
	});

	it('refuses proportions mixed with counts', () => {
		const sexCounts = spec(['sex'], { F: 510, M: 490 });
		expect(() => resolveMargins([sexCounts, age], variables, observed, 10)).toThrow(
			/proportions and others as counts/
		);
	});
});
