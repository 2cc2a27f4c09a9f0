import { describe, expect, it } from 'vitest';
import { parsePanelList } from './invitation-service.ts';

describe('parsePanelList', () => {
	it('takes the invitee column and keeps the others as details', () => {
		const parsed = parsePanelList(
			'Email,Region,Panel id\nnino@example.ge,Imereti,17\r\nivan@example.org,,18\n'
		);
		expect(parsed).toEqual({
			ok: true,
			rows: [
				{ invitee: 'nino@example.ge', details: { region: 'Imereti', 'panel id': '17' } },
				{ invitee: 'ivan@example.org', details: { 'panel id': '18' } }
			]
		});
	});
	it('names what is wrong: no invitee column, an empty invitee, nothing to import', () => {
		expect(parsePanelList('phone\n555\n')).toMatchObject({
			ok: false,
			message: expect.stringMatching(/invitee, email or name/)
		});
		expect(parsePanelList('name\nA\n,x\n')).toMatchObject({ ok: false });
		expect(parsePanelList('name,x\nA,1\n ,2\n')).toEqual({
			ok: false,
			message: 'Row 3 has no name.'
		});
		expect(parsePanelList('name\n')).toMatchObject({
			ok: false,
			message: expect.stringMatching(/at least one/)
		});
		expect(parsePanelList('name\n"unfinished\n')).toMatchObject({
			ok: false,
			message: expect.stringMatching(/quoted/)
		});
	});
});
