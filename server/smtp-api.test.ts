// The owner's SMTP settings API: owner only (401 without a valid token, 403 for other roles),
// bad input refused with what to fix and nothing changed, the password kept but never returned,
// and "Test connection" saying what failed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTP_PASSWORD, SMTP_USER } from './campaign-test-kit.ts';
import { testSmtp, type TestSmtp } from './smtp-test-server.ts';
import { api, createWorkspace, invite, startRelay, type RelayProcess } from './test-helpers.ts';

const SMTP_PORT = 4705;
const CLOSED_PORT = 4706;

let relay: RelayProcess;
let smtp: TestSmtp;
let workspaceId: string;
let owner: string;
let path: string;

const good = {
	host: '127.0.0.1',
	port: SMTP_PORT,
	tls: 'none',
	user: SMTP_USER,
	password: SMTP_PASSWORD,
	fromAddress: 'news@shop.example',
	fromName: 'Green Fork'
};

beforeAll(async () => {
	smtp = testSmtp({ port: SMTP_PORT, user: SMTP_USER, password: SMTP_PASSWORD });
	await smtp.start();
	relay = await startRelay();
	({ workspaceId, token: owner } = await createWorkspace(relay, 'Green Fork'));
	path = `/api/workspaces/${workspaceId}/smtp`;
});

afterAll(async () => {
	await relay?.stop();
	await smtp?.stop();
});

describe('SMTP settings API', () => {
	it('answers 401 without a valid token and 403 to editors and viewers', async () => {
		const editor = await invite(relay, workspaceId, owner, 'editor');
		const viewer = await invite(relay, workspaceId, owner, 'viewer');
		expect((await api(relay, 'GET', path)).status).toBe(401);
		expect((await api(relay, 'GET', path, { token: 'wrong-token' })).status).toBe(401);
		const other = await createWorkspace(relay, 'Other');
		expect((await api(relay, 'GET', path, { token: other.token })).status).toBe(401);
		for (const t of [editor.token, viewer.token]) {
			expect((await api(relay, 'GET', path, { token: t })).status).toBe(403);
			expect((await api(relay, 'PUT', path, { token: t, body: good })).status).toBe(403);
			expect((await api(relay, 'DELETE', path, { token: t })).status).toBe(403);
			expect((await api(relay, 'POST', `${path}/verify`, { token: t })).status).toBe(403);
		}
		expect((await api(relay, 'GET', path, { token: owner })).body).toEqual({ configured: false });
	});

	it('keeps the password, never returns it, and keeps it when a save leaves it out', async () => {
		const saved = await api(relay, 'PUT', path, { token: owner, body: good });
		expect(saved.status).toBe(200);
		expect(saved.body).toMatchObject({ configured: true, passwordSet: true, ratePerSec: 10 });
		expect(JSON.stringify(saved.body)).not.toContain(SMTP_PASSWORD);
		const { password: _omitted, ...withoutPassword } = good;
		const renamed = await api(relay, 'PUT', path, {
			token: owner,
			body: { ...withoutPassword, fromName: 'The Green Fork', ratePerSec: 25 }
		});
		expect(renamed.body).toMatchObject({
			fromName: 'The Green Fork',
			passwordSet: true,
			ratePerSec: 25
		});
		const verified = await api(relay, 'POST', `${path}/verify`, { token: owner });
		expect(verified.body).toEqual({ ok: true });
		const read = await api(relay, 'GET', path, { token: owner });
		expect(read.body).not.toHaveProperty('password');
		expect(relay.lines.join('\n')).not.toContain(SMTP_PASSWORD);
	});

	it('refuses bad settings with what to fix, and changes nothing', async () => {
		const before = await api(relay, 'GET', path, { token: owner });
		const cases: Array<[Record<string, unknown>, RegExp]> = [
			[{ host: 'smtp example com' }, /Server must be a host name/],
			[{ port: 70000 }, /Port must be a whole number/],
			[{ tls: 'ssl' }, /Security must be one of none, starttls, implicit/],
			[{ fromAddress: 'news' }, /From address must be an e-mail address/],
			[{ fromName: 'a\r\nBcc: x@example.com' }, /From name must be one line/],
			[{ ratePerSec: 0 }, /Messages per second must be a number above 0/]
		];
		for (const [change, message] of cases) {
			const res = await api(relay, 'PUT', path, { token: owner, body: { ...good, ...change } });
			expect(res.status).toBe(400);
			expect((res.body as { error: string }).error).toMatch(message);
		}
		expect((await api(relay, 'GET', path, { token: owner })).body).toEqual(before.body);
	});

	it('says what failed when testing: wrong password, refused, no STARTTLS', async () => {
		const wrong = await api(relay, 'POST', `${path}/verify`, {
			token: owner,
			body: { ...good, password: 'not-the-password' }
		});
		expect(wrong.body).toMatchObject({ ok: false, problem: 'auth' });
		expect((wrong.body as { message: string }).message).toMatch(
			/refused the user name or password/
		);
		expect(JSON.stringify(wrong.body)).not.toContain('not-the-password');

		const refused = await api(relay, 'POST', `${path}/verify`, {
			token: owner,
			body: { ...good, port: CLOSED_PORT }
		});
		expect(refused.body).toMatchObject({ ok: false, problem: 'refused' });
		expect((refused.body as { message: string }).message).toMatch(/connection refused.*Check/);

		const noTls = await api(relay, 'POST', `${path}/verify`, {
			token: owner,
			body: { ...good, tls: 'starttls' }
		});
		expect(noTls.body).toMatchObject({ ok: false, problem: 'tls' });
		expect((noTls.body as { message: string }).message).toMatch(/does not offer STARTTLS/);
		// Testing saves nothing: the stored settings still work.
		expect((await api(relay, 'POST', `${path}/verify`, { token: owner })).body).toEqual({
			ok: true
		});
	});

	it('removes the settings on DELETE', async () => {
		expect((await api(relay, 'DELETE', path, { token: owner })).body).toEqual({
			configured: false
		});
		expect((await api(relay, 'GET', path, { token: owner })).body).toEqual({ configured: false });
		const verify = await api(relay, 'POST', `${path}/verify`, { token: owner });
		expect(verify.status).toBe(409);
	});
});
