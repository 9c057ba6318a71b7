/**
 * One record type's records, spread over its documents (shards.ts: shards by a hash of the id,
 * or monthly partitions named by the id), read and observed as one collection: the part of
 * Y.Map's API the data layer uses, routed by record id. Writes run in one transaction per
 * touched document (transact), so a bulk edit of 10k records is a few hundred transactions.
 * A monthly partition can be let go of again (an old month fetched onto the device): its
 * records leave the collection, and onRemoved listeners hear which.
 */
import * as Y from 'yjs';
import { changedRootTexts } from './record-texts';
import { familyOf, monthDocName, monthRecordId, shardDocName } from './shards';
import type { WorkspaceDocs } from './workspace-docs';

/** One record: a Y.Map in the layout of layout.ts. */
export type RecordMap = Y.Map<unknown>;

/**
 * A settled record (settled-records.ts): its snapshot's text alone, held by its shard's map
 * under its id instead of a Y.Map holding it (a map, its entries and the snapshot's item cost
 * ~340 bytes of heap a record more). Made a map again by its first edit (unsettle).
 */
export type SettledText = string;

/** What a shard's collection map holds under a record id. */
export type StoredRecord = RecordMap | SettledText;

/** A shard's collection map: its records by id. */
export type ShardMap = Y.Map<StoredRecord>;

export type DeepObserver = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => void;

export class ShardedCollection {
	/** The collection map of every open shard, by document name. */
	private readonly maps = new Map<string, ShardMap>();
	/** Each open shard's listener telling observers of its root texts (record-texts.ts). */
	private readonly textListeners = new Map<string, (tr: Y.Transaction) => void>();
	private readonly mapSet = new Set<ShardMap>();
	private readonly observers = new Set<DeepObserver>();
	private readonly shardListeners = new Set<(map: ShardMap) => void>();
	private readonly removedListeners = new Set<(ids: string[]) => void>();
	private readonly placeOf: (collection: string, id: string) => string;

	constructor(
		/** The collection's name ('people'): its documents are named `people.xx`. */
		readonly name: string,
		private readonly docs: WorkspaceDocs,
		/** Null: 256 shards by a hash of the id. A field: a partition per month of that time
		 * field, named in the id (newId). */
		private readonly placedBy: string | null = null
	) {
		this.placeOf = placedBy ? monthDocName : shardDocName;
		docs.onClose((docName) => {
			const map = this.maps.get(docName);
			if (!map) return;
			for (const observer of this.observers) map.unobserveDeep(observer);
			map.doc?.off('afterTransaction', this.textListeners.get(docName)!);
			this.textListeners.delete(docName);
			this.maps.delete(docName);
			this.mapSet.delete(map);
			const ids = [...map.keys()];
			for (const listener of this.removedListeners) listener(ids);
		});
		docs.onDoc((docName, doc) => {
			if (familyOf(docName) !== name || docName === name) return;
			const map = doc.getMap(name) as ShardMap;
			this.maps.set(docName, map);
			this.mapSet.add(map);
			for (const observer of this.observers) map.observeDeep(observer);
			const texts = (tr: Y.Transaction) => this.tellTexts(tr);
			this.textListeners.set(docName, texts);
			doc.on('afterTransaction', texts);
			for (const listener of this.shardListeners) listener(map);
		});
	}

	/** Whether `type` is the collection map of one of these shards (not a record in it). */
	isShardMap(type: unknown): boolean {
		return this.mapSet.has(type as ShardMap);
	}

	/** A new record's id: random, with the month of its time field in front if placed by month. */
	newId(fields: object): string {
		if (!this.placedBy) return crypto.randomUUID();
		const time = (fields as Record<string, unknown>)[this.placedBy];
		return monthRecordId(typeof time === 'number' && Number.isFinite(time) ? time : Date.now());
	}

	/** The name of the document that holds (or will hold) the record `id`. */
	docNameOf(id: string): string {
		return this.placeOf(this.name, id);
	}

	/** The record as its shard holds it: a map, or a settled record's text (readRecord reads both). */
	get(id: string): StoredRecord | undefined {
		return this.maps.get(this.placeOf(this.name, id))?.get(id);
	}

	/**
	 * The record's map, or undefined when there is none or it is a settled text (settled-records.ts
	 * unsettle makes it a map).
	 */
	map(id: string): RecordMap | undefined {
		const record = this.get(id);
		return record instanceof Y.Map ? record : undefined;
	}

	has(id: string): boolean {
		return this.maps.get(this.placeOf(this.name, id))?.has(id) ?? false;
	}

	/** The collection map of the shard holding `id`, if it is open. */
	shardOf(id: string): ShardMap | undefined {
		return this.maps.get(this.placeOf(this.name, id));
	}

	/**
	 * The record's id as its document holds it (the string its map is keyed by), or null if it
	 * holds no such record: a row read from the row cache takes it in place of its own copy.
	 */
	heldId(id: string): string | null {
		const item = this.maps.get(this.placeOf(this.name, id))?._map.get(id);
		return item && !item.deleted && typeof item.parentSub === 'string' ? item.parentSub : null;
	}

	get size(): number {
		let size = 0;
		for (const map of this.maps.values()) size += map.size;
		return size;
	}

	*keys(): IterableIterator<string> {
		for (const map of this.maps.values()) yield* map.keys();
	}

	/**
	 * Every record with its id and its shard's document (where a settled record's texts are),
	 * shard by shard (no id routed to its shard).
	 */
	*records(): IterableIterator<[string, StoredRecord, Y.Doc | null]> {
		for (const map of this.maps.values())
			for (const [id, record] of map.entries()) yield [id, record, map.doc];
	}

	forEach(fn: (record: StoredRecord, id: string, doc: Y.Doc | null) => void): void {
		for (const shard of this.maps.values()) {
			const doc = shard.doc;
			shard.forEach((record, id) => fn(record, id, doc));
		}
	}

	/** The open shards' collection maps by document name (for reads that go shard by shard). */
	shards(): IterableIterator<[string, ShardMap]> {
		return this.maps.entries();
	}

	/** Puts a new record in its shard; call inside transact() for that id. */
	set(id: string, map: RecordMap): void {
		this.docs.ensure(this.placeOf(this.name, id));
		this.maps.get(this.placeOf(this.name, id))!.set(id, map);
	}

	/**
	 * Runs `fn` for each id inside one transaction per shard, with `origin`. Ids whose shard
	 * does not exist yet are skipped unless `create` (a new record makes its shard).
	 */
	transact(ids: Iterable<string>, fn: (id: string) => void, origin: unknown, create = false): void {
		const byShard = new Map<string, string[]>();
		for (const id of ids) {
			const name = this.placeOf(this.name, id);
			let list = byShard.get(name);
			if (!list) byShard.set(name, (list = []));
			list.push(id);
		}
		for (const [name, list] of byShard) {
			const doc = create ? this.docs.ensure(name) : this.docs.get(name);
			if (!doc) continue;
			doc.transact(() => list.forEach(fn), origin);
		}
	}

	/**
	 * Observers hear of the records' root texts (record-texts.ts) too: a text is not inside the
	 * collection map, so its events come in a call of their own, after the map's.
	 */
	private tellTexts(tr: Y.Transaction): void {
		if (this.observers.size === 0) return;
		const texts = changedRootTexts(tr, (id) => this.shardOf(id)?._map.get(id));
		if (texts.length === 0) return;
		// Observers take any event of the collection; a text's is one (Yjs types its target narrower).
		const events = texts.map((t) => t.event) as unknown as Y.YEvent<Y.AbstractType<unknown>>[];
		for (const observer of this.observers) observer(events, tr);
	}

	observeDeep(observer: DeepObserver): void {
		this.observers.add(observer);
		for (const map of this.maps.values()) map.observeDeep(observer);
	}

	unobserveDeep(observer: DeepObserver): void {
		this.observers.delete(observer);
		for (const map of this.maps.values()) map.unobserveDeep(observer);
	}

	/** Calls `listener` with the ids of records that left with a document let go of. */
	onRemoved(listener: (ids: string[]) => void): () => void {
		this.removedListeners.add(listener);
		return () => this.removedListeners.delete(listener);
	}

	/** Calls `listener` with every shard's map, now and as shards open. */
	onShard(listener: (map: ShardMap) => void): () => void {
		for (const map of this.maps.values()) listener(map);
		this.shardListeners.add(listener);
		return () => this.shardListeners.delete(listener);
	}
}
