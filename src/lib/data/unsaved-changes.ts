/**
 * This device's changes that were not in its storage yet when the page went away (a reload, a
 * link, a closed tab right after an edit): Chromium drops an IndexedDB write that had not
 * committed by then, and offline nothing else holds the change. When the page is hidden they
 * are copied to localStorage, which writes at once; the next open of the workspace, in any
 * tab, stores them before it reads the device's documents. Applying a change twice does
 * nothing, so a copy of a write that did commit costs only its bytes. A page that lives on
 * (a tab put in the background) drops its copy once its writes are in.
 */
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { within } from './bounded';
import type { DeviceDocs } from './device-docs';

type Unsaved = Pick<DeviceDocs, 'unsaved' | 'flushed'>;
type Stores = Pick<DeviceDocs, 'store' | 'flushed'>;
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const PREFIX = 'crm-unsaved:';
/** How long the open waits for the rescued changes to be stored before it reads on without. */
const STORE_LIMIT_MS = 5_000;

interface Copy {
	/** Document name → its changes, merged, in base64. */
	docs: Record<string, string>;
}

/**
 * Copies `device`'s unsaved changes to `storage` each time the page is hidden or left, under a
 * key of this page's own. Returns what stops it.
 */
export function keepUnsavedOnHide(
	workspaceId: string,
	device: Unsaved,
	storage: KeyValueStore | null = pageStorage(),
	onHide: (cb: () => void) => () => void = pageHidden
): () => void {
	if (!storage) return () => {};
	const key = `${PREFIX}${workspaceId}:${crypto.randomUUID()}`;
	let copies = 0;
	return onHide(() => {
		const unsaved = device.unsaved();
		const copy = ++copies;
		if (unsaved.size === 0) return forget(storage, key);
		const docs: Record<string, string> = {};
		for (const [name, update] of unsaved) docs[name] = toBase64(update);
		try {
			storage.setItem(key, JSON.stringify({ docs } satisfies Copy));
		} catch (err) {
			console.warn('Unsaved changes could not be copied for the next open', err);
			return;
		}
		// Still here (a background tab): once they are stored, the copy is not needed.
		device.flushed().then(
			() => copy === copies && forget(storage, key),
			() => {}
		);
	});
}

/**
 * Stores the changes copied by pages of `workspaceId` that went away, and forgets the copies
 * once they are in. Bounded: if the device's storage does not take them in time, the copies
 * stay for the next open. A copy that cannot be read, or holds what is not a change, is dropped
 * with a warning.
 */
export async function storeUnsaved(
	workspaceId: string,
	device: Stores,
	storage: KeyValueStore | null = pageStorage(),
	limitMs = STORE_LIMIT_MS
): Promise<void> {
	if (!storage) return;
	const keys: string[] = [];
	for (let i = 0; i < storage.length; i++) {
		const key = storage.key(i);
		if (key?.startsWith(`${PREFIX}${workspaceId}:`)) keys.push(key);
	}
	const taken: string[] = [];
	for (const key of keys) {
		const updates = readCopy(storage.getItem(key));
		if (!updates) {
			console.warn(`Dropped a copy of unsaved changes that could not be read (${key})`);
			forget(storage, key);
			continue;
		}
		for (const [name, update] of updates) device.store(name, update);
		taken.push(key);
	}
	if (taken.length === 0) return;
	if (
		await within(
			device.flushed().then(() => true),
			limitMs,
			false
		)
	) {
		for (const key of taken) forget(storage, key);
	}
}

function readCopy(text: string | null): [string, Uint8Array][] | null {
	try {
		const { docs } = JSON.parse(text ?? '') as Copy;
		if (!docs || typeof docs !== 'object') return null;
		const entries = Object.entries(docs);
		if (!entries.every(([, b64]) => typeof b64 === 'string')) return null;
		const updates = entries.map(([name, b64]) => [name, fromBase64(b64)] as [string, Uint8Array]);
		for (const [, update] of updates) Y.decodeUpdate(update); // throws if it is not one
		return updates;
	} catch {
		return null;
	}
}

function forget(storage: KeyValueStore, key: string): void {
	try {
		storage.removeItem(key);
	} catch {
		// storage gone (site data cleared): nothing to forget
	}
}

/** The page's localStorage, or null where it is missing or refused (site data blocked). */
function pageStorage(): KeyValueStore | null {
	try {
		return globalThis.localStorage ?? null;
	} catch {
		return null;
	}
}

/**
 * Calls `cb` when the page is hidden (a mobile browser may end a hidden page without another
 * event) or left: the last moments it surely runs.
 */
function pageHidden(cb: () => void): () => void {
	const onVisibility = () => document.visibilityState === 'hidden' && cb();
	document.addEventListener('visibilitychange', onVisibility);
	window.addEventListener('pagehide', cb);
	return () => {
		document.removeEventListener('visibilitychange', onVisibility);
		window.removeEventListener('pagehide', cb);
	};
}
