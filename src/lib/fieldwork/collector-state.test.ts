import { describe, expect, it } from 'vitest';
import { collectorState, refusalMessage } from './collector-state.ts';

const at = (iso: string) => new Date(iso);
const limits = {
	opensAt: at('2026-03-01T00:00:00Z'),
	closesAt: at('2026-03-31T00:00:00Z'),
	responseCap: 100
};

describe('collectorState', () => {
	it('is open without limits', () => {
		expect(collectorState(null, 1_000_000, at('2030-01-01T00:00:00Z'))).toBe('open');
	});
	it('follows the opening and closing times, the closing time itself closed', () => {
		expect(collectorState(limits, 0, at('2026-02-28T23:59:59Z'))).toBe('not-yet-open');
		expect(collectorState(limits, 0, at('2026-03-01T00:00:00Z'))).toBe('open');
		expect(collectorState(limits, 0, at('2026-03-31T00:00:00Z'))).toBe('closed');
	});
	it('is full once the cap of completes is reached', () => {
		expect(collectorState(limits, 99, at('2026-03-10T00:00:00Z'))).toBe('open');
		expect(collectorState(limits, 100, at('2026-03-10T00:00:00Z'))).toBe('full');
	});
	it('shows the researcher’s message when closed or full, a fixed one before opening', () => {
		expect(refusalMessage('closed', 'Fieldwork ended on 31 March.')).toBe(
			'Fieldwork ended on 31 March.'
		);
		expect(refusalMessage('full', null)).toMatch(/all the responses it needs/);
		expect(refusalMessage('not-yet-open', 'ignored')).toMatch(/not open yet/);
		expect(refusalMessage('completed', 'ignored')).toMatch(/already completed/);
	});
	it('words its own messages in the respondent’s language, the researcher’s as written', () => {
		expect(refusalMessage('closed', null, 'ka')).toBe(
			'ეს გამოკითხვა დასრულებულია. გმადლობთ ინტერესისთვის.'
		);
		expect(refusalMessage('invalid-link', null, 'ru')).toBe(
			'Эта ссылка недействительна. Проверьте, полностью ли она скопирована.'
		);
		expect(refusalMessage('full', 'Fieldwork ended on 31 March.', 'ru')).toBe(
			'Fieldwork ended on 31 March.'
		);
		// A language without texts of ours reads English, as SurveyJS does.
		expect(refusalMessage('closed', null, 'az')).toBe(refusalMessage('closed', null, 'en'));
	});
});
