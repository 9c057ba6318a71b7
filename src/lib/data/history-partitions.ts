/**
 * The history log, one append-only Y.Array per month (`history.2026-12`), so a workspace's
 * years of entries never weigh on opening it: a month's partition is a document of its own.
 */
import type * as Y from 'yjs';
import { familyOf, HOT_MONTHS, partitionDocName } from './shards';
import type { WorkspaceDocs } from './workspace-docs';

/** A history entry as stored: short keys, because there can be very many of them. */
export interface StoredChange {
	r: string; // record id
	f: string; // field
	o: unknown; // old value
	n: unknown; // new value
	b: string; // member id
	t: number; // ms since epoch
	/** How, when not by hand: 'import' (an import or its revert). Older entries lack it. */
	v?: 'import';
}

export const HISTORY = 'history';
/** Entries moved from a one-document workspace, keyed by content (legacy-migration.ts). */
export const MIGRATED_HISTORY = 'migrated';

type PartitionListener = (array: Y.Array<StoredChange>, migrated: Y.Map<StoredChange>) => void;

export class HistoryPartitions {
	private readonly arrays = new Map<string, Y.Array<StoredChange>>();
	private readonly migrated = new Map<string, Y.Map<StoredChange>>();
	private readonly listeners = new Set<PartitionListener>();

	private readonly closeListeners = new Set<() => void>();

	constructor(private readonly docs: WorkspaceDocs) {
		docs.onClose((name) => {
			if (!this.arrays.delete(name)) return;
			this.migrated.delete(name);
			for (const listener of this.closeListeners) listener();
		});
		docs.onDoc((name, doc) => {
			if (familyOf(name) !== HISTORY || name === HISTORY) return;
			const array = doc.getArray(HISTORY) as Y.Array<StoredChange>;
			const migrated = doc.getMap(MIGRATED_HISTORY) as Y.Map<StoredChange>;
			this.arrays.set(name, array);
			this.migrated.set(name, migrated);
			for (const listener of this.listeners) listener(array, migrated);
		});
	}

	/** Calls `listener` when a partition is let go of (its entries are no longer read). */
	onClose(listener: () => void): () => void {
		this.closeListeners.add(listener);
		return () => this.closeListeners.delete(listener);
	}

	/** How many older partitions are listed but not open (reactive). */
	get unopened(): number {
		return this.docs.unopened(HISTORY).length;
	}

	/** Opens the `count` newest partitions not open yet: a record's older history. */
	openOlder(count = HOT_MONTHS): void {
		for (const name of this.docs.unopened(HISTORY).slice(0, count)) this.docs.openOnDemand(name);
	}

	/** Appends entries to the partition of `time`, in one transaction with `origin`. */
	push(entries: StoredChange[], time: number, origin: unknown): void {
		const doc = this.docs.ensure(partitionDocName(HISTORY, time));
		doc.transact(() => (doc.getArray(HISTORY) as Y.Array<StoredChange>).push(entries), origin);
	}

	/** Every entry of every open partition (order within a partition kept). */
	toArray(): StoredChange[] {
		const out: StoredChange[] = [];
		for (const map of this.migrated.values()) for (const entry of map.values()) out.push(entry);
		for (const array of this.arrays.values()) out.push(...array.toArray());
		return out;
	}

	/**
	 * Calls `listener` with every partition's array and migrated entries, now and as partitions
	 * open: both can grow later (a peer's edits; a peer's move of a one-document workspace).
	 */
	onPartition(listener: PartitionListener): () => void {
		for (const [name, array] of this.arrays) listener(array, this.migrated.get(name)!);
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
}
