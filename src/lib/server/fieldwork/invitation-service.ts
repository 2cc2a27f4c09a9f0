/**
 * Invitation links: a panel list (CSV with an `invitee`, `email` or `name` column; other columns
 * are kept as details) becomes one invitation each, with its own response id and an unguessable
 * single-use token. All rows of a list are written in one transaction; a list with a problem
 * writes nothing. Links can be listed again for reminders, with each invitee's status.
 */
import { CsvParseError, parseCsv } from '../../csv.ts';
import * as auditLog from '../db/audit-log.ts';
import * as collectors from '../db/collectors.ts';
import type { Database } from '../db/database.ts';
import * as invitations from '../db/invitations.ts';
import type { Invitation } from '../db/invitations.ts';
import type { Survey } from '../db/surveys.ts';
import { invitationToken, tokenHash } from './tokens.ts';

export const maxInvitationsPerImport = 50_000;
const inviteeColumns = ['invitee', 'email', 'name'];

export type ImportResult = { ok: true; count: number } | { ok: false; message: string };

/** The rows of a panel list, or the first problem with it (a sentence naming row or column). */
export function parsePanelList(
	text: string
):
	| { ok: true; rows: { invitee: string; details: Record<string, string> }[] }
	| { ok: false; message: string } {
	let records: string[][];
	try {
		records = parseCsv(text).filter((record) => record.some((cell) => cell.trim() !== ''));
	} catch (error) {
		if (error instanceof CsvParseError) return { ok: false, message: error.message };
		throw error;
	}
	const [header, ...body] = records;
	if (!header || body.length === 0) {
		return { ok: false, message: 'The list needs a header line and at least one invitee.' };
	}
	const names = header.map((cell) => cell.trim().toLowerCase());
	const column = inviteeColumns.map((name) => names.indexOf(name)).find((index) => index >= 0);
	if (column === undefined) {
		return { ok: false, message: 'The list needs a column named invitee, email or name.' };
	}
	if (body.length > maxInvitationsPerImport) {
		return { ok: false, message: `One list takes at most ${maxInvitationsPerImport} invitees.` };
	}
	const rows = [];
	for (const [index, record] of body.entries()) {
		const invitee = (record[column] ?? '').trim();
		if (!invitee) return { ok: false, message: `Row ${index + 2} has no ${names[column]}.` };
		const details = Object.fromEntries(
			names
				.map((name, i) => [name, (record[i] ?? '').trim()] as const)
				.filter(([name, value], i) => i !== column && name && value)
		);
		rows.push({ invitee: invitee.slice(0, 320), details });
	}
	return { ok: true, rows };
}

export async function importInvitations(
	db: Database,
	survey: Survey,
	text: string,
	userId: number
): Promise<ImportResult> {
	const parsed = parsePanelList(text);
	if (!parsed.ok) return parsed;
	await db.transaction(async (tx) => {
		const collector = await collectors.ensure(tx, survey.id, 'invitation');
		await invitations.insertMany(
			tx,
			parsed.rows.map((row) => {
				const responseId = crypto.randomUUID();
				return {
					collectorId: collector.id,
					surveyId: survey.id,
					tokenHash: tokenHash(invitationToken(responseId)),
					invitee: row.invitee,
					details: row.details,
					responseId
				};
			})
		);
		await auditLog.record(tx, {
			userId,
			projectId: survey.projectId,
			action: 'invitations.import',
			objectType: 'survey',
			objectId: survey.id,
			details: { invitees: parsed.rows.length }
		});
	});
	return { ok: true, count: parsed.rows.length };
}

export interface InvitationLink extends Invitation {
	link: string;
}

export async function invitationLinks(
	db: Database,
	survey: Survey,
	origin: string
): Promise<InvitationLink[]> {
	const list = await invitations.listBySurvey(db, survey.id);
	return list.map((invitation) => ({
		...invitation,
		link: `${origin}/s/${survey.slug}?t=${invitationToken(invitation.responseId)}`
	}));
}
