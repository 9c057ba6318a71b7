import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { DeviceDocsDb, readWorkspace, replaceWithMerged } from './device-docs-db';
import { DeviceDocs, deleteLegacyDoc, readLegacyDoc, type SkippedRow } from './device-docs';
import { DEVICE_LOAD, LOCAL_EDIT } from './origins';
import { readsHere, type DeviceReads } from './device-reads';
import { inSlices } from '$lib/workers/device-read';
import { Slices } from './slices';

let dbCount = 0;
const opened: DeviceDocsDb[] = [];
function freshDb(): DeviceDocsDb {
	const db = new DeviceDocsDb(`device-docs-test-${++dbCount}`);
	opened.push(db);
	return db;
}
afterEach(() => {
	vi.restoreAllMocks();
	for (const db of opened.splice(0)) db.close();
});

function person(doc: Y.Doc, id: string, name: string): void {
	doc.transact(() => {
		const map = new Y.Map<unknown>();
		map.set('name', name);
		map.set('emails', [`${id}@example.com`]);
		doc.getMap('people').set(id, map);
	}, LOCAL_EDIT);
}

/** Loads every stored document into fresh Y.Docs through a new DeviceDocs (a reload). */
async function reload(db: DeviceDocsDb, ws = 'w'): Promise<Map<string, Y.Doc>> {
	const docs = new DeviceDocs(ws, db);
	const docsByName = new Map<string, Y.Doc>();
	for (const [name, stored] of await docs.loadAll()) {
		const doc = new Y.Doc();
		await docs.attach(name, doc, stored);
		docsByName.set(name, doc);
	}
	await docs.destroy();
	return docsByName;
}

const people = (doc: Y.Doc) => doc.getMap('people').toJSON();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits until `check` holds (timers in a loaded machine run late), for up to 5 s. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
	for (const started = Date.now(); !(await check()); await sleep(10)) {
		if (Date.now() - started > 5_000) throw new Error('never happened');
	}
}
const rowsOf = async (db: DeviceDocsDb, doc: string) =>
	(await readWorkspace(db, 'w')).filter((r) => r.doc === doc).length;

describe('DeviceDocs', () => {
	it('round-trips many documents, writing every tick of all of them in one transaction', async () => {
		const db = freshDb();
		const docs = new DeviceDocs('w', db);
		const names = ['', ...Array.from({ length: 256 }, (_, i) => `people.${i.toString(16)}`)];
		const live = names.map((name) => {
			const doc = new Y.Doc();
			void docs.attach(name, doc);
			return doc;
		});
		const transactions = vi.spyOn(db, 'transaction');
		live.forEach((doc, i) => person(doc, `p${i}`, `Person ${i}`));
		await docs.flushed();
		expect(transactions).toHaveBeenCalledTimes(1);
		live.forEach((doc, i) => person(doc, `q${i}`, `Second ${i}`));
		await docs.destroy();
		expect(transactions).toHaveBeenCalledTimes(2);

		// Another workspace in the same database is not read with this one.
		const other = new DeviceDocs('w2', db);
		await other.attach('', new Y.Doc());
		person(new Y.Doc(), 'x', 'x');
		await other.destroy();

		transactions.mockClear();
		const loaded = await reload(db);
		expect(transactions).toHaveBeenCalledTimes(1); // loadAll: one read
		expect([...loaded.keys()].sort()).toEqual([...names].sort());
		names.forEach((name, i) => expect(people(loaded.get(name)!)).toEqual(people(live[i])));
	});

	it('does not store what it loaded, stores edits made before attach', async () => {
		const db = freshDb();
		const first = new DeviceDocs('w', db);
		const doc = new Y.Doc();
		person(doc, 'early', 'Made before attach');
		await first.attach('', doc);
		await first.destroy();

		const second = new DeviceDocs('w', db);
		const stored = await second.load('');
		expect(stored).toHaveLength(1);
		const again = new Y.Doc();
		const origins: unknown[] = [];
		again.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
		await second.attach('', again, stored);
		expect(origins).toEqual([DEVICE_LOAD]);
		expect(again.getMap('people').has('early')).toBe(true);
		Y.applyUpdate(again, Y.encodeStateAsUpdate(doc), DEVICE_LOAD); // not stored again
		await second.destroy();
		expect(await readWorkspace(db, 'w')).toHaveLength(1);
	});

	it('loses nothing when a second tab writes the same documents at the same time', async () => {
		const db = freshDb();
		// Tab A compacts eagerly, so it replaces rows while tab B appends to the same document.
		const a = new DeviceDocs('w', db, { compactAfterRows: 2, quietMs: 5 });
		const b = new DeviceDocs('w', db);
		const docA = new Y.Doc();
		const docB = new Y.Doc();
		const shardA = new Y.Doc();
		await a.attach('', docA);
		await b.attach('', docB);
		await a.attach('people.1', shardA);
		for (let i = 0; i < 30; i++) {
			person(docA, `a${i}`, `A ${i}`);
			person(docB, `b${i}`, `B ${i}`);
			person(shardA, `s${i}`, `S ${i}`);
			if (i % 3 === 0) await sleep(8);
			else await Promise.resolve();
		}
		await Promise.all([a.flushed(), b.flushed()]);
		// A reload sees every flushed update of both tabs.
		const mid = await reload(db);
		expect(mid.get('')!.getMap('people').size).toBe(60);
		expect(mid.get('people.1')!.getMap('people').size).toBe(30);
		// A's last compaction merges B's rows into its own: one row for the document they share.
		await eventually(async () => (await rowsOf(db, '')) === 1);
		await Promise.all([a.destroy(), b.destroy()]);
		const loaded = await reload(db);
		expect(loaded.get('')!.getMap('people').size).toBe(60);
		expect(people(loaded.get('people.1')!)).toEqual(people(shardA));
	});

	it('compacts a quiet document into one row that holds everything', async () => {
		const db = freshDb();
		const docs = new DeviceDocs('w', db, { compactAfterRows: 10, quietMs: 500 });
		const doc = new Y.Doc();
		await docs.attach('people.a7', doc);
		for (let i = 0; i < 25; i++) {
			person(doc, `p${i}`, `Person ${i}`);
			await docs.flushed();
		}
		expect(await rowsOf(db, 'people.a7')).toBeGreaterThanOrEqual(10);
		await eventually(async () => (await rowsOf(db, 'people.a7')) === 1);
		// Compacted again after more edits: the merged row is this document's own, replaced.
		for (let i = 25; i < 40; i++) {
			person(doc, `p${i}`, `Person ${i}`);
			await docs.flushed();
		}
		await eventually(async () => (await rowsOf(db, 'people.a7')) === 1);
		await docs.destroy();
		expect(people((await reload(db)).get('people.a7')!)).toEqual(people(doc));
	});

	it('loses nothing if compaction stops between deleting rows and adding the merged one', async () => {
		const db = freshDb();
		const docs = new DeviceDocs('w', db);
		const doc = new Y.Doc();
		await docs.attach('', doc);
		for (let i = 0; i < 5; i++) {
			person(doc, `p${i}`, `Person ${i}`);
			await docs.flushed();
		}
		await docs.destroy();
		const before = await readWorkspace(db, 'w');
		const crash = replaceWithMerged(
			db,
			'w',
			'',
			(rows) => ({
				merged: Y.mergeUpdates(rows.map((r) => r.update)),
				replaced: rows.map((r) => r.id!)
			}),
			() => {
				throw new Error('power cut');
			}
		);
		await expect(crash).rejects.toThrow('power cut');
		expect(await readWorkspace(db, 'w')).toEqual(before);
		expect(people((await reload(db)).get('')!)).toEqual(people(doc));
	});

	it('skips and reports a stored row that is not an update, loads the others, keeps it', async () => {
		const db = freshDb();
		const docs = new DeviceDocs('w', db, { compactAfterRows: 2, quietMs: 5 });
		const doc = new Y.Doc();
		await docs.attach('', doc);
		person(doc, 'p1', 'One');
		await docs.flushed();
		await db.updates.add({ ws: 'w', doc: '', update: new Uint8Array([9, 200, 3, 77, 1, 1]) });
		await db.updates.add({ ws: 'w', doc: '', update: 'not bytes' as unknown as Uint8Array });
		person(doc, 'p2', 'Two');
		await docs.flushed();
		// A compaction merges the good rows and leaves both bad ones where they are.
		await eventually(async () => (await rowsOf(db, '')) === 3);
		await docs.destroy();

		const reopened = new DeviceDocs('w', db);
		const skipped: SkippedRow[] = [];
		reopened.onSkippedRow((row) => skipped.push(row));
		const stored = await reopened.load('');
		const loaded = new Y.Doc();
		await reopened.attach('', loaded, stored);
		expect(skipped.map((s) => s.doc)).toEqual(['', '']);
		expect(skipped.map((s) => s.error.message).join(' ')).toMatch(/no update bytes/);
		expect(skipped.map((s) => s.error.message).join(' ')).toMatch(/not a valid Yjs update/);
		expect(people(loaded)).toEqual(people(doc));
		await reopened.destroy();
	});

	it('stores updates of a document not open here, one row each, bad bytes kept apart', async () => {
		const db = freshDb();
		const docs = new DeviceDocs('w', db);
		const peer = new Y.Doc();
		person(peer, 'p1', 'One');
		const first = Y.encodeStateAsUpdate(peer);
		const sv = Y.encodeStateVector(peer);
		person(peer, 'p2', 'Two');
		const open = new Y.Doc();
		await docs.attach('', open);
		person(open, 'me', 'Open here'); // written in the same transaction as the stored ones
		const transactions = vi.spyOn(db, 'transaction');
		docs.store('interactions.2026-03', first);
		docs.store('interactions.2026-03', new Uint8Array([9, 200, 3])); // not an update
		docs.store('interactions.2026-03', Y.encodeStateAsUpdate(peer, sv));
		await docs.flushed();
		expect(transactions).toHaveBeenCalledTimes(1);
		expect(await rowsOf(db, 'interactions.2026-03')).toBe(3);
		person(open, 'me2', 'Still stored'); // the write queue goes on after the bad bytes
		await docs.destroy();
		await expect(docs.flushed()).resolves.toBeUndefined();

		const reopened = new DeviceDocs('w', db);
		const skipped: SkippedRow[] = [];
		reopened.onSkippedRow((row) => skipped.push(row));
		const month = new Y.Doc();
		await reopened.attach(
			'interactions.2026-03',
			month,
			await reopened.load('interactions.2026-03')
		);
		expect(people(month)).toEqual(people(peer));
		expect(skipped.map((row) => row.error.message)).toEqual([
			expect.stringMatching(/not a valid Yjs update/)
		]);
		const core = new Y.Doc();
		await reopened.attach('', core, await reopened.load(''));
		expect(Object.keys(people(core)).sort()).toEqual(['me', 'me2']);
		await reopened.destroy();
	});

	it('applies a document read in slices a few per pause, and compacts it only once all are in', async () => {
		const db = freshDb();
		const writer = new DeviceDocs('w', db);
		const original = new Y.Doc();
		await writer.attach('interactions.2026-12', original);
		for (let i = 0; i < 30; i++) {
			person(original, `p${i}`, `Person ${i} ${'x'.repeat(2_000)}`);
			await writer.flushed(); // a row each
		}
		await writer.destroy();
		expect(await rowsOf(db, 'interactions.2026-12')).toBeGreaterThan(1);

		// Reads as the worker's: every document merged and sliced.
		const here = readsHere(db);
		const limits = { structs: 10, bytes: 1 << 20 };
		const slicing: DeviceReads = {
			workspace: async (ws, now, started) => {
				const read = await here.workspace(ws, now, started);
				return { ...inSlices(read.rows, 0, limits), left: read.left };
			},
			doc: async (ws, doc, started) => inSlices((await here.doc(ws, doc, started)).rows, 0, limits),
			close: () => {}
		};
		const options = { quietMs: 20, compactAfterRows: 2 };
		const reader = new DeviceDocs('w', db, options, slicing);
		const stored = await reader.load('interactions.2026-12');
		expect(stored.length).toBeGreaterThan(3);
		const month = new Y.Doc();
		let pauses = 0;
		let editedBetween = false;
		const pace = new Slices(async () => {
			pauses++;
			await sleep(30); // longer than quietMs: a compaction now would see half the document
			if (!editedBetween) person(month, 'typed', 'Typed while it loaded');
			editedBetween = true;
		}, 0);
		await reader.attach('interactions.2026-12', month, stored, pace);
		expect(pauses).toBeGreaterThan(1);
		expect(people(month)).toEqual({ ...people(original), typed: expect.anything() });
		await eventually(async () => (await rowsOf(db, 'interactions.2026-12')) === 1);
		await reader.destroy();

		const reloaded = (await reload(db)).get('interactions.2026-12')!;
		expect(people(reloaded)).toEqual(people(month));
	});

	it('gives up on a read that does not answer, saying what to do', async () => {
		const db = freshDb();
		const docs = new DeviceDocs('w', db, { loadLimitMs: 50 });
		vi.spyOn(db, 'transaction').mockReturnValue(new Promise(() => {}) as never);
		const started = Date.now();
		await expect(docs.loadAll()).rejects.toThrow(/did not answer within 0.05 s.*reload/);
		expect(Date.now() - started).toBeLessThan(1_000);
		vi.spyOn(db, 'transaction').mockRejectedValue(new Error('UnknownError') as never);
		await expect(docs.load('')).rejects.toThrow(/could not be read \(UnknownError\)/);
	});

	it('lets a read that started take longer than the wait to start, within its own bound', async () => {
		const db = freshDb();
		const doc = new Y.Doc();
		const writer = new DeviceDocs('w', db);
		await writer.attach('people.3', doc);
		person(doc, 'p', 'P');
		await writer.flushed();
		// Every read answers its first request at once, then takes 150 ms to finish (a large
		// workspace on a busy device): more than the 50 ms a read may wait to start.
		const slowly = (ms: number) => {
			const transaction = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
			vi.spyOn(db, 'transaction').mockImplementation(((...args: unknown[]) =>
				transaction(...args).then(
					(value) => new Promise((resolve) => setTimeout(() => resolve(value), ms))
				)) as never);
		};
		slowly(150);
		const slow = new DeviceDocs('w', db, { loadLimitMs: 50, readLimitMs: 1_000 });
		expect((await slow.loadAll()).get('people.3')).toHaveLength(1);
		expect(await slow.load('people.3')).toHaveLength(1);
		const { stored } = await slow.loadExcept(Date.now());
		expect(stored.get('people.3')).toHaveLength(1);
		// A started read past its own bound fails, saying it was reading, not blocked.
		const stuck = new DeviceDocs('w', db, { loadLimitMs: 50, readLimitMs: 100 });
		await expect(stuck.loadAll()).rejects.toThrow(/still reading after 0.1 s/);
		vi.restoreAllMocks();
		await writer.destroy();
	});

	it("starts writing this device's own change in the task that made it; says what is not stored yet", async () => {
		const db = freshDb();
		const docs = new DeviceDocs('w', db);
		const mine = new Y.Doc();
		const theirs = new Y.Doc();
		await docs.attach('people.1', mine);
		// Opened once a document is attached, not by the first write (reads go through a worker).
		await eventually(async () => db.isOpen());
		await docs.attach('people.2', theirs);
		const transactions = vi.spyOn(db, 'transaction');
		const peer = new Y.Doc();
		person(peer, 'peer', 'From a peer');
		Y.applyUpdate(theirs, Y.encodeStateAsUpdate(peer), 'relay');
		await Promise.resolve(); // the rest of this task: a peer's update waits for a timer
		expect(transactions).not.toHaveBeenCalled();
		person(mine, 'mine', 'Mine');
		expect([...docs.unsaved().keys()]).toEqual(['people.1']); // a peer's the relay sends again
		await Promise.resolve();
		expect(transactions).toHaveBeenCalledTimes(1); // both, with no timer run
		expect([...docs.unsaved().keys()]).toEqual(['people.1']); // written, not committed
		await docs.flushed();
		expect(docs.unsaved().size).toBe(0);
		await docs.destroy();
		const loaded = await reload(db);
		expect(people(loaded.get('people.1')!)).toEqual(people(mine));
		expect(people(loaded.get('people.2')!)).toEqual(people(peer));
	});

	it('reports a failed write and rejects flushed()', async () => {
		const db = freshDb();
		const docs = new DeviceDocs('w', db);
		const errors: Error[] = [];
		docs.onWriteError((e) => errors.push(e));
		const doc = new Y.Doc();
		await docs.attach('people.3', doc);
		vi.spyOn(db, 'transaction').mockRejectedValue(new Error('QuotaExceededError') as never);
		person(doc, 'p', 'P');
		await expect(docs.flushed()).rejects.toThrow(/'people.3' \(QuotaExceededError\)/);
		expect(errors).toHaveLength(1);
		// Still unsaved: a page going away copies it for the next open (unsaved-changes.ts).
		const kept = new Y.Doc();
		Y.applyUpdate(kept, docs.unsaved().get('people.3')!);
		expect(people(kept)).toEqual(people(doc));
	});

	it('deletes a document and every row of it', async () => {
		const db = freshDb();
		const docs = new DeviceDocs('w', db);
		const keep = new Y.Doc();
		const gone = new Y.Doc();
		await docs.attach('', keep);
		await docs.attach('history.2026-12', gone);
		person(keep, 'k', 'Keep');
		person(gone, 'g', 'Gone');
		await docs.delete('history.2026-12');
		person(gone, 'g2', 'Not stored: detached');
		await docs.destroy();
		expect([...(await reload(db)).keys()]).toEqual(['']);
	});
});

describe('the legacy y-indexeddb database', () => {
	it('reads what IndexeddbPersistence stored, and is deleted', async () => {
		const doc = new Y.Doc();
		const persistence = new IndexeddbPersistence('crm-ws-legacy-1', doc);
		await persistence.whenSynced;
		person(doc, 'a', 'Ada');
		person(doc, 'b', 'Bo');
		await sleep(20);
		await persistence.destroy();

		const updates = await readLegacyDoc('legacy-1');
		expect(updates).not.toBeNull();
		const loaded = new Y.Doc();
		for (const u of updates!) Y.applyUpdate(loaded, u);
		expect(people(loaded)).toEqual(people(doc));

		await deleteLegacyDoc('legacy-1');
		expect(await readLegacyDoc('legacy-1')).toBeNull();
	});

	it('is null, and not created, where there is none', async () => {
		expect(await readLegacyDoc('never-stored')).toBeNull();
		const names = (await indexedDB.databases()).map((d) => d.name);
		expect(names).not.toContain('crm-ws-never-stored');
	});
});
