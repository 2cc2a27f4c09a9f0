import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import {
	deleteSessionCookie,
	sessionCookieName,
	setSessionCookie,
	validateSessionToken
} from '$lib/server/auth/session';
import { readConfig } from '$lib/server/config';
import { database } from '$lib/server/db';
import { registerLane, submissionLane } from '$lib/server/ingest/submission-lane';
import { firstStart } from '$lib/server/setup/first-start';
import { preferredRespondentLocale, respondentText } from '$lib/survey/respondent-text';

export const init: ServerInit = async () => {
	const db = await database();
	await firstStart(db, readConfig());
	// bin/server.js answers respondents' submissions through this lane, in front of SvelteKit.
	registerLane(submissionLane);
};

const handleSession: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(sessionCookieName);
	if (!token) {
		event.locals.user = null;
		event.locals.session = null;
		return resolve(event);
	}
	const { session, user } = await validateSessionToken(await database(), token);
	if (session) setSessionCookie(event.cookies, event.url, token, session.expiresAt);
	else deleteSessionCookie(event.cookies, event.url);
	event.locals.user = user;
	event.locals.session = session;
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	return response;
};

export const handle = sequence(handleSession, securityHeaders);

/** Unexpected errors are logged once, with what was being asked; the user sees a plain message. */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status >= 500) {
		console.error(
			`[${new Date().toISOString()}] ${event.request.method} ${event.url.pathname} failed:`,
			error
		);
		return { message: 'Something went wrong on the server; the error has been logged.' };
	}
	// A survey link no route takes (mistyped, say): the respondent reads it in their language.
	if (status === 404 && event.url.pathname.startsWith('/s/')) {
		const lang = preferredRespondentLocale(event.request.headers.get('accept-language'));
		return { message: respondentText(lang).notFound, lang };
	}
	return { message };
};
