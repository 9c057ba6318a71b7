import { describe, expect, it } from 'vitest';
import { inviteLink, parseInviteLink } from './invite-link';

describe('invite links', () => {
	it('puts workspace and token in the fragment and reads them back', () => {
		const link = inviteLink('https://crm.example.com/', 'ws 1/α', 'tok+en=/x');
		expect(link).toBe('https://crm.example.com/join#ws=ws%201%2F%CE%B1&token=tok%2Ben%3D%2Fx');
		expect(parseInviteLink(link)).toEqual({ ok: true, workspaceId: 'ws 1/α', token: 'tok+en=/x' });
	});

	it('accepts the fragment alone, with or without "#", and trims whitespace', () => {
		const expected = { ok: true, workspaceId: 'w1', token: 't1' };
		expect(parseInviteLink('#ws=w1&token=t1')).toEqual(expected);
		expect(parseInviteLink('ws=w1&token=t1')).toEqual(expected);
		expect(parseInviteLink('token=t1&ws=w1')).toEqual(expected);
		expect(parseInviteLink('  http://localhost:5173/join#ws=w1&token=t1\n')).toEqual(expected);
	});

	it('explains what is wrong with a link that is not a whole invite', () => {
		const notInvite = parseInviteLink('https://example.com/join');
		expect(notInvite.ok).toBe(false);
		expect(!notInvite.ok && notInvite.message).toMatch(/not an invite link/);
		expect(parseInviteLink('hello')).toMatchObject({ ok: false });
		expect(parseInviteLink('')).toMatchObject({ ok: false });
		const noToken = parseInviteLink('#ws=w1&token=');
		expect(!noToken.ok && noToken.message).toMatch(/no access token/);
		const noWorkspace = parseInviteLink('https://x/join#token=t1');
		expect(!noWorkspace.ok && noWorkspace.message).toMatch(/no workspace/);
	});
});
