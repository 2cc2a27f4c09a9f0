import { describe, expect, it } from 'vitest';
import { deviceClassFor, interviewSubmission } from './interview-paradata.ts';

describe('deviceClassFor', () => {
	it.each([
		[{ width: 390, height: 844 }, 5, 'phone'],
		[{ width: 844, height: 390 }, 5, 'phone'],
		[{ width: 360, height: 640 }, 0, 'phone'],
		[{ width: 768, height: 1024 }, 5, 'tablet'],
		[{ width: 1280, height: 800 }, 10, 'tablet'],
		[{ width: 1366, height: 768 }, 0, 'desktop'],
		[{ width: 1920, height: 1080 }, 0, 'desktop'],
		[{ width: 2560, height: 1440 }, 10, 'desktop']
	] as const)('%o with %i touch points is a %s', (screen, touchPoints, expected) => {
		expect(deviceClassFor(screen, touchPoints)).toBe(expected);
	});
});

describe('interviewSubmission', () => {
	const interview = {
		id: '0b7f0c1e-2f7c-4a43-9d8e-3f0a51c6f0a1',
		version: 3,
		answers: { aware: 1 },
		startedAt: new Date('2026-03-01T10:00:00.000Z'),
		endedAt: new Date('2026-03-01T10:07:30.250Z'),
		language: 'ka',
		deviceClass: 'tablet' as const,
		order: { choices: { aware: [2, 1, 98] } },
		answerParadata: { pageTimesMs: { p1: 200_000, p2: 250_250 }, changedAnswers: 2 },
		position: null
	};

	it('is a complete submission with the interview paradata', () => {
		expect(interviewSubmission(interview)).toEqual({
			id: interview.id,
			version: 3,
			status: 'complete',
			answers: { aware: 1 },
			startedAt: '2026-03-01T10:00:00.000Z',
			paradata: {
				language: 'ka',
				durationMs: 450_250,
				endedAt: '2026-03-01T10:07:30.250Z',
				deviceClass: 'tablet',
				order: { choices: { aware: [2, 1, 98] } },
				pageTimesMs: { p1: 200_000, p2: 250_250 },
				changedAnswers: 2
			}
		});
	});

	it('carries the position only when there is one', () => {
		const position = { lat: 41.7151, lon: 44.8271, accuracy: 12 };
		expect(interviewSubmission({ ...interview, position }).paradata.gps).toEqual(position);
		expect('gps' in interviewSubmission(interview).paradata).toBe(false);
	});

	it('never reports a negative duration when the device clock went back', () => {
		const endedAt = new Date('2026-03-01T09:59:00.000Z');
		expect(interviewSubmission({ ...interview, endedAt }).paradata.durationMs).toBe(0);
	});
});
