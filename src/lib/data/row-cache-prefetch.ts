/**
 * Rows read ahead by static/prefetch-rows.js, which starts reading the last workspace's row
 * cache while the app's code still loads. Each entry is taken once: a later open of the same
 * workspace (after switching away and back) reads the cache afresh.
 *
 * Root cause of a workspace that opened empty (about one reload in three): this module marked
 * an entry as taken by splicing it out of the script's own `keys` array, which the script read
 * again only once IndexedDB had opened. When the app's code loaded first, the script found no
 * keys to read and its promise never settled — and this wait had no bound. Now the script shares
 * nothing mutable with this module (it reads every entry of the workspace) and always settles,
 * what is taken is kept here, and the wait is bounded.
 */
import { within } from './bounded';
import type { RowCacheEntry } from './local-db';

interface Prefetch {
	/** `<workspaceId>:`: every entry of that workspace was read (one key per record type). */
	prefix: string;
	/** The entries found by key (a key of the prefix that is missing has none), or null if unread. */
	entries: Promise<Record<string, RowCacheEntry> | null>;
}

const GLOBAL = '__crmRowCachePrefetch';
/** Longer than the script's own limit: it normally settles first, with what it could read. */
const WAIT_LIMIT_MS = 4_000;
/** Keys handed over, per prefetch (the script's own object is left as it made it). */
const takenOf = new WeakMap<Prefetch, Set<string>>();

/**
 * The prefetched entry for `key`: the entry, null when the device has none, or undefined
 * when nothing was prefetched for that key (read it from the database).
 */
export async function takePrefetched(key: string): Promise<RowCacheEntry | null | undefined> {
	const prefetch = (globalThis as Record<string, unknown>)[GLOBAL] as Prefetch | undefined;
	if (typeof prefetch?.prefix !== 'string' || !key.startsWith(prefetch.prefix)) return undefined;
	let taken = takenOf.get(prefetch);
	if (!taken) takenOf.set(prefetch, (taken = new Set()));
	if (taken.has(key)) return undefined;
	taken.add(key);
	const entries = await within(prefetch.entries, WAIT_LIMIT_MS, null);
	if (!entries) return undefined;
	const entry = entries[key];
	// Let go of what was read: at 100k people it is tens of MB.
	delete entries[key];
	return isEntry(entry) ? entry : null;
}

function isEntry(v: unknown): v is RowCacheEntry {
	if (typeof v !== 'object' || v === null) return false;
	const json = (v as RowCacheEntry).json;
	return typeof json === 'string' || json instanceof Blob;
}
