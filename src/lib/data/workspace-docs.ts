/**
 * The documents of one workspace: a small core document ('': name, members, custom field
 * definitions, import batches, and the directory of the other documents; the relay serves it at
 * `/sync/<workspaceId>`, where a workspace of one document kept everything) and the collection
 * documents of shards.ts, made when first written to. Storage (persistence.ts) and sync attach
 * to every document through onDoc, including the ones made later, and let go through onClose.
 *
 * The directory lets a new device ask the relay for exactly the documents that exist; two
 * offline peers adding the same name both write `true`, so it merges. Monthly partitions older
 * than the hot window (shards.ts, HOT_MONTHS) are listed but not opened with the workspace:
 * they open on demand (openOnDemand); the background fill stores them on the device without
 * opening them here (`fetched` tells readers of the device's copy).
 */
import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import './yjs-strings'; // before any update is decoded on the page
import './yjs-handlers'; // before any type is made
import { SETUP } from './origins';
import { familyOf, opensLater } from './shards';
import { CORE_DOC } from '$lib/sync/wire';

export const CORE = CORE_DOC;

/** How long one task may spend opening documents peers listed. */
const OPEN_SLICE_MS = 8;

type DocListener = (name: string, doc: Y.Doc) => void;

export class WorkspaceDocs {
	readonly core: Y.Doc;
	private readonly docs = new Map<string, Y.Doc>();
	private readonly listeners = new Set<DocListener>();
	/** Told of each old partition stored on the device without being opened here. */
	private readonly fetchedListeners = new Set<(name: string) => void>();
	private readonly closeListeners = new Set<DocListener>();
	private readonly directory: Y.Map<true>;
	/** Old partitions someone asked for: they stay open. */
	private readonly demanded = new Set<string>();
	private readonly toOpen = new Set<string>();
	private readonly firstFamilies = new Set<string>();
	private opening: ReturnType<typeof setTimeout> | null = null;
	private destroyed = false;
	private readonly notify = new Set<() => void>();
	/** Reactive reads of what is listed and open (unopened()). */
	readonly subscribe = createSubscriber((update) => {
		this.notify.add(update);
		return () => this.notify.delete(update);
	});

	constructor(
		core = new Y.Doc(),
		/** The clock that says which months are old (tests set it). */
		readonly now: () => number = Date.now
	) {
		this.core = core;
		this.docs.set(CORE, core);
		this.directory = core.getMap('docs') as Y.Map<true>;
		// A peer's new document: open it here too, so its records arrive. Later, in slices: the
		// directory arrives with the core, and opening hundreds of documents inside that
		// transaction would apply them all in one task.
		this.directory.observe((event) => {
			const added = [...event.changes.keys]
				.filter(
					([name, change]) => change.action === 'add' && !this.docs.has(name) && !this.isOld(name)
				)
				.map(([name]) => name);
			for (const name of added) if (this.firstFamilies.has(familyOf(name))) this.toOpen.add(name);
			for (const name of added) this.toOpen.add(name);
			this.openSoon();
			this.changed();
		});
	}

	/** Every document open in this workspace, the core first. */
	entries(): IterableIterator<[string, Y.Doc]> {
		return this.docs.entries();
	}

	/**
	 * Peers' documents of `family` (the type the page shows) open before the others: on a new
	 * device they subscribe first, and its list is whole ~0.8 s sooner at 10k people than when
	 * the organizations' 256 shards went ahead of the people's.
	 */
	openFirst(family: string): void {
		this.firstFamilies.add(family);
	}

	/** The names the directory lists (documents that exist somewhere), open or not. */
	listed(): string[] {
		return [...this.directory.keys()];
	}

	/** The open document of this name. */
	get(name: string): Y.Doc | undefined {
		return this.docs.get(name);
	}

	/** The document of this name, made and listed in the directory if it is new. */
	ensure(name: string): Y.Doc {
		const doc = this.open(name);
		if (!this.directory.has(name)) this.core.transact(() => this.directory.set(name, true), SETUP);
		return doc;
	}

	/** Opens (makes in memory, without listing) a document; listeners hear of it once. */
	open(name: string): Y.Doc {
		return this.docs.get(name) ?? this.make(name);
	}

	/**
	 * An old partition was stored on the device without being opened here (the background
	 * fill): readers of the device's copy (a report's worker) hear of it.
	 */
	fetched(name: string): void {
		for (const listener of this.fetchedListeners) listener(name);
	}

	/** Opens a document someone needs (an old month's history): it stays open. */
	openOnDemand(name: string): Y.Doc {
		this.demanded.add(name);
		return this.open(name);
	}

	/** Nobody needs this old partition any more: it is let go of (closeIfUnused). */
	release(name: string): void {
		this.demanded.delete(name);
		this.closeIfUnused(name);
	}

	/**
	 * Lets go of an old partition nobody asks for any more: listeners hear of it, then it is
	 * destroyed. Documents of the hot window stay.
	 */
	closeIfUnused(name: string): void {
		const doc = this.docs.get(name);
		if (!doc || name === CORE || this.demanded.has(name) || !this.isOld(name)) return;
		// Gone before listeners hear of it: what they rebuild must not find it open.
		this.docs.delete(name);
		for (const listener of this.closeListeners) listener(name, doc);
		doc.destroy();
		this.changed();
	}

	/** Calls `listener` for every document, now and as they open; returns how to stop. */
	onDoc(listener: DocListener): () => void {
		for (const [name, doc] of this.docs) listener(name, doc);
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/**
	 * Calls `listener` on every update of a shard or partition of `families` the device holds,
	 * and on each one fetched onto the device (for a worker that reads the device's copy);
	 * returns how to stop.
	 */
	onFamilyUpdates(families: ReadonlySet<string>, listener: () => void): () => void {
		const watched = new Set<Y.Doc>();
		const stopOpening = this.onDoc((name, doc) => {
			if (!families.has(familyOf(name)) || !name.includes('.')) return;
			doc.on('update', listener);
			watched.add(doc);
		});
		const stopClosing = this.onClose((_name, doc) => {
			if (watched.delete(doc)) doc.off('update', listener);
		});
		const onFetched = (name: string) => {
			if (families.has(familyOf(name))) listener();
		};
		this.fetchedListeners.add(onFetched);
		return () => {
			stopOpening();
			stopClosing();
			this.fetchedListeners.delete(onFetched);
			for (const doc of watched) doc.off('update', listener);
			watched.clear();
		};
	}

	/** Calls `listener` before a document is let go of; returns how to stop. */
	onClose(listener: DocListener): () => void {
		this.closeListeners.add(listener);
		return () => this.closeListeners.delete(listener);
	}

	/** Opens every document the directory lists but old partitions. */
	openListed(): void {
		for (const name of this.directory.keys()) if (!this.isOld(name)) this.open(name);
	}

	/** Whether `name` does not open with the workspace: a partition too old, or a document
	 * opened only on demand (a campaign's outbox). */
	isOld(name: string): boolean {
		return opensLater(name, this.now());
	}

	/** The listed partitions of `family` ('history') that are not open, newest first; reactive. */
	unopened(family: string): string[] {
		this.subscribe();
		return [...this.directory.keys()]
			.filter((name) => familyOf(name) === family && name !== family && !this.get(name))
			.sort()
			.reverse();
	}

	/**
	 * Runs `fn` inside one transaction with `origin` on the core and on each named document
	 * (made if missing): whatever `fn` writes to them is one transaction per document (an import
	 * chunk, a restore), and writers nested inside keep this origin.
	 */
	transact<T>(names: Iterable<string>, fn: () => T, origin: unknown): T {
		const docs = [this.core, ...[...new Set(names)].map((name) => this.ensure(name))];
		const run = (i: number): T =>
			i === docs.length ? fn() : docs[i].transact(() => run(i + 1), origin);
		return run(0);
	}

	destroy(): void {
		this.destroyed = true;
		if (this.opening) clearTimeout(this.opening);
		this.listeners.clear();
		this.fetchedListeners.clear();
		this.closeListeners.clear();
		for (const doc of this.docs.values()) doc.destroy();
	}

	/**
	 * Opens the documents peers listed, a few milliseconds' worth per task, until none is left.
	 * One per task was 4 ms each (nested timers are clamped): 3.3 s for a new device's ~800.
	 */
	private openSoon(): void {
		if (this.opening || this.toOpen.size === 0 || this.destroyed) return;
		this.opening = setTimeout(() => {
			this.opening = null;
			const until = performance.now() + OPEN_SLICE_MS;
			for (const name of this.toOpen) {
				this.toOpen.delete(name);
				this.open(name);
				if (performance.now() >= until) break;
			}
			this.openSoon();
		}, 0);
	}

	private make(name: string): Y.Doc {
		// Named: without a guid Yjs makes a random UUID, 37 crypto calls a document (~75 ms of a
		// new device's first sync of ~800 documents, profiled). Nothing here reads the guid.
		const doc = new Y.Doc({ guid: name });
		this.docs.set(name, doc);
		for (const listener of this.listeners) listener(name, doc);
		this.changed();
		return doc;
	}

	private changed(): void {
		for (const update of this.notify) update();
	}
}
