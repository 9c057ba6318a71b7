import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WS from 'ws';
import * as Y from 'yjs';
import { FakeRelay } from './testing/fake-relay';
import { pendingKey } from './pending-store';
import { WorkspaceSync, type RelayStatus, type WorkspaceSyncOptions } from './workspace-sync';
import { CORE_DOC, MESSAGE_SYNC, readDocMessage, SYNC_STEP_1, SYNC_STEP_2 } from './wire';
import { memoryStorage, sleep, waitFor } from './testing/helpers';

const NodeWebSocket = WS as unknown as typeof WebSocket;

const shard = (i: number) => `people.s${i}`;

let relay: FakeRelay;
const open: WorkspaceSync[] = [];

function start(options: Partial<WorkspaceSyncOptions> = {}): {
	sync: WorkspaceSync;
	statuses: RelayStatus[];
} {
	const statuses: RelayStatus[] = [];
	const sync = new WorkspaceSync({
		relayUrl: relay.url,
		workspaceId: 'w1',
		token: 'edit',
		WebSocket: NodeWebSocket,
		storage: null,
		disableBc: true,
		onStatus: (status) => statuses.push(status),
		...options
	});
	open.push(sync);
	return { sync, statuses };
}

/** `n` documents: the core one and `n - 1` shards. */
function docs(n: number): Map<string, Y.Doc> {
	const all = new Map<string, Y.Doc>([[CORE_DOC, new Y.Doc()]]);
	for (let i = 1; i < n; i++) all.set(shard(i), new Y.Doc());
	return all;
}

const synced = (s: WorkspaceSync) => s.status.status === 'synced';

/**
 * A WebSocket class counting the documents awaiting their first answer (step 1 sent, step 2 not
 * yet received): the most at any send, and the most once `sizedAfter` answers had come.
 */
function awaitingWatcher(sizedAfter = Infinity) {
	const awaiting = new Set<string>();
	const seen = { most: 0, mostOnceSized: 0, answered: 0 };
	const subtypeOf = (frame: Uint8Array) => {
		const read = readDocMessage(frame);
		if (!read || read.message[0] !== MESSAGE_SYNC) return null;
		return { doc: read.doc, subtype: read.message[1] };
	};
	class Watching extends NodeWebSocket {
		constructor(...args: ConstructorParameters<typeof NodeWebSocket>) {
			super(...args);
			this.addEventListener('message', (event) => {
				const read = subtypeOf(new Uint8Array(event.data as ArrayBuffer));
				if (read?.subtype === SYNC_STEP_2 && awaiting.delete(read.doc)) seen.answered++;
			});
		}
		override send(data: Uint8Array): void {
			const read = subtypeOf(data);
			if (read?.subtype === SYNC_STEP_1) awaiting.add(read.doc);
			seen.most = Math.max(seen.most, awaiting.size);
			if (seen.answered >= sizedAfter)
				seen.mostOnceSized = Math.max(seen.mostOnceSized, awaiting.size);
			super.send(data);
		}
	}
	return { WebSocket: Watching as unknown as typeof WebSocket, seen };
}

beforeEach(async () => {
	relay = await FakeRelay.start();
	relay.addWorkspace('w1', { own: 'owner', edit: 'editor', view: 'viewer' });
});

afterEach(async () => {
	for (const sync of open.splice(0)) sync.destroy();
	await relay.stop();
});

describe('WorkspaceSync', () => {
	it('syncs many documents between two devices over one socket each', async () => {
		const a = docs(100);
		const b = docs(100);
		const { sync: sa, statuses } = start({ docs: a });
		const { sync: sb } = start();
		for (const [name, doc] of b) sb.add(name, doc);
		await Promise.all([sa.allSynced(), sb.allSynced()]);
		await waitFor(() => synced(sa) && synced(sb), 'both synced');
		expect(relay.attempts).toBe(2);
		expect(relay.peers.size).toBe(2);
		expect(sa.status.role).toBe('editor');
		const steps = statuses.map((s) => s.status).filter((s, i, all) => s !== all[i - 1]);
		expect(steps).toEqual(['connecting', 'synced']);

		for (const [name, doc] of a) doc.getMap('m').set('from', `a:${name}`);
		await waitFor(
			() => [...b].every(([name, doc]) => doc.getMap('m').get('from') === `a:${name}`),
			'every document to reach b'
		);
		await waitFor(() => sa.status.pending === 0, 'every change confirmed');
		expect(relay.doc('w1', shard(42)).getMap('m').get('from')).toBe(`a:${shard(42)}`);
		expect(sb.status.pending).toBe(0);
	});

	it('awaits the first answers of at most 16 documents at once (a new device asks for hundreds)', async () => {
		const { WebSocket, seen } = awaitingWatcher();
		const all = docs(200);
		for (const name of all.keys()) relay.doc('w1', name).getMap('m').set('there', name);
		const { sync } = start({ docs: all, WebSocket });
		await sync.allSynced();
		expect([...all].every(([name, doc]) => doc.getMap('m').get('there') === name)).toBe(true);
		expect(seen.most).toBeGreaterThan(1);
		expect(seen.most).toBeLessThanOrEqual(16);
	});

	it('awaits fewer answers at once when they are large (the relay closes a reader 8 MiB behind)', async () => {
		const { WebSocket, seen } = awaitingWatcher(16);
		const all = docs(60);
		const big = 'x'.repeat(1024 * 1024); // each document's answer ~1 MiB: 4 fit in 4 MiB
		for (const name of all.keys())
			relay
				.doc('w1', name)
				.getMap('m')
				.set('there', name + big);
		const { sync } = start({ docs: all, WebSocket });
		await sync.allSynced();
		expect([...all].every(([name, doc]) => doc.getMap('m').get('there') === name + big)).toBe(true);
		expect(seen.most).toBeLessThanOrEqual(8); // before any size was known
		expect(seen.mostOnceSized).toBeGreaterThan(0);
		expect(seen.mostOnceSized).toBeLessThanOrEqual(4);
	});

	it('sends a task of edits to one document as one frame', async () => {
		const doc = new Y.Doc();
		const { sync } = start({ docs: [[shard(1), doc]] });
		await waitFor(() => synced(sync), 'synced');
		// Synced is not the handshake's end: the client's answer to the relay's first step may
		// still be on its way (in CI it came after, counted as a second frame). An edit confirmed
		// means the relay has read every frame sent before it.
		doc.getMap('m').set('first', 0);
		await waitFor(() => sync.status.pending === 0, 'the handshake read');
		const before = relay.framesIn;
		for (let i = 0; i < 2_000; i++) doc.getMap('m').set(`k${i}`, i);
		await waitFor(() => sync.status.pending === 0, 'confirmed');
		expect(relay.framesIn - before).toBe(1);
		expect(relay.doc('w1', shard(1)).getMap('m').size).toBe(2_001);
	});

	it('subscribes a document added while connected at once, and resolves synced(name)', async () => {
		relay.doc('w1', 'history.2026-12').getMap('h').set('e1', 'created');
		const { sync } = start({ docs: [[CORE_DOC, new Y.Doc()]] });
		await waitFor(() => synced(sync), 'synced');
		const history = new Y.Doc();
		sync.add('history.2026-12', history);
		expect(sync.status.status).toBe('connecting'); // until that document has synced too
		// …while the documents in step stay so, each on its own (what settling asks).
		expect(sync.isSyncedNow(CORE_DOC)).toBe(true);
		expect(sync.isSyncedNow('history.2026-12')).toBe(false);
		await sync.synced('history.2026-12');
		expect(history.getMap('h').get('e1')).toBe('created');
		expect(synced(sync)).toBe(true);
		expect(sync.isSyncedNow('history.2026-12')).toBe(true);
		expect(sync.isSyncedNow('people.zz')).toBe(false);
		expect(() => sync.add('Not A Name', new Y.Doc())).toThrow(/not a document name/);
		await expect(sync.synced('people.zz')).rejects.toThrow(/not added/);
	});

	it('holds changes to each document as pending until the relay confirms that document', async () => {
		const storage = memoryStorage();
		const all = docs(3);
		const { sync } = start({ docs: all, storage });
		await waitFor(() => synced(sync), 'synced');
		relay.autoAck = false;
		all.get(CORE_DOC)?.getMap('m').set('x', 1);
		all.get(shard(1))?.getMap('m').set('x', 1);
		all.get(shard(1))?.getMap('m').set('y', 2);
		all.get(shard(2))?.getMap('m').set('x', 1);
		expect(sync.status.pending).toBe(4);
		await Promise.resolve();
		expect(storage.map.get(pendingKey('w1'))).toBe('1');
		expect(storage.map.get(pendingKey('w1', shard(1)))).toBe('2');
		expect(storage.map.get(pendingKey('w1', shard(2)))).toBe('1');
		await sleep(50);
		expect(sync.status.pending).toBe(4);
		relay.releaseAcks();
		await waitFor(() => sync.status.pending === 0, 'acks');
		await Promise.resolve();
		expect([...storage.map.keys()]).toEqual([]);
	});

	it('keeps each document’s unconfirmed count across a reload', async () => {
		const storage = memoryStorage();
		const all = docs(3);
		const first = start({ docs: all, storage, workOffline: true }).sync;
		all.get(shard(2))?.getMap('m').set('offline', 1);
		all.get(shard(2))?.getMap('m').set('offline', 2);
		first.destroy();
		// The same entry written twice in a moment: one edit (confirmation-counter.ts).
		expect(storage.map.get(pendingKey('w1', shard(2)))).toBe('1');

		const reloaded = new Map<string, Y.Doc>();
		for (const [name, doc] of all) {
			const copy = new Y.Doc();
			Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc), 'load');
			reloaded.set(name, copy);
		}
		const { sync } = start({ docs: reloaded, storage, isLocalOrigin: (o) => o !== 'load' });
		expect(sync.status.pending).toBe(1);
		await waitFor(() => sync.status.pending === 0, 'confirmed after reload');
		expect(relay.doc('w1', shard(2)).getMap('m').get('offline')).toBe(2);
	});

	it('resubscribes every document after a reconnect and sends what changed meanwhile', async () => {
		const all = docs(30);
		const { sync, statuses } = start({ docs: all });
		await waitFor(() => synced(sync), 'synced');
		relay.closeAll(1001);
		await waitFor(() => sync.status.status === 'connecting', 'dropped');
		expect([...all.keys()].some((name) => sync.isSyncedNow(name))).toBe(false);
		for (const doc of all.values()) doc.getMap('m').set('while-away', true);
		await waitFor(() => relay.attempts === 2 && synced(sync), 'reconnected');
		await waitFor(() => sync.status.pending === 0, 'confirmed');
		expect(statuses.some((s) => /restarting/.test(s.message))).toBe(true);
		for (const name of all.keys()) {
			expect(relay.doc('w1', name).getMap('m').get('while-away')).toBe(true);
		}
		const [peer] = relay.peers;
		expect(peer.subscribed.size).toBe(30);
	});

	it('counts a document removed and added again on the same connection from where it was', async () => {
		const doc = new Y.Doc();
		const { sync } = start({ docs: [[shard(1), doc]] });
		await waitFor(() => synced(sync), 'synced');
		relay.autoAck = false;
		doc.getMap('m').set('a', 1);
		sync.remove(shard(1));
		const again = new Y.Doc();
		Y.applyUpdate(again, Y.encodeStateAsUpdate(doc));
		sync.add(shard(1), again);
		again.getMap('m').set('b', 2);
		await sync.synced(shard(1));
		expect(sync.status.pending).toBe(1);
		relay.releaseAcks();
		await waitFor(() => sync.status.pending === 0, 'confirmed');
		expect(relay.doc('w1', shard(1)).getMap('m').toJSON()).toEqual({ a: 1, b: 2 });
	});

	it('stops and explains when the token is wrong, trying only once', async () => {
		const { sync } = start({ token: 'nope', docs: docs(5) });
		await waitFor(() => sync.status.status === 'refused', 'refusal');
		expect(sync.status.message).toMatch(/does not give access/);
		await sleep(300);
		expect(relay.attempts).toBe(1);
	});

	it('stops on a revoked invite and on a malformed-message close', async () => {
		const { sync } = start({ docs: docs(3) });
		await waitFor(() => synced(sync), 'synced');
		relay.revoke('w1', 'edit');
		await waitFor(() => sync.status.status === 'refused', 'refusal');
		expect(sync.status.message).toMatch(/revoked/);

		const other = start({ token: 'own', docs: docs(3) }).sync;
		await waitFor(() => synced(other), 'synced');
		relay.closeAll(4400);
		await waitFor(() => other.status.status === 'offline', 'stopped');
		expect(other.status.message).toMatch(/could not read a message/);
		await sleep(300);
		expect(relay.attempts).toBe(2);
		other.reconnect();
		await waitFor(() => synced(other), 'back on request');
	});

	it('shares presence on the core document only', async () => {
		const { sync: a } = start({ docs: docs(3) });
		const { sync: b } = start({ docs: docs(3) });
		await waitFor(() => synced(a) && synced(b), 'synced');
		a.awareness.setLocalStateField('user', { name: 'Ada' });
		await waitFor(() => b.awareness.getStates().get(a.awareness.clientID) !== undefined, 'seen');
		expect(relay.awareness('w1').getStates().get(a.awareness.clientID)).toEqual({
			user: { name: 'Ada' }
		});
		// A later joiner is told at once.
		const { sync: c } = start({ docs: docs(1) });
		await waitFor(() => c.awareness.getStates().has(a.awareness.clientID), 'seen by a joiner');
		// Leaving (work offline) removes it for the others.
		a.setWorkOffline(true);
		await waitFor(() => !b.awareness.getStates().has(a.awareness.clientID), 'gone');
	});

	it('falls back to the core document alone on a relay without crm-docs', async () => {
		relay.speaksDocs = false;
		relay.doc('w1', CORE_DOC).getMap('m').set('core', 'yes');
		const all = docs(3);
		const { sync } = start({ docs: all });
		await sync.synced(CORE_DOC);
		await waitFor(() => synced(sync), 'synced');
		expect(all.get(CORE_DOC)?.getMap('m').get('core')).toBe('yes');
		all.get(CORE_DOC)?.getMap('m').set('mine', 1);
		await waitFor(() => sync.status.pending === 0, 'confirmed');
		expect(relay.doc('w1', CORE_DOC).getMap('m').get('mine')).toBe(1);
		let shardSynced = false;
		void sync.synced(shard(1)).then(
			() => (shardSynced = true),
			() => {}
		);
		await sleep(50);
		expect(shardSynced).toBe(false);
	});

	it('rejects the waits of a removed document', async () => {
		relay.speaksDocs = false; // the shard never syncs
		const { sync } = start({ docs: docs(2) });
		const waiting = sync.synced(shard(1));
		sync.remove(shard(1));
		await expect(waiting).rejects.toThrow(/removed/);
		expect(sync.names).toEqual([CORE_DOC]);
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

		it('goes offline with the device and brings every document back with it', async () => {
			const all = docs(10);
			const { sync } = start({ docs: all });
			await waitFor(() => synced(sync), 'synced');
			events.dispatchEvent(new Event('offline'));
			expect(sync.status.status).toBe('offline');
			for (const doc of all.values()) doc.getMap('m').set('x', 1);
			expect(sync.status.pending).toBe(10);
			events.dispatchEvent(new Event('online'));
			await waitFor(() => synced(sync) && sync.status.pending === 0, 'back');
			expect(relay.attempts).toBe(2);
		});
	});
});

describe('WorkspaceSync across tabs', () => {
	it('shares changes with another tab of the workspace at once, relay or not', async () => {
		const a = docs(3);
		const b = docs(3);
		a.get(shard(2))?.getMap('m').set('before', 'a'); // loaded in tab a only
		const { sync: ta } = start({ disableBc: false, docs: a, workOffline: true });
		const { sync: tb } = start({ disableBc: false, docs: b, workOffline: true });
		await waitFor(() => b.get(shard(2))?.getMap('m').get('before') === 'a', 'what a held');
		b.get(shard(1))?.getMap('m').set('typed', 'in b');
		await waitFor(() => a.get(shard(1))?.getMap('m').get('typed') === 'in b', 'b’s edit');
		// Each tab counts and sends only its own edits.
		expect(ta.status.pending).toBe(0);
		expect(tb.status.pending).toBe(1);
		tb.setWorkOffline(false);
		ta.setWorkOffline(false);
		await waitFor(() => synced(ta) && synced(tb) && tb.status.pending === 0, 'confirmed');
		expect(relay.doc('w1', shard(1)).getMap('m').get('typed')).toBe('in b');
		expect(relay.doc('w1', shard(2)).getMap('m').get('before')).toBe('a');
	});

	it("posts a local edit to the other tabs before what the edit's observers scheduled", async () => {
		const a = docs(2);
		const b = docs(2);
		const { sync: ta } = start({ disableBc: false, docs: a, workOffline: true });
		start({ disableBc: false, docs: b, workOffline: true });
		await sleep(50); // the tabs' first posts (their documents' step 1) are out
		const posts = vi.spyOn(BroadcastChannel.prototype, 'postMessage');
		try {
			const postedWhenRendering: number[] = [];
			// What Svelte does when a reader's state changes in an observer: a flush in a microtask.
			// Posts counted from the edit on (no other task runs before that microtask).
			const map = a.get(shard(1))!.getMap('m');
			let before = 0;
			map.observe(() =>
				queueMicrotask(() => postedWhenRendering.push(posts.mock.calls.length - before))
			);
			before = posts.mock.calls.length;
			map.set('typed', 'in a');
			await sleep(0);
			expect(postedWhenRendering).toEqual([1]);
			await waitFor(() => b.get(shard(1))?.getMap('m').get('typed') === 'in a', 'a’s edit');
			expect(ta.status.pending).toBe(1);
		} finally {
			posts.mockRestore();
		}
	});
});
