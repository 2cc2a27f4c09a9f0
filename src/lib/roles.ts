/**
 * Project roles and what each may do. Shared by the server (authorization) and the pages (which
 * controls to show); the server is the only place where the decision is enforced.
 */
export const roles = ['owner', 'researcher', 'analyst', 'interviewer', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
	'project:view',
	'members:manage',
	'audit:view',
	'survey:view',
	'survey:design',
	'survey:publish',
	'survey:delete',
	'responses:view',
	'responses:export',
	'fieldwork:collect',
	'analysis:run',
	'analysis:edit',
	'reports:view',
	'reports:share'
] as const;
export type Permission = (typeof permissions)[number];

const grants: Record<Role, readonly Permission[]> = {
	owner: permissions,
	researcher: [
		'project:view',
		'survey:view',
		'survey:design',
		'survey:publish',
		'responses:view',
		'fieldwork:collect',
		'analysis:run',
		'reports:view'
	],
	analyst: [
		'project:view',
		'survey:view',
		'responses:view',
		'responses:export',
		'analysis:run',
		'analysis:edit',
		'reports:view',
		'reports:share'
	],
	interviewer: ['project:view', 'fieldwork:collect'],
	viewer: ['project:view', 'survey:view', 'reports:view']
};

export function can(role: Role | null, permission: Permission): boolean {
	return role !== null && grants[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

export const roleDescriptions: Record<Role, string> = {
	owner: 'Everything, including members and the audit log',
	researcher: 'Designs and publishes questionnaires, sees responses',
	analyst: 'Analyses and exports responses',
	interviewer: 'Collects responses in the field',
	viewer: 'Reads questionnaires and reports'
};
