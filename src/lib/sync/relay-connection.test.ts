import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WS from 'ws';
import * as Y from 'yjs';
import {
	RelayConnection,
	syncUrl,
	type RelayConnectionOptions,
	type RelayStatus
} from './relay-connection';
import { FakeRelay } from './testing/fake-relay';
import { pendingKey } from './pending-store';
import { memoryStorage, sleep, waitFor } from './testing/helpers';

const NodeWebSocket = WS as unknown as typeof WebSocket;

let relay: FakeRelay;
const open: RelayConnection[] = [];

function connect(
	doc: Y.Doc,
	options: Partial<RelayConnectionOptions> = {}
): { connection: RelayConnection; statuses: RelayStatus[] } {
	const statuses: RelayStatus[] = [];
	const connection = new RelayConnection(doc, {
		relayUrl: relay.url,
		workspaceId: 'w1',
		token: 'edit',
		WebSocket: NodeWebSocket,
		storage: null,
		disableBc: true,
		onStatus: (status) => statuses.push(status),
		...options
	});
	open.push(connection);
	return { connection, statuses };
}

const synced = (c: RelayConnection) => c.status.status === 'synced';

beforeEach(async () => {
	relay = await FakeRelay.start();
	relay.addWorkspace('w1', { own: 'owner', edit: 'editor', view: 'viewer' });
});

afterEach(async () => {
	for (const connection of open.splice(0)) connection.destroy();
	await relay.stop();
});

describe('syncUrl', () => {
	it('turns the http origin into the websocket sync endpoint', () => {
		expect(syncUrl('http://127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/sync');
		expect(syncUrl('https://crm.example.com/base/')).toBe('wss://crm.example.com/base/sync');
		expect(() => syncUrl('not a url')).toThrow(/absolute http/);
		expect(() => syncUrl('ftp://x')).toThrow(/http\(s\)/);
	});
});

describe('RelayConnection', () => {
	it('syncs two devices through the relay and learns its role', async () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const { connection: ca, statuses } = connect(a);
		const { connection: cb } = connect(b, { token: 'view' });
		await waitFor(() => synced(ca) && synced(cb), 'both synced');
		expect(ca.status.role).toBe('editor');
		expect(cb.status.role).toBe('viewer');
		const steps = statuses.map((s) => s.status).filter((s, i, all) => s !== all[i - 1]);
		expect(steps).toEqual(['connecting', 'synced']);
		expect(ca.status.message).toBe('Connected to the relay.');
		expect(ca.status.lastSyncedAt).toEqual(expect.any(Number));

		a.getMap('people').set('p1', 'Ada');
		await waitFor(() => b.getMap('people').get('p1') === 'Ada', 'the edit to reach b');
		await waitFor(() => ca.status.pending === 0, 'the relay to confirm');
		expect(relay.docs.get('w1')?.getMap('people').get('p1')).toBe('Ada');
		expect(cb.status.pending).toBe(0); // a peer's edit is not ours to confirm
	});

	it('holds a change as pending until the relay says it is on disk', async () => {
		const doc = new Y.Doc();
		const { connection } = connect(doc);
		await waitFor(() => synced(connection), 'synced');
		relay.autoAck = false;
		doc.getMap('people').set('p1', 'Ada');
		doc.getMap('people').set('p2', 'Grace');
		expect(connection.status.pending).toBe(2);
		await sleep(50);
		expect(connection.status.pending).toBe(2);
		relay.releaseAcks();
		await waitFor(() => connection.status.pending === 0, 'acks');
	});

	it('counts only local origins', async () => {
		const doc = new Y.Doc();
		const { connection } = connect(doc, { isLocalOrigin: (origin) => origin !== 'load' });
		doc.transact(() => doc.getMap('people').set('p0', 'loaded'), 'load');
		expect(connection.status.pending).toBe(0);
		doc.transact(() => doc.getMap('people').set('p1', 'typed'), 'edit');
		expect(connection.status.pending).toBe(1);
	});

	it('works offline on request and confirms those changes after going back online', async () => {
		const doc = new Y.Doc();
		const { connection } = connect(doc);
		await waitFor(() => synced(connection), 'synced');
		connection.setWorkOffline(true);
		expect(connection.status).toMatchObject({ status: 'offline', workOffline: true });
		expect(connection.status.message).toMatch(/^Working offline/);
		for (let i = 0; i < 3; i++) doc.getMap('people').set(`p${i}`, i);
		await sleep(50);
		expect(connection.status.pending).toBe(3);
		expect(relay.docs.get('w1')?.getMap('people').size).toBe(0);

		connection.setWorkOffline(false);
		await waitFor(() => synced(connection) && connection.status.pending === 0, 'confirmed');
		expect(relay.docs.get('w1')?.getMap('people').size).toBe(3);
	});

	it('keeps the unconfirmed count across a reload and clears it once the relay has the changes', async () => {
		const storage = memoryStorage();
		const doc = new Y.Doc();
		const first = connect(doc, { storage, workOffline: true }).connection;
		doc.getMap('people').set('p1', 'Ada');
		doc.getMap('people').set('p2', 'Grace');
		await Promise.resolve(); // the count is written once per burst
		expect(storage.map.get(pendingKey('w1'))).toBe('2');
		first.destroy();

		// The reloaded page: the same content from IndexedDB, a new connection.
		const reloaded = new Y.Doc();
		Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(doc), 'load');
		const { connection } = connect(reloaded, { storage, isLocalOrigin: (o) => o !== 'load' });
		expect(connection.status.pending).toBe(2);
		await waitFor(() => connection.status.pending === 0, 'confirmation after reload');
		expect(relay.docs.get('w1')?.getMap('people').toJSON()).toEqual({ p1: 'Ada', p2: 'Grace' });
		await Promise.resolve();
		expect(storage.map.has(pendingKey('w1'))).toBe(false);
	});

	it('sends the token in the websocket subprotocol header, never in the URL', async () => {
		const { connection } = connect(new Y.Doc());
		await waitFor(() => synced(connection), 'synced');
		expect(relay.lastUpgrade?.url).not.toMatch(/token/);
		expect(relay.lastUpgrade?.protocols).toEqual(['crm', 'crm-docs', 'crm-batch', 'token.edit']);
	});

	it('falls back to the URL for a token that cannot be a subprotocol', async () => {
		relay.addWorkspace('w2', { 'odd token': 'editor' });
		const { connection } = connect(new Y.Doc(), { workspaceId: 'w2', token: 'odd token' });
		await waitFor(() => synced(connection), 'synced');
		expect(relay.lastUpgrade?.url).toContain('token=odd%20token');
		expect(relay.lastUpgrade?.protocols).toEqual(['crm', 'crm-docs', 'crm-batch']);
	});

	it('stops and explains when the token is wrong', async () => {
		const { connection } = connect(new Y.Doc(), { token: 'nope' });
		await waitFor(() => connection.status.status === 'refused', 'refusal');
		expect(connection.status.message).toMatch(/does not give access/);
		await sleep(400);
		expect(relay.attempts).toBe(1);
	});

	it('stops and explains when the workspace does not exist', async () => {
		const { connection } = connect(new Y.Doc(), { workspaceId: 'gone' });
		await waitFor(() => connection.status.status === 'refused', 'refusal');
		expect(connection.status.message).toMatch(/does not exist on the relay/);
	});

	it('stops and explains when the invite is revoked during a live connection', async () => {
		const { connection } = connect(new Y.Doc());
		await waitFor(() => synced(connection), 'synced');
		relay.revoke('w1', 'edit');
		await waitFor(() => connection.status.status === 'refused', 'refusal');
		expect(connection.status.message).toBe(
			'This invite was revoked. Ask the workspace owner for a new link.'
		);
		await sleep(400);
		expect(relay.attempts).toBe(1);
	});

	it('reconnects by itself after the relay restarts', async () => {
		const doc = new Y.Doc();
		const { connection, statuses } = connect(doc);
		await waitFor(() => synced(connection), 'synced');
		relay.closeAll(1001);
		await waitFor(() => relay.attempts === 2 && synced(connection), 'reconnected');
		expect(statuses.some((s) => /restarting/.test(s.message))).toBe(true);
	});

	it('waits before retrying when the relay is overloaded, and retries at once on request', async () => {
		const { connection } = connect(new Y.Doc());
		await waitFor(() => synced(connection), 'synced');
		relay.closeAll(4430);
		await waitFor(() => /Too many devices/.test(connection.status.message), 'notice');
		expect(connection.status.status).toBe('connecting');
		await sleep(400);
		expect(relay.attempts).toBe(1);
		connection.reconnect();
		await waitFor(() => synced(connection), 'reconnected');
		expect(relay.attempts).toBe(2);
	});

	it('stops after an oversized message until asked to reconnect', async () => {
		const { connection } = connect(new Y.Doc());
		await waitFor(() => synced(connection), 'synced');
		relay.closeAll(4413);
		await waitFor(() => connection.status.status === 'offline', 'stopped');
		expect(connection.status.message).toMatch(/too large/);
		await sleep(300);
		expect(relay.attempts).toBe(1);
		connection.reconnect();
		await waitFor(() => synced(connection), 'reconnected');
	});

	it('reports the relay unreachable while it retries', async () => {
		const { connection } = connect(new Y.Doc(), { relayUrl: 'http://127.0.0.1:9' });
		await waitFor(() => /could not be reached/.test(connection.status.message), 'notice');
		expect(connection.status.status).toBe('connecting');
	});

	describe('with browser online/offline events', () => {
		let events: EventTarget;
		beforeEach(() => {
			events = new EventTarget();
			(globalThis as { window?: EventTarget }).window = events;
		});
		afterEach(() => {
			delete (globalThis as { window?: EventTarget }).window;
		});

		it('goes offline with the device and comes back with it', async () => {
			const doc = new Y.Doc();
			const { connection } = connect(doc);
			await waitFor(() => synced(connection), 'synced');
			events.dispatchEvent(new Event('offline'));
			expect(connection.status.status).toBe('offline');
			expect(connection.status.message).toMatch(/device is offline/);
			doc.getMap('people').set('p1', 'Ada');
			events.dispatchEvent(new Event('online'));
			await waitFor(() => synced(connection) && connection.status.pending === 0, 'back');
			expect(relay.attempts).toBe(2);
		});
	});
});
