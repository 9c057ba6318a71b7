/**
 * The stored documents of one workspace — the core document ('') and its shards and partitions
 * ('people.a7', 'history.2026-12', …) — in one device database (device-docs-db.ts) instead of one
 * y-indexeddb database per document.
 *
 * - Opening reads every document's rows in one transaction (`loadAll`), bounded in time.
 * - `attach` applies a document's rows (merged first: applying many stored updates is several
 *   times slower than one merged state) and from then on stores its updates, one transaction
 *   for all documents' updates of a batch, one row per document. This device's own changes are
 *   written at the end of the task that made them; peers' are batched a tick. A large document
 *   read in a worker comes merged in slices (update-slices.ts), applied a few per task so the
 *   page answers between them.
 * - A write the page started but that had not committed when the page went away is dropped by
 *   the browser (Chromium aborts it): `unsaved()` says which of this device's changes are not
 *   stored yet, for unsaved-changes.ts to keep through the unload.
 * - When a document has many rows, or a megabyte was written to it, and it has been quiet for a
 *   moment, its rows are replaced by one merged row in one transaction. Rows this tab has not
 *   applied (another tab's) are merged in, never dropped.
 * - A row that is not a valid update is skipped and reported (`onSkippedRow`), and kept.
 * - A write that fails is reported (`onWriteError`) and makes `flushed()` reject from then on.
 */
import * as Y from 'yjs';
import { within } from './bounded';
import {
	appendRows,
	deleteDoc,
	deviceDocsDb,
	readWorkspace,
	type OnStarted,
	replaceWithMerged,
	type DeviceDocsDb,
	type Merge,
	type StoredUpdate
} from './device-docs-db';
import { DEVICE_LOAD, isLocalOrigin } from './origins';
import { deviceReads, readsHere, type DeviceReads, type SlicedDoc } from './device-reads';
import type { Slices } from './slices';

export { deleteLegacyDoc, readLegacyDoc } from './device-docs-legacy';

export interface DeviceDocsOptions {
	/** How long a read may wait to start (another tab may hold the database) before it fails
	 * with what to do. */
	loadLimitMs?: number;
	/** How long a read that started may take: 74 MB of a 100k-people workspace read in ~1 s on
	 * a quiet laptop, and over 5 s on a busy or slow one. */
	readLimitMs?: number;
	/** How long a document must have had no update before it is compacted. */
	quietMs?: number;
	/** Compact a document once it has this many rows… */
	compactAfterRows?: number;
	/** …or once this many bytes were written to it since it was last compacted. */
	compactAfterBytes?: number;
}

/** A stored row that was left out of a load: it is kept on the device, untouched. */
export interface SkippedRow {
	doc: string;
	id: number | undefined;
	error: Error;
}

const DEFAULTS: Required<DeviceDocsOptions> = {
	loadLimitMs: 5_000,
	readLimitMs: 60_000,
	quietMs: 3_000,
	compactAfterRows: 20,
	compactAfterBytes: 1 << 20
};

interface Attached {
	doc: Y.Doc;
	onUpdate: (update: Uint8Array, origin: unknown) => void;
	/** Ids of stored rows whose content the in-memory document holds (compaction replaces them). */
	known: Set<number>;
	/** Its stored slices are still being applied (it is not compacted meanwhile). */
	applying: boolean;
	/** Rows stored for the document, as far as this tab knows. */
	rows: number;
	/** Bytes written since it was last compacted. */
	written: number;
	quiet: ReturnType<typeof setTimeout> | null;
}

interface Pending {
	name: string;
	/** Null for an update stored without a document here (store()). */
	entry: Attached | null;
	update: Uint8Array;
	/** This device's own change: the relay cannot send it again if it is lost. */
	own: boolean;
}

/** A batch of updates being written, in one transaction. */
interface Write {
	batch: Pending[];
	/** Settles when it committed or failed (reported); never rejects. */
	done: Promise<void>;
}

export class DeviceDocs {
	private readonly db: DeviceDocsDb;
	/** Reads the page waits for, in a worker where it can (the rows are copied there). */
	private readonly reads: DeviceReads;
	private readonly options: Required<DeviceDocsOptions>;
	private readonly attached = new Map<string, Attached>();
	/** The row ids behind each list `load`/`loadAll` returned, by position. */
	private readonly idsOf = new WeakMap<Uint8Array[], number[]>();
	/** The row ids behind each list that is one merged state in slices (of a worker's read). */
	private readonly slicedIds = new WeakMap<Uint8Array[], number[]>();
	private pending: Pending[] = [];
	private tick: ReturnType<typeof setTimeout> | null = null;
	private writeAtTaskEnd = false;
	private openedForWrites = false;
	/** Writes started and not settled. They do not wait for each other nor for `queue`: the
	 * database runs them in the order they were started, and a write made to wait for a
	 * compaction was still waiting when the page went away. */
	private readonly writing = new Set<Write>();
	/** This device's changes in writes the storage refused (full, blocked): in memory only. */
	private readonly refused: Pending[] = [];
	/** Compactions and deletes, one after another; never rejects. */
	private queue: Promise<void> = Promise.resolve();
	private failure: Error | null = null;
	private destroyed = false;
	private readonly writeErrorListeners = new Set<(error: Error) => void>();
	private readonly skippedListeners = new Set<(row: SkippedRow) => void>();

	constructor(
		readonly workspaceId: string,
		db?: DeviceDocsDb,
		options: DeviceDocsOptions = {},
		reads?: DeviceReads
	) {
		this.db = db ?? deviceDocsDb();
		// A database of its own (tests) is read here: the worker opens the app's.
		this.reads = reads ?? (db ? readsHere(db) : deviceReads(this.db));
		this.options = { ...DEFAULTS, ...options };
	}

	/** Every document's stored updates, read in one transaction. */
	async loadAll(): Promise<Map<string, Uint8Array[]>> {
		const rows = await this.bounded((started) => readWorkspace(this.db, this.workspaceId, started));
		return this.group(rows);
	}

	/**
	 * Like loadAll, but the documents that open later at `now` (old partitions, documents opened
	 * on demand: shards.ts, opensLater) are not read: their names come back as `left`.
	 */
	async loadExcept(now: number): Promise<{ stored: Map<string, Uint8Array[]>; left: string[] }> {
		const { rows, sliced, left } = await this.bounded((started) =>
			this.reads.workspace(this.workspaceId, now, started)
		);
		return { stored: this.group(rows, sliced), left };
	}

	async load(name: string): Promise<Uint8Array[]> {
		const { rows, sliced } = await this.bounded((started) =>
			this.reads.doc(this.workspaceId, name, started)
		);
		return this.group(rows, sliced).get(name) ?? [];
	}

	/**
	 * Applies `stored` (what `load`/`loadAll` returned for `name`) with origin DEVICE_LOAD, then
	 * stores every update of `doc` but its own. Edits made to `doc` before are stored too. Rows
	 * are applied at once, in one transaction; a merged state in slices (a large document read
	 * in a worker) a slice per transaction, pausing when `pace` says its slice of time is up.
	 * Resolves once all is applied.
	 */
	attach(name: string, doc: Y.Doc, stored: Uint8Array[] = [], pace?: Slices): Promise<void> {
		if (this.destroyed) throw new Error('DeviceDocs: attach after destroy');
		if (this.attached.has(name)) throw new Error(`DeviceDocs: '${name}' is attached already`);
		this.openForWrites();
		const before = doc.store.clients.size > 0 ? Y.encodeStateAsUpdate(doc) : null;
		const sliced = this.slicedIds.get(stored);
		const ids = this.idsOf.get(stored);
		const failed = sliced ? new Set<number>() : this.applyRows(name, doc, stored);
		const entry: Attached = {
			doc,
			onUpdate: (update, origin) => {
				if (origin !== DEVICE_LOAD && origin !== this) {
					this.enqueue(name, entry, update, isLocalOrigin(origin));
				}
			},
			known: new Set(ids?.filter((_, i) => !failed.has(i))),
			applying: sliced !== undefined,
			rows: sliced?.length ?? stored.length,
			written: 0,
			quiet: null
		};
		this.attached.set(name, entry);
		if (before) this.enqueue(name, entry, before, true);
		if (sliced) return this.attachSliced(name, entry, stored, sliced, pace);
		doc.on('update', entry.onUpdate);
		if (entry.rows >= this.options.compactAfterRows) this.compactWhenQuiet(name, entry);
		return Promise.resolve();
	}

	/**
	 * The rest of `attach` for a merged state in slices. Until they are all in, the document has
	 * no 'update' listener of ours: Yjs encodes each transaction's update for its listeners, which
	 * cost as much again as applying the slice (profiled). A change made meanwhile by anything
	 * else is stored with the whole state once they are in.
	 */
	private async attachSliced(
		name: string,
		entry: Attached,
		slices: Uint8Array[],
		ids: number[],
		pace?: Slices
	): Promise<void> {
		const { doc } = entry;
		let changed = false;
		const onTransaction = (tr: Y.Transaction) => {
			if (tr.origin !== DEVICE_LOAD && tr.origin !== this) changed = true;
		};
		doc.on('afterTransaction', onTransaction);
		let whole = false;
		try {
			whole = await this.applySlices(name, doc, slices, pace);
		} finally {
			doc.off('afterTransaction', onTransaction);
			entry.applying = false;
		}
		if (this.attached.get(name) !== entry) return; // detached meanwhile
		doc.on('update', entry.onUpdate);
		if (changed) this.enqueue(name, entry, Y.encodeStateAsUpdate(doc), true);
		// Only once all of them are in the document may compaction replace its rows.
		if (whole) entry.known = new Set(ids);
		if (entry.rows >= this.options.compactAfterRows) this.compactWhenQuiet(name, entry);
	}

	/**
	 * Applies what `load` returned for `name` to its document, attached before with nothing
	 * stored (an old month opened on demand, read after it opened). The rows it applied are not
	 * known to be in the document: the next compaction merges them in again.
	 */
	async apply(name: string, doc: Y.Doc, stored: Uint8Array[], pace?: Slices): Promise<void> {
		if (this.slicedIds.has(stored)) await this.applySlices(name, doc, stored, pace);
		else this.applyRows(name, doc, stored);
	}

	/**
	 * Stores an update of a document that is not open here (an old month fetched onto the
	 * device), with the next batch of writes; applied when the document is next opened.
	 */
	store(name: string, update: Uint8Array): void {
		if (this.destroyed) throw new Error('DeviceDocs: store after destroy');
		this.openForWrites();
		this.pending.push({ name, entry: null, update, own: false });
		this.tick ??= setTimeout(() => this.writeNow(), 0);
	}

	/**
	 * This device's own changes not yet stored (waiting, in a write that has not committed, or
	 * in one the storage refused), merged per document: what a page going away now would lose.
	 */
	unsaved(): Map<string, Uint8Array> {
		const byDoc = new Map<string, Uint8Array[]>();
		const batches = [this.refused, this.pending, ...[...this.writing].map((w) => w.batch)];
		for (const { name, update, own } of batches.flat()) {
			if (!own) continue;
			const list = byDoc.get(name);
			if (list) list.push(update);
			else byDoc.set(name, [update]);
		}
		return new Map(
			[...byDoc].map(([name, list]) => [name, list.length === 1 ? list[0] : Y.mergeUpdates(list)])
		);
	}

	/** Stops storing `name`'s updates (those seen so far are still written). */
	detach(name: string): void {
		const entry = this.attached.get(name);
		if (!entry) return;
		entry.doc.off('update', entry.onUpdate);
		if (entry.quiet) clearTimeout(entry.quiet);
		this.attached.delete(name);
	}

	/** Resolves once every update seen so far is on disk; rejects if a write has failed. */
	async flushed(): Promise<void> {
		this.writeNow();
		await Promise.all([this.queue, ...[...this.writing].map((w) => w.done)]);
		if (this.failure) throw this.failure;
	}

	onWriteError(cb: (error: Error) => void): () => void {
		this.writeErrorListeners.add(cb);
		return () => this.writeErrorListeners.delete(cb);
	}

	onSkippedRow(cb: (row: SkippedRow) => void): () => void {
		this.skippedListeners.add(cb);
		return () => this.skippedListeners.delete(cb);
	}

	/** Removes the document and every row of it. */
	async delete(name: string): Promise<void> {
		this.detach(name);
		this.pending = this.pending.filter((p) => p.name !== name);
		const step = this.queue.then(() => deleteDoc(this.db, this.workspaceId, name));
		this.queue = step.then(
			() => {},
			() => {}
		);
		await step;
	}

	/** Detaches every document and waits for its writes (a failure was reported already). */
	async destroy(): Promise<void> {
		this.destroyed = true;
		this.reads.close();
		for (const name of [...this.attached.keys()]) this.detach(name);
		await this.flushed().catch(() => {});
	}

	/**
	 * Opens the database for writes once there is something to write to, not by the first
	 * write: reads go through the worker, so the first edit after a load waited for the open
	 * and was lost if the page went meanwhile. Not sooner either: an open on the page queues
	 * the worker's (a first visit read ~55 ms later with it at the start). A failure here is
	 * reported by the write.
	 */
	private openForWrites(): void {
		if (this.openedForWrites) return;
		this.openedForWrites = true;
		this.db.open().catch(() => {});
	}

	private enqueue(name: string, entry: Attached, update: Uint8Array, own: boolean): void {
		this.pending.push({ name, entry, update, own });
		entry.written += update.byteLength;
		if (own && !this.writeAtTaskEnd) {
			this.writeAtTaskEnd = true;
			queueMicrotask(() => this.writeNow());
		} else this.tick ??= setTimeout(() => this.writeNow(), 0);
		const { compactAfterRows, compactAfterBytes } = this.options;
		if (entry.quiet || entry.rows + 1 >= compactAfterRows || entry.written >= compactAfterBytes) {
			this.compactWhenQuiet(name, entry);
		}
	}

	/** Starts one transaction for everything pending. */
	private writeNow(): void {
		if (this.tick) clearTimeout(this.tick);
		this.tick = null;
		this.writeAtTaskEnd = false;
		if (this.pending.length === 0) return;
		const write: Write = { batch: this.pending, done: Promise.resolve() };
		this.pending = [];
		write.done = this.writeBatch(write.batch).finally(() => this.writing.delete(write));
		this.writing.add(write);
	}

	private async writeBatch(batch: Pending[]): Promise<void> {
		// One row per document: its updates of this tick, merged. An update stored without its
		// document (store()) is a row of its own: its bytes were not read, merging could throw.
		const byDoc = new Map<Attached, { name: string; updates: Uint8Array[] }>();
		const loose: StoredUpdate[] = [];
		for (const { name, entry, update } of batch) {
			if (entry === null) loose.push({ ws: this.workspaceId, doc: name, update });
			else if (byDoc.has(entry)) byDoc.get(entry)!.updates.push(update);
			else byDoc.set(entry, { name, updates: [update] });
		}
		const groups = [...byDoc];
		const rows: StoredUpdate[] = groups.map(([, { name, updates }]) => ({
			ws: this.workspaceId,
			doc: name,
			update: updates.length === 1 ? updates[0] : Y.mergeUpdates(updates)
		}));
		rows.push(...loose);
		try {
			const ids = await appendRows(this.db, rows);
			groups.forEach(([entry], i) => {
				entry.rows++;
				if (this.attached.get(rows[i].doc) === entry) entry.known.add(ids[i]);
			});
		} catch (err) {
			// Kept for unsaved(): a page going away copies them for the next open to store.
			this.refused.push(...batch.filter((p) => p.own));
			this.fail(
				err,
				rows.map((r) => r.doc)
			);
		}
	}

	private compactWhenQuiet(name: string, entry: Attached): void {
		if (entry.quiet) clearTimeout(entry.quiet);
		entry.quiet = setTimeout(() => {
			entry.quiet = null;
			this.queue = this.queue.then(() => this.compact(name, entry));
		}, this.options.quietMs);
	}

	private async compact(name: string, entry: Attached): Promise<void> {
		if (this.attached.get(name) !== entry) return;
		if (entry.applying) return this.compactWhenQuiet(name, entry);
		const done = { foreign: 0, rowsLeft: 0 };
		try {
			const id = await replaceWithMerged(this.db, this.workspaceId, name, (rows) => {
				const plan = mergePlan(rows, entry, (row, error) =>
					this.skipped({ doc: name, id: row.id, error })
				);
				done.foreign = plan?.foreign ?? 0;
				done.rowsLeft = rows.length - (plan?.replaced.length ?? 0);
				return plan;
			});
			if (id === null) return;
			const { foreign, rowsLeft } = done;
			// A merged row holding another tab's updates is not all in this document: the next
			// compaction merges it in again rather than replacing it with this document's state.
			entry.known = foreign > 0 ? new Set() : new Set([id]);
			entry.rows = rowsLeft + 1;
			entry.written = 0;
		} catch (err) {
			// The transaction aborted: the rows are as they were, nothing is lost. Try again later.
			console.warn(`DeviceDocs: compacting '${name}' failed, its rows are kept`, err);
		}
	}

	/** Rows applied in one transaction; the indexes of those that are not valid updates. */
	private applyRows(name: string, doc: Y.Doc, stored: Uint8Array[]): Set<number> {
		const ids = this.idsOf.get(stored);
		return applyRows(doc, stored, (index, error) =>
			this.skipped({ doc: name, id: ids?.[index], error })
		);
	}

	/**
	 * Slices of one merged state, each in its own transaction, pausing between them when
	 * `pace` says so. True once all are applied; false if the document went away first or a
	 * slice failed (reported; the rows stay stored as they were).
	 */
	private async applySlices(
		name: string,
		doc: Y.Doc,
		slices: Uint8Array[],
		pace?: Slices
	): Promise<boolean> {
		for (const slice of slices) {
			if (pace?.due()) await pace.pause();
			if (doc.isDestroyed || this.destroyed) return false;
			try {
				Y.applyUpdate(doc, slice, DEVICE_LOAD);
			} catch (err) {
				const error = new Error(`a slice of its stored state did not apply: ${messageOf(err)}`);
				this.skipped({ doc: name, id: undefined, error });
				return false;
			}
		}
		return true;
	}

	private group(rows: StoredUpdate[], sliced: SlicedDoc[] = []): Map<string, Uint8Array[]> {
		const out = new Map<string, Uint8Array[]>();
		const ids = new Map<string, number[]>();
		for (const row of rows) {
			const update = asBytes(row.update);
			if (!update || typeof row.doc !== 'string') {
				const doc = String(row.doc);
				this.skipped({ doc, id: row.id, error: new Error('the row holds no update bytes') });
				continue;
			}
			let list = out.get(row.doc);
			if (!list) {
				out.set(row.doc, (list = []));
				ids.set(row.doc, []);
			}
			list.push(update);
			ids.get(row.doc)!.push(row.id!);
		}
		for (const [doc, list] of out) this.idsOf.set(list, ids.get(doc)!);
		for (const { doc, ids, slices } of sliced) {
			out.set(doc, slices);
			this.slicedIds.set(slices, ids);
		}
		return out;
	}

	/**
	 * The read's value, or a rejection that says what to do; never a wait without end. A read
	 * that does not start within loadLimitMs waits for another tab; one that started is only
	 * slow, and gets readLimitMs (a fixed 5 s for the whole read failed large workspaces on busy
	 * devices, telling them to close tabs they did not have).
	 */
	private async bounded<T>(read: (started: OnStarted) => Promise<T>): Promise<T> {
		const { loadLimitMs, readLimitMs } = this.options;
		let began!: () => void;
		const started = new Promise<'started'>((resolve) => (began = () => resolve('started')));
		const reading = read(began).then(
			(value) => ({ value }),
			(error: unknown) => ({ error })
		);
		const first = await within(Promise.race([started, reading]), loadLimitMs, null);
		if (first === null) {
			throw new Error(
				`this device's storage did not answer within ${loadLimitMs / 1000} s. Close the app's other tabs (one may hold the database) and reload.`
			);
		}
		const settled = first === 'started' ? await within(reading, readLimitMs, null) : first;
		if (settled === null) {
			throw new Error(
				`this device's storage was still reading after ${readLimitMs / 1000} s. Free some memory (close other apps or tabs) and reload.`
			);
		}
		if ('error' in settled) {
			throw new Error(
				`this device's storage could not be read (${messageOf(settled.error)}). Check that the browser allows site data, then reload.`
			);
		}
		return settled.value;
	}

	private fail(err: unknown, docs: string[]): void {
		const names = docs.map((d) => `'${d}'`).join(', ');
		const error = new Error(
			`this device could not store changes to ${names} (${messageOf(err)}). Changes made now would be lost on reload: free some disk space or allow site data, then reload.`
		);
		this.failure ??= error;
		for (const cb of this.writeErrorListeners) cb(error);
	}

	private skipped(row: SkippedRow): void {
		if (this.skippedListeners.size === 0) {
			console.warn(`DeviceDocs: skipped a stored row of '${row.doc}'`, row.error);
		}
		for (const cb of this.skippedListeners) cb(row);
	}
}

/**
 * Applies stored rows in one transaction: merged into one update first, or, if that fails,
 * one by one, skipping those that are not valid updates. The indexes of the skipped rows.
 */
function applyRows(
	doc: Y.Doc,
	stored: Uint8Array[],
	onInvalid: (index: number, error: Error) => void
): Set<number> {
	const failed = new Set<number>();
	if (stored.length === 0) return failed;
	doc.transact(() => {
		if (stored.length > 1) {
			try {
				Y.applyUpdate(doc, Y.mergeUpdates(stored), DEVICE_LOAD);
				return;
			} catch {
				// One of them is not an update: find which below.
			}
		}
		stored.forEach((update, index) => {
			try {
				Y.applyUpdate(doc, update, DEVICE_LOAD);
			} catch (err) {
				failed.add(index);
				onInvalid(index, new Error(`not a valid Yjs update: ${messageOf(err)}`));
			}
		});
	}, DEVICE_LOAD);
	return failed;
}

/**
 * What replaces a document's rows: its in-memory state, merged with the valid rows it does not
 * hold (another tab's). Invalid rows are left where they are. Null if there is nothing to merge.
 */
function mergePlan(
	rows: StoredUpdate[],
	entry: Attached,
	onInvalid: (row: StoredUpdate, error: Error) => void
): (Merge & { foreign: number }) | null {
	const replaced: number[] = [];
	const foreign: Uint8Array[] = [];
	for (const row of rows) {
		if (row.id === undefined) continue;
		if (entry.known.has(row.id)) {
			replaced.push(row.id);
			continue;
		}
		const update = asBytes(row.update);
		const error = update ? invalidity(update) : new Error('the row holds no update bytes');
		if (error) onInvalid(row, error);
		else {
			foreign.push(update!);
			replaced.push(row.id);
		}
	}
	if (replaced.length <= 1 && foreign.length === 0) return null;
	const state = Y.encodeStateAsUpdate(entry.doc);
	const merged = foreign.length > 0 ? Y.mergeUpdates([state, ...foreign]) : state;
	return { merged, replaced, foreign: foreign.length };
}

function invalidity(update: Uint8Array): Error | null {
	try {
		Y.decodeUpdate(update);
		return null;
	} catch (err) {
		return new Error(`not a valid Yjs update: ${messageOf(err)}`);
	}
}

function asBytes(value: unknown): Uint8Array | null {
	if (value instanceof Uint8Array) return value.byteLength > 0 ? value : null;
	if (value instanceof ArrayBuffer) return value.byteLength > 0 ? new Uint8Array(value) : null;
	return null;
}

/** The error's first line: Dexie appends its inner errors' text, repeating the cause. */
function messageOf(err: unknown): string {
	const text = err instanceof Error ? err.message : String(err);
	return text.split('\n')[0].trim();
}
