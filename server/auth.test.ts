import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { AuthError, AuthStore } from './auth.ts';
import { tempDir } from './test-helpers.ts';

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function store(): AuthStore {
	const dir = tempDir('auth-');
	dirs.push(dir);
	return new AuthStore(dir);
}

describe('AuthStore', () => {
	it('issues <inviteId>.<secret> tokens and stores only their hash', () => {
		const auth = store();
		const { workspace, token } = auth.createWorkspace({ name: ' Acme ' });
		expect(workspace.name).toBe('Acme');
		const [inviteId, secret] = token.split('.');
		expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
		const file = fs.readFileSync(auth.file, 'utf8');
		expect(file).not.toContain(secret);
		expect(auth.authenticate(workspace.id, token)).toMatchObject({
			ok: true,
			role: 'owner',
			inviteId
		});
	});

	it('tells unknown workspace, missing, invalid, foreign and revoked tokens apart', () => {
		const auth = store();
		const a = auth.createWorkspace({ name: 'A' });
		const b = auth.createWorkspace({ name: 'B' });
		const viewer = auth.createInvite(a.workspace.id, 'viewer', 'v');
		expect(auth.authenticate('unknown-workspace', a.token)).toMatchObject({ status: 404 });
		expect(auth.authenticate(a.workspace.id, null)).toMatchObject({
			status: 401,
			reason: 'missing_token'
		});
		expect(auth.authenticate(a.workspace.id, 'garbage')).toMatchObject({ status: 401 });
		const tampered = viewer.token.slice(0, -1) + (viewer.token.endsWith('A') ? 'B' : 'A');
		expect(auth.authenticate(a.workspace.id, tampered)).toMatchObject({ status: 401 });
		expect(auth.authenticate(a.workspace.id, b.token)).toMatchObject({ status: 401 });
		auth.revokeInvite(a.workspace.id, viewer.invite.id);
		expect(auth.authenticate(a.workspace.id, viewer.token)).toMatchObject({ status: 403 });
	});

	it('sees changes another process wrote, and a failed change writes nothing', () => {
		const auth = store();
		const other = new AuthStore(auth.file.replace(/auth\.json$/, ''));
		const { workspace } = auth.createWorkspace({ id: 'shared-space', name: 'Shared' });
		const { token } = other.createInvite('shared-space', 'editor', 'from the CLI');
		expect(auth.authenticate(workspace.id, token)).toMatchObject({ ok: true, role: 'editor' });
		const before = fs.readFileSync(auth.file, 'utf8');
		expect(() => auth.createInvite('shared-space', 'root', '')).toThrow(AuthError);
		expect(() => auth.createWorkspace({ id: 'shared-space', name: 'Again' })).toThrow(
			/already exists/
		);
		expect(fs.readFileSync(auth.file, 'utf8')).toBe(before);
	});
});
