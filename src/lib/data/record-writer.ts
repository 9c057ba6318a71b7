/**
 * Writes to one collection of records (people or organizations), in the layout of layout.ts.
 * Every write is a LOCAL_EDIT transaction per touched shard, so undo and the history log see it.
 */
import * as Y from 'yjs';
import type { CustomValue } from '$lib/domain/records';
import { sameValue } from '$lib/domain/history';
import {
	CUSTOM_PREFIX,
	DELETED_AT,
	DELETED_BY,
	NOTES_KEY,
	SNAPSHOT_KEY,
	encodeSnapshot,
	isDeleted,
	readField,
	type Collection,
	type RecordMap
} from './layout';
import { LOCAL_EDIT, SETUP } from './origins';
import { fileKey } from './attached-files';
import { writeTrailEntry } from './stage-trail';
import { ensureRecordText, recordTexts } from './record-texts';
import { unsettle } from './settled-records';

export interface Author {
	memberId: string;
	now(): number;
}

export class RecordWriter<TFields extends object> {
	constructor(
		private readonly collection: Collection,
		private readonly author: Author,
		private readonly empty: () => TFields,
		/** The field whose changes also leave a trail entry (a deal's stage: stage-trail.ts). */
		private readonly trailed: string | null = null
	) {}

	/** Adds a record; `id` when its id is known ahead (an e-mail's, from its Message-ID). */
	create(
		fields: Partial<TFields> & { notes?: string },
		origin: unknown = LOCAL_EDIT,
		id = this.collection.newId(fields)
	): string {
		// An id known ahead may be there already (the same e-mail, logged before): kept as it is.
		this.collection.transact(
			[id],
			() => this.collection.has(id) || this.insert(id, fields),
			origin,
			true
		);
		return id;
	}

	/** Adds a record inside the caller's transaction of its shard (collection.transact). */
	insert(id: string, fields: Partial<TFields> & { notes?: string }): void {
		const { notes, ...rest } = fields;
		const now = this.author.now();
		const map: RecordMap = new Y.Map();
		map.set(
			SNAPSHOT_KEY,
			encodeSnapshot({ ...this.empty(), ...rest, createdAt: now, createdBy: this.author.memberId })
		);
		// Notes given at creation are part of the record (two devices logging the same e-mail
		// make one record, whole); a record without them has no text until one is typed, and
		// then a root text of its shard (record-texts.ts): most records never get notes.
		if (notes) map.set(NOTES_KEY, new Y.Text(notes));
		this.collection.set(id, map);
	}

	update(id: string, patch: Partial<TFields>): void {
		this.bulkUpdate([id], patch);
	}

	bulkUpdate(ids: string[], patch: Partial<TFields>): void {
		this.each(ids, (map) => {
			let changed = false;
			for (const [field, value] of Object.entries(patch)) {
				if (field === 'custom') continue; // custom values go through setCustom, one key each
				const from = field === this.trailed ? readField(map, field) : undefined;
				const wrote = this.setKey(map, field, value);
				if (wrote && field === this.trailed)
					writeTrailEntry(map, from, value, this.author.now(), this.author.memberId);
				changed = wrote || changed;
			}
			if (changed) this.touch(map);
		});
	}

	/**
	 * Sets fields as bookkeeping, not as a person's edit (a reminder shown or dismissed): not
	 * undoable, not in the history, and it does not change who edited the record last.
	 */
	setBookkeeping(id: string, patch: Partial<TFields>): void {
		this.each(
			[id],
			(map) => {
				for (const [field, value] of Object.entries(patch)) this.setKey(map, field, value);
			},
			SETUP
		);
	}

	setCustom(id: string, fieldId: string, value: CustomValue): void {
		this.each([id], (map) => {
			if (this.setKey(map, CUSTOM_PREFIX + fieldId, value)) this.touch(map);
		});
	}

	/** Adds and removes tags on many records, leaving each record's other tags alone. */
	bulkTag(ids: string[], add: string[], remove: string[]): void {
		this.each(ids, (map) => {
			const current = readField(map, 'tags');
			const tags = Array.isArray(current) ? current.filter((t) => typeof t === 'string') : [];
			const next = [...tags.filter((t) => !remove.includes(t))];
			for (const t of add) if (!next.includes(t)) next.push(t);
			if (this.setKey(map, 'tags', next)) this.touch(map);
		});
	}

	remove(id: string): void {
		this.bulkRemove([id]);
	}

	/** Soft-deletes every record in one transaction (one undo step), noting who deleted it. */
	bulkRemove(ids: Iterable<string>): void {
		this.each(ids, (map) => {
			if (isDeleted(map)) return; // keep who deleted it first, and when
			map.set(DELETED_AT, this.author.now());
			map.set(DELETED_BY, this.author.memberId);
			this.touch(map);
		});
	}

	restore(id: string): void {
		this.bulkRestore([id]);
	}

	/** Brings soft-deleted records back, clearing when and by whom, in one transaction. */
	bulkRestore(ids: Iterable<string>): void {
		this.each(ids, (map) => {
			if (!map.has(DELETED_AT)) return;
			map.delete(DELETED_AT);
			if (map.has(DELETED_BY)) map.delete(DELETED_BY);
			this.touch(map);
		});
	}

	/** Attaches a file (described by its hash) to a record; a file already there stays as is. */
	attachFile(id: string, file: { hash: string; name: string; type: string; size: number }): void {
		this.each([id], (map) => {
			const key = fileKey(file.hash);
			if (map.has(key)) return;
			const { hash: _hash, ...described } = file;
			map.set(key, { ...described, addedBy: this.author.memberId, addedAt: this.author.now() });
			this.touch(map);
		});
	}

	detachFile(id: string, hash: string): void {
		this.each([id], (map) => {
			const key = fileKey(hash);
			if (!map.has(key)) return;
			map.delete(key);
			this.touch(map);
		});
	}

	/** The record's texts of one field (notes, a campaign's subject): record-texts.ts. */
	texts(id: string, field: string): Y.Text[] {
		const record = this.collection.get(id);
		const doc = this.collection.shardOf(id)?.doc;
		return record ? recordTexts(record, field, { doc, id }) : [];
	}

	/**
	 * The record's text of `field` to type into, made when it has none (record-texts.ts: two
	 * devices making it at once make the same text); a buggy peer's plain string under the key
	 * is kept as the text's start. Null when there is no record.
	 */
	ensureText(id: string, field: string): Y.Text | null {
		unsettle(this.collection, [id]);
		const map = this.collection.map(id);
		if (!map) return null;
		const existing = recordTexts(map, field);
		if (existing.length > 0) return existing[existing.length - 1];
		const text = ensureRecordText(map, field);
		const found = map.get(field);
		if (text && typeof found === 'string' && found !== '')
			this.each([id], () => text.insert(0, found));
		return text;
	}

	/** Runs `fn` on each existing record, one transaction (a LOCAL_EDIT) per shard. */
	private each(
		ids: Iterable<string>,
		fn: (map: RecordMap) => void,
		origin: symbol = LOCAL_EDIT
	): void {
		const list = [...ids];
		unsettle(this.collection, list);
		this.collection.transact(
			list,
			(id) => {
				const map = this.collection.map(id);
				if (map) fn(map);
			},
			origin
		);
	}

	/** Sets one key if its value really changes; true if it wrote. */
	private setKey(map: RecordMap, key: string, value: unknown): boolean {
		if (value === undefined) return false;
		if (sameValue(readField(map, key), value)) return false;
		map.set(key, structuredClone(value));
		return true;
	}

	private touch(map: RecordMap): void {
		map.set('updatedAt', this.author.now());
		map.set('updatedBy', this.author.memberId);
	}
}
