/**
 * Opens a workspace from the device: the list paints from the row cache at once, the
 * document loads from IndexedDB (y-indexeddb), then the live rows take over.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import { version } from '$app/environment';
import { compactWhenQuiet } from './device-compaction';
import { localDb } from './local-db';
import {
	RECORD_TYPES,
	type AnyRecordType,
	type BaseRow,
	type CollectionName
} from '$lib/domain/record-types';
import { RowCache, type CachedRows } from './row-cache';
import { Workspace } from './workspace.svelte';

export interface DeviceWorkspace {
	workspace: Workspace;
	/** Resolves when the whole document has loaded from the device and rows are live. */
	loaded: Promise<void>;
	close(): Promise<void>;
}

export function docName(workspaceId: string): string {
	return `crm-ws-${workspaceId}`;
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

/** Rejects, with what to do, if the device's database cannot be opened; never resolves otherwise. */
function failureOf(persistence: IndexeddbPersistence): Promise<never> {
	return persistence._db.then(
		() => new Promise<never>(() => {}),
		(err: unknown) => {
			const reason = err instanceof Error ? err.message : String(err);
			throw new Error(
				`this device's storage could not be opened (${reason}). Check that the browser allows site data, then reload.`
			);
		}
	);
}

/** A type's cached rows, and the snapshot of the document they reflect. */
interface TypeCache {
	type: AnyRecordType;
	cache: RowCache<BaseRow>;
	cached: CachedRows<BaseRow> | null;
}

export function openFromDevice(workspaceId: string, memberId: string): DeviceWorkspace {
	const workspace = new Workspace(workspaceId, memberId);
	const db = localDb();
	// One row cache per declared type, keyed `${workspaceId}:${type.name}` (prefetch-rows.js
	// reads every key of the workspace).
	const caches: TypeCache[] = (RECORD_TYPES as readonly AnyRecordType[]).map((type) => ({
		type,
		cache: new RowCache<BaseRow>(db, `${workspaceId}:${type.name}`, version),
		cached: null
	}));
	let persistence: IndexeddbPersistence | null = null;
	let closed = false;
	let stopCompaction = () => {};

	const loaded = (async () => {
		performance.mark('crm:open-started'); // the app's code has run up to here
		await Promise.all(caches.map(async (c) => (c.cached = await c.cache.load())));
		if (closed) return;
		for (const { type, cached } of caches) if (cached) workspace.live(type).showCached(cached.rows);
		if (caches.some((c) => c.cached)) {
			performance.mark('crm:rows-from-cache');
			// Applying the document is one long synchronous task: let the cached list paint first.
			await afterPaint();
			if (closed) return;
		}
		persistence = new IndexeddbPersistence(docName(workspaceId), workspace.doc);
		// Edits made before this point are stored too: y-indexeddb writes the document's state
		// before applying what it read. A database that cannot open fails the open with a reason
		// (the layout shows it) instead of leaving the page waiting.
		await Promise.race([persistence.whenSynced, failureOf(persistence)]);
		if (closed) return;
		performance.mark('crm:doc-applied');
		// Cached rows of this build that know what they reflect: build only what changed since.
		const since = snapshotsOf(caches);
		const rebuilt = since ? workspace.startFromCache(since) : null;
		if (rebuilt === null) await workspace.startInSlices(yieldToBrowser);
		if (closed) return;
		performance.mark('crm:doc-loaded'); // read by bench/open.bench.ts
		stopCompaction = compactWhenQuiet(workspace.doc, persistence);
		for (const { type, cache } of caches) {
			const live = workspace.live(type);
			const save = () =>
				cache.saveSoon(() => ({ rows: live.rows, docSnapshot: workspace.docSnapshot() }));
			live.onChange(save);
			// A cache that was missing, stale or of another build is written afresh.
			if (rebuilt !== 0) save();
		}
	})();

	return {
		workspace,
		loaded,
		async close() {
			closed = true;
			stopCompaction();
			for (const { cache } of caches) cache.cancel();
			workspace.destroy();
			// A database that never opened has nothing to close: its failure was reported by `loaded`.
			await persistence?.destroy().catch(() => {});
		}
	};
}

/** Every type's cache snapshot by collection, or null unless every type has one of this build. */
function snapshotsOf(caches: TypeCache[]): Record<CollectionName, Uint8Array> | null {
	const since: Partial<Record<CollectionName, Uint8Array>> = {};
	for (const { type, cached } of caches) {
		if (!cached?.docSnapshot) return null;
		since[type.collection as CollectionName] = cached.docSnapshot;
	}
	return since as Record<CollectionName, Uint8Array>;
}
