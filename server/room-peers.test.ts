// Two rooms of one document in two "processes", linked in memory the way redis-fanout.ts links
// them (fanout.ts): what one room's client sends reaches the other's clients and is stored by the
// receiving room only; a room that loads announces its state vector and gets what it lacks.
// Redis itself is tested in redis-fanout.test.ts.
import * as encoding from 'lib0/encoding';
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Channel, Outgoing } from './channel.ts';
import type { DocPeers } from './fanout.ts';
import { Metrics } from './metrics.ts';
import { CORE_DOC, SYNC_UPDATE, encodeSync } from '../src/lib/sync/wire.ts';
import { encodeAwareness } from './protocol.ts';
import { Room } from './room.ts';
import type { WorkspaceStore } from './storage.ts';

class MemoryStore implements WorkspaceStore {
	readonly appended: Uint8Array[] = [];
	constructor(private readonly initial: Uint8Array[] = []) {}
	async load(): Promise<Uint8Array[]> {
		return this.initial;
	}
	async append(_id: string, _doc: string, update: Uint8Array): Promise<void> {
		this.appended.push(update);
	}
	async compact(): Promise<void> {}
	async listWorkspaces(): Promise<string[]> {
		return [];
	}
	async listDocuments(): Promise<string[]> {
		return [];
	}
	async flush(): Promise<void> {}
	async release(): Promise<void> {}
	async close(): Promise<void> {}
}

function channel(): { conn: Channel; received: Y.Doc } {
	const received = new Y.Doc();
	const take = (message: Uint8Array) => {
		if (message[0] === 0 && (message[1] === 1 || message[1] === 2)) {
			Y.applyUpdate(received, message.subarray(3)); // [0][subtype][length < 128][update]
		}
	};
	const conn = {
		info: {
			workspaceId: 'peers-test',
			role: 'editor',
			inviteId: 'i',
			presenceName: () => 'Dana',
			ip: '127.0.0.1',
			extensions: true
		},
		awarenessIds: new Set<number>(),
		send: take,
		sendShared: (out: Outgoing) => take(out.message),
		trackSync: () => {},
		close: () => {}
	};
	return { conn: conn as unknown as Channel, received };
}

function room(store: WorkspaceStore): Room {
	return new Room(
		'peers-test',
		CORE_DOC,
		store,
		new Metrics(),
		() => {},
		(_conn, error) => {
			throw error;
		}
	);
}

/** Links `a` to `b` as Redis would: everything a publishes, b receives (and answers). */
function link(a: Room, b: Room, published: string[]): DocPeers {
	return {
		joined: Promise.resolve(),
		publishUpdate: (update) => {
			published.push('update');
			b.applyRemoteUpdate(update);
		},
		publishAwareness: (update) => {
			published.push('awareness');
			b.applyRemoteAwareness(update);
		},
		catchUp: (stateVector) => {
			published.push('state');
			const answer = b.answerPeer(stateVector);
			if (answer?.update) a.applyRemoteUpdate(answer.update);
			if (answer?.awareness) a.applyRemoteAwareness(answer.awareness);
		},
		leave: () => {}
	};
}

function edit(key: string, clientID: number): Uint8Array {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	doc.getMap('m').set(key, clientID);
	return encodeSync(SYNC_UPDATE, Y.encodeStateAsUpdate(doc));
}

it("a client's update reaches the other process's clients and is stored where it arrived", async () => {
	const [storeA, storeB] = [new MemoryStore(), new MemoryStore()];
	const [a, b] = [room(storeA), room(storeB)];
	const published: string[] = [];
	a.peers = link(a, b, published);
	b.peers = link(b, a, []);
	await a.load();
	await b.load();
	const [atA, atB] = [channel(), channel()];
	a.add(atA.conn);
	b.add(atB.conn);
	a.receive(atA.conn, edit('from-a', 1));
	expect(atB.received.getMap('m').get('from-a')).toBe(1);
	expect(b.doc.getMap('m').get('from-a')).toBe(1);
	expect(storeA.appended).toHaveLength(1);
	expect(storeB.appended).toHaveLength(0); // the receiving process stored it
	expect(published).toContain('update');
	// Applied again (a repeat from a peer's catch-up), it changes nothing and is not forwarded.
	const before = Y.encodeStateAsUpdate(atB.received);
	b.applyRemoteUpdate(Y.encodeStateAsUpdate(a.doc));
	expect(Y.encodeStateAsUpdate(atB.received)).toEqual(before);
});

it('a loading room gets what a peer published meanwhile, and what it held before', async () => {
	const holder = room(new MemoryStore());
	await holder.load();
	holder.receive(channel().conn, edit('before', 2)); // held in memory only, never published
	const loading = room(new MemoryStore());
	loading.peers = link(loading, holder, []);
	holder.peers = link(holder, loading, []);
	loading.applyRemoteUpdate(Y.encodeStateAsUpdate(docWithKey('during', 3))); // queued
	expect(loading.doc.getMap('m').has('during')).toBe(false);
	await loading.load();
	expect(loading.doc.getMap('m').get('during')).toBe(3);
	expect(loading.doc.getMap('m').get('before')).toBe(2); // from the holder's answer
	// The holder learns that its peer holds more than it does.
	expect(holder.answerPeer(Y.encodeStateVector(loading.doc))?.theyHaveMore).toBe(true);
});

it("presence set at one process reaches the other's clients with the name bound there", async () => {
	const [a, b] = [room(new MemoryStore()), room(new MemoryStore())];
	a.peers = link(a, b, []);
	b.peers = link(b, a, []);
	await a.load();
	await b.load();
	const setter = channel();
	a.add(setter.conn);
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, 1); // one entry: client 42, clock 1, a name it claims
	encoding.writeVarUint(update, 42);
	encoding.writeVarUint(update, 1);
	encoding.writeVarString(update, JSON.stringify({ user: { name: 'Mallory' } }));
	a.receive(setter.conn, encodeAwareness(encoding.toUint8Array(update)));
	const seen = b.awareness.getStates().get(42) as { user: { name: string } } | undefined;
	expect(seen?.user.name).toBe('Dana');
	a.remove(setter.conn);
	expect(b.awareness.getStates().has(42)).toBe(false);
});

function docWithKey(key: string, clientID: number): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	doc.getMap('m').set(key, clientID);
	return doc;
}
