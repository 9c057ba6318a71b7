/**
 * Rows read ahead by static/prefetch-rows.js, which starts reading the last workspace's row
 * cache while the app's code still loads. Each entry is taken once: a later open of the same
 * workspace (after switching away and back) reads the cache afresh.
 */
import type { RowCacheEntry } from './local-db';

interface Prefetch {
	keys: string[];
	entries: Promise<Record<string, RowCacheEntry | null> | null>;
}

const GLOBAL = '__crmRowCachePrefetch';

/**
 * The prefetched entry for `key`: the entry, null when the device has none, or undefined
 * when nothing was prefetched for that key (read it from the database).
 */
export async function takePrefetched(key: string): Promise<RowCacheEntry | null | undefined> {
	const prefetch = (globalThis as Record<string, unknown>)[GLOBAL] as Prefetch | undefined;
	if (!prefetch || !Array.isArray(prefetch.keys)) return undefined;
	const at = prefetch.keys.indexOf(key);
	if (at < 0) return undefined;
	prefetch.keys.splice(at, 1);
	// Let go of what was read once every entry is taken: at 100k people it is tens of MB.
	if (prefetch.keys.length === 0) delete (globalThis as Record<string, unknown>)[GLOBAL];
	const entries = await prefetch.entries.catch(() => null);
	if (!entries) return undefined;
	const entry = entries[key];
	delete entries[key];
	return isEntry(entry) ? entry : entry === null ? null : undefined;
}

function isEntry(v: unknown): v is RowCacheEntry {
	return typeof v === 'object' && v !== null && typeof (v as RowCacheEntry).json === 'string';
}
