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
import { localDb } from './local-db';
import { RECORD_TYPES, type AnyRecordType, type BaseRow } from '$lib/domain/record-types';
import { RowCache, type CachedRows } from './row-cache';
import { Slices } from './slices';
import { Workspace } from './workspace.svelte';
import { MIGRATION } from './origins';
import { CORE, WorkspaceDocs } from './workspace-docs';

/** How long the previous version's database may take to read before the open goes on without. */
const LEGACY_READ_LIMIT_MS = 10_000;

export interface DeviceWorkspace {
	workspace: Workspace;
	/** Resolves when every document has loaded from the device and rows are live. */
	loaded: Promise<void>;
	/** Resolves once everything written so far is in the device's storage; rejects if it cannot be. */
	flushed(): Promise<void>;
	/** Tells `cb` when a write to the device's storage failed (what to do is in the message). */
	onWriteError(cb: (error: Error) => void): () => void;
	close(): Promise<void>;
}

/** Lets the browser handle input and paint between slices of long work. */
function yieldToBrowser(): Promise<void> {
	const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
	if (scheduler?.yield) return scheduler.yield();
	return new Promise((resolve) => setTimeout(resolve, 0));
}

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
		cache: new RowCache<BaseRow>(db, `${workspaceId}:${type.name}`, version),
		cached: null
	}));
	let closed = false;
	let stopAttaching = () => {};
	let stopMigrating = () => {};

	const loaded = (async () => {
		performance.mark('crm:open-started'); // the app's code has run up to here
		await Promise.all(caches.map(async (c) => (c.cached = await c.cache.load())));
		if (closed) return;
		for (const { type, cached } of caches) if (cached) workspace.live(type).showCached(cached.rows);
		if (caches.some((c) => c.cached)) {
			performance.mark('crm:rows-from-cache');
			await afterPaint(); // let the cached list paint before the documents are applied
			if (closed) return;
		}
		// Every stored document in one read (bounded: a database that cannot open fails the open
		// with what to do, and the layout shows it).
		const stored = await device.loadAll(); // its failure says what to do
		if (closed) return;
		performance.mark('crm:stored-read');
		// Each document, when it opens (now, or later: a new shard, a peer's new month), is
		// applied from what was stored and stores every later change. Edits made before are kept.
		stopAttaching = docs.onDoc((name, doc) => device.attach(name, doc, stored.get(name) ?? []));
		for (const name of stored.keys()) {
			if (docs.get(name)) continue;
			docs.open(name); // one document per task: a shard applies in well under a frame
			await yieldToBrowser();
			if (closed) return;
		}
		docs.openListed(); // listed by a peer but never stored here: the relay fills them
		// Stored by a version of one document: into the core (it was the core), then moved out.
		const fromLegacy = stored.has(CORE) ? false : await loadLegacy(workspaceId, docs);
		if (closed) return;
		migrateLegacy(docs);
		stopMigrating = keepMigrating(docs);
		if (fromLegacy) void forgetLegacy(workspaceId, device);
		performance.mark('crm:doc-applied');
		// Cached rows of this build that know what they reflect: build only what changed since.
		const since = snapshotsOf(caches);
		const rebuilt = since
			? await workspace.startFromCache(since, new Slices(yieldToBrowser))
			: null;
		if (rebuilt === null) await workspace.startInSlices(yieldToBrowser);
		if (closed) return;
		performance.mark('crm:doc-loaded'); // read by bench/open.bench.ts
		for (const { type, cache } of caches) {
			const live = workspace.live(type);
			const save = () =>
				cache.saveSoon(() => ({ rows: live.rows, docSnapshots: workspace.docSnapshots(type) }));
			live.onChange(save);
			// A cache that was missing, stale or of another build is written afresh.
			if (rebuilt !== 0) save();
		}
	})();

	return {
		workspace,
		loaded,
		flushed: () => device.flushed(),
		onWriteError: (cb) => device.onWriteError(cb),
		async close() {
			closed = true;
			stopAttaching();
			stopMigrating();
			for (const { cache } of caches) cache.cancel();
			workspace.destroy();
			await device.destroy();
		}
	};
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

/** The document snapshots each type's cached rows reflect, or null unless every type has them. */
function snapshotsOf(caches: TypeCache[]): Record<string, Record<string, Uint8Array>> | null {
	const since: Record<string, Record<string, Uint8Array>> = {};
	for (const { type, cached } of caches) {
		if (!cached?.docSnapshots) return null;
		since[type.name] = cached.docSnapshots;
	}
	return since;
}
