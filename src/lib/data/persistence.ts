/**
 * Opens a workspace from the device: the list paints from the row cache at once, the
 * documents load from the device's database (device-docs.ts) — all in one read, then applied
 * one document per task so the page keeps answering — then the live rows take over. A
 * workspace stored by a version of one document is migrated on the way (legacy-migration.ts).
 */
import * as Y from 'yjs';
import { version } from '$app/environment';
import { within } from './bounded';
import { DeviceDocs, deleteLegacyDoc, readLegacyDoc } from './device-docs';
import { keepMigrating, migrateLegacy } from './legacy-migration';
import { DeviceClients } from './device-clients';
import { keepSettling, watchSettles } from './settling';
import { localDb } from './local-db';
import { RECORD_TYPES, type AnyRecordType, type BaseRow } from '$lib/domain/record-types';
import { RowCache, type CachedRows } from './row-cache';
import { sharedOrderInSlices } from '$lib/domain/shared-order';
import { Slices } from './slices';
import { Workspace } from './workspace.svelte';
import { MIGRATION } from './origins';
import { CORE, WorkspaceDocs } from './workspace-docs';
import { familyOf } from './shards';
import type { ShardMap } from './layout';
import { keepUnsavedOnHide, storeUnsaved } from './unsaved-changes';

/** How long the previous version's database may take to read before the open goes on without. */
const LEGACY_READ_LIMIT_MS = 10_000;

export interface DeviceWorkspace {
	workspace: Workspace;
	/** Resolves when every document has loaded from the device and rows are live. */
	loaded: Promise<void>;
	/** Resolves once everything written so far is in the device's storage; rejects if it cannot be. */
	flushed(): Promise<void>;
	/**
	 * Fetches onto the device the old months it lacks (a new device: the relay has them), one
	 * at a time: `fetch` (the caller's, from the relay) hands each month's updates to `store`
	 * and resolves once it has all; they are stored as they come, never applied here. The
	 * workspace is whole on the device for offline use without holding, or even building, years
	 * in memory. A rejected `fetch` stops it until it is called again.
	 */
	fill(fetch: (name: string, store: (update: Uint8Array) => void) => Promise<void>): Promise<void>;
	/**
	 * Opens every listed month of `families` (old interactions, for a backup) and resolves once
	 * each is read from the device, or `fetched` (synced by the caller) for those never stored
	 * here; the names it could not get (offline, the relay did not answer) are returned.
	 */
	openWhole(
		families: readonly string[],
		fetched: (name: string) => Promise<void>
	): Promise<string[]>;
	/**
	 * Settles records edited long ago in the background, once loaded, in the documents that
	 * `canSettle` (in step with the relay, allowed to write): settled-records.ts.
	 */
	settleWhile(canSettle: (name: string) => boolean): void;
	/** Tells `cb` when a write to the device's storage failed (what to do is in the message). */
	onWriteError(cb: (error: Error) => void): () => void;
	close(): Promise<void>;
}

/** How long reading one old month from the device may take before it counts as missing. */
const READ_LATER_LIMIT_MS = 30_000;

/** Lets the browser handle input and paint between slices of long work. */
function yieldToBrowser(): Promise<void> {
	const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
	if (scheduler?.yield) return scheduler.yield();
	return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Lets every task already queued run first (input, rendering, network and storage answers,
 * timers). The row cache's decode after the first paint yields this way rather than with
 * scheduler.yield, whose continuations go before other tasks: a decode of back-to-back slices
 * (seconds under load) then held up everything else (a bench's DevTools queries timed out).
 */
function yieldTask(): Promise<void> {
	if (typeof MessageChannel !== 'function') return yieldToBrowser();
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => {
			channel.port1.close();
			resolve();
		};
		channel.port2.postMessage(null);
	});
}

/**
 * Resolves when the page is idle between frames, or after 1 s at the latest: background work
 * (the row cache: ~22,000 deal rows encoded after each move) fits in what a frame leaves over
 * instead of taking 12 ms of each (a drag on the board dropped frames while it was written).
 * With 100 ms, slices whose wait ran out while a view was being drawn ran in its first frame
 * (profiled: 4–10 ms of the first board after an open).
 */
function whenIdle(): Promise<void> {
	if (typeof requestIdleCallback !== 'function') return yieldToBrowser();
	return new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 1_000 }));
}

/** Slices of the row cache's encoding: short, each started when the page is idle. */
const BACKGROUND_SLICE_MS = 4;
/** Slices of the row cache's decoding after the first page painted: the list answers between. */
const FOREGROUND_SLICE_MS = 8;

/** Resolves after the browser has painted what is on screen (or soon, in a hidden tab). */
function afterPaint(): Promise<void> {
	return new Promise((resolve) => {
		const done = () => setTimeout(resolve, 0);
		requestAnimationFrame(done);
		setTimeout(done, 100);
	});
}

/** A type's cached rows, and the snapshots of the documents they reflect. */
interface TypeCache {
	type: AnyRecordType;
	cache: RowCache<BaseRow>;
	cached: CachedRows<BaseRow> | null;
}

export function openFromDevice(workspaceId: string, memberId: string): DeviceWorkspace {
	const docs = new WorkspaceDocs();
	const workspace = new Workspace(workspaceId, memberId, docs);
	const device = new DeviceDocs(workspaceId);
	const db = localDb();
	// One row cache per declared type, keyed `${workspaceId}:${type.name}` (prefetch-rows.js
	// reads every key of the workspace).
	const caches: TypeCache[] = (RECORD_TYPES as readonly AnyRecordType[]).map((type) => ({
		type,
		cache: new RowCache<BaseRow>(
			db,
			`${workspaceId}:${type.name}`,
			version,
			type.list?.sort ?? null
		),
		cached: null
	}));
	const shown = shownFirst(caches);
	docs.openFirst(shown[0].type.collection);
	const stopKeepingUnsaved = keepUnsavedOnHide(workspaceId, device);
	let closed = false;
	let stopAttaching = () => {};
	let stopClosing = () => {};
	let stopMigrating = () => {};
	// Peers' settles of records (settled-records.ts) watched from before anything is read: what
	// this device wrote (in this page or one before) that a settle had not seen is written again.
	const clients = new DeviceClients(workspaceId);
	const stopNoting = clients.watch(docs);
	const shards = new Map<string, ShardMap>();
	const stopWatching = watchSettles(docs, (client) => clients.has(client), shards);
	let stopSettling = () => {};
	/** The documents this device holds (read, left for later, or fetched since). */
	const onDevice = new Set<string>();
	/** Stored old months not read at open: read from the device when they open. */
	const storedLater = new Set<string>();
	/** Old months being read from the device after opening on demand. */
	const readingLater = new Map<string, Promise<void>>();
	let filling = false;

	const loaded = (async () => {
		performance.mark('crm:open-started'); // the app's code has run up to here
		// The list on screen paints from its type's first page (a few dozen rows, read ahead by
		// static/prefetch-rows.js) with the total; then every type's rows are decoded in slices,
		// the shown type's first (10k people: 7 MB of JSON, ~a third of a warm open in one task
		// when it was decoded before the first paint).
		const [first, ...rest] = shown;
		const page = await first.cache.loadFirst();
		if (closed) return;
		if (page) {
			workspace.live(first.type).showFirstPage(page.rows, page.total);
			performance.mark('crm:rows-from-cache');
			await afterPaint(); // let the first page paint before going on
			if (closed) return;
		}
		for (const c of [first, ...rest]) {
			const stamp = c === first && page ? page.stamp : undefined;
			const slices = new Slices(yieldTask, FOREGROUND_SLICE_MS);
			c.cached = await c.cache.load(slices, stamp);
			if (closed) return;
			if (c.cached) {
				// The list on screen gets its rows in its shared order, sorted here between frames
				// (sorted in the list's derivation, 100k rows held the page ~430 ms).
				const rows = c === first ? await sharedOrderInSlices(c.cached.rows, slices) : null;
				if (closed) return;
				workspace.live(c.type).showCached(rows ?? c.cached.rows);
			}
			if (c === first && c.cached && !page) {
				performance.mark('crm:rows-from-cache');
				await afterPaint();
				if (closed) return;
			}
		}
		// What a page of this workspace had not stored when it went away, stored first.
		await storeUnsaved(workspaceId, device);
		if (closed) return;
		// Every stored document in one read, but old months (bounded: a database that cannot open
		// fails the open with what to do, and the layout shows it).
		const { stored, left } = await device.loadExcept(docs.now());
		if (closed) return;
		performance.mark('crm:stored-read');
		for (const name of [...stored.keys(), ...left]) onDevice.add(name);
		for (const name of left) storedLater.add(name);
		const hadCore = stored.has(CORE); // (attaching takes each document's bytes out of `stored`)
		// A large document (a hot month) comes in slices, applied a few per task.
		const pace = new Slices(yieldTask, FOREGROUND_SLICE_MS);
		const applying = new Map<string, Promise<void>>();
		// Each document, when it opens (now, or later: a new shard, a peer's new month, an old
		// month asked for), is applied from what was stored and stores every later change.
		// Edits made before are kept.
		stopAttaching = docs.onDoc((name, doc) => {
			const updates = stored.get(name) ?? [];
			stored.delete(name); // applied once: the bytes need not stay in memory
			const attached = device.attach(name, doc, updates, pace);
			if (updates.length > 0) applying.set(name, attached);
			if (storedLater.delete(name)) readingLater.set(name, applyLater(device, name, doc, pace));
		});
		stopClosing = docs.onClose((name) => {
			device.detach(name);
			if (onDevice.has(name)) storedLater.add(name);
		});
		for (const name of [...stored.keys()]) {
			if (docs.get(name)) continue;
			docs.open(name); // one document per task: a shard applies in well under a frame
			await applying.get(name);
			await yieldToBrowser();
			if (closed) return;
		}
		await Promise.all(applying.values()); // (those opened before, by the workspace)
		applying.clear();
		docs.openListed(); // listed by a peer but never stored here: the relay fills them
		// Stored by a version of one document: into the core (it was the core), then moved out.
		const fromLegacy = hadCore ? false : await loadLegacy(workspaceId, docs);
		if (closed) return;
		migrateLegacy(docs);
		stopMigrating = keepMigrating(docs);
		if (fromLegacy) void forgetLegacy(workspaceId, device);
		performance.mark('crm:doc-applied');
		// From here on, many rows rebuilt for a related record's new value or others' updates
		// go in slices too.
		workspace.rebuildInSlices(yieldTask);
		// Cached rows of this build that know what they reflect: build only what changed since.
		// Seconds of slices at 100k: each waits behind the tasks already queued (yieldTask), or a
		// list whose rows were built did not paint until every type's were (its frame's timer
		// came after scheduler.yield's continuations, ~0.5 s).
		const since = snapshotsOf(caches);
		const rebuilt = since ? await workspace.startFromCache(since, new Slices(yieldTask)) : null;
		if (rebuilt === null) await workspace.startInSlices(yieldTask, undefined, first.type);
		if (closed) return;
		performance.mark('crm:doc-loaded'); // read by bench/open.bench.ts
		for (const { type, cache } of caches) {
			const live = workspace.live(type);
			const save = () =>
				cache.saveSoon(
					// Rows saved with snapshots of documents they do not reflect yet would be taken
					// as current by the next open: wait until none waits to be rebuilt.
					() =>
						live.settled ? { rows: live.rows, docSnapshots: workspace.docSnapshots(type) } : null,
					() => new Slices(whenIdle, BACKGROUND_SLICE_MS)
				);
			live.onChange(save);
			// A cache that was missing, stale or of another build is written afresh.
			if (rebuilt !== 0) save();
		}
	})();

	return {
		workspace,
		loaded,
		flushed: () => device.flushed(),
		async fill(fetch) {
			if (filling) return;
			filling = true;
			try {
				await loaded;
				const missing = () =>
					docs.listed().filter((n) => docs.isOld(n) && !onDevice.has(n) && !docs.get(n));
				for (let name = missing()[0]; name && !closed; name = missing()[0]) {
					let stored = false;
					await fetch(name, (update) => {
						if (closed) return;
						device.store(name, update);
						stored = true;
					});
					await device.flushed();
					if (closed) return;
					// Opened meanwhile, it was stored through its document (its sync took over).
					onDevice.add(name);
					if (stored && !docs.get(name)) {
						storedLater.add(name);
						docs.fetched(name);
					}
				}
				if (!closed) performance.mark('crm:device-whole'); // read by bench/interactions.bench.ts
			} finally {
				filling = false;
			}
		},
		async openWhole(families, fetched) {
			await loaded;
			const closed = docs
				.listed()
				.filter((name) => families.includes(familyOf(name)) && !docs.get(name));
			const missing: string[] = [];
			for (const name of closed) {
				docs.openOnDemand(name);
				if (readingLater.has(name)) {
					const read = await within(readingLater.get(name)!, READ_LATER_LIMIT_MS, false as const);
					if (read === false) missing.push(name);
				} else if (!onDevice.has(name)) await fetched(name).catch(() => missing.push(name));
			}
			return missing;
		},
		onWriteError: (cb) => device.onWriteError(cb),
		settleWhile(canSettle) {
			void loaded.then(() => {
				if (closed) return;
				stopSettling();
				stopSettling = keepSettling(shards, {
					now: () => docs.now(),
					slices: () => new Slices(whenIdle, BACKGROUND_SLICE_MS),
					canSettle
				});
			});
		},
		async close() {
			closed = true;
			stopKeepingUnsaved();
			stopAttaching();
			stopClosing();
			stopMigrating();
			stopSettling();
			stopWatching();
			stopNoting();
			for (const { cache } of caches) cache.cancel();
			workspace.destroy();
			await device.destroy();
		}
	};
}

/** Applies an old month's stored updates to its document, opened on demand. */
async function applyLater(
	device: DeviceDocs,
	name: string,
	doc: Y.Doc,
	pace: Slices
): Promise<void> {
	try {
		const updates = await device.load(name);
		if (doc.isDestroyed) return;
		await device.apply(name, doc, updates, pace);
	} catch {
		// unreadable here: the relay sends it again (the document syncs like any other)
	}
}

/**
 * Applies what the previous version stored for this workspace (y-indexeddb's database of the
 * one document) to the core; true if there was any.
 */
async function loadLegacy(workspaceId: string, docs: WorkspaceDocs): Promise<boolean> {
	const updates = await within(readLegacyDoc(workspaceId), LEGACY_READ_LIMIT_MS, null).catch(
		() => null
	);
	if (!updates || updates.length === 0) return false;
	docs.core.transact(() => {
		for (const update of updates) Y.applyUpdate(docs.core, update);
	}, MIGRATION);
	return true;
}

/** Deletes the previous version's database once the new copy is safely stored. */
async function forgetLegacy(workspaceId: string, device: DeviceDocs): Promise<void> {
	try {
		await device.flushed();
		await deleteLegacyDoc(workspaceId);
	} catch {
		// kept: the next open reads the device's new copy first, and this one again only if that is gone
	}
}

/**
 * The caches with the type of the page being opened first (its screens are at /<collection>;
 * on any other page the people, the start page's list), then the others in declared order.
 */
function shownFirst(caches: TypeCache[]): TypeCache[] {
	const shown = globalThis.location?.pathname.split('/')[1];
	const first =
		caches.find((c) => c.type.collection === shown) ??
		caches.find((c) => c.type.collection === 'people') ??
		caches[0];
	return [first, ...caches.filter((c) => c !== first)];
}

/** The document snapshots each type's cached rows reflect, or null unless every type has them. */
function snapshotsOf(caches: TypeCache[]): Record<string, Record<string, Uint8Array>> | null {
	const since: Record<string, Record<string, Uint8Array>> = {};
	for (const { type, cached } of caches) {
		if (!cached?.docSnapshots) return null;
		since[type.name] = cached.docSnapshots;
	}
	return since;
}
