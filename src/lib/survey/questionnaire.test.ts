import { describe, expect, it } from 'vitest';
import {
	loadQuestionnaire,
	parseQuestionnaire,
	type QuestionnaireJson,
	type QuestionnaireProblem
} from './questionnaire.ts';

function questionnaire(...elements: Record<string, unknown>[]): QuestionnaireJson {
	return { title: 'Test poll', pages: [{ name: 'page1', elements }] };
}

function text(name: string, extra: Record<string, unknown> = {}) {
	return { type: 'text', name, ...extra };
}

function problemsOf(json: QuestionnaireJson): QuestionnaireProblem[] {
	const result = loadQuestionnaire(json);
	if (result.ok) throw new Error('expected the questionnaire to be refused');
	return result.problems;
}

describe('parseQuestionnaire', () => {
	it('returns the object for valid JSON', () => {
		expect(parseQuestionnaire('{"pages": []}')).toEqual({ ok: true, json: { pages: [] } });
	});

	it('reports invalid JSON with the parser message, on the "json" field', () => {
		const result = parseQuestionnaire('{"pages": [');
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toHaveLength(1);
		expect(result.problems[0]!.field).toBe('json');
		expect(result.problems[0]!.message).toMatch(/^The questionnaire is not valid JSON: \S/);
	});

	it.each([['[]'], ['"a survey"'], ['null'], ['42']])(
		'refuses %s, which is not an object',
		(input) => {
			expect(parseQuestionnaire(input)).toEqual({
				ok: false,
				problems: [
					{
						field: 'json',
						message: 'The questionnaire must be a JSON object with "pages" or "elements".'
					}
				]
			});
		}
	);
});

describe('loadQuestionnaire', () => {
	it('loads a valid questionnaire with its default-language title', () => {
		const result = loadQuestionnaire({
			...questionnaire(text('age', { inputType: 'number' })),
			title: { default: 'Omnibus', ka: 'ომნიბუსი' }
		});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.title).toBe('Omnibus');
		expect(result.warnings).toEqual([]);
		expect(result.model.getQuestionByName('age').getType()).toBe('text');
	});

	it('falls back to a placeholder title', () => {
		const result = loadQuestionnaire({ pages: [{ name: 'p', elements: [text('age')] }] });
		expect(result.ok && result.title).toBe('Untitled questionnaire');
	});

	it('refuses a questionnaire without questions', () => {
		expect(problemsOf({ pages: [] })).toEqual([
			{ field: 'json', message: 'The questionnaire has no questions.' }
		]);
	});

	it('refuses a questionnaire with nothing to answer but html', () => {
		const problems = problemsOf(questionnaire({ type: 'html', name: 'intro', html: '<p>Hi</p>' }));
		expect(problems).toContainEqual({
			field: 'json',
			message: 'The questionnaire has no questions.'
		});
	});

	it('refuses an unknown element type', () => {
		expect(loadQuestionnaire(questionnaire(text('age'), { type: 'gizmo', name: 'q1' })).ok).toBe(
			false
		);
	});

	it('names the element and its type when the type is unknown', () => {
		const problems = problemsOf(questionnaire(text('age'), { type: 'gizmo', name: 'q1' }));
		expect(problems).toHaveLength(1);
		expect(problems[0]!.field).toBe('q1');
		expect(problems[0]!.message).toContain('gizmo');
	});

	it('refuses a type SurveyJS knows but Barometer cannot analyse, naming the question', () => {
		expect(
			problemsOf(questionnaire(text('age'), { type: 'signaturepad', name: 'signature' }))
		).toEqual([
			{
				field: 'signature',
				message: 'Question "signature" has type "signaturepad", which Barometer cannot analyse yet.'
			}
		]);
	});

	it.each([['1st_choice'], ['has space'], ['dash-name'], ['x'.repeat(65)], ['ümlaut']])(
		'refuses the variable name %j, naming it',
		(name) => {
			expect(problemsOf(questionnaire(text(name)))).toEqual([
				{
					field: name,
					message: `Question name "${name}" must start with a letter and use only letters, digits and _ (at most 64).`
				}
			]);
		}
	);

	it('accepts a 64-character name of letters, digits and underscores', () => {
		expect(loadQuestionnaire(questionnaire(text(`q${'_1'.repeat(31)}a`))).ok).toBe(true);
	});

	it('refuses a name used twice, across pages too', () => {
		const json = {
			pages: [
				{ name: 'p1', elements: [text('region')] },
				{ name: 'p2', elements: [{ type: 'comment', name: 'region' }] }
			]
		};
		expect(problemsOf(json)).toEqual([
			{ field: 'region', message: 'Question name "region" is used twice.' }
		]);
	});

	it('refuses a question whose valueName collides with another question', () => {
		const problems = problemsOf(questionnaire(text('age'), text('age2', { valueName: 'age' })));
		expect(problems).toEqual([{ field: 'age', message: 'Question name "age" is used twice.' }]);
	});

	it('checks names of questions inside panels', () => {
		const panel = { type: 'panel', name: 'block', elements: [text('bad name')] };
		expect(problemsOf(questionnaire(text('age'), panel)).map((p) => p.field)).toEqual(['bad name']);
	});

	it('refuses a result-carrying calculated value named like a question', () => {
		const json = {
			...questionnaire(text('age')),
			calculatedValues: [{ name: 'age', expression: '1', includeIntoResult: true }]
		};
		expect(problemsOf(json)).toEqual([
			{ field: 'age', message: 'Calculated value "age" has the name of a question.' }
		]);
	});

	it('reports a missing required property as a problem', () => {
		const problems = problemsOf(questionnaire(text('age'), { type: 'radiogroup', choices: [1] }));
		expect(problems).toEqual([
			{ field: 'json', message: "The property 'name' is required in class 'radiogroup'." }
		]);
	});

	it('keeps unknown properties as warnings, not problems', () => {
		const result = loadQuestionnaire(questionnaire(text('age', { futureFeature: true })));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.warnings).toHaveLength(1);
		expect(result.warnings[0]!.message).toContain('futureFeature');
	});

	it('collects every problem, not only the first', () => {
		const problems = problemsOf(questionnaire(text('ok'), text('bad name'), text('ok')));
		expect(problems.map((p) => p.field)).toEqual(['bad name', 'ok']);
	});
});
