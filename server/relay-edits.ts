// Changes the relay makes to a workspace's documents itself (a campaign's statuses, the
// interaction logging a sent message, an unsubscribe's consent): through the document's room
// when one holds it loaded — applied, forwarded to every connection and stored like a client's
// update, so devices see it live — else into the store: the document is read into a scratch
// copy, changed there, and only the change is appended (the copy may be kept a few seconds for
// the next edit: EditOptions.keep). Edits of one document run one after another, so each is
// built on the one before (a later status supersedes an earlier one instead of racing it as a
// concurrent edit would).
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
	/**
	 * An edit stored without a room here: other relay processes' rooms of the document get it
	 * (fanout.ts), as they get what a room publishes.
	 */
	published?(workspaceId: string, doc: string, update: Uint8Array): void;
}

/** How long an edit may take, loading and storing included, before it is given up. */
const EDIT_TIMEOUT_MS = 15_000;
/** A loading room is asked again after this. */
const LOADING_POLL_MS = 20;

const chains = new Map<string, Promise<unknown>>();

export interface EditOptions {
	/** Give up after this long (loading and storing included). */
	timeoutMs?: number;
	/**
	 * Keep the scratch copy a few seconds for the next edit of the document (a campaign writes
	 * statuses and timeline entries several times a second; reading a month of interactions
	 * each time would cost more than sending). Only for documents whose keys the relay alone
	 * writes (statuses, records with the relay's ids): a copy kept while a room came and went
	 * may lack a client's edit, and a relay edit of the same key would then be concurrent with it.
	 * Any edit through a room drops the copy, so the relay's own edits always build on each other.
	 */
	keep?: boolean;
}

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
	options: EditOptions = {}
): Promise<void> {
	const key = `${workspaceId}/${doc}`;
	const previous = chains.get(key) ?? Promise.resolve();
	const run = previous
		.catch(() => {})
		.then(() =>
			bounded(
				apply(target, workspaceId, doc, change, options.keep ?? false),
				options.timeoutMs ?? EDIT_TIMEOUT_MS,
				key
			)
		);
	chains.set(key, run);
	void run
		.catch(() => drop(key))
		.finally(() => {
			if (chains.get(key) === run) chains.delete(key);
		});
	return run;
}

async function apply(
	target: EditTarget,
	workspaceId: string,
	doc: string,
	change: (doc: Y.Doc) => void,
	keep: boolean
): Promise<void> {
	const key = `${workspaceId}/${doc}`;
	for (;;) {
		const room = target.liveRoom(workspaceId, doc);
		if (room) {
			drop(key);
			return room.edit(change, RELAY_ORIGIN);
		}
		if (target.hasRoom(workspaceId, doc)) {
			drop(key);
			await new Promise((resolve) => setTimeout(resolve, LOADING_POLL_MS));
			continue;
		}
		const scratch = kept.get(key)?.doc ?? (await loadScratch(target.store, workspaceId, doc));
		// A room appeared while the document was read: it may have read the store before this
		// change reaches it, so the change goes through the room instead.
		if (target.hasRoom(workspaceId, doc)) {
			if (!kept.has(key)) scratch.destroy();
			continue;
		}
		const update = changeIn(scratch, change);
		if (update) {
			// Appended in the same task as the check: a room made from now on loads after it.
			const stored = target.store.append(workspaceId, doc, update);
			try {
				await stored;
			} catch (error) {
				// The copy holds a change the store does not: never build on it.
				if (kept.get(key)?.doc === scratch) drop(key);
				else scratch.destroy();
				throw error;
			}
			target.published?.(workspaceId, doc, update);
		}
		if (keep) return keepFor(target, workspaceId, doc, scratch);
		if (kept.get(key)?.doc !== scratch) scratch.destroy();
		if (!target.hasRoom(workspaceId, doc)) {
			void target.store.release(workspaceId, doc).catch(() => {});
		}
		return;
	}
}

/** Scratch copies kept for the next edit, by `<workspaceId>/<doc>`. */
const kept = new Map<string, { doc: Y.Doc; timer: NodeJS.Timeout }>();
const KEEP_MS = 5_000;

function keepFor(target: EditTarget, workspaceId: string, name: string, doc: Y.Doc): void {
	const key = `${workspaceId}/${name}`;
	const entry = kept.get(key);
	if (entry && entry.doc !== doc) drop(key);
	if (entry?.doc === doc) {
		entry.timer.refresh();
		return;
	}
	const timer = setTimeout(() => {
		if (kept.get(key)?.doc !== doc) return;
		drop(key);
		if (!target.hasRoom(workspaceId, name)) {
			void target.store.release(workspaceId, name).catch(() => {});
		}
	}, KEEP_MS);
	timer.unref();
	kept.set(key, { doc, timer });
}

function drop(key: string): void {
	const entry = kept.get(key);
	if (!entry) return;
	kept.delete(key);
	clearTimeout(entry.timer);
	entry.doc.destroy();
}

async function loadScratch(store: WorkspaceStore, workspaceId: string, name: string) {
	const updates = await store.load(workspaceId, name);
	const doc = new Y.Doc({ gc: true });
	doc.transact(() => {
		for (const update of updates) Y.applyUpdate(doc, update);
	});
	return doc;
}

/** The update `change` makes to the document, or null when it changes nothing. */
function changeIn(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array | null {
	const before = Y.encodeStateVector(doc);
	let changed = false;
	const mark = () => (changed = true);
	doc.on('update', mark);
	try {
		doc.transact(() => change(doc), RELAY_ORIGIN);
	} finally {
		doc.off('update', mark);
	}
	return changed ? Y.encodeStateAsUpdate(doc, before) : null;
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
