/**
 * The device's own database (Dexie): only what can be rebuilt from the workspace documents,
 * or what never leaves the device. Losing it loses nothing shared.
 */
import Dexie, { type EntityTable } from 'dexie';

export interface RowCacheEntry {
	key: string; // `${workspaceId}:${entity}`
	/** The rows, as JSON: one text parses faster than 100k cloned objects. A Blob when it is
	 * large (row-cache.ts: kept by reference, not copied on the page). */
	json: string | Blob;
	count: number;
	savedAt: number;
	/** Y.encodeSnapshot of each document when the rows were taken: what they already reflect. */
	docSnapshots?: Record<string, Uint8Array>;
	/** The app build that made the rows: another build may build them differently. */
	build?: string;
}

export class LocalDb extends Dexie {
	rowCache!: EntityTable<RowCacheEntry, 'key'>;

	constructor(name = 'crm-local') {
		super(name);
		this.version(1).stores({ rowCache: 'key' });
	}
}

let shared: LocalDb | null = null;
export function localDb(): LocalDb {
	shared ??= new LocalDb();
	return shared;
}
