/** Projects and their members. Role changes are audited; a project never loses its last owner. */
import type { Role } from '../../roles.ts';
import * as auditLog from '../db/audit-log.ts';
import type { Database } from '../db/index.ts';
import * as members from '../db/project-members.ts';
import * as projects from '../db/projects.ts';
import type { Project } from '../db/projects.ts';
import * as users from '../db/users.ts';
import { KeyedLock } from '../keyed-lock.ts';

/** Membership changes of one project run one at a time (see KeyedLock). */
const membership = new KeyedLock();

export type MemberResult = { ok: true } | { ok: false; field: string; message: string };

export async function createProject(
	db: Database,
	input: { name: string; description: string; ownerId: number }
): Promise<Project> {
	return db.transaction(async (tx) => {
		const project = await projects.create(tx, { ...input, createdBy: input.ownerId });
		await members.add(tx, project.id, input.ownerId, 'owner');
		await auditLog.record(tx, {
			userId: input.ownerId,
			projectId: project.id,
			action: 'project.create',
			objectType: 'project',
			objectId: project.id,
			details: { name: project.name }
		});
		return project;
	});
}

export async function addMember(
	db: Database,
	actorId: number,
	projectId: number,
	email: string,
	role: Role
): Promise<MemberResult> {
	const user = await users.findByEmail(db, email);
	if (!user)
		return {
			ok: false,
			field: 'email',
			message: 'No user has this e-mail address; an administrator creates accounts.'
		};
	if (await members.roleOf(db, projectId, user.id)) {
		return { ok: false, field: 'email', message: `${user.email} is a member already.` };
	}
	await db.transaction(async (tx) => {
		await members.add(tx, projectId, user.id, role);
		await auditLog.record(tx, {
			userId: actorId,
			projectId,
			action: 'member.add',
			objectType: 'user',
			objectId: user.id,
			details: { email: user.email, role }
		});
	});
	return { ok: true };
}

export async function changeRole(
	db: Database,
	actorId: number,
	projectId: number,
	userId: number,
	role: Role
): Promise<MemberResult> {
	return membership.run(String(projectId), () =>
		db.transaction(async (tx) => {
			const previous = await members.roleOf(tx, projectId, userId);
			if (!previous) return { ok: false, field: 'userId', message: 'This user is not a member.' };
			if (
				previous === 'owner' &&
				role !== 'owner' &&
				(await members.countOwners(tx, projectId)) === 1
			) {
				return { ok: false, field: 'role', message: 'A project needs at least one owner.' };
			}
			await members.setRole(tx, projectId, userId, role);
			await auditLog.record(tx, {
				userId: actorId,
				projectId,
				action: 'member.role-change',
				objectType: 'user',
				objectId: userId,
				details: { from: previous, to: role }
			});
			return { ok: true };
		})
	);
}

export async function removeMember(
	db: Database,
	actorId: number,
	projectId: number,
	userId: number
): Promise<MemberResult> {
	return membership.run(String(projectId), () =>
		db.transaction(async (tx) => {
			const previous = await members.roleOf(tx, projectId, userId);
			if (!previous) return { ok: false, field: 'userId', message: 'This user is not a member.' };
			if (previous === 'owner' && (await members.countOwners(tx, projectId)) === 1) {
				return { ok: false, field: 'userId', message: 'A project needs at least one owner.' };
			}
			await members.remove(tx, projectId, userId);
			await auditLog.record(tx, {
				userId: actorId,
				projectId,
				action: 'member.remove',
				objectType: 'user',
				objectId: userId,
				details: { role: previous }
			});
			return { ok: true };
		})
	);
}
