/**
 * Rows read ahead by static/prefetch-rows.js, which starts reading the last workspace's row
 * cache while the app's code still loads. Each entry is taken once: a later open of the same
 * workspace (after switching away and back) reads the cache afresh.
 *
 * Root cause of a workspace that opened empty (about one reload in three): this module marked
 * an entry as taken by splicing it out of the script's own `keys` array, which the script read
 * again only once IndexedDB had opened. When the app's code loaded first, the script found no
 * keys to read and its promise never settled — and this wait had no bound. Now the script reads
 * its own copy and always settles, what is taken is kept here, and the wait is bounded.
 */
import { within } from './bounded';
import type { RowCacheEntry } from './local-db';

interface Prefetch {
	keys: readonly string[];
	entries: Promise<Record<string, RowCacheEntry | null> | null>;
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
	const scope = globalThis as Record<string, unknown>;
	const prefetch = scope[GLOBAL] as Prefetch | undefined;
	if (!prefetch || !Array.isArray(prefetch.keys) || !prefetch.keys.includes(key)) return undefined;
	let taken = takenOf.get(prefetch);
	if (!taken) takenOf.set(prefetch, (taken = new Set()));
	if (taken.has(key)) return undefined;
	taken.add(key);
	// Let go of what was read once every entry is taken: at 100k people it is tens of MB.
	if (prefetch.keys.every((k) => taken.has(k))) delete scope[GLOBAL];
	const entries = await within(prefetch.entries, WAIT_LIMIT_MS, null);
	if (!entries) return undefined;
	const entry = entries[key];
	delete entries[key];
	return isEntry(entry) ? entry : entry === null ? null : undefined;
}

function isEntry(v: unknown): v is RowCacheEntry {
	return typeof v === 'object' && v !== null && typeof (v as RowCacheEntry).json === 'string';
}
