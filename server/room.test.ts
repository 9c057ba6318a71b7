// Room in isolation: a store whose writes finish when the test says so, and connections that
// only record what they are sent.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Channel, Outgoing } from './channel.ts';
import { Metrics } from './metrics.ts';
import {
	CORE_DOC,
	SYNC_STEP_1,
	SYNC_STEP_2,
	SYNC_UPDATE,
	encodeSync
} from '../src/lib/sync/wire.ts';
import { encodeAwareness } from './protocol.ts';
import { LOAD_ORIGIN, MalformedMessage, Room } from './room.ts';
import type { WorkspaceStore } from './storage.ts';

class HeldStore implements WorkspaceStore {
	readonly appended: Uint8Array[] = [];
	private readonly waiting: Array<() => void> = [];

	constructor(private readonly initial: Uint8Array[] = []) {}

	async load(): Promise<Uint8Array[]> {
		return this.initial;
	}
	append(_id: string, _doc: string, update: Uint8Array): Promise<void> {
		this.appended.push(update);
		return new Promise((resolve) => this.waiting.push(resolve));
	}
	/** The disk catches up: every append so far becomes durable. */
	settle(): void {
		for (const resolve of this.waiting.splice(0)) resolve();
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

interface FakeConnection {
	conn: Channel;
	sent: Uint8Array[];
	durable: boolean[];
}

function fakeConnection(
	role: 'editor' | 'viewer' = 'editor',
	memberName: string = role,
	inviteId = 'i'
): FakeConnection {
	const sent: Uint8Array[] = [];
	const durable: boolean[] = [];
	const conn = {
		info: {
			workspaceId: 'room-test-1',
			role,
			inviteId,
			presenceName: () => memberName,
			ip: '127.0.0.1',
			extensions: true
		},
		awarenessIds: new Set<number>(),
		send: (message: Uint8Array) => sent.push(message),
		sendShared: (out: Outgoing) => sent.push(out.message),
		trackSync: (promise: Promise<void>, stored = true) => {
			const i = durable.push(false) - 1;
			if (stored) void promise.then(() => (durable[i] = true));
		},
		close: () => {}
	};
	return { conn: conn as unknown as Channel, sent, durable };
}

function docWith(entries: Record<string, number>, clientID = 1): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	for (const [key, value] of Object.entries(entries)) doc.getMap<number>('m').set(key, value);
	return doc;
}

/** The sync subtype and payload of a message the room sent. */
function readSync(message: Uint8Array): { subtype: number; payload: Uint8Array } {
	const decoder = decoding.createDecoder(message);
	expect(decoding.readVarUint(decoder)).toBe(0);
	const subtype = decoding.readVarUint(decoder);
	return { subtype, payload: decoding.readVarUint8Array(decoder) };
}

/**
 * What a y-websocket client holds when it turns `synced`: the room's messages applied in order
 * up to and including the first sync step 2.
 */
function syncedState(messages: Uint8Array[]): Y.Doc {
	const doc = new Y.Doc();
	for (const message of messages) {
		const { subtype, payload } = readSync(message);
		Y.applyUpdate(doc, payload);
		if (subtype === SYNC_STEP_2) return doc;
	}
	throw new Error('no sync step 2 among the messages');
}

const askEverything = encodeSync(SYNC_STEP_1, Uint8Array.of(0));
const flushPromises = () => new Promise((resolve) => setImmediate(resolve));

/** What a room sends a new connection that asks for the whole document. */
function answerToNewDevice(room: Room): Uint8Array[] {
	const device = fakeConnection();
	room.add(device.conn);
	const before = device.sent.length;
	room.receive(device.conn, askEverything);
	return device.sent.slice(before);
}

async function loadedRoom(store: HeldStore): Promise<Room> {
	const room = new Room(
		'room-test-1',
		CORE_DOC,
		store,
		new Metrics(),
		() => {},
		(_conn, error) => {
			throw error;
		}
	);
	await room.load();
	return room;
}

describe('Room', () => {
	it('forwards an update to the others at once, and confirms it only once it is durable', async () => {
		const store = new HeldStore();
		const room = await loadedRoom(store);
		const [a, b, c] = [fakeConnection(), fakeConnection(), fakeConnection()];
		for (const x of [a, b, c]) room.add(x.conn);
		const before = [a, b, c].map((x) => x.sent.length);

		const doc = docWith({ k: 1 });
		const update = encodeSync(SYNC_UPDATE, Y.encodeStateAsUpdate(doc));
		room.receive(a.conn, update);

		expect(b.sent.slice(before[1])).toEqual([update]);
		expect(c.sent.slice(before[2])).toEqual([update]);
		expect(a.sent.length).toBe(before[0]);
		expect(store.appended).toHaveLength(1);
		await flushPromises();
		expect(a.durable).toEqual([false]);
		store.settle();
		await flushPromises();
		expect(a.durable).toEqual([true]);
	});

	it('drops a viewer update: nothing forwarded, nothing stored', async () => {
		const store = new HeldStore();
		const room = await loadedRoom(store);
		const [viewer, other] = [fakeConnection('viewer'), fakeConnection()];
		room.add(viewer.conn);
		room.add(other.conn);
		const before = other.sent.length;
		room.receive(viewer.conn, encodeSync(SYNC_UPDATE, Y.encodeStateAsUpdate(docWith({ k: 1 }))));
		expect(other.sent.length).toBe(before);
		expect(store.appended).toHaveLength(0);
		expect(room.doc.getMap('m').size).toBe(0);
		await flushPromises();
		expect(viewer.durable).toEqual([false]); // dropped, so never confirmed
	});

	it("confirms a viewer's message that holds nothing the room lacks", async () => {
		const source = docWith({ k: 1, gone: 2 });
		source.getMap('m').delete('gone');
		const store = new HeldStore([Y.encodeStateAsUpdate(source)]);
		const room = await loadedRoom(store);
		const viewer = fakeConnection('viewer');
		room.add(viewer.conn);
		// A viewer's sync step 2 carries its whole delete set even when it has nothing new.
		room.receive(viewer.conn, encodeSync(SYNC_STEP_2, Y.encodeStateAsUpdate(source)));
		// A deletion the room lacks is a write, though.
		const deleter = new Y.Doc();
		Y.applyUpdate(deleter, Y.encodeStateAsUpdate(source));
		deleter.getMap('m').delete('k');
		room.receive(viewer.conn, encodeSync(SYNC_UPDATE, Y.encodeStateAsUpdate(deleter)));
		await flushPromises();
		expect(viewer.durable).toEqual([true, false]);
		expect(room.doc.getMap('m').get('k')).toBe(1);
	});

	it('answers joiners from one encoding of the document plus the updates since', async () => {
		// Large enough that one small edit stays well under the share that forces a new encoding.
		const filler = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`f${i}`, i]));
		const initial = docWith({ a: 1, b: 2, ...filler });
		const store = new HeldStore([Y.encodeStateAsUpdate(initial)]);
		const room = await loadedRoom(store);
		const writer = fakeConnection();
		room.add(writer.conn);

		const answers = [fakeConnection(), fakeConnection()].map((j) => {
			room.add(j.conn);
			const before = j.sent.length;
			room.receive(j.conn, askEverything);
			expect(j.sent.length).toBe(before + 1);
			return j.sent[before];
		});
		// The same bytes for both: encoded once.
		expect(answers[0]).toBe(answers[1]);

		const edit = docWith({}, 2);
		Y.applyUpdate(edit, Y.encodeStateAsUpdate(room.doc));
		edit.getMap<number>('m').set('c', 3);
		edit.getMap<number>('m').delete('a');
		room.receive(
			writer.conn,
			encodeSync(SYNC_UPDATE, Y.encodeStateAsUpdate(edit, Y.encodeStateVector(room.doc)))
		);

		const answer = answerToNewDevice(room);
		// The same encoding, now as an update; the edit; then an empty step 2, last.
		expect(answer.map((m) => readSync(m).subtype)).toEqual([SYNC_UPDATE, SYNC_UPDATE, SYNC_STEP_2]);
		expect(readSync(answer[0]).payload).toEqual(readSync(answers[0]).payload);
		expect(readSync(answer[2]).payload).toEqual(Uint8Array.of(0, 0));
		expect(syncedState(answer).getMap('m').toJSON()).toEqual({ b: 2, c: 3, ...filler });
	});

	it('serves a document at rest (one stored update) as stored, without encoding it', async () => {
		// Stored without garbage collection: the value overwritten is still in it, so the
		// room's (collecting) document would encode it otherwise.
		const source = new Y.Doc({ gc: false });
		source.getMap<string>('m').set('a', 'x'.repeat(100));
		source.getMap<string>('m').set('a', 'y');
		const stored = Y.encodeStateAsUpdate(source);
		const room = await loadedRoom(new HeldStore([stored]));
		expect(Y.encodeStateAsUpdate(room.doc)).not.toEqual(stored);
		const answer = answerToNewDevice(room);
		expect(answer).toHaveLength(1);
		expect(readSync(answer[0])).toEqual({ subtype: SYNC_STEP_2, payload: stored });
		expect(syncedState(answer).getMap('m').toJSON()).toEqual({ a: 'y' });
	});

	it('builds a document at rest only when something needs more than its stored bytes', async () => {
		const stored = Y.encodeStateAsUpdate(docWith({ a: 1 }));
		const room = await loadedRoom(new HeldStore([stored]));
		const changes: unknown[] = [];
		room.watch((_update, origin) => changes.push(origin));
		const device = fakeConnection();
		room.add(device.conn);
		// Greeted with the state vector of what is stored, read from the bytes.
		expect(readSync(device.sent[0])).toEqual({
			subtype: SYNC_STEP_1,
			payload: Y.encodeStateVector(docWith({ a: 1 }))
		});
		expect(readSync(answerToNewDevice(room)[0]).payload).toEqual(stored);
		expect(changes).toEqual([]);

		// An edit needs the document: the stored state is applied first (as its load), then it.
		const edit = docWith({}, 4);
		Y.applyUpdate(edit, stored);
		edit.getMap<number>('m').set('b', 2);
		const update = Y.encodeStateAsUpdate(edit, Y.encodeStateVector(docWith({ a: 1 })));
		room.receive(device.conn, encodeSync(SYNC_UPDATE, update));
		expect(changes).toEqual([LOAD_ORIGIN, device.conn]);
		expect(room.doc.getMap('m').toJSON()).toEqual({ a: 1, b: 2 });
		const answer = answerToNewDevice(room);
		expect(syncedState(answer).getMap('m').toJSON()).toEqual({ a: 1, b: 2 });
	});

	it('applies a watched document as it loads: the watcher sees the load', async () => {
		const room = new Room(
			'room-test-1',
			'outbox.c1',
			new HeldStore([Y.encodeStateAsUpdate(docWith({ a: 1 }))]),
			new Metrics(),
			() => {},
			() => {}
		);
		const changes: unknown[] = [];
		room.watch((_update, origin) => changes.push(origin));
		await room.load();
		expect(changes).toEqual([LOAD_ORIGIN]);
	});

	it('encodes the document again once the updates since its encoding pile up', async () => {
		const store = new HeldStore([Y.encodeStateAsUpdate(docWith({ seed: 0 }))]);
		const room = await loadedRoom(store);
		const writer = fakeConnection();
		const joiner = fakeConnection();
		room.add(writer.conn);
		room.add(joiner.conn);
		room.receive(joiner.conn, askEverything);
		const first = joiner.sent.at(-1);

		// Updates since the encoding now outweigh a quarter of it.
		const edit = docWith({}, 3);
		for (let i = 0; i < 3; i++) {
			const before = Y.encodeStateVector(edit);
			edit.getMap<string>('m').set(`k${i}`, 'x'.repeat(200));
			room.receive(writer.conn, encodeSync(SYNC_UPDATE, Y.encodeStateAsUpdate(edit, before)));
		}
		const before = joiner.sent.length;
		room.receive(joiner.conn, askEverything);
		const answer = joiner.sent.slice(before);
		expect(answer).toHaveLength(1);
		expect(answer[0]).not.toBe(first);
		expect(syncedState(answer).getMap('m').toJSON()).toEqual(room.doc.getMap('m').toJSON());
	});

	it('serves a first import into an empty document as it came, without encoding', async () => {
		const room = await loadedRoom(new HeldStore());
		const importer = fakeConnection();
		room.add(importer.conn);
		room.receive(importer.conn, askEverything);
		const filler = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`p${i}`, i]));
		const imported = encodeSync(SYNC_UPDATE, Y.encodeStateAsUpdate(docWith(filler, 5)));
		room.receive(importer.conn, imported);

		const answer = answerToNewDevice(room);
		// The import alone is the document: it goes out as the step 2.
		expect(answer).toHaveLength(1);
		expect(readSync(answer[0])).toEqual({
			subtype: SYNC_STEP_2,
			payload: readSync(imported).payload
		});
		expect(syncedState(answer).getMap('m').toJSON()).toEqual(filler);

		// An edit after it follows as an update, before an empty step 2.
		const edit = docWith({}, 6);
		edit.getMap<number>('m').set('extra', 1);
		room.receive(importer.conn, encodeSync(SYNC_UPDATE, Y.encodeStateAsUpdate(edit)));
		const next = answerToNewDevice(room);
		expect(next.map((m) => readSync(m).subtype)).toEqual([SYNC_UPDATE, SYNC_UPDATE, SYNC_STEP_2]);
		expect(syncedState(next).getMap('m').toJSON()).toEqual({ ...filler, extra: 1 });
	});

	it('stores and forwards what a malformed update left pending, before refusing it', async () => {
		// Client 2's sixth change alone, its delete set cut off: Yjs parks the change as pending
		// (its first five are missing) and then throws on the delete set.
		const author = new Y.Doc();
		author.clientID = 2;
		for (let i = 0; i < 5; i++) author.getMap<number>('m').set(`k${i}`, i);
		const firstFive = Y.encodeStateAsUpdate(author);
		const sv = Y.encodeStateVector(author);
		author.getMap<number>('m').set('k5', 5);
		const sixth = Y.diffUpdate(Y.encodeStateAsUpdate(author), sv);
		const cutOff = sixth.slice(0, -1);

		const store = new HeldStore();
		const room = await loadedRoom(store);
		const [hostile, honest, observer] = [fakeConnection(), fakeConnection(), fakeConnection()];
		for (const x of [hostile, honest, observer]) room.add(x.conn);
		const seen = observer.sent.length;
		expect(() => room.receive(hostile.conn, encodeSync(SYNC_UPDATE, cutOff))).toThrow(
			MalformedMessage
		);
		// The first five arrive; the parked sixth now integrates in the room's document.
		room.receive(honest.conn, encodeSync(SYNC_UPDATE, firstFive));
		expect(room.doc.getMap('m').get('k5')).toBe(5);

		// What the room holds is what it stored, and what an observer connected all along holds.
		const stored = new Y.Doc();
		for (const update of store.appended) Y.applyUpdate(stored, update);
		expect(stored.getMap('m').toJSON()).toEqual(room.doc.getMap('m').toJSON());
		const observed = new Y.Doc();
		for (const message of observer.sent.slice(seen))
			Y.applyUpdate(observed, readSync(message).payload);
		expect(observed.getMap('m').toJSON()).toEqual(room.doc.getMap('m').toJSON());
	});

	it('answers a known state vector with only what that client lacks', async () => {
		const initial = docWith({ a: 1 });
		const room = await loadedRoom(new HeldStore([Y.encodeStateAsUpdate(initial)]));
		const client = fakeConnection();
		room.add(client.conn);
		const edit = docWith({}, 4);
		Y.applyUpdate(edit, Y.encodeStateAsUpdate(initial));
		edit.getMap<number>('m').set('b', 2);
		room.receive(
			client.conn,
			encodeSync(SYNC_UPDATE, Y.encodeStateAsUpdate(edit, Y.encodeStateVector(initial)))
		);

		const before = client.sent.length;
		room.receive(client.conn, encodeSync(SYNC_STEP_1, Y.encodeStateVector(initial)));
		const [answer] = client.sent.slice(before);
		const mine = new Y.Doc();
		Y.applyUpdate(mine, Y.encodeStateAsUpdate(initial));
		Y.applyUpdate(mine, readSync(answer).payload);
		expect(mine.getMap('m').toJSON()).toEqual({ a: 1, b: 2 });
		expect(readSync(answer).payload.length).toBeLessThan(Y.encodeStateAsUpdate(room.doc).length);
	});

	describe('presence', () => {
		/** An awareness message with raw entries: [clientID, clock, state]. */
		function presence(...entries: Array<[number, number, unknown]>): Uint8Array {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, entries.length);
			for (const [clientID, clock, state] of entries) {
				encoding.writeVarUint(encoder, clientID);
				encoding.writeVarUint(encoder, clock);
				encoding.writeVarString(encoder, JSON.stringify(state));
			}
			return encodeAwareness(encoding.toUint8Array(encoder));
		}

		const user = (name: string) => ({ user: { memberId: 'm', name, color: '#123456' } });

		it("keeps another connection's entry: a client sets and removes only its own", async () => {
			const room = await loadedRoom(new HeldStore());
			const dana = fakeConnection('editor', 'Dana', 'invite-dana');
			const mallory = fakeConnection('viewer', 'Mallory', 'invite-mallory');
			const observer = fakeConnection('editor', 'Olga', 'invite-olga');
			for (const x of [dana, mallory, observer]) room.add(x.conn);
			room.receive(dana.conn, presence([100, 1, user('Dana')]));
			const seen = observer.sent.length;
			room.receive(mallory.conn, presence([100, 2, user('Mallory')]));
			room.receive(mallory.conn, presence([100, 3, null]));
			expect(room.awareness.getStates().get(100)).toEqual(user('Dana'));
			expect(observer.sent.length).toBe(seen); // nothing forged reaches anyone
			// Its own entry is fine, and removable.
			room.receive(mallory.conn, presence([200, 1, user('Mallory')]));
			expect(room.awareness.getStates().has(200)).toBe(true);
			room.receive(mallory.conn, presence([200, 2, null]));
			expect(room.awareness.getStates().has(200)).toBe(false);
			// Once Dana's connection is gone, its entries go with it.
			room.remove(dana.conn);
			expect(room.awareness.getStates().has(100)).toBe(false);
		});

		it('takes the member name from the invite, not from the message', async () => {
			const room = await loadedRoom(new HeldStore());
			const viewer = fakeConnection('viewer', 'Vera (viewer link)', 'invite-vera');
			const observer = fakeConnection();
			room.add(viewer.conn);
			room.add(observer.conn);
			room.receive(viewer.conn, presence([300, 1, { ...user('Dana'), focus: { recordId: 'p1' } }]));
			expect(room.awareness.getStates().get(300)).toEqual({
				user: { memberId: 'm', name: 'Vera (viewer link)', color: '#123456' },
				focus: { recordId: 'p1' }
			});
			const forwarded = new awarenessProtocol.Awareness(new Y.Doc());
			const last = observer.sent.at(-1)!;
			const decoder = decoding.createDecoder(last);
			expect(decoding.readVarUint(decoder)).toBe(1);
			awarenessProtocol.applyAwarenessUpdate(forwarded, decoding.readVarUint8Array(decoder), null);
			expect(forwarded.getStates().get(300)).toMatchObject({
				user: { name: 'Vera (viewer link)' }
			});
		});

		it('lets a reconnecting client of the same invite take its entry over', async () => {
			const room = await loadedRoom(new HeldStore());
			const before = fakeConnection('editor', 'Ada', 'invite-ada');
			const after = fakeConnection('editor', 'Ada', 'invite-ada');
			room.add(before.conn);
			room.add(after.conn);
			room.receive(before.conn, presence([400, 1, user('Ada')]));
			room.receive(after.conn, presence([400, 2, { ...user('Ada'), focus: 'x' }]));
			expect(room.awareness.getStates().get(400)).toMatchObject({ focus: 'x' });
			room.remove(before.conn);
			expect(room.awareness.getStates().has(400)).toBe(true);
		});

		it('refuses a message that is not an awareness update', async () => {
			const room = await loadedRoom(new HeldStore());
			const a = fakeConnection();
			room.add(a.conn);
			expect(() => room.receive(a.conn, encodeAwareness(Uint8Array.of(1, 5, 1, 3, 0x7b)))).toThrow(
				MalformedMessage
			);
		});
	});
});
