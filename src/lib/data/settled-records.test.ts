import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	SETTLED_KEY,
	SETTLE_AFTER_MS,
	isSettleable,
	isSettled,
	keepEditsAcrossSettles,
	settleRecords,
	unsettledIn
} from './settled-records';
import {
	encodeSnapshot,
	readField,
	readRecord,
	type RecordMap,
	type ShardMap,
	type StoredRecord
} from './layout';
import { encodeFold } from './settled-fold';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 7);
const LONG_AGO = NOW - 90 * DAY;

function device(clientID: number) {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	const shard = doc.getMap('tasks') as ShardMap;
	// What this device wrote: here one client per device (device-clients.ts in the app).
	const stop = keepEditsAcrossSettles(shard, (client) => client === clientID);
	return { doc, shard, stop };
}
type Device = ReturnType<typeof device>;

/** Sends what `from` has and `to` lacks, and back, until nothing more is written (replays). */
async function meet(...devices: Device[]): Promise<void> {
	for (let round = 0; round < 4; round++) {
		for (const a of devices)
			for (const b of devices)
				if (a !== b) Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)));
		await Promise.resolve(); // replays are written in a microtask
	}
}

function createTask(d: Device, id: string, at = LONG_AGO): void {
	d.doc.transact(() => {
		const map: RecordMap = new Y.Map();
		map.set(
			'$',
			encodeSnapshot({ title: 'Call back', status: 'open', createdAt: at, custom: {}, tags: [] })
		);
		d.shard.set(id, map);
	});
}

function complete(d: Device, id: string, at = LONG_AGO + DAY): void {
	d.doc.transact(() => {
		const map = edit(d, id);
		map.set('status', 'done');
		map.set('completedAt', at);
		map.set('updatedAt', at);
		map.set('updatedBy', 'member-b');
	});
}

const recordOf = (d: Device, id: string) => readRecord(d.shard.get(id)!, false);
/** The record's map to write into, as the app's writers have it (a settled text made a map). */
const edit = (d: Device, id: string) => unsettledIn(d.shard, id)!;
/** The item holding the record in its shard's map (a settled text has none of its own). */
const itemOf = (d: Device, id: string) => d.shard._map.get(id)!;

/** `n` devices holding the same task, done long ago. */
async function withADoneTask(n: number): Promise<Device[]> {
	const devices = Array.from({ length: n }, (_, i) => device(i + 1));
	createTask(devices[0], 't1');
	complete(devices[0], 't1');
	await meet(...devices);
	return devices;
}

describe('settled records', () => {
	it('folds a record edited long ago into one snapshot, reading the same', () => {
		const a = device(1);
		createTask(a, 't1');
		complete(a, 't1');
		edit(a, 't1').set('custom:budget', 120);
		edit(a, 't1').set('dueDate', null);
		const before = recordOf(a, 't1');
		expect(settleRecords('tasks', a.shard, ['t1'], NOW)).toBe(1);
		// The snapshot's text alone, under the record's id: no map of its own.
		const text = a.shard.get('t1')!;
		expect(typeof text).toBe('string');
		expect(isSettled(text)).toBe(true);
		// Nulls are left out (they read as null: record-types/index.test.ts).
		expect(text).not.toContain('null');
		expect(recordOf(a, 't1')).toEqual({ ...before, dueDate: undefined });
		expect(readField(text, 'custom:budget')).toBe(120);
	});

	it('writes a batch under one id of its own, observers running as the page’s client', () => {
		const a = device(1);
		for (const id of ['t1', 't2', 't3']) {
			createTask(a, id);
			complete(a, id);
		}
		const seen: number[] = [];
		a.doc.on('afterTransaction', () => seen.push(a.doc.clientID));
		expect(settleRecords('tasks', a.shard, ['t3', 't1', 't2'], NOW)).toBe(3);
		expect(seen).toEqual([1]);
		const writers = new Set(['t1', 't2', 't3'].map((id) => itemOf(a, id).id.client));
		expect(writers.size).toBe(1);
		expect([...writers][0]).not.toBe(1);
	});

	it('leaves records edited or made lately, deleted ones, ones with texts or files', () => {
		const a = device(1);
		for (const id of ['recent', 'deleted', 'text', 'file']) createTask(a, id);
		createTask(a, 'new', NOW - DAY);
		complete(a, 'recent', NOW - 2 * DAY);
		for (const id of ['deleted', 'text', 'file']) complete(a, id);
		edit(a, 'deleted').set('deletedAt', LONG_AGO + 2 * DAY);
		edit(a, 'text').set('notes', new Y.Text('call first'));
		edit(a, 'file').set('file:abc', { name: 'a.pdf', type: 'application/pdf', size: 1 });
		const ids = ['recent', 'deleted', 'text', 'file', 'new'];
		expect(ids.filter((id) => isSettleable(edit(a, id), NOW))).toEqual([]);
		expect(settleRecords('tasks', a.shard, ids, NOW)).toBe(0);
		// A month later the recent ones are due.
		expect(isSettleable(edit(a, 'recent'), NOW + SETTLE_AFTER_MS)).toBe(true);
		expect(isSettleable(edit(a, 'new'), NOW + SETTLE_AFTER_MS)).toBe(true);
	});

	it('settles a record never edited, made long ago, keeping an edit a peer made meanwhile', async () => {
		// An imported person, only read since: its map and snapshot item cost what a text saves.
		const a = device(1);
		const b = device(2);
		createTask(a, 'imported');
		await meet(a, b);
		edit(b, 'imported').set('priority', 'high'); // offline on B
		expect(settleRecords('tasks', a.shard, ['imported'], NOW)).toBe(1);
		expect(typeof a.shard.get('imported')).toBe('string');
		expect(recordOf(a, 'imported')).toMatchObject({ title: 'Call back', status: 'open' });
		await meet(a, b);
		for (const d of [a, b]) expect(recordOf(d, 'imported').priority).toBe('high');
		expect(recordOf(a, 'imported')).toEqual(recordOf(b, 'imported'));
	});

	it('settles a map settled by an earlier build into a text', () => {
		const a = device(1);
		createTask(a, 't1');
		complete(a, 't1');
		settleRecords('tasks', a.shard, ['t1'], NOW);
		const text = a.shard.get('t1') as string;
		// The layout before: a map holding the settled snapshot.
		a.doc.transact(() => {
			const map: RecordMap = new Y.Map();
			map.set('$', text);
			a.shard.set('t1', map);
		});
		const fields = recordOf(a, 't1');
		expect(settleRecords('tasks', a.shard, ['t1'], NOW)).toBe(1);
		expect(typeof a.shard.get('t1')).toBe('string');
		expect(recordOf(a, 't1')).toEqual(fields);
	});

	it('writes the same structs on two devices settling the same state (taken for one)', async () => {
		const [a, b] = await withADoneTask(2);
		settleRecords('tasks', a.shard, ['t1'], NOW);
		settleRecords('tasks', b.shard, ['t1'], NOW);
		const stateA = Y.encodeStateVector(a.doc);
		expect(Y.encodeStateVector(b.doc)).toEqual(stateA);
		await meet(a, b);
		expect(Y.encodeStateVector(a.doc)).toEqual(stateA); // nothing new on either side
		expect(Y.encodeStateAsUpdate(b.doc)).toEqual(Y.encodeStateAsUpdate(a.doc));
	});

	it('keeps an edit made offline on a record a peer settled meanwhile', async () => {
		const [a, b] = await withADoneTask(2);
		// B, offline, renames the task and reopens it; A settles it.
		edit(b, 't1').set('title', 'Call back about the renewal');
		edit(b, 't1').set('status', 'open');
		settleRecords('tasks', a.shard, ['t1'], NOW);
		await meet(a, b);
		for (const d of [a, b]) {
			expect(recordOf(d, 't1').title).toBe('Call back about the renewal');
			expect(recordOf(d, 't1').status).toBe('open');
		}
		expect(recordOf(a, 't1')).toEqual(recordOf(b, 't1'));
		expect(isSettled(a.shard.get('t1')!)).toBe(true);
	});

	it('keeps both edits when two devices make one settled record a map again at once', async () => {
		// Each device's first edit makes the same map of the text (one client named by its
		// item), so the edits merge in one map, with no writing again; both orders of the
		// devices' client ids are run.
		for (const [first, second] of [
			[1, 2],
			[2, 1]
		]) {
			const a = device(first);
			const b = device(second);
			createTask(a, 't1');
			complete(a, 't1');
			settleRecords('tasks', a.shard, ['t1'], NOW);
			await meet(a, b);
			expect(typeof b.shard.get('t1')).toBe('string');
			edit(a, 't1').set('title', 'Renewal call');
			edit(b, 't1').set('priority', 'high');
			// Both made the same map: one item, one client named by the text's item.
			expect(itemOf(a, 't1').id).toEqual(itemOf(b, 't1').id);
			await meet(a, b);
			for (const d of [a, b]) {
				expect(recordOf(d, 't1')).toMatchObject({
					title: 'Renewal call',
					priority: 'high',
					status: 'done'
				});
				expect(d.shard.get('t1')).toBeInstanceOf(Y.Map);
			}
			expect(recordOf(a, 't1')).toEqual(recordOf(b, 't1'));
			expect(Y.encodeStateAsUpdate(a.doc)).toEqual(Y.encodeStateAsUpdate(b.doc));
		}
	});

	it('makes a settled text a map only for what it lacks', async () => {
		// B saw A's edit before A settled: the settle folded it, nothing is written again.
		const [a, b] = await withADoneTask(2);
		settleRecords('tasks', a.shard, ['t1'], NOW);
		await meet(a, b);
		for (const d of [a, b]) expect(typeof d.shard.get('t1')).toBe('string');
	});

	it('keeps what a losing settle had folded that the winning one had not seen', async () => {
		// Which of two settles wins is Yjs' order of their client ids, hashes of what they write:
		// in some of these runs the settle lacking the title wins (checked: this test fails
		// without the writing again).
		for (const title of [
			'Renewal call',
			'Call Ann',
			'Quote',
			'Visit',
			'Demo',
			'Q3',
			'Lunch',
			'X'
		]) {
			const [a, b, c] = await withADoneTask(3);
			// C's edit reaches A but not B; then both settle, from different states, and meet
			// before C is back.
			edit(c, 't1').set('title', title);
			edit(c, 't1').set('updatedAt', LONG_AGO + 3 * DAY);
			await meet(a, c);
			settleRecords('tasks', a.shard, ['t1'], NOW);
			settleRecords('tasks', b.shard, ['t1'], NOW);
			await meet(a, b);
			await meet(a, b, c);
			for (const d of [a, b, c]) expect(recordOf(d, 't1').title).toBe(title);
			expect(recordOf(a, 't1')).toEqual(recordOf(b, 't1'));
			expect(recordOf(b, 't1')).toEqual(recordOf(c, 't1'));
		}
	});

	/**
	 * A edits a task offline (`edit`) and settles it, B settles it without the edit, they meet:
	 * `check` runs on both. Which settle wins is the order of their client ids, hashes of what
	 * they write: the record's id varies it, and B's must win at least once.
	 */
	async function whenAPeersSettleWins(
		before: (map: RecordMap) => void,
		change: (map: RecordMap) => void,
		check: (record: StoredRecord, id: string) => void
	): Promise<void> {
		let peerWon = 0;
		for (const id of ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8']) {
			const a = device(1);
			const b = device(2);
			createTask(a, id);
			complete(a, id);
			before(edit(a, id));
			await meet(a, b);
			change(edit(a, id));
			edit(a, id).set('updatedAt', LONG_AGO + 3 * DAY);
			settleRecords('tasks', a.shard, [id], NOW);
			settleRecords('tasks', b.shard, [id], NOW);
			const own = itemOf(a, id);
			await meet(a, b);
			// Lost, A's settled text is replaced: by B's, or by the map A writes its edit onto.
			if (own.deleted) peerWon++;
			for (const d of [a, b]) check(d.shard.get(id)!, id);
		}
		expect(peerWon).toBeGreaterThan(0);
	}

	it('keeps an edit its author folded into its own settle, when a peer’s settle wins', async () => {
		// The author's settled map is replaced: read from it while deleted (found by the
		// convergence test when the fold moved into the snapshot and was read through map.get).
		await whenAPeersSettleWins(
			() => {},
			(map) => map.set('title', 'Renewal call'),
			(map, id) => expect(readRecord(map, false).title, id).toBe('Renewal call')
		);
	});

	it('keeps a field its author emptied, folded into its own settle, when a peer’s settle wins', async () => {
		// Left out of the author's settled snapshot, the emptied field is written again as null.
		await whenAPeersSettleWins(
			(map) => map.set('dueDate', '2026-09-01'),
			(map) => map.set('dueDate', null),
			(map, id) => expect(readField(map, 'dueDate') ?? null, id).toBeNull()
		);
	});

	it('keeps an edit across two settles in a row, made offline before the first', async () => {
		const [a, b] = await withADoneTask(2);
		edit(b, 't1').set('title', 'Offline since the first settle');
		settleRecords('tasks', a.shard, ['t1'], NOW);
		edit(a, 't1').set('priority', 'high');
		edit(a, 't1').set('updatedAt', NOW);
		settleRecords('tasks', a.shard, ['t1'], NOW + 2 * SETTLE_AFTER_MS);
		expect(recordOf(a, 't1').priority).toBe('high');
		await meet(a, b);
		for (const d of [a, b]) {
			expect(recordOf(d, 't1').title).toBe('Offline since the first settle');
			expect(recordOf(d, 't1').priority).toBe('high');
		}
	});

	it('does not bring back an older value a later settle had replaced', async () => {
		const a = device(1);
		const b = device(2);
		createTask(a, 't1');
		complete(a, 't1');
		settleRecords('tasks', a.shard, ['t1'], NOW);
		await meet(a, b);
		// Edited and settled again on A; B sees the second settle replace the first.
		edit(a, 't1').set('status', 'cancelled');
		edit(a, 't1').set('updatedAt', NOW);
		settleRecords('tasks', a.shard, ['t1'], NOW + 2 * SETTLE_AFTER_MS);
		await meet(a, b);
		for (const d of [a, b]) expect(recordOf(d, 't1').status).toBe('cancelled');
	});

	it('does not write back an edit that its author has since replaced', async () => {
		const [a, b, c] = await withADoneTask(3);
		// B renames the task, and C gets it; B renames it again, offline; A, which had neither,
		// settles. C (holding the first name) must not write it back over B's second.
		edit(b, 't1').set('title', 'First name');
		await meet(b, c);
		edit(b, 't1').set('title', 'Second name');
		settleRecords('tasks', a.shard, ['t1'], NOW);
		await meet(a, c);
		await meet(a, b, c);
		for (const d of [a, b, c]) expect(recordOf(d, 't1').title).toBe('Second name');
	});

	it('does not bring back a value its own device wrote over, folded by a losing settle', async () => {
		// Found by the convergence test: A's first title reached B, not C; A wrote over it,
		// offline; B and C settled; A got B's settle (folding the first title), then C's, which
		// won — and A wrote its first title back after its second. Which settle wins is a hash:
		// over these titles both happen (checked: this test fails without `overwritten`).
		for (const title of ['Renewal call', 'Call Ann', 'Quote', 'Visit', 'Demo', 'Q3']) {
			const [a, b, c] = await withADoneTask(3);
			edit(a, 't1').set('title', title);
			await meet(a, b);
			edit(a, 't1').set('title', 'Second name');
			settleRecords('tasks', b.shard, ['t1'], NOW);
			settleRecords('tasks', c.shard, ['t1'], NOW);
			// Both settles reach A before its writing again runs (one sync, as a relay sends).
			Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc));
			Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(c.doc));
			await meet(a, b, c);
			for (const d of [a, b, c]) expect(recordOf(d, 't1').title, title).toBe('Second name');
		}
	});

	it('reads a record settled before the fold moved into its snapshot, and settles it again', async () => {
		const [a, b] = await withADoneTask(2);
		edit(b, 't1').set('title', 'Kept'); // offline on B
		// A settles the way the version before did: the fold as a key of its own.
		const old = edit(a, 't1');
		const folded = new Map(
			['status', 'completedAt', 'updatedAt', 'updatedBy'].map((key) => [key, old._map.get(key)!.id])
		);
		const fields = readRecord(old, false);
		a.doc.transact(() => {
			const map: RecordMap = new Y.Map();
			map.set('$', encodeSnapshot(fields));
			map.set(SETTLED_KEY, encodeFold({ v: [1, Y.getState(a.doc.store, 1)], items: folded }));
			a.shard.set('t1', map);
		});
		expect(isSettled(a.shard.get('t1')!)).toBe(true);
		expect(recordOf(a, 't1')).toEqual(fields);
		await meet(a, b);
		for (const d of [a, b]) expect(recordOf(d, 't1').title).toBe('Kept');
		// Edited since, it settles the new way, keeping what the first settle folded.
		const later = NOW + 2 * SETTLE_AFTER_MS;
		expect(settleRecords('tasks', a.shard, ['t1'], later, SETTLE_AFTER_MS)).toBe(1);
		expect(typeof a.shard.get('t1')).toBe('string');
		expect(recordOf(a, 't1')).toMatchObject({ title: 'Kept', status: 'done' });
		expect(Object.keys(recordOf(a, 't1'))).not.toContain(SETTLED_KEY);
	});

	it('ignores an unreadable fold from a buggy peer', async () => {
		const [a, b] = await withADoneTask(2);
		edit(b, 't1').set('title', 'Kept');
		a.doc.transact(() => {
			const map: RecordMap = new Y.Map();
			map.set('$', encodeSnapshot({ title: 'Call back', status: 'done' }));
			map.set(SETTLED_KEY, '{"v": "not a list"');
			a.shard.set('t1', map);
		});
		await expect(meet(a, b)).resolves.toBeUndefined();
		expect(recordOf(a, 't1')).toEqual(recordOf(b, 't1'));
		// Inside the snapshot too: the record reads, its fold is no field.
		a.doc.transact(() => {
			const map: RecordMap = new Y.Map();
			map.set('$', '{"title":"Call back","status":"done","$settled":{"v":"x"}}');
			a.shard.set('t1', map);
		});
		await expect(meet(a, b)).resolves.toBeUndefined();
		expect(isSettled(a.shard.get('t1')!)).toBe(false);
		expect(recordOf(b, 't1')).toMatchObject({ title: 'Call back', status: 'done' });
		expect(Object.keys(recordOf(b, 't1'))).not.toContain(SETTLED_KEY);
	});
});
