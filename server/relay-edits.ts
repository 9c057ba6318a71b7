// Changes the relay makes to a workspace's documents itself (a campaign's statuses, the
// interaction logging a sent message, an unsubscribe's consent): through the document's room
// when one holds it loaded — applied, forwarded to every connection and stored like a client's
// update, so devices see it live — else into the store: the document is read into a scratch
// copy, changed there, and only the change is appended. Edits of one document run one after
// another, so each is built on the one before (a later status supersedes an earlier one instead
// of racing it as a concurrent edit would).
import * as Y from 'yjs';
import type { WorkspaceStore } from './storage.ts';

/** The origin of the relay's own edits: watchers use it to tell them from clients' updates. */
export const RELAY_ORIGIN = Symbol('relay-edit');

export interface EditTarget {
	store: WorkspaceStore;
	/** The room holding the document loaded, if any (Rooms.liveRoom). */
	liveRoom(
		workspaceId: string,
		doc: string
	): { edit(change: (doc: Y.Doc) => void, origin: unknown): Promise<void> } | null;
	/** Whether a room holds the document, loaded or still loading. */
	hasRoom(workspaceId: string, doc: string): boolean;
}

/** How long an edit may take, loading and storing included, before it is given up. */
const EDIT_TIMEOUT_MS = 15_000;
/** A loading room is asked again after this. */
const LOADING_POLL_MS = 20;

const chains = new Map<string, Promise<unknown>>();

/**
 * Runs `change` on the document `doc` of the workspace, durably. `change` may run more than once
 * (on a scratch copy, then on a room that loaded meanwhile): it must only read the document it is
 * given and write to it. Rejects when the edit could not be stored within the time limit.
 */
export function editDocument(
	target: EditTarget,
	workspaceId: string,
	doc: string,
	change: (doc: Y.Doc) => void,
	timeoutMs = EDIT_TIMEOUT_MS
): Promise<void> {
	const key = `${workspaceId}/${doc}`;
	const previous = chains.get(key) ?? Promise.resolve();
	const run = previous
		.catch(() => {})
		.then(() => bounded(apply(target, workspaceId, doc, change), timeoutMs, key));
	chains.set(key, run);
	void run
		.catch(() => {})
		.finally(() => {
			if (chains.get(key) === run) chains.delete(key);
		});
	return run;
}

async function apply(
	target: EditTarget,
	workspaceId: string,
	doc: string,
	change: (doc: Y.Doc) => void
): Promise<void> {
	for (;;) {
		const room = target.liveRoom(workspaceId, doc);
		if (room) return room.edit(change, RELAY_ORIGIN);
		if (target.hasRoom(workspaceId, doc)) {
			await new Promise((resolve) => setTimeout(resolve, LOADING_POLL_MS));
			continue;
		}
		const update = await changeInScratch(target.store, workspaceId, doc, change);
		// A room appeared while the document was read: it may have read the store before this
		// change reaches it, so the change goes through the room instead.
		if (target.hasRoom(workspaceId, doc)) continue;
		if (!update) return;
		// Appended in the same task as the check: a room made from now on loads after it.
		const stored = target.store.append(workspaceId, doc, update);
		await stored;
		if (!target.hasRoom(workspaceId, doc)) {
			void target.store.release(workspaceId, doc).catch(() => {});
		}
		return;
	}
}

/** The update `change` makes to the stored document, or null when it changes nothing. */
async function changeInScratch(
	store: WorkspaceStore,
	workspaceId: string,
	name: string,
	change: (doc: Y.Doc) => void
): Promise<Uint8Array | null> {
	const updates = await store.load(workspaceId, name);
	const doc = new Y.Doc({ gc: true });
	try {
		doc.transact(() => {
			for (const update of updates) Y.applyUpdate(doc, update);
		});
		const before = Y.encodeStateVector(doc);
		let changed = false;
		const mark = () => (changed = true);
		doc.on('update', mark);
		doc.transact(() => change(doc), RELAY_ORIGIN);
		doc.off('update', mark);
		return changed ? Y.encodeStateAsUpdate(doc, before) : null;
	} finally {
		doc.destroy();
	}
}

function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`editing ${what} took over ${ms} ms`)), ms);
		promise.then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				reject(error instanceof Error ? error : new Error(String(error)));
			}
		);
	});
}
