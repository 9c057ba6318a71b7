/**
 * The soft-deleted records of one collection, newest first: what "Recently deleted" lists.
 *
 * Kept from the changes the LiveCollection already observes (it reports every record a
 * transaction touched, deleted or not), so a render never scans the collection. The one full
 * pass happens on the first read after the document has loaded (reset()), and reads one key
 * per record, no snapshot; a record's name is read only when it is shown.
 */
import { createSubscriber } from 'svelte/reactivity';
import { deletionOf, type Collection, type StoredRecord } from './layout';
import type { LiveCollection } from './live-collection.svelte';
import type { DeletedRecord } from './types';

export class DeletedRecords {
	/** null until first read (or after reset): the next read scans the collection once. */
	private byId: Map<string, DeletedRecord> | null = null;
	private sorted: DeletedRecord[] | null = null;
	private update: (() => void) | null = null;
	private readonly subscribe = createSubscriber((update) => {
		this.update = update;
		return () => (this.update = null);
	});

	constructor(
		private readonly collection: Collection,
		live: LiveCollection<{ id: string }>,
		private readonly nameOf: (map: StoredRecord) => string
	) {
		live.onChange((ids) => this.apply(ids));
	}

	/** Newest first; reactive. */
	get list(): DeletedRecord[] {
		this.subscribe();
		if (!this.sorted) {
			const byId = (this.byId ??= this.scan());
			this.sorted = [...byId.values()].sort((a, b) => b.deletedAt - a.deletedAt);
		}
		return this.sorted;
	}

	/** The document was (re)loaded: read it again on the next read. */
	reset(): void {
		this.byId = null;
		this.sorted = null;
		this.update?.();
	}

	private scan(): Map<string, DeletedRecord> {
		const byId = new Map<string, DeletedRecord>();
		this.collection.forEach((map, id) => {
			const entry = this.entry(id, map);
			if (entry) byId.set(id, entry);
		});
		return byId;
	}

	private apply(ids: Set<string>): void {
		if (!this.byId) return; // not read yet: the first read scans
		let changed = false;
		for (const id of ids) {
			const map = this.collection.get(id);
			const entry = map ? this.entry(id, map) : null;
			if (entry) this.byId.set(id, entry);
			else if (!this.byId.delete(id)) continue; // neither deleted nor listed: not ours
			changed = true;
		}
		if (changed) {
			this.sorted = null;
			this.update?.();
		}
	}

	private entry(id: string, map: StoredRecord): DeletedRecord | null {
		const deletion = deletionOf(map);
		if (!deletion) return null;
		const nameOf = this.nameOf;
		let name: string | undefined;
		return {
			id,
			deletedAt: deletion.at,
			deletedBy: deletion.by,
			// Read when shown: an import of 100k people reverted leaves 100k deleted records,
			// and a page shows a hundred of them. A change to the record makes a new entry.
			get name() {
				return (name ??= nameOf(map));
			}
		};
	}
}
