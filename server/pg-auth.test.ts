// The auth store in a real PostgreSQL, as several relay processes share it: one set of
// workspaces, invites and revocations, changes seen by the others within a notification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from './auth-rules.ts';
import { PgAuthStore } from './pg-auth.ts';
import { startPostgres, type TestPostgres } from './pg-test-server.ts';

const PORT = Number(process.env.PG_AUTH_TEST_PORT ?? 25433);
let server: TestPostgres;
let databases = 0;
const open: PgAuthStore[] = [];

beforeAll(() => {
	server = startPostgres(PORT);
}, 120_000);
afterAll(async () => {
	for (const store of open) await store.close().catch(() => {});
	server?.destroy();
});

async function stores(count: number, onChange?: () => void): Promise<PgAuthStore[]> {
	const url = await server.createDatabase(`auth_${++databases}`);
	const made: PgAuthStore[] = [];
	for (let i = 0; i < count; i++) {
		const store = new PgAuthStore(url, { onChange });
		await store.start();
		open.push(store);
		made.push(store);
	}
	return made;
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('PgAuthStore shared by processes', () => {
	it('a workspace and invite made in one process authenticate in another; a revocation closes', async () => {
		let changes = 0;
		const [a, b] = await stores(2, () => changes++);
		const { workspace, token: owner } = await a.createWorkspace({
			name: ' Acme ',
			ownerLabel: 'Dana'
		});
		expect(workspace.name).toBe('Acme');
		const { invite, token } = await a.createInvite(workspace.id, 'editor', 'Sam');
		await until(() => b.authenticate(workspace.id, token).ok);
		expect(b.authenticate(workspace.id, owner)).toMatchObject({ ok: true, role: 'owner' });
		expect(b.authenticate(workspace.id, token)).toMatchObject({ ok: true, role: 'editor' });
		expect(b.authenticate(workspace.id, `${invite.id}.wrong`)).toMatchObject({ status: 401 });

		const before = changes;
		await b.revokeInvite(workspace.id, invite.id);
		await until(() => a.isRevoked(invite.id));
		expect(changes).toBeGreaterThan(before);
		expect(a.authenticate(workspace.id, token)).toMatchObject({ status: 403 });
		expect(a.listInvites(workspace.id).map((i) => i.revokedAt !== null)).toEqual([false, true]);
	});

	it('catches up on an invite made elsewhere a moment ago, before any notification', async () => {
		const [a] = await stores(1);
		// A copy that follows nothing by itself: only catchUp can bring it the new rows.
		const b = new PgAuthStore(server.url(`auth_${databases}`));
		open.push(b);
		await b.reload();
		const { workspace, token } = await a.createWorkspace({ name: 'Fresh' });
		expect(b.authenticate(workspace.id, token)).toMatchObject({ reason: 'unknown_workspace' });
		await Promise.all([b.catchUp(), b.catchUp(), b.catchUp()]);
		expect(b.authenticate(workspace.id, token)).toMatchObject({ ok: true, role: 'owner' });
	});

	it('refuses bad input with its message and writes nothing', async () => {
		const [a, b] = await stores(2);
		const { workspace } = await a.createWorkspace({ id: 'shared-space', name: 'Shared' });
		await expect(a.createInvite('shared-space', 'root', '')).rejects.toThrow(AuthError);
		await expect(b.createWorkspace({ id: 'shared-space', name: 'Again' })).rejects.toThrow(
			/already exists/
		);
		await expect(a.createWorkspace({ id: '__proto__', name: 'Sneaky' })).rejects.toThrow(AuthError);
		await expect(a.revokeInvite(workspace.id, 'no-such-invite')).rejects.toThrow(/no invite/);
		const [owner] = a.listInvites(workspace.id);
		await expect(a.revokeInvite(workspace.id, owner.id, true)).rejects.toThrow(/last owner/);
		await b.reload();
		expect(b.listWorkspaces().map((w) => w.name)).toEqual(['Shared']);
		expect(b.listInvites(workspace.id)).toHaveLength(1);
	});

	it('writers in three processes at once lose nothing', async () => {
		const [a, b, c] = await stores(3);
		const { workspace } = await a.createWorkspace({ name: 'Busy' });
		await b.reload();
		await c.reload();
		const made = await Promise.all(
			[a, b, c].flatMap((store, s) =>
				Array.from({ length: 10 }, (_, i) =>
					store.createInvite(workspace.id, 'viewer', `writer ${s} #${i}`)
				)
			)
		);
		await Promise.all(
			made.slice(0, 6).map(({ invite }, i) => [b, c][i % 2].revokeInvite(workspace.id, invite.id))
		);
		const fresh = new PgAuthStore(server.url(`auth_${databases}`));
		open.push(fresh);
		await fresh.start();
		const invites = fresh.listInvites(workspace.id);
		expect(invites).toHaveLength(31);
		expect(invites.filter((i) => i.revokedAt !== null)).toHaveLength(6);
	});

	it('binds one presence name per invite, the same in every process', async () => {
		const [a, b] = await stores(2);
		const { workspace } = await a.createWorkspace({ name: 'Team', ownerLabel: 'Dana' });
		const { invite } = await a.createInvite(workspace.id, 'editor', 'e2e editor');
		await b.reload();
		expect(a.memberName(workspace.id, invite.id, 'Sam')).toBe('Sam');
		expect(b.memberName(workspace.id, invite.id, 'Mallory')).toBe('Mallory');
		// Both claims race to PostgreSQL; the one bound first is the invite's name everywhere.
		await until(() => {
			const left = a.memberName(workspace.id, invite.id, 'x');
			return (
				left === b.memberName(workspace.id, invite.id, 'y') && ['Sam', 'Mallory'].includes(left)
			);
		});
		const [owner] = a.listInvites(workspace.id).filter((i) => i.role === 'owner');
		expect(a.memberName(workspace.id, owner.id, 'e2e editor')).toBe('Dana');
	});
});
