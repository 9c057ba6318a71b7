import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuthError, AuthStore } from './auth.ts';
import { PROJECT_ROOT, tempDir } from './test-helpers.ts';

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

describe('AuthStore ids', () => {
	it.each(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'])(
		'refuses the workspace id %s and leaves no invite behind',
		(id) => {
			const auth = store();
			auth.createWorkspace({ name: 'Other' });
			const before = fs.readFileSync(auth.file, 'utf8');
			expect(() => auth.createWorkspace({ id, name: 'Sneaky' })).toThrow(AuthError);
			const after = JSON.parse(fs.readFileSync(auth.file, 'utf8')) as {
				invites: Record<string, { workspaceId: string }>;
			};
			expect(Object.values(after.invites).map((i) => i.workspaceId)).not.toContain(id);
			expect(before).not.toContain(id);
		}
	);

	it('keeps an id that shadows an Object.prototype name as plain data when reading a file', () => {
		const auth = store();
		const dir = auth.file.replace(/auth\.json$/, '');
		const workspace = { id: 'valueOf_', name: 'W', createdAt: new Date().toISOString() };
		fs.writeFileSync(
			auth.file,
			`{"version":1,"workspaces":{"__proto__":{"id":"__proto__","name":"x","createdAt":""},"valueOf_":${JSON.stringify(workspace)}},"invites":{}}`
		);
		const fresh = new AuthStore(dir);
		expect(fresh.getWorkspace('__proto__')).toMatchObject({ name: 'x' });
		expect(fresh.getWorkspace('toString')).toBeUndefined();
		expect(fresh.listWorkspaces().map((w) => w.id)).toEqual(['__proto__', 'valueOf_']);
		fresh.createInvite('valueOf_', 'viewer', 'v');
		expect(fresh.listInvites('valueOf_')).toHaveLength(1);
	});
});

describe('AuthStore presence names', () => {
	it('binds the first name claimed on an invite, and refuses names of other members', () => {
		const auth = store();
		const { workspace, token } = auth.createWorkspace({ name: 'Team', ownerLabel: 'Dana' });
		const owner = token.split('.')[0];
		const sam = auth.createInvite(workspace.id, 'editor', 'e2e editor').invite.id;
		const shared = auth.createInvite(workspace.id, 'viewer', '').invite.id;
		expect(auth.memberName(workspace.id, owner, 'Dana')).toBe('Dana');
		// Someone else's name (bound or label) or a role is not bound; the invite's label shows.
		expect(auth.memberName(workspace.id, sam, ' dana ')).toBe('e2e editor');
		expect(auth.memberName(workspace.id, shared, 'Dana')).toBe('Viewer');
		expect(auth.memberName(workspace.id, shared, 'OWNER')).toBe('Viewer');
		// The first free name binds, and then stays whatever is claimed.
		expect(auth.memberName(workspace.id, sam, 'Sam')).toBe('Sam');
		expect(auth.memberName(workspace.id, sam, 'Mallory')).toBe('Sam');
		expect(auth.memberName(workspace.id, shared, 'Sam')).toBe('Viewer');
		// Bound in the file: another process (a restarted relay) sees it.
		const again = new AuthStore(path.dirname(auth.file));
		expect(again.memberName(workspace.id, sam, 'Someone')).toBe('Sam');
		expect(auth.memberName(workspace.id, 'no-such-invite', 'Dana')).toBe('Unknown');
	});
});

describe('AuthStore under concurrent writers', () => {
	it('loses no invite and no revocation with several processes writing at once', async () => {
		const auth = store();
		const dir = auth.file.replace(/auth\.json$/, '');
		const { workspace } = auth.createWorkspace({ name: 'Busy' });
		const writers = 4;
		const perWriter = 15;
		// Each writer revokes invites made beforehand, while creating its own.
		const toRevoke = Array.from({ length: writers }, () =>
			Array.from(
				{ length: 8 },
				() => auth.createInvite(workspace.id, 'viewer', 'to revoke').invite.id
			)
		);
		const results = await Promise.all(
			toRevoke.map((ids) => runWriter(dir, workspace.id, perWriter, ids))
		);
		const created = results.flat();
		expect(created).toHaveLength(writers * perWriter);
		const final = new AuthStore(dir).listInvites(workspace.id);
		const byId = new Map(final.map((i) => [i.id, i]));
		expect(created.filter((id) => !byId.has(id))).toEqual([]);
		expect(toRevoke.flat().filter((id) => byId.get(id)?.revokedAt === null)).toEqual([]);
		expect(fs.readdirSync(dir).filter((name) => name !== 'auth.json')).toEqual([]);
	}, 60_000);
});

function runWriter(dir: string, workspaceId: string, count: number, revoke: string[]) {
	return new Promise<string[]>((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[
				'--import',
				'tsx',
				path.join(PROJECT_ROOT, 'server/faults/auth-writer.ts'),
				dir,
				workspaceId,
				String(count),
				...revoke
			],
			{ cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
		);
		let out = '';
		let err = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
		child.on('exit', (code) => {
			if (code === 0) resolve(JSON.parse(out) as string[]);
			else reject(new Error(`writer exited ${code}: ${err}`));
		});
	});
}
