/**
 * Keeps the number of unconfirmed changes across reloads, so "3 changes not yet confirmed" does
 * not turn into "all saved" just because the page was reloaded before the relay answered.
 */

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function pendingKey(workspaceId: string): string {
	return `crm:pending:${workspaceId}`;
}

/** localStorage where there is one (browsers), otherwise null (Node, or storage disabled). */
export function defaultStorage(): KeyValueStorage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // access denied (e.g. some privacy settings): work without persistence
	}
}

export function loadPending(storage: KeyValueStorage | null, workspaceId: string): number {
	if (storage === null) return 0;
	try {
		const raw = storage.getItem(pendingKey(workspaceId));
		if (raw === null || !/^\d{1,15}$/.test(raw)) return 0;
		return Number(raw);
	} catch {
		return 0;
	}
}

export function savePending(
	storage: KeyValueStorage | null,
	workspaceId: string,
	pending: number
): void {
	if (storage === null) return;
	try {
		if (pending > 0) storage.setItem(pendingKey(workspaceId), String(pending));
		else storage.removeItem(pendingKey(workspaceId));
	} catch {
		// quota or privacy mode: the count is a convenience, the changes themselves are in IndexedDB
	}
}
