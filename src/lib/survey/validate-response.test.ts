import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateSyntheticResponses } from '../server/demo/synthetic-responses.ts';
import type { QuestionnaireJson } from './questionnaire.ts';
import {
	createResponseValidator,
	validateResponse,
	type AnswerError,
	type ValidationResult
} from './validate-response.ts';

/**
 * A small poll: a screener page (adults living here), then media use with a follow-up shown only
 * to those who use some medium, a trust grid and a few optional questions.
 */
const poll: QuestionnaireJson = {
	triggers: [{ type: 'complete', expression: '{age} < 18 or {resident} = 2' }],
	calculatedValues: [
		{
			name: 'age_group',
			expression: 'iif({age} >= 55, 3, iif({age} >= 35, 2, 1))',
			includeIntoResult: true
		}
	],
	pages: [
		{
			name: 'screener',
			elements: [
				{ type: 'text', name: 'age', inputType: 'number', isRequired: true, min: 16, max: 100 },
				{ type: 'radiogroup', name: 'resident', isRequired: true, choices: [1, 2] }
			]
		},
		{
			name: 'media',
			elements: [
				{
					type: 'checkbox',
					name: 'media',
					isRequired: true,
					choices: [1, 2, 3],
					showNoneItem: true
				},
				{
					type: 'radiogroup',
					name: 'main_medium',
					isRequired: true,
					visibleIf: "{media} notempty and {media} notcontains 'none'",
					choices: [1, 2, 3],
					showOtherItem: true
				},
				{
					type: 'matrix',
					name: 'trust',
					isRequired: true,
					eachRowRequired: true,
					rows: ['gov', 'eu'],
					columns: [1, 2, 3, 98]
				}
			]
		},
		{
			name: 'extras',
			elements: [
				{ type: 'html', name: 'note', html: '<p>Almost done.</p>' },
				{ type: 'boolean', name: 'consent_recontact' },
				{ type: 'comment', name: 'remarks' },
				{
					type: 'multipletext',
					name: 'household',
					items: [{ name: 'adults', inputType: 'number' }]
				},
				{ type: 'ranking', name: 'priorities', choices: ['jobs', 'health', 'prices'] }
			]
		}
	]
};

/** A complete, valid set of answers from an eligible respondent; override what a test needs. */
function answers(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		age: 40,
		resident: 1,
		media: [1, 3],
		main_medium: 3,
		trust: { gov: 2, eu: 98 },
		...overrides
	};
}

function errorsOf(result: ValidationResult): AnswerError[] {
	if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.answers)}`);
	return result.errors;
}

function acceptedAnswers(result: ValidationResult): Record<string, unknown> {
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return result.answers;
}

const fields = (result: ValidationResult) => errorsOf(result).map((error) => error.field);

describe('validateResponse: keys and codes', () => {
	it('accepts a complete, valid response and adds the calculated value', () => {
		const result = validateResponse(poll, answers(), 'complete');
		expect(result).toEqual({
			ok: true,
			answers: { ...answers(), age_group: 2 },
			endedByTrigger: false
		});
	});

	it('refuses answers that are not an object', () => {
		for (const value of [null, [], 'age=40']) {
			expect(fields(validateResponse(poll, value, 'partial'))).toEqual(['answers']);
		}
	});

	it('refuses a key that is not a question, naming it', () => {
		const errors = errorsOf(
			validateResponse(poll, answers({ favourite_colour: 'blue' }), 'partial')
		);
		expect(errors).toEqual([
			{ field: 'favourite_colour', message: '"favourite_colour" is not a question of this survey.' }
		]);
	});

	it('refuses an answer to an html element', () => {
		expect(fields(validateResponse(poll, answers({ note: 'x' }), 'partial'))).toEqual(['note']);
	});

	it('refuses a value outside the choices', () => {
		const errors = errorsOf(validateResponse(poll, answers({ resident: 3 }), 'partial'));
		expect(errors).toEqual([
			{ field: 'resident', message: '"3" is not one of the choices of resident.' }
		]);
	});

	it('refuses a list where one choice is expected', () => {
		expect(fields(validateResponse(poll, answers({ resident: [1] }), 'partial'))).toEqual([
			'resident'
		]);
	});

	it("stores the questionnaire's code, not the client's string spelling of it", () => {
		const stored = acceptedAnswers(validateResponse(poll, answers({ resident: '1' }), 'complete'));
		expect(stored.resident).toBe(1);
	});

	it('accepts the other item with its comment', () => {
		const stored = acceptedAnswers(
			validateResponse(
				poll,
				answers({ main_medium: 'other', 'main_medium-Comment': 'Podcasts' }),
				'complete'
			)
		);
		expect(stored).toMatchObject({ main_medium: 'other', 'main_medium-Comment': 'Podcasts' });
	});

	it('refuses a comment that is not text', () => {
		const result = validateResponse(poll, answers({ 'main_medium-Comment': 42 }), 'partial');
		expect(errorsOf(result)).toEqual([
			{ field: 'main_medium-Comment', message: 'main_medium-Comment takes text.' }
		]);
	});

	it('refuses a checkbox answer that is not a list', () => {
		expect(fields(validateResponse(poll, answers({ media: 1 }), 'partial'))).toEqual(['media']);
	});

	it('refuses a checkbox choice given twice', () => {
		const errors = errorsOf(validateResponse(poll, answers({ media: [1, 1] }), 'partial'));
		expect(errors).toEqual([{ field: 'media', message: '"1" is chosen twice in media.' }]);
	});

	it('refuses none together with another choice', () => {
		const errors = errorsOf(validateResponse(poll, answers({ media: ['none', 2] }), 'partial'));
		expect(errors).toEqual([
			{ field: 'media', message: '"none" cannot be chosen together with other choices in media.' }
		]);
	});

	it('refuses an unknown checkbox choice', () => {
		expect(fields(validateResponse(poll, answers({ media: [1, 7] }), 'partial'))).toEqual([
			'media'
		]);
	});

	it('refuses a matrix row that does not exist', () => {
		const errors = errorsOf(
			validateResponse(poll, answers({ trust: { gov: 1, nato: 2 } }), 'partial')
		);
		expect(errors).toEqual([{ field: 'trust', message: '"nato" is not a row of trust.' }]);
	});

	it('refuses a matrix column that does not exist', () => {
		const errors = errorsOf(validateResponse(poll, answers({ trust: { gov: 7 } }), 'partial'));
		expect(errors).toEqual([
			{ field: 'trust', message: '"7" is not a column of trust (row gov).' }
		]);
	});

	it('refuses a matrix answer that is not an object', () => {
		expect(fields(validateResponse(poll, answers({ trust: [1, 2] }), 'partial'))).toEqual([
			'trust'
		]);
	});

	it.each([
		{ label: 'the string "40"', age: '40' },
		{ label: 'NaN', age: Number.NaN },
		{ label: 'Infinity', age: Number.POSITIVE_INFINITY }
	])('refuses $label for a number question', ({ age }) => {
		const errors = errorsOf(validateResponse(poll, answers({ age }), 'partial'));
		expect(errors).toEqual([{ field: 'age', message: 'age takes a number.' }]);
	});

	it('refuses a boolean answer that is neither yes nor no', () => {
		expect(
			fields(validateResponse(poll, answers({ consent_recontact: 'banana' }), 'partial'))
		).toEqual(['consent_recontact']);
	});

	it('accepts yes or no for a boolean', () => {
		const stored = acceptedAnswers(
			validateResponse(poll, answers({ consent_recontact: false }), 'complete')
		);
		expect(stored.consent_recontact).toBe(false);
	});

	it('refuses text that is not a string', () => {
		expect(
			fields(validateResponse(poll, answers({ remarks: { html: '<b>' } }), 'partial'))
		).toEqual(['remarks']);
	});

	it('refuses a multiple-text item that the question does not have', () => {
		const result = validateResponse(
			poll,
			answers({ household: { adults: 2, pets: 'cat' } }),
			'partial'
		);
		expect(fields(result)).toEqual(['household']);
	});

	it('refuses a comment for a question that has no comment box', () => {
		expect(
			fields(validateResponse(poll, answers({ 'age-Comment': 'free text' }), 'partial'))
		).toEqual(['age-Comment']);
	});

	it('refuses a ranking that is not a list', () => {
		expect(fields(validateResponse(poll, answers({ priorities: 'jobs' }), 'partial'))).toEqual([
			'priorities'
		]);
	});

	it('reports every bad answer at once', () => {
		const result = validateResponse(
			poll,
			answers({ resident: 5, media: 'tv', bogus: 1 }),
			'partial'
		);
		expect(fields(result)).toEqual(['resident', 'media', 'bogus']);
	});

	it('ignores null answers as unanswered', () => {
		const stored = acceptedAnswers(validateResponse(poll, answers({ remarks: null }), 'complete'));
		expect(stored).not.toHaveProperty('remarks');
	});
});

describe('validateResponse: completeness and routing', () => {
	it('refuses a complete response without a required answer, naming the question', () => {
		const { trust: _, ...withoutTrust } = answers();
		const errors = errorsOf(validateResponse(poll, withoutTrust, 'complete'));
		expect(errors.map((error) => error.field)).toEqual(['trust']);
		expect(errors[0]!.message).toMatch(/^trust: \S/);
	});

	it('refuses a complete response with a required matrix row missing', () => {
		expect(fields(validateResponse(poll, answers({ trust: { gov: 1 } }), 'complete'))).toEqual([
			'trust'
		]);
	});

	it("refuses a complete response that breaks the questionnaire's validators", () => {
		expect(fields(validateResponse(poll, answers({ age: 150 }), 'complete'))).toEqual(['age']);
	});

	it('accepts a partial response with answers still missing', () => {
		const result = validateResponse(poll, { age: 40, resident: 1, media: [2] }, 'partial');
		expect(acceptedAnswers(result)).toEqual({ age: 40, resident: 1, media: [2], age_group: 2 });
	});

	it('accepts an empty partial response', () => {
		expect(validateResponse(poll, {}, 'partial').ok).toBe(true);
	});

	it('accepts a respondent screened out by age with only the screener answers', () => {
		const result = validateResponse(poll, { age: 16, resident: 1 }, 'complete');
		expect(result).toEqual({
			ok: true,
			answers: { age: 16, resident: 1, age_group: 1 },
			endedByTrigger: true
		});
	});

	it('accepts a respondent screened out as non-resident', () => {
		const result = validateResponse(poll, { age: 40, resident: 2 }, 'complete');
		expect(result.ok && result.endedByTrigger).toBe(true);
	});

	it('still requires the screener answers of a screened-out respondent', () => {
		expect(fields(validateResponse(poll, { resident: 2 }, 'complete'))).toEqual(['age']);
	});

	it('recomputes calculated values and ignores the value the client sent', () => {
		const stored = acceptedAnswers(
			validateResponse(poll, answers({ age: 60, age_group: 1 }), 'complete')
		);
		expect(stored.age_group).toBe(3);
	});

	it('drops the answer to a question the respondent could not see', () => {
		const result = validateResponse(poll, answers({ media: ['none'], main_medium: 2 }), 'complete');
		expect(acceptedAnswers(result)).not.toHaveProperty('main_medium');
		expect(acceptedAnswers(result).media).toEqual(['none']);
	});

	it('drops the comment of a hidden question together with its answer', () => {
		const result = validateResponse(
			poll,
			answers({ media: ['none'], main_medium: 'other', 'main_medium-Comment': 'Podcasts' }),
			'complete'
		);
		expect(Object.keys(acceptedAnswers(result))).not.toContain('main_medium-Comment');
	});

	it('does not require a hidden question in a complete response', () => {
		const { main_medium: _, ...rest } = answers({ media: ['none'] });
		expect(validateResponse(poll, rest, 'complete').ok).toBe(true);
	});

	describe('a question inside a hidden panel is hidden too', () => {
		// The follow-up panel (itself inside another panel) shows only to those aware of the
		// programme; its question is required when shown.
		const withPanel: QuestionnaireJson = {
			pages: [
				{
					name: 'p1',
					elements: [
						{ type: 'radiogroup', name: 'aware', isRequired: true, choices: [1, 2] },
						{
							type: 'panel',
							name: 'outer',
							elements: [
								{
									type: 'panel',
									name: 'follow_up',
									visibleIf: '{aware} = 1',
									elements: [
										{ type: 'radiogroup', name: 'source', isRequired: true, choices: [1, 2, 3] }
									]
								}
							]
						}
					]
				}
			]
		};
		// The same questionnaire through the answer plan and through the SurveyJS model alone.
		const validators = {
			plan: createResponseValidator(withPanel),
			model: (answers: unknown, status: 'partial' | 'complete') =>
				validateResponse(withPanel, answers, status)
		};
		for (const [name, validate] of Object.entries(validators)) {
			it(`is not required, and its answer is dropped (${name})`, () => {
				expect(validate({ aware: 2 }, 'complete')).toEqual({
					ok: true,
					answers: { aware: 2 },
					endedByTrigger: false
				});
				expect(acceptedAnswers(validate({ aware: 2, source: 3 }, 'complete'))).toEqual({
					aware: 2
				});
			});

			it(`is required once the panel shows (${name})`, () => {
				expect(fields(validate({ aware: 1 }, 'complete'))).toEqual(['source']);
				expect(acceptedAnswers(validate({ aware: 1, source: 3 }, 'complete'))).toEqual({
					aware: 1,
					source: 3
				});
			});
		}
	});
});

describe('validateResponse against the demo questionnaire', () => {
	const path = fileURLToPath(new URL('../../../surveys/awareness-tracker.json', import.meta.url));
	const tracker = JSON.parse(readFileSync(path, 'utf8')) as QuestionnaireJson;
	const synthetic = generateSyntheticResponses({
		seed: 1,
		respondentsPerWave: [40, 40],
		firstWaveDate: '2026-01-15',
		monthsBetweenWaves: 3
	});

	it('accepts every synthetic response as complete, unchanged', () => {
		expect(synthetic).toHaveLength(80);
		const changed = synthetic
			.map((response) => ({
				response,
				result: validateResponse(tracker, response.answers, 'complete')
			}))
			.filter(
				({ response, result }) => !result.ok || !isDeepStrictEqual(result.answers, response.answers)
			)
			.map(({ response, result }) => ({ id: response.id, result }));
		expect(changed).toEqual([]);
	});

	it('refuses a synthetic response with a required answer removed', () => {
		const { region: _, ...withoutRegion } = synthetic[0]!.answers;
		expect(fields(validateResponse(tracker, withoutRegion, 'complete'))).toEqual(['region']);
	});

	it('gives the same results from one reused model as from a fresh model per submission', () => {
		const validate = createResponseValidator(tracker);
		// Interleave complete, partial, broken and screened-out submissions so that any state left
		// in the shared model by one of them would show in the next.
		const submissions = synthetic.slice(0, 16).flatMap((response, i) => {
			const { region: _, ...withoutRegion } = response.answers;
			return [
				{ answers: response.answers, status: 'complete' as const },
				{ answers: withoutRegion, status: 'complete' as const },
				{ answers: { age: 16 }, status: 'complete' as const },
				{ answers: { ...response.answers, region: 999 }, status: 'partial' as const },
				{ answers: { age: 30 + (i % 40) }, status: 'partial' as const }
			];
		});
		for (const { answers, status } of submissions) {
			expect(validate(answers, status)).toEqual(validateResponse(tracker, answers, status));
		}
	});
});
