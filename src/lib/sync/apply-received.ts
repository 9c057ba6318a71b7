/**
 * Applies an update received from elsewhere (the relay, another tab) and hands the document's
 * 'update' listeners the received bytes themselves. Yjs would encode each transaction's changes
 * again for them: ~80 ms of a new device's 2.3 s first sync of 10k people (profiled), for
 * bytes the device then stores and the sync does not send on.
 *
 * The listeners get the update as received: it may hold what the document had already, or
 * what waits for a missing dependency (stored too, as Yjs keeps it pending). They are told
 * only when the document took something from it, as Yjs would have.
 */
import * as Y from 'yjs';

type Listeners = Map<string, Set<(...args: unknown[]) => void>>;

/** Applies `update` (a V1 update the caller owns: not a view into a frame) with `origin`. */
export function applyReceived(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
	// lib0's Observable keeps its listeners here; Yjs encodes only when 'update' has some.
	const observers = (doc as unknown as { _observers: Listeners })._observers;
	const listeners = observers.get('update');
	if (!listeners) {
		Y.applyUpdate(doc, update, origin);
		return;
	}
	observers.delete('update');
	let transaction: Y.Transaction | null = null;
	try {
		Y.transact(
			doc,
			(tr) => {
				transaction = tr;
				Y.applyUpdate(doc, update, origin);
			},
			origin,
			false
		);
	} finally {
		// A listener added meanwhile (by an observer) is kept with the others.
		for (const added of observers.get('update') ?? []) listeners.add(added);
		observers.set('update', listeners);
	}
	if (transaction && tookSomething(doc, transaction))
		doc.emit('update', [update, origin, doc, transaction]);
}

function tookSomething(doc: Y.Doc, tr: Y.Transaction): boolean {
	if (tr.deleteSet.clients.size > 0) return true;
	for (const [client, clock] of tr.afterState)
		if (tr.beforeState.get(client) !== clock) return true;
	return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}
