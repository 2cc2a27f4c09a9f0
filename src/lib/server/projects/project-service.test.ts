import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../roles.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import * as members from '../db/project-members.ts';
import { sql } from '../db/sql.ts';
import * as users from '../db/users.ts';
import type { User } from '../db/users.ts';
import { addMember, changeRole, createProject, removeMember } from './project-service.ts';

let db: Database;
let owner: User;
let projectId: number;

beforeEach(async () => {
	db = await openDatabase(':memory:');
	await migrate(db);
	owner = await createUser('owner@example.org');
	projectId = (
		await createProject(db, { name: 'Omnibus 2026', description: 'Wave study', ownerId: owner.id })
	).id;
});

afterEach(async () => {
	await db.close();
});

function createUser(email: string): Promise<User> {
	return users.create(db, {
		email,
		name: email.split('@')[0]!,
		passwordHash: null,
		isAdmin: false
	});
}

/** A user who is a member of the project with `role`. */
async function member(email: string, role: Role): Promise<User> {
	const user = await createUser(email);
	const result = await addMember(db, owner.id, projectId, email, role);
	if (!result.ok) throw new Error(result.message);
	return user;
}

async function auditEntries(
	action: string
): Promise<{ userId: number; objectId: string; details: unknown }[]> {
	const rows = await db.all<{ userId: number; objectId: string; details: string }>(
		sql(
			`SELECT user_id AS "userId", object_id AS "objectId", details FROM audit_log
			WHERE project_id = ? AND action = ? ORDER BY id`,
			projectId,
			action
		)
	);
	return rows.map((row) => ({ ...row, details: JSON.parse(row.details) }));
}

describe('createProject', () => {
	it('makes the creator its owner and audits the creation', async () => {
		expect(await members.roleOf(db, projectId, owner.id)).toBe('owner');
		expect(await auditEntries('project.create')).toEqual([
			{ userId: owner.id, objectId: String(projectId), details: { name: 'Omnibus 2026' } }
		]);
	});
});

describe('addMember', () => {
	it('adds an existing user with the role and audits it', async () => {
		const analyst = await member('Analyst@Example.org', 'analyst');
		expect(await members.roleOf(db, projectId, analyst.id)).toBe('analyst');
		expect(await auditEntries('member.add')).toEqual([
			{
				userId: owner.id,
				objectId: String(analyst.id),
				details: { email: 'analyst@example.org', role: 'analyst' }
			}
		]);
	});

	it('refuses an unknown e-mail address', async () => {
		const result = await addMember(db, owner.id, projectId, 'nobody@example.org', 'viewer');
		expect(result).toMatchObject({ ok: false, field: 'email' });
	});

	it('refuses someone who is a member already, keeping their role', async () => {
		const viewer = await member('viewer@example.org', 'viewer');
		const result = await addMember(db, owner.id, projectId, 'VIEWER@example.org', 'owner');
		expect(result).toEqual({
			ok: false,
			field: 'email',
			message: 'viewer@example.org is a member already.'
		});
		expect(await members.roleOf(db, projectId, viewer.id)).toBe('viewer');
	});
});

describe('changeRole', () => {
	it('changes the role and audits from and to', async () => {
		const researcher = await member('researcher@example.org', 'researcher');
		expect(await changeRole(db, owner.id, projectId, researcher.id, 'analyst')).toEqual({
			ok: true
		});
		expect(await members.roleOf(db, projectId, researcher.id)).toBe('analyst');
		expect(await auditEntries('member.role-change')).toEqual([
			{
				userId: owner.id,
				objectId: String(researcher.id),
				details: { from: 'researcher', to: 'analyst' }
			}
		]);
	});

	it('refuses to demote the last owner, and audits nothing', async () => {
		const result = await changeRole(db, owner.id, projectId, owner.id, 'researcher');
		expect(result).toEqual({
			ok: false,
			field: 'role',
			message: 'A project needs at least one owner.'
		});
		expect(await members.roleOf(db, projectId, owner.id)).toBe('owner');
		expect(await auditEntries('member.role-change')).toEqual([]);
	});

	it('lets an owner step down while another owner remains', async () => {
		const second = await member('second@example.org', 'owner');
		expect(await changeRole(db, second.id, projectId, owner.id, 'viewer')).toEqual({ ok: true });
		expect(await members.countOwners(db, projectId)).toBe(1);
		expect(await changeRole(db, second.id, projectId, second.id, 'viewer')).toMatchObject({
			ok: false
		});
	});

	it('keeps an owner when two owners are demoted at the same time', async () => {
		const second = await member('second@example.org', 'owner');
		const results = await Promise.allSettled([
			changeRole(db, owner.id, projectId, owner.id, 'viewer'),
			changeRole(db, second.id, projectId, second.id, 'viewer')
		]);
		expect(results.map((r) => r.status === 'fulfilled' && r.value.ok)).toContain(false);
		expect(await members.countOwners(db, projectId)).toBe(1);
	});

	it('allows setting the last owner to owner again', async () => {
		expect(await changeRole(db, owner.id, projectId, owner.id, 'owner')).toEqual({ ok: true });
	});

	it('refuses a user who is not a member', async () => {
		const outsider = await createUser('outsider@example.org');
		const result = await changeRole(db, owner.id, projectId, outsider.id, 'viewer');
		expect(result).toMatchObject({ ok: false, field: 'userId' });
		expect(await members.roleOf(db, projectId, outsider.id)).toBeNull();
	});

	it("counts only this project's owners", async () => {
		const other = await createProject(db, { name: 'Other', description: '', ownerId: owner.id });
		await createUser('elsewhere@example.org');
		expect(await addMember(db, owner.id, other.id, 'elsewhere@example.org', 'owner')).toEqual({
			ok: true
		});
		const result = await changeRole(db, owner.id, projectId, owner.id, 'analyst');
		expect(result).toMatchObject({ ok: false, field: 'role' });
	});
});

describe('removeMember', () => {
	it('removes a member and audits the role they had', async () => {
		const viewer = await member('viewer@example.org', 'viewer');
		expect(await removeMember(db, owner.id, projectId, viewer.id)).toEqual({ ok: true });
		expect(await members.roleOf(db, projectId, viewer.id)).toBeNull();
		expect(await auditEntries('member.remove')).toEqual([
			{ userId: owner.id, objectId: String(viewer.id), details: { role: 'viewer' } }
		]);
	});

	it('refuses to remove the last owner, and audits nothing', async () => {
		const result = await removeMember(db, owner.id, projectId, owner.id);
		expect(result).toEqual({
			ok: false,
			field: 'userId',
			message: 'A project needs at least one owner.'
		});
		expect(await members.roleOf(db, projectId, owner.id)).toBe('owner');
		expect(await auditEntries('member.remove')).toEqual([]);
	});

	it('removes an owner while another owner remains', async () => {
		const second = await member('second@example.org', 'owner');
		expect(await removeMember(db, second.id, projectId, owner.id)).toEqual({ ok: true });
		expect((await members.list(db, projectId)).map((m) => [m.email, m.role])).toEqual([
			['second@example.org', 'owner']
		]);
	});

	it('refuses a user who is not a member', async () => {
		const outsider = await createUser('outsider@example.org');
		expect(await removeMember(db, owner.id, projectId, outsider.id)).toMatchObject({
			ok: false,
			field: 'userId'
		});
	});
});
