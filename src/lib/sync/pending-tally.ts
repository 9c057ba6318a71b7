/**
 * The sum of every document's changes not yet confirmed, for the status, and each document's
 * count kept across reloads (pending-store.ts): one write per changed document per burst of
 * changes (an import makes thousands of transactions).
 */
import { loadPending, savePending, type KeyValueStorage } from './pending-store';

/** A document's counter as the tally sees it (a DocSync). */
export interface PendingSource {
	readonly name: string;
	readonly pending: number;
}

export class PendingTally {
	readonly #storage: KeyValueStorage | null;
	readonly #workspaceId: string;
	/** Each document's count as last added to #total. */
	readonly #counted = new Map<PendingSource, number>();
	readonly #dirty = new Set<PendingSource>();
	#total = 0;
	#saveScheduled = false;

	constructor(storage: KeyValueStorage | null, workspaceId: string) {
		this.#storage = storage;
		this.#workspaceId = workspaceId;
	}

	get total(): number {
		return this.#total;
	}

	/** What document `name` left unconfirmed in an earlier session. */
	load(name: string): number {
		return loadPending(this.#storage, this.#workspaceId, name);
	}

	track(source: PendingSource): void {
		this.#counted.set(source, source.pending);
		this.#total += source.pending;
	}

	/** The document's count changed: update the sum now, the stored count after this task. */
	changed(source: PendingSource): void {
		const before = this.#counted.get(source);
		if (before === undefined) return; // no longer tracked
		this.#total += source.pending - before;
		this.#counted.set(source, source.pending);
		this.#dirty.add(source);
		if (this.#saveScheduled) return;
		this.#saveScheduled = true;
		queueMicrotask(() => {
			this.#saveScheduled = false;
			for (const dirty of this.#dirty) this.#save(dirty);
			this.#dirty.clear();
		});
	}

	/** Stops counting a document, keeping its count for the next session or its return. */
	untrack(source: PendingSource): void {
		const before = this.#counted.get(source);
		if (before === undefined) return;
		this.#total -= before;
		this.#counted.delete(source);
		this.#dirty.delete(source);
		this.#save(source);
	}

	#save(source: PendingSource): void {
		savePending(this.#storage, this.#workspaceId, source.pending, source.name);
	}
}
