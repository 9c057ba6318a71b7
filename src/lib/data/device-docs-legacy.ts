/**
 * What the previous version stored: the workspace as one document in its own y-indexeddb
 * database `crm-ws-<id>` (object store `updates`, auto-increment keys, one Yjs update each).
 * Read once to migrate an old workspace into DeviceDocs, then deleted.
 */

export function legacyDbName(workspaceId: string): string {
	return `crm-ws-${workspaceId}`;
}

/** The stored updates in the order they were written, or null if there is no such database. */
export async function readLegacyDoc(workspaceId: string): Promise<Uint8Array[] | null> {
	const name = legacyDbName(workspaceId);
	if (typeof indexedDB.databases === 'function') {
		const existing = await indexedDB.databases();
		if (!existing.some((d) => d.name === name)) return null;
	}
	const db = await openExisting(name);
	if (!db) return null;
	try {
		if (!db.objectStoreNames.contains('updates')) return [];
		const values = await request<unknown[]>(
			db.transaction('updates', 'readonly').objectStore('updates').getAll()
		);
		return values.filter((v): v is Uint8Array => v instanceof Uint8Array);
	} finally {
		db.close();
	}
}

export function deleteLegacyDoc(workspaceId: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.deleteDatabase(legacyDbName(workspaceId));
		// A tab of the previous build holding it open delays the delete until it closes; the
		// delete is queued all the same, so there is nothing to wait for.
		req.onblocked = () => resolve();
		req.onsuccess = () => resolve();
		req.onerror = () => reject(req.error ?? new Error(`could not delete ${req.source}`));
	});
}

/** Opens the database if it exists; never creates one (the creation is aborted). */
function openExisting(name: string): Promise<IDBDatabase | null> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.open(name);
		let created = false;
		req.onupgradeneeded = () => {
			created = true;
			req.transaction?.abort();
		};
		req.onsuccess = () => resolve(req.result);
		req.onerror = (event) => {
			if (created) {
				event.preventDefault();
				resolve(null);
			} else reject(req.error ?? new Error(`could not open ${name}`));
		};
	});
}

function request<T>(req: IDBRequest): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result as T);
		req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
	});
}
