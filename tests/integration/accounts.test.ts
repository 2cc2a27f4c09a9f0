/** Signing in and out against the built server: cookies, messages, throttling, sessions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from './support/client.ts';
import { signedIn } from './support/fixtures.ts';
import { adminCredentials, startServer, type TestServer } from './support/server.ts';

let server: TestServer;

beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => server?.stop());

async function createUser(email: string, password: string) {
	const admin = await signedIn(server, adminCredentials.email, adminCredentials.password);
	const created = await admin.action('/admin/users?/create', { email, name: email, password });
	expect(created.type, created.message).toBe('success');
}

describe('signing in', () => {
	it('sets an httpOnly, SameSite=Lax session cookie holding a long random token', async () => {
		const response = await fetch(`${server.origin}/login`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: server.origin,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams(adminCredentials).toString()
		});
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/projects');
		const cookie = response.headers
			.getSetCookie()
			.find((line) => line.startsWith('barometer_session='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).toMatch(/Path=\//);
		const token = /barometer_session=([^;]+)/.exec(cookie)![1]!;
		expect(token.length).toBeGreaterThanOrEqual(32);
	});

	it('gives the same message for an unknown user and a wrong password', async () => {
		const unknown = await new Client(server.origin).login(
			'nobody@example.org',
			'whatever-password'
		);
		const wrong = await new Client(server.origin).login(adminCredentials.email, 'wrong-password-1');
		expect(unknown.status).toBe(400);
		expect(wrong.status).toBe(400);
		const message = 'Unknown e-mail address or wrong password.';
		expect(JSON.stringify(unknown.data)).toContain(message);
		expect(JSON.stringify(wrong.data)).toContain(message);
		expect(JSON.stringify(wrong.data).replace(adminCredentials.email, 'X')).toBe(
			JSON.stringify(unknown.data).replace('nobody@example.org', 'X')
		);
	});

	it('answers the 11th failure within 15 minutes with 429 and Retry-After', async () => {
		await createUser('throttled@example.org', 'throttled-password-1');
		const client = new Client(server.origin);
		for (let attempt = 0; attempt < 10; attempt++) {
			expect((await client.login('throttled@example.org', 'bad-password')).status).toBe(400);
		}
		const response = await client.request('/login', {
			method: 'POST',
			headers: {
				origin: server.origin,
				accept: 'application/json',
				'x-sveltekit-action': 'true',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({
				email: 'throttled@example.org',
				password: 'throttled-password-1'
			}).toString()
		});
		const body = await response.json();
		expect(body.status).toBe(429);
		expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
	});

	it('signs out one session, or all of them', async () => {
		await createUser('sessions@example.org', 'sessions-password-1');
		const phone = await signedIn(server, 'sessions@example.org', 'sessions-password-1');
		const laptop = await signedIn(server, 'sessions@example.org', 'sessions-password-1');
		const desk = await signedIn(server, 'sessions@example.org', 'sessions-password-1');
		expect((await phone.action('/account?/logout')).location).toBe('/login');
		expect((await phone.page('/projects')).status).toBe(303);
		expect((await laptop.page('/projects')).status).toBe(200);
		await laptop.action('/account?/logoutEverywhere');
		expect((await desk.page('/projects')).status).toBe(303);
		expect((await laptop.page('/projects')).status).toBe(303);
	});

	it('changes a password, keeping this session and ending the others', async () => {
		await createUser('changer@example.org', 'changer-password-1');
		const here = await signedIn(server, 'changer@example.org', 'changer-password-1');
		const elsewhere = await signedIn(server, 'changer@example.org', 'changer-password-1');
		const wrong = await here.action('/account?/changePassword', {
			current: 'nope',
			next: 'changer-password-2'
		});
		expect(wrong.status).toBe(400);
		const short = await here.action('/account?/changePassword', {
			current: 'changer-password-1',
			next: 'short'
		});
		expect(short.status).toBe(400);
		const changed = await here.action('/account?/changePassword', {
			current: 'changer-password-1',
			next: 'changer-password-2'
		});
		expect(changed.type).toBe('success');
		expect((await here.page('/projects')).status).toBe(200);
		expect((await elsewhere.page('/projects')).status).toBe(303);
		expect(
			(await new Client(server.origin).login('changer@example.org', 'changer-password-2')).type
		).toBe('redirect');
	});

	it('refuses a form posted from another origin', async () => {
		const response = await fetch(`${server.origin}/login`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: 'http://evil.example',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams(adminCredentials).toString()
		});
		expect(response.status).toBe(403);
	});
});
