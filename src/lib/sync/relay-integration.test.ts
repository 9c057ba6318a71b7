/**
 * RelayConnection and the HTTP helpers against the real relay (server/main.ts), started as its
 * own process on a free port with a temporary data directory.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WS from 'ws';
import * as Y from 'yjs';
import { RelayConnection, type RelayConnectionOptions } from './relay-connection';
import { createInvite, createWorkspace, getSession, revokeInvite } from './relay-api';
import { Presence } from './presence.svelte';
import {
	RELAY_MAIN,
	startRelay,
	stopRelay,
	waitFor,
	type RunningRelay
} from './testing/real-relay';

const NodeWebSocket = WS as unknown as typeof WebSocket;

describe.skipIf(!existsSync(RELAY_MAIN))('RelayConnection against the real relay', () => {
	let dataDir: string;
	let relay: RunningRelay;
	let workspaceId: string;
	let ownerToken: string;
	const open: RelayConnection[] = [];

	const connect = (doc: Y.Doc, options: Partial<RelayConnectionOptions>) => {
		const connection = new RelayConnection(doc, {
			relayUrl: relay.url,
			workspaceId,
			token: ownerToken,
			WebSocket: NodeWebSocket,
			storage: null,
			disableBc: true,
			...options
		});
		open.push(connection);
		return connection;
	};
	const synced = (c: RelayConnection) => c.status.status === 'synced';

	beforeAll(async () => {
		dataDir = mkdtempSync(path.join(tmpdir(), 'crm-sync-it-'));
		relay = await startRelay(dataDir);
		const created = await createWorkspace(relay.url, { name: 'Acme', memberName: 'Ada' });
		if (!created.ok) throw new Error(created.message);
		workspaceId = created.workspaceId;
		ownerToken = created.token;
	});

	afterEach(() => {
		for (const connection of open.splice(0)) connection.destroy();
	});

	afterAll(async () => {
		if (relay) await stopRelay(relay);
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('answers the session and invite calls', async () => {
		expect(await getSession(relay.url, workspaceId, ownerToken)).toEqual({
			ok: true,
			workspaceId,
			name: 'Acme',
			role: 'owner'
		});
		const invite = await createInvite(relay.url, workspaceId, ownerToken, {
			role: 'viewer',
			label: 'Sam'
		});
		expect(invite).toMatchObject({ ok: true, invite: { role: 'viewer', label: 'Sam' } });
		if (!invite.ok) return;
		const asViewer = await createInvite(relay.url, workspaceId, invite.invite.token, {
			role: 'editor',
			label: 'x'
		});
		expect(!asViewer.ok && asViewer.status).toBe(403);
		const bad = await getSession(relay.url, workspaceId, 'not-a-token');
		expect(!bad.ok && bad.status).toBe(401);
	});

	it('syncs, learns roles and gets every edit confirmed', async () => {
		const invite = await createInvite(relay.url, workspaceId, ownerToken, {
			role: 'editor',
			label: 'Grace'
		});
		if (!invite.ok) throw new Error(invite.message);
		const a = new Y.Doc();
		const b = new Y.Doc();
		const ca = connect(a, {});
		const cb = connect(b, { token: invite.invite.token });
		await waitFor(() => synced(ca) && synced(cb), 'both synced');
		await waitFor(() => ca.status.role === 'owner' && cb.status.role === 'editor', 'roles');

		for (let i = 0; i < 20; i++) a.getMap('people').set(`p${i}`, i);
		b.getMap('people').set('from-b', true);
		await waitFor(() => a.getMap('people').size === 21 && b.getMap('people').size === 21, 'merge');
		await waitFor(() => ca.status.pending === 0 && cb.status.pending === 0, 'confirmations');
	});

	it('confirms offline edits after reconnecting, and keeps them across a relay restart', async () => {
		const doc = new Y.Doc();
		const connection = connect(doc, {});
		await waitFor(() => synced(connection), 'synced');
		connection.setWorkOffline(true);
		doc.getMap('notes').set('offline', 'written on a train');
		expect(connection.status.pending).toBe(1);
		connection.setWorkOffline(false);
		await waitFor(() => synced(connection) && connection.status.pending === 0, 'confirmed');
		connection.destroy();

		// Confirmed means on disk: a relay killed without warning still has it.
		await stopRelay(relay, 'SIGKILL');
		relay = await startRelay(dataDir);
		const fresh = new Y.Doc();
		const again = connect(fresh, {});
		await waitFor(() => synced(again), 'synced after restart');
		expect(fresh.getMap('notes').get('offline')).toBe('written on a train');
	});

	it('shares presence, including with someone who joins later, under invite names', async () => {
		const invite = await createInvite(relay.url, workspaceId, ownerToken, {
			role: 'editor',
			label: 'Grace'
		});
		if (!invite.ok) throw new Error(invite.message);
		const first = new Presence(connect(new Y.Doc(), {}).awareness);
		first.setUser({ memberId: 'm1', name: 'Ada', color: '#3366cc' });
		first.setFocus({ recordId: 'p1', field: 'email' });
		const later = new Presence(connect(new Y.Doc(), { token: invite.invite.token }).awareness);
		// Posing as the owner does not work: the invite's own label is shown instead.
		later.setUser({ memberId: 'm2', name: 'Ada', color: '#cc3366' });
		await waitFor(() => later.peersOn('p1').length === 1, 'the earlier peer to be seen');
		await waitFor(() => first.peers[0]?.name === 'Grace', 'the later peer to be seen');
		expect(first.peers[0]).toMatchObject({ memberId: 'm2', name: 'Grace', recordId: null });
		expect(later.peersOn('p1')[0]).toMatchObject({ memberId: 'm1', name: 'Ada' });
	});

	it('says synced only once it holds what the relay had confirmed, while others write', async () => {
		// Seeded: joiners (and reconnects) fall at fixed points of a writer's stream of changes.
		let seed = 7;
		const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		const writerDoc = new Y.Doc();
		const writer = connect(writerDoc, {});
		await waitFor(() => synced(writer), 'writer synced');
		const gap = writerDoc.getMap<number>('gap');
		let written = 0;
		const failures: string[] = [];
		const joiners: Array<{
			doc: Y.Doc;
			connection: RelayConnection;
			watcher: ReturnType<typeof watch>;
		}> = [];
		/** Changes 0..n-1 of the writer are on the relay's disk: a sync after this must hold them. */
		const confirmed = () => written - writer.status.pending;
		const watch = (doc: Y.Doc, name: string) => {
			let mustHold = confirmed();
			let wasSynced = false;
			return {
				reconnecting: () => {
					mustHold = confirmed();
				},
				onStatus: (status: { status: string }) => {
					const isSynced = status.status === 'synced';
					if (isSynced && !wasSynced) {
						const map = doc.getMap<number>('gap');
						for (let i = 0; i < mustHold; i++) {
							if (!map.has(`k${i}`)) {
								failures.push(`${name}: synced without k${i} (confirmed ${mustHold})`);
								break;
							}
						}
					}
					wasSynced = isSynced;
				}
			};
		};
		let writing = true;
		const writes = (async () => {
			while (writing) {
				const burst = 1 + Math.floor(rand() * 5);
				for (let k = 0; k < burst; k++) gap.set(`k${written}`, written++);
				await new Promise((resolve) => setTimeout(resolve, rand() < 0.5 ? 0 : 2));
			}
		})();
		for (let j = 0; j < 8; j++) {
			await new Promise((resolve) => setTimeout(resolve, 5 + rand() * 30));
			const doc = new Y.Doc();
			const watcher = watch(doc, `joiner ${j}`);
			const connection = connect(doc, { onStatus: watcher.onStatus });
			joiners.push({ doc, connection, watcher });
			// Some go offline and come back on a new socket while the writer keeps writing.
			if (j % 3 === 1) {
				const earlier = joiners[j - 1];
				earlier.connection.setWorkOffline(true);
				earlier.watcher.reconnecting();
				earlier.connection.setWorkOffline(false);
			}
		}
		await waitFor(() => joiners.every(({ connection }) => synced(connection)), 'joiners synced');
		writing = false;
		await writes;
		await waitFor(() => writer.status.pending === 0, 'writer confirmed', 10_000);
		await waitFor(
			() => joiners.every(({ doc }) => doc.getMap('gap').size === written),
			'joiners complete',
			10_000
		);
		expect(failures).toEqual([]);
		expect(written).toBeGreaterThan(50);
	});

	it('is refused with a clear message for a bad token or an unknown workspace', async () => {
		const bad = connect(new Y.Doc(), { token: 'not-a-token' });
		const unknown = connect(new Y.Doc(), { workspaceId: 'no-such-workspace' });
		await waitFor(() => bad.status.status === 'refused', 'bad token refused');
		await waitFor(() => unknown.status.status === 'refused', 'unknown workspace refused');
		expect(bad.status.message).toMatch(/does not give access/);
		expect(unknown.status.message).toMatch(/does not exist|does not give access/);
	});

	it('stops with "revoked" when the invite is revoked during a live connection', async () => {
		const invite = await createInvite(relay.url, workspaceId, ownerToken, {
			role: 'editor',
			label: 'Temp'
		});
		if (!invite.ok) throw new Error(invite.message);
		const connection = connect(new Y.Doc(), { token: invite.invite.token });
		await waitFor(() => synced(connection), 'synced');
		const revoked = await revokeInvite(relay.url, workspaceId, ownerToken, invite.invite.id);
		expect(revoked).toEqual({ ok: true });
		await waitFor(() => connection.status.status === 'refused', 'refused');
		expect(connection.status.message).toBe(
			'This invite was revoked. Ask the workspace owner for a new link.'
		);
		const session = await getSession(relay.url, workspaceId, invite.invite.token);
		expect(!session.ok && session.message).toMatch(/revoked/);
	});
});
