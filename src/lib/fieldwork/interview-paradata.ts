/**
 * What an interview records besides the answers, and the body the device sends. Pure apart from
 * `currentPosition`, which asks the browser (and is only called after the interviewer ticked the
 * respondent's consent). The interviewer is not in the body: the server takes it from the session.
 */
import type { AnswerParadata } from '../survey/answer-paradata.ts';
import type { ShownOrder } from '../survey/shown-order.ts';

export type DeviceClass = 'phone' | 'tablet' | 'desktop';

export interface Position {
	lat: number;
	lon: number;
	/** Metres. */
	accuracy: number;
}

/** Mirrors the server's interview schema (src/lib/server/fieldwork/interview-submission.ts). */
export interface InterviewSubmission {
	id: string;
	version: number;
	status: 'complete';
	answers: Record<string, unknown>;
	startedAt: string;
	paradata: {
		language: string;
		durationMs: number;
		endedAt: string;
		deviceClass: DeviceClass;
		order: ShownOrder;
		/** As the web page records them (answer-paradata.ts). */
		pageTimesMs: Record<string, number>;
		changedAnswers: number;
		gps?: Position;
	};
}

/**
 * Phone when the screen's short side is under 600 CSS pixels. Tablets and laptops overlap in size
 * (an iPad and a 1366×768 laptop both have a 768-pixel short side), so a touch screen up to
 * 1100 pixels on its short side counts as a tablet and anything else as a desktop.
 */
export function deviceClassFor(
	screen: { width: number; height: number },
	touchPoints: number
): DeviceClass {
	const shortSide = Math.min(screen.width, screen.height);
	if (shortSide < 600) return 'phone';
	if (touchPoints > 0 && shortSide <= 1100) return 'tablet';
	return 'desktop';
}

export function interviewSubmission(interview: {
	id: string;
	version: number;
	answers: Record<string, unknown>;
	startedAt: Date;
	endedAt: Date;
	language: string;
	deviceClass: DeviceClass;
	order: ShownOrder;
	/** Time on each page and answers changed, from trackAnswerParadata. */
	answerParadata: AnswerParadata;
	/** Only with the respondent's consent, and only when the browser gave a position. */
	position: Position | null;
}): InterviewSubmission {
	return {
		id: interview.id,
		version: interview.version,
		status: 'complete',
		answers: interview.answers,
		startedAt: interview.startedAt.toISOString(),
		paradata: {
			language: interview.language,
			durationMs: Math.max(
				0,
				Math.round(interview.endedAt.getTime() - interview.startedAt.getTime())
			),
			endedAt: interview.endedAt.toISOString(),
			deviceClass: interview.deviceClass,
			order: interview.order,
			pageTimesMs: interview.answerParadata.pageTimesMs,
			changedAnswers: interview.answerParadata.changedAnswers,
			...(interview.position ? { gps: interview.position } : {})
		}
	};
}

/** The device's position, or null when it is refused, unavailable or too slow in coming. */
export function currentPosition(
	geolocation: Geolocation,
	timeoutMs = 20_000
): Promise<Position | null> {
	return new Promise((resolve) => {
		geolocation.getCurrentPosition(
			({ coords }) =>
				resolve({ lat: coords.latitude, lon: coords.longitude, accuracy: coords.accuracy }),
			() => resolve(null),
			{ enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 }
		);
	});
}
