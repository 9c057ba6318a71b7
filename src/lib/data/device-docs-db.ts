/**
 * The device's copy of every workspace document, in one IndexedDB database for all of them
 * (y-indexeddb opens one database per document: hundreds of opens for a sharded workspace).
 *
 * Its own Dexie database rather than a table of local-db.ts: local-db holds only what can be
 * rebuilt from the documents (it may be dropped to recover from a bad cache, and its schema may
 * change with any build), while these rows are the only copy of edits the relay has not
 * confirmed yet. A separate database also needs no version bump of `crm-local`, which tabs of
 * the previous build hold open, and `static/prefetch-rows.js` keeps reading `crm-local` as is.
 *
 * One row per stored update, `[ws+doc]` indexed: one workspace's rows, every document of it,
 * are one key range (its keys list the documents); one document's rows are a range inside it,
 * read in a request of its own. The
 * primary key is auto-incremented, so two tabs appending at once never collide, and a
 * document's rows come back in the order they were written.
 */
import Dexie, { type EntityTable } from 'dexie';

export interface StoredUpdate {
	id?: number;
	/** The workspace. */
	ws: string;
	/** The document's name in the workspace: '' for the core document, 'people.a7', … */
	doc: string;
	/** A Yjs update (v1 encoding). */
	update: Uint8Array;
}

export const DEVICE_DOCS_DB = 'crm-docs';

export class DeviceDocsDb extends Dexie {
	updates!: EntityTable<StoredUpdate, 'id'>;

	constructor(name = DEVICE_DOCS_DB) {
		super(name);
		this.version(1).stores({ updates: '++id, [ws+doc]' });
	}
}

let shared: DeviceDocsDb | null = null;
export function deviceDocsDb(): DeviceDocsDb {
	shared ??= new DeviceDocsDb();
	return shared;
}

function workspaceRange(db: DeviceDocsDb, ws: string) {
	return db.updates.where('[ws+doc]').between([ws, Dexie.minKey], [ws, Dexie.maxKey], true, true);
}

function docRange(db: DeviceDocsDb, ws: string, doc: string) {
	return db.updates.where('[ws+doc]').equals([ws, doc]);
}

/**
 * Called once a read's transaction has started: its first request answered, so no other tab
 * holds the rows it reads, and what is left is reading (seconds for a large workspace on a slow
 * device).
 */
export type OnStarted = () => void;

/** Every row of the workspace, all documents, in one read transaction. */
export function readWorkspace(
	db: DeviceDocsDb,
	ws: string,
	started: OnStarted = () => {}
): Promise<StoredUpdate[]> {
	return db.transaction('r', db.updates, async () => {
		await workspaceRange(db, ws).count();
		started();
		return workspaceRange(db, ws).toArray();
	});
}

/**
 * The rows of the workspace's documents but those `leave` names, and the names it left (stored
 * here, not read), in one read transaction: the index alone says which documents there are.
 */
export function readWorkspaceExcept(
	db: DeviceDocsDb,
	ws: string,
	leave: (doc: string) => boolean,
	started: OnStarted = () => {}
): Promise<{ rows: StoredUpdate[]; left: string[] }> {
	return db.transaction('r', db.updates, async () => {
		const keys = (await workspaceRange(db, ws).keys()) as unknown as [string, string][];
		started();
		const names = new Set(keys.map(([, doc]) => doc));
		const left = [...names].filter(leave);
		// One request per document, not one for all: the page copies each request's result in a
		// task of its own (90 MB of 100k people in one request held the page ~350 ms).
		const read = [...names].filter((doc) => !leave(doc));
		const rows = await Promise.all(read.map((doc) => docRange(db, ws, doc).toArray()));
		return { rows: rows.flat(), left };
	});
}

export function readDoc(
	db: DeviceDocsDb,
	ws: string,
	doc: string,
	started: OnStarted = () => {}
): Promise<StoredUpdate[]> {
	return db.transaction('r', db.updates, async () => {
		await docRange(db, ws, doc).count();
		started();
		return docRange(db, ws, doc).toArray();
	});
}

/** Appends rows in one transaction; their ids, in order. */
export function appendRows(db: DeviceDocsDb, rows: StoredUpdate[]): Promise<number[]> {
	return db.transaction(
		'rw',
		db.updates,
		async () => (await db.updates.bulkAdd(rows, { allKeys: true })) as number[]
	);
}

export function deleteDoc(db: DeviceDocsDb, ws: string, doc: string): Promise<number> {
	return db.transaction('rw', db.updates, () => docRange(db, ws, doc).delete());
}

export interface Merge {
	/** The one update that replaces `replaced`. */
	merged: Uint8Array;
	/** Ids of the rows it holds (rows it does not hold stay). */
	replaced: number[];
}

/**
 * Replaces a document's rows with one merged row, in one read-write transaction: reads the
 * rows, lets `merge` say what replaces which, deletes those and adds the merged one. If anything
 * fails between the steps (`between` lets a test fail there) the transaction aborts and the rows
 * stay as they were. Another tab appending meanwhile waits for it, or is read by it.
 * Resolves to the merged row's id, or null if `merge` found nothing to do.
 */
export function replaceWithMerged(
	db: DeviceDocsDb,
	ws: string,
	doc: string,
	merge: (rows: StoredUpdate[]) => Merge | null,
	between: () => void = () => {}
): Promise<number | null> {
	return db.transaction('rw', db.updates, async () => {
		const plan = merge(await docRange(db, ws, doc).toArray());
		if (!plan) return null;
		await db.updates.bulkDelete(plan.replaced);
		between();
		return (await db.updates.add({ ws, doc, update: plan.merged })) as number;
	});
}
