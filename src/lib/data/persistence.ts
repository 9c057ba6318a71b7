/**
 * Opens a workspace from the device: the list paints from the row cache at once, the
 * document loads from IndexedDB (y-indexeddb), then the live rows take over.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import { compactWhenQuiet } from './device-compaction';
import { localDb } from './local-db';
import { RowCache, type RowCacheCodec } from './row-cache';
import { searchText } from '$lib/domain/search';
import type { OrganizationRow, PersonRow } from './types';
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

/**
 * The search haystack is most of a row's size: the cache leaves it out and, until the document
 * has loaded, search covers the values the list shows.
 */
function slimRows<TRow extends { search: string }>(): RowCacheCodec<TRow, Omit<TRow, 'search'>> {
	return {
		toCached: ({ search: _search, ...rest }) => rest,
		fromCached: (cached) => {
			const shown = Object.entries(cached)
				.filter(([key, v]) => !/id$/i.test(key) && (typeof v === 'string' || Array.isArray(v)))
				.map(([, v]) => v);
			return { ...cached, search: searchText(shown) } as unknown as TRow;
		}
	};
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

export function openFromDevice(workspaceId: string, memberId: string): DeviceWorkspace {
	const workspace = new Workspace(workspaceId, memberId);
	const db = localDb();
	const peopleCache = new RowCache(db, `${workspaceId}:person`, slimRows<PersonRow>());
	const orgCache = new RowCache(db, `${workspaceId}:organization`, slimRows<OrganizationRow>());
	let persistence: IndexeddbPersistence | null = null;
	let closed = false;
	let stopCompaction = () => {};

	const loaded = (async () => {
		const [people, organizations] = await Promise.all([peopleCache.load(), orgCache.load()]);
		if (closed) return;
		if (people) workspace.peopleLive.showCached(people);
		if (organizations) workspace.organizationsLive.showCached(organizations);
		if (people || organizations) {
			performance.mark('crm:rows-from-cache');
			// Applying the document is one long synchronous task: let the cached list paint first.
			await afterPaint();
			if (closed) return;
		}
		persistence = new IndexeddbPersistence(docName(workspaceId), workspace.doc);
		await persistence.whenSynced;
		if (closed) return;
		performance.mark('crm:doc-applied');
		await workspace.startInSlices(yieldToBrowser);
		if (closed) return;
		performance.mark('crm:doc-loaded'); // read by bench/open.bench.ts
		stopCompaction = compactWhenQuiet(workspace.doc, persistence);
		workspace.peopleLive.onChange(() => peopleCache.saveSoon(() => workspace.peopleLive.rows));
		workspace.organizationsLive.onChange(() =>
			orgCache.saveSoon(() => workspace.organizationsLive.rows)
		);
		// The first load refreshes a cache that may be stale or missing.
		peopleCache.saveSoon(() => workspace.peopleLive.rows);
		orgCache.saveSoon(() => workspace.organizationsLive.rows);
	})();

	return {
		workspace,
		loaded,
		async close() {
			closed = true;
			stopCompaction();
			peopleCache.cancel();
			orgCache.cancel();
			workspace.destroy();
			await persistence?.destroy();
		}
	};
}
