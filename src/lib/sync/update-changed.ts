/**
 * Whether applying an update changed a document: its transaction changed the state (structs or
 * deletions), or what waits in the store for a missing dependency moved (joiners are served
 * pending structs too, so they must be stored). The relay stores and forwards an update only
 * then; a device stores a received one only then.
 */
import type * as Y from 'yjs';

/** What waits in a document's store for a missing dependency, taken before an apply. */
export interface Pending {
	structs: Y.Doc['store']['pendingStructs'];
	ds: Y.Doc['store']['pendingDs'];
}

export function pendingOf(doc: Y.Doc): Pending {
	return { structs: doc.store.pendingStructs, ds: doc.store.pendingDs };
}

/** `tr` is the apply's transaction (null if none ran); `before` the pending state before it. */
export function updateChanged(doc: Y.Doc, tr: Y.Transaction | null, before: Pending): boolean {
	return (
		(tr !== null && transactionChanged(tr)) ||
		doc.store.pendingStructs !== before.structs ||
		doc.store.pendingDs !== before.ds
	);
}

function transactionChanged(tr: Y.Transaction): boolean {
	if (tr.deleteSet.clients.size > 0) return true;
	if (tr.beforeState.size !== tr.afterState.size) return true;
	for (const [client, clock] of tr.afterState) {
		if (tr.beforeState.get(client) !== clock) return true;
	}
	return false;
}
