/**
 * Applies an update received from elsewhere (the relay, another tab) and hands the document's
 * 'update' listeners the received bytes themselves. Yjs would encode each transaction's changes
 * again for them: ~80 ms of a new device's 2.3 s first sync of 10k people (profiled), for
 * bytes the device then stores and the sync does not send on.
 *
 * The listeners get the update as received: it may hold what the document had already, or
 * what waits for a missing dependency (stored too, as Yjs keeps it pending). They are told
 * only when it changed the document (update-changed.ts), as Yjs would have.
 */
import * as Y from 'yjs';
import { pendingOf, updateChanged } from './update-changed';

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
	const pending = pendingOf(doc);
	let transaction: Y.Transaction | null = null;
	let failure: unknown = null;
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
	} catch (error) {
		failure = error;
	} finally {
		// A listener added meanwhile (by an observer) is kept with the others.
		for (const added of observers.get('update') ?? []) listeners.add(added);
		observers.set('update', listeners);
	}
	const tr = transaction as Y.Transaction | null;
	if (tr && updateChanged(doc, tr, pending)) {
		// A malformed update may have applied in part (Yjs reads the deletions after the
		// structs): what it left is encoded from the document, so storage holds what memory does.
		const bytes =
			failure === null ? update : Y.encodeStateAsUpdate(doc, Y.encodeStateVector(tr.beforeState));
		doc.emit('update', [bytes, origin, doc, tr]);
	}
	if (failure !== null) throw failure;
}
