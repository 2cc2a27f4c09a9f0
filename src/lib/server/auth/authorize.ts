/**
 * The one authorization helper. Every load, form action and endpoint calls `authorize` first,
 * before it reads input or touches data; the route-walking test (tests/integration/authorization)
 * holds every route to the expected allow/deny table.
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { can, type Permission, type Role } from '../../roles.ts';
import { database } from '../db/index.ts';
import * as members from '../db/project-members.ts';
import * as projects from '../db/projects.ts';
import type { Project } from '../db/projects.ts';
import type { User } from '../db/users.ts';

export type Access =
	'public' | 'signed-in' | 'admin' | { projectId: number; permission: Permission };

/**
 * What authorization reads of a request: SvelteKit's RequestEvent, or the submission lane's
 * equivalent (src/lib/server/ingest/submission-lane.ts), which serves one public endpoint
 * outside SvelteKit.
 */
type Event = {
	locals: Pick<RequestEvent['locals'], 'user'>;
	url: URL;
	request: { method: string; headers: { get(name: string): string | null } };
};

export interface ProjectAccess {
	user: User;
	project: Project;
	/** The member's role; an administrator who is not a member acts as owner. */
	role: Role;
}

function requireSignedIn(event: Event): User {
	const user = event.locals.user;
	if (user) return user;
	const isPageRequest =
		event.request.method === 'GET' &&
		(event.request.headers.get('accept') ?? '').includes('text/html');
	if (isPageRequest) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/login?next=${encodeURIComponent(next)}`);
	}
	error(401, 'Sign in first.');
}

export async function authorize(event: Event, access: 'public'): Promise<{ user: User | null }>;
export async function authorize(
	event: Event,
	access: 'signed-in' | 'admin'
): Promise<{ user: User }>;
export async function authorize(
	event: Event,
	access: { projectId: number; permission: Permission }
): Promise<ProjectAccess>;
export async function authorize(event: Event, access: Access): Promise<unknown> {
	if (access === 'public') return { user: event.locals.user };
	const user = requireSignedIn(event);
	if (access === 'signed-in') return { user };
	if (access === 'admin') {
		if (!user.isAdmin) error(403, 'Only an administrator may do this.');
		return { user };
	}
	const db = await database();
	const project = Number.isSafeInteger(access.projectId)
		? await projects.findById(db, access.projectId)
		: undefined;
	const memberRole = project ? await members.roleOf(db, project.id, user.id) : null;
	const role: Role | null = memberRole ?? (user.isAdmin ? 'owner' : null);
	// Outsiders learn nothing about which projects exist.
	if (!project || role === null) error(404, 'Project not found.');
	if (!can(role, access.permission)) error(403, `Your role (${role}) does not allow this.`);
	return { user, project, role } satisfies ProjectAccess;
}
