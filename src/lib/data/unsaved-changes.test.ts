import 'fake-indexeddb/auto';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DeviceDocsDb } from './device-docs-db';
import { DeviceDocs } from './device-docs';
import { LOCAL_EDIT } from './origins';
import { keepUnsavedOnHide, storeUnsaved, type KeyValueStore } from './unsaved-changes';

let dbCount = 0;
const opened: DeviceDocsDb[] = [];
function freshDb(): DeviceDocsDb {
	const db = new DeviceDocsDb(`unsaved-changes-test-${++dbCount}`);
	opened.push(db);
	return db;
}
afterEach(() => {
	vi.restoreAllMocks();
	for (const db of opened.splice(0)) db.close();
});

/** localStorage's interface over a Map. */
class MemoryStorage implements KeyValueStore {
	readonly items = new Map<string, string>();
	get length() {
		return this.items.size;
	}
	key(i: number) {
		return [...this.items.keys()][i] ?? null;
	}
	getItem(key: string) {
		return this.items.get(key) ?? null;
	}
	setItem(key: string, value: string) {
		this.items.set(key, value);
	}
	removeItem(key: string) {
		this.items.delete(key);
	}
}

/** The page's hide event, fired by the test. */
function hider() {
	let listener: (() => void) | null = null;
	return {
		onHide: (cb: () => void) => {
			listener = cb;
			return () => (listener = null);
		},
		hide: () => listener?.()
	};
}

function deferred<T>() {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

const name = (doc: Y.Doc, id: string, value: string) =>
	doc.transact(() => doc.getMap('people').set(id, value), LOCAL_EDIT);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function reopen(db: DeviceDocsDb, doc: string): Promise<Record<string, unknown>> {
	const device = new DeviceDocs('w', db);
	const copy = new Y.Doc();
	await device.attach(doc, copy, await device.load(doc));
	await device.destroy();
	return copy.getMap('people').toJSON();
}

/** A page with 'people.1' open on a fresh database, its storage and its hide event. */
async function openPage() {
	const db = freshDb();
	const device = new DeviceDocs('w', db);
	const doc = new Y.Doc();
	await device.attach('people.1', doc);
	return { db, storage: new MemoryStorage(), page: hider(), device, doc };
}

describe('unsaved changes', () => {
	it('are copied when the page is hidden, and stored by the next open', async () => {
		const { db, storage, page, device, doc } = await openPage();
		name(doc, 'stored', 'Stored before');
		await device.flushed();
		const peers = new Y.Doc();
		await device.attach('people.2', peers);
		keepUnsavedOnHide('w', device, storage, page.onHide);
		// The page goes while its write has not committed (Chromium then drops it).
		vi.spyOn(db, 'transaction').mockReturnValue(new Promise(() => {}) as never);
		name(doc, 'typed', 'Typed just before');
		Y.applyUpdate(peers, Y.encodeStateAsUpdate(doc), 'relay'); // a peer's: the relay has it
		page.hide();
		expect(storage.length).toBe(1);
		const copy = JSON.parse([...storage.items.values()][0]);
		expect(Object.keys(copy.docs)).toEqual(['people.1']);
		vi.restoreAllMocks();

		await storeUnsaved('w', new DeviceDocs('w', db), storage);
		expect(storage.length).toBe(0);
		expect(await reopen(db, 'people.1')).toEqual({
			stored: 'Stored before',
			typed: 'Typed just before'
		});
		expect(await reopen(db, 'people.2')).toEqual({}); // nothing stored of it
	});

	it('are not copied when all is stored, and a copy is dropped once the writes are in', async () => {
		const { db, storage, page, device, doc } = await openPage();
		keepUnsavedOnHide('w', device, storage, page.onHide);
		page.hide();
		expect(storage.length).toBe(0);

		// A tab put in the background lives on: its copy goes once its writes are in.
		const writes = [deferred<number[]>(), deferred<number[]>()];
		const transaction = vi.spyOn(db, 'transaction');
		transaction.mockReturnValueOnce(writes[0].promise as never);
		name(doc, 'a', 'First');
		page.hide();
		expect(storage.length).toBe(1);
		transaction.mockReturnValueOnce(writes[1].promise as never);
		name(doc, 'b', 'Second');
		page.hide(); // a second copy, holding both
		writes[0].resolve([1]);
		await sleep(10);
		expect(storage.length).toBe(1); // the first write's end does not drop the second copy
		const { docs } = JSON.parse([...storage.items.values()][0]);
		const held = new Y.Doc();
		Y.applyUpdate(held, fromBase64(docs['people.1']));
		expect(held.getMap('people').toJSON()).toEqual({ a: 'First', b: 'Second' });
		writes[1].resolve([2]);
		await sleep(10);
		expect(storage.length).toBe(0);
	});

	it("leave another workspace's copies, drop those that cannot be read, and stay if not stored in time", async () => {
		const db = freshDb();
		const storage = new MemoryStorage();
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const source = new Y.Doc();
		name(source, 'p', 'Kept');
		const good = JSON.stringify({
			docs: { 'people.1': toBase64(Y.encodeStateAsUpdate(source)) }
		});
		storage.setItem('crm-unsaved:w2:page', good);
		storage.setItem('crm-unsaved:w:broken', '{"docs": ');
		storage.setItem(
			'crm-unsaved:w:not-a-change',
			JSON.stringify({ docs: { x: toBase64(new Uint8Array([0xff, 0xff])) } })
		);
		storage.setItem('crm-unsaved:w:page', good);
		storage.setItem('another app', 'left alone');

		// The device's storage does not answer: the copy stays for the next open.
		const device = new DeviceDocs('w', db);
		const never = vi.spyOn(db, 'transaction').mockReturnValue(new Promise(() => {}) as never);
		await storeUnsaved('w', device, storage, 50);
		expect([...storage.items.keys()].sort()).toEqual([
			'another app',
			'crm-unsaved:w2:page',
			'crm-unsaved:w:page'
		]);
		expect(warn).toHaveBeenCalledTimes(2);
		never.mockRestore();

		await storeUnsaved('w', new DeviceDocs('w', db), storage);
		expect([...storage.items.keys()].sort()).toEqual(['another app', 'crm-unsaved:w2:page']);
		expect(await reopen(db, 'people.1')).toEqual({ p: 'Kept' });
	});

	it('are not copied where the storage refuses, and nothing throws', async () => {
		const storage = new MemoryStorage();
		storage.setItem = () => {
			throw new DOMException('full', 'QuotaExceededError');
		};
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const page = hider();
		const device = new DeviceDocs('w', freshDb());
		const doc = new Y.Doc();
		await device.attach('', doc);
		keepUnsavedOnHide('w', device, storage, page.onHide);
		name(doc, 'x', 'X');
		expect(() => page.hide()).not.toThrow();
		expect(warn).toHaveBeenCalledTimes(1);
		await device.destroy();
	});
});
