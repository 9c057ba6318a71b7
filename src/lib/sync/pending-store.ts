/**
 * Keeps the number of unconfirmed changes across reloads, so "3 changes not yet confirmed" does
 * not turn into "all saved" just because the page was reloaded before the relay answered. One
 * count per document of the workspace: the relay confirms each document on its own.
 */
import { CORE_DOC } from './wire';

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The core document keeps the key it had before workspaces held many documents. */
export function pendingKey(workspaceId: string, doc: string = CORE_DOC): string {
	return doc === CORE_DOC ? `crm:pending:${workspaceId}` : `crm:pending:${workspaceId}#${doc}`;
}

/** localStorage where there is one (browsers), otherwise null (Node, or storage disabled). */
export function defaultStorage(): KeyValueStorage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // access denied (e.g. some privacy settings): work without persistence
	}
}

export function loadPending(
	storage: KeyValueStorage | null,
	workspaceId: string,
	doc: string = CORE_DOC
): number {
	if (storage === null) return 0;
	try {
		const raw = storage.getItem(pendingKey(workspaceId, doc));
		if (raw === null || !/^\d{1,15}$/.test(raw)) return 0;
		return Number(raw);
	} catch {
		return 0;
	}
}

export function savePending(
	storage: KeyValueStorage | null,
	workspaceId: string,
	pending: number,
	doc: string = CORE_DOC
): void {
	if (storage === null) return;
	const key = pendingKey(workspaceId, doc);
	try {
		if (pending > 0) storage.setItem(key, String(pending));
		else storage.removeItem(key);
	} catch {
		// quota or privacy mode: the count is a convenience, the changes themselves are in IndexedDB
	}
}
