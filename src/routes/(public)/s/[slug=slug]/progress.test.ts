import { describe, expect, it } from 'vitest';
import { restoreProgress, saveProgress } from './progress.ts';

function memory(): Storage {
	const values = new Map<string, string>();
	return {
		getItem: (key: string) => values.get(key) ?? null,
		setItem: (key: string, value: string) => void values.set(key, value)
	} as Storage;
}

const base = {
	slug: 's',
	token: null,
	version: 1,
	wave: 1,
	responseId: null,
	resumeKey: null,
	serverAnswers: null,
	serverSpent: null,
	serverSavedAt: null
};

describe('respondent progress', () => {
	it('starts a response once and continues it on a return visit', () => {
		const storage = memory();
		const first = restoreProgress(storage, base);
		expect(first.responseId).toMatch(/^[0-9a-f-]{36}$/);
		expect(first.resumeKey).toMatch(/^[a-z2-7]{26}$/);
		saveProgress(storage, { ...first, answers: { q1: 2 }, pageNo: 1 });
		const again = restoreProgress(storage, base);
		expect(again).toMatchObject({ responseId: first.responseId, answers: { q1: 2 }, pageNo: 1 });
	});

	it('remembers a completed survey, and starts afresh for a new version', () => {
		const storage = memory();
		const first = restoreProgress(storage, base);
		saveProgress(storage, { ...first, completed: true });
		expect(restoreProgress(storage, base).completed).toBe(true);
		const next = restoreProgress(storage, { ...base, version: 2 });
		expect(next.completed).toBe(false);
		expect(next.responseId).not.toBe(first.responseId);
	});

	it('continues a response the server names, adding answers only this browser has', () => {
		const storage = memory();
		const id = '6b1f0a2e-8c4d-4e5f-9a0b-1c2d3e4f5a6b';
		const here = restoreProgress(storage, { ...base, token: 'tok', responseId: id });
		saveProgress(storage, { ...here, answers: { q1: 1, q2: 3 }, pageNo: 2 });
		const resumed = restoreProgress(storage, {
			...base,
			token: 'tok',
			responseId: id,
			serverAnswers: { q1: 1 }
		});
		expect(resumed).toMatchObject({ responseId: id, answers: { q1: 1, q2: 3 }, pageNo: 2 });
		// Another device: only the server's answers, opening where they stop.
		const elsewhere = restoreProgress(memory(), {
			...base,
			responseId: id,
			resumeKey: 'abcdefghijklmnopqrstuvwxyz',
			serverAnswers: { q1: 1 }
		});
		expect(elsewhere).toMatchObject({ answers: { q1: 1 }, pageNo: undefined });
		expect(elsewhere.resumeKey).toBe('abcdefghijklmnopqrstuvwxyz');
	});

	it('carries the time and changes spent so far into the sessions that continue a response', () => {
		const storage = memory();
		const first = restoreProgress(storage, base);
		const started = Date.parse(first.spent!.startedAt);
		expect(Math.abs(started - Date.now())).toBeLessThan(5_000);
		const spent = {
			startedAt: '2026-03-01T10:00:00.000Z',
			pageTimesMs: { screener: 40_000 },
			changedAnswers: 2
		};
		saveProgress(storage, { ...first, spent });
		// A return visit on the same device goes on from this browser's record.
		expect(restoreProgress(storage, base).spent).toEqual(spent);
		// Another device, through the resume link: from the server's record.
		const id = '6b1f0a2e-8c4d-4e5f-9a0b-1c2d3e4f5a6b';
		const elsewhere = restoreProgress(memory(), {
			...base,
			responseId: id,
			resumeKey: 'abcdefghijklmnopqrstuvwxyz',
			serverAnswers: { q1: 1 },
			serverSpent: spent
		});
		expect(elsewhere.spent).toEqual(spent);
	});

	it('gives progress kept by an older page (without spent time) a start now', () => {
		const storage = memory();
		const first = restoreProgress(storage, base);
		const { spent: _dropped, ...older } = first;
		saveProgress(storage, older);
		expect(restoreProgress(storage, base).spent).toMatchObject({
			pageTimesMs: {},
			changedAnswers: 0
		});
	});

	it('starts afresh in a new wave: a browser that completed the last one is asked again', () => {
		const storage = memory();
		const first = restoreProgress(storage, base);
		saveProgress(storage, { ...first, completed: true });
		expect(restoreProgress(storage, base).completed).toBe(true);
		const next = restoreProgress(storage, { ...base, wave: 2 });
		expect(next).toMatchObject({ completed: false, answers: {}, wave: 2 });
		expect(next.responseId).not.toBe(first.responseId);
	});

	it('goes on from the server’s copy when the response was continued elsewhere since', () => {
		const storage = memory();
		const id = '6b1f0a2e-8c4d-4e5f-9a0b-1c2d3e4f5a6b';
		const resumed = { ...base, responseId: id, resumeKey: 'abcdefghijklmnopqrstuvwxyz' };
		const here = restoreProgress(storage, resumed);
		const spentHere = {
			startedAt: '2026-03-01T10:00:00.000Z',
			pageTimesMs: { p1: 1 },
			changedAnswers: 0
		};
		saveProgress(storage, { ...here, answers: { q1: 1 }, pageNo: 1, spent: spentHere }, 1_000);
		const spentThere = { ...spentHere, pageTimesMs: { p1: 1, p2: 9 }, changedAnswers: 3 };
		// Saved on another device at 2,000: this browser's older copy gives way.
		const later = restoreProgress(storage, {
			...resumed,
			serverAnswers: { q1: 2, q2: 1 },
			serverSpent: spentThere,
			serverSavedAt: 2_000
		});
		expect(later).toMatchObject({
			answers: { q1: 2, q2: 1 },
			pageNo: undefined,
			spent: spentThere
		});
		// Saved here after the server's copy: this browser's answers are the newer.
		saveProgress(storage, { ...later, answers: { q1: 2, q2: 2 } }, 3_000);
		const newer = restoreProgress(storage, {
			...resumed,
			serverAnswers: { q1: 2, q2: 1 },
			serverSpent: spentThere,
			serverSavedAt: 2_000
		});
		expect(newer.answers).toEqual({ q1: 2, q2: 2 });
	});
});
