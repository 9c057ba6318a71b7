/**
 * The one place that knows the workspace document's layout.
 *
 * A workspace is many Y.Docs (workspace-docs.ts, shards.ts). Records are Y.Maps inside their
 * shard's collection map, keyed by a random id; each record type's declaration
 * ($lib/domain/record-types) names its collection ('people', 'organizations'). Measured (README "Documents of a workspace", bench/): a key per field costs 762 MB of heap at
 * 100k people, so a record is stored as
 *   '$'          the fields as created, as one JSON string: Yjs decodes a string ~4× faster
 *                than the same value as a nested object (bench: 10k people 183 ms vs 806 ms),
 *                and it is parsed when read (the records read lately stay parsed)
 *   '<field>'    a later edit of one field: its own key, so concurrent edits of different
 *                fields merge (the key overrides the snapshot's value)
 *   'custom:<id>' a custom field's value, each its own merge unit too
 *   '$contact'   the newest interaction linking here, for "last contacted" (contact-summary.ts)
 *   'file:<sha256>' a file attached to the record: name, type, size, who added it and when
 *                (the bytes are in the device's and the relay's file store, by that hash)
 *   '$settled'   on a record folded into a fresh snapshot once its edits were a month old:
 *                what was folded (settled-records.ts); inside the snapshot since, as its last
 *                property, which reading the snapshot takes out
 *   A settled record is held as that snapshot's text alone, under its id in place of a map
 *   (sharded-collection.ts SettledText; its first edit makes it a map again): readers take
 *   either (readRecord, readField, isDeleted, …); writers ask for the map (settled-records.ts
 *   unsettle).
 *   'stage@<ms>:<member>' one move of a deal: { from, to } (stage-trail.ts), its own key per
 *                move so two devices moving a deal at once both keep theirs
 *   'notes'      a Y.Text merging character by character, made with the record when it is
 *                created with notes; else none, and the notes typed later are a root text of
 *                the shard named by the record (record-texts.ts: an empty Y.Text per record
 *                cost ~650 bytes of heap, and most records never get notes)
 *   'updatedAt', 'updatedBy', 'deletedAt', 'deletedBy'  bookkeeping: a delete is a soft delete
 *                (a peer's concurrent edit is kept, and it can be restored from any device);
 *                'deletedBy' is the member who deleted it, written and cleared with 'deletedAt'
 * The history log is an append-only Y.Array per month (history-partitions.ts): a Y.Array per
 * record could be created twice by two offline peers, and one of them would lose its entries.
 */
import * as Y from 'yjs';
import { RECORD_TYPES, type AnyRecordType, type CollectionName } from '$lib/domain/record-types';
import { HistoryPartitions, type StoredChange } from './history-partitions';
import { oneByteJson } from './one-byte-json';
import { RecentCache } from './recent-cache';
import {
	ShardedCollection,
	type RecordMap,
	type SettledText,
	type ShardMap,
	type StoredRecord
} from './sharded-collection';
import type { WorkspaceDocs } from './workspace-docs';

export const SNAPSHOT_KEY = '$';
export const NOTES_KEY = 'notes';
export const CUSTOM_PREFIX = 'custom:';
/** A record's newest contact, from the interactions linking to it (contact-summary.ts). */
export const CONTACT_KEY = '$contact';
/** A file attached to the record, by content hash (attached-files.ts): its own merge unit. */
export const FILE_PREFIX = 'file:';
/** One stage change of a deal, by when and who (stage-trail.ts): its own merge unit. */
export const STAGE_TRAIL_PREFIX = 'stage@';
/** What a settled record was folded from (settled-records.ts): not a field. */
export const SETTLED_KEY = '$settled';
export const DELETED_AT = 'deletedAt';
export const DELETED_BY = 'deletedBy';
export const BOOKKEEPING_KEYS = new Set(['updatedAt', 'updatedBy', DELETED_AT, DELETED_BY]);

export type { RecordMap, ShardMap, SettledText, StoredRecord };
export type Collection = ShardedCollection;

export type { StoredChange };

/** What the core document holds: small, opened first, everything but records and entries. */
export function coreLayoutOf(core: Y.Doc) {
	return {
		customFields: core.getMap('customFields') as Y.Map<Y.Map<unknown>>,
		members: core.getMap('members') as Y.Map<Y.Map<unknown>>,
		meta: core.getMap('meta') as Y.Map<unknown>,
		/** The deal pipelines and their stages, one key per value (data/pipelines.ts). */
		pipelines: core.getMap('pipelines') as Y.Map<unknown>,
		/** Saved segments, one key per segment (data/saved-segments.ts). */
		segments: core.getMap('segments') as Y.Map<unknown>,
		/** Import batches (import-batch.ts): what each import created and changed, for revert. */
		imports: core.getMap('imports') as Y.Map<Y.Map<unknown>>
	};
}

export function layoutOf(docs: WorkspaceDocs) {
	const collections = {} as Record<CollectionName, Collection>;
	for (const type of RECORD_TYPES)
		collections[type.collection] = new ShardedCollection(
			type.collection,
			docs,
			(type as AnyRecordType).placedByMonth ?? null
		);
	return {
		docs,
		core: docs.core,
		/** Each record type's collection, by collection name (also `layout.people`, …). */
		...collections,
		collections,
		...coreLayoutOf(docs.core),
		history: new HistoryPartitions(docs)
	};
}
export type Layout = ReturnType<typeof layoutOf>;

/** The collection holding a record type's records. */
export function collectionOf(layout: Layout, type: AnyRecordType): Collection {
	return layout.collections[type.collection as CollectionName];
}

/** Set on a record whose snapshot could not be read (a buggy peer); validation reports it. */
export const UNREADABLE_KEY = '$unreadable';

/**
 * Parsed snapshots of the records read lately (an edit reads its record several times), by map
 * or by settled text. Bounded: holding a parsed copy of every record would cost as much heap as
 * the document itself.
 */
const parsedSnapshots = new RecentCache<
	RecordMap | SettledText,
	{ source: string; value: Record<string, unknown> }
>(2_000);

/** A record's fields as created: JSON, held at one byte per character (one-byte-json.ts). */
export function encodeSnapshot(fields: Record<string, unknown>): string {
	return oneByteJson(fields);
}

/** Whether a shard's value is a record: a map or a settled record's text (not a buggy peer's 7). */
export function isStoredRecord(value: unknown): value is StoredRecord {
	return value instanceof Y.Map || typeof value === 'string';
}

/**
 * The record as created; an object snapshot (older clients, peers) is read as well. `keep`:
 * whether the parsed value is kept for the next reads (not when building every row once: kept,
 * 100k parsed records outlived the young generation and were ~10 % of building them).
 */
export function readSnapshot(
	record: StoredRecord,
	keep = true
): Record<string, unknown> | undefined {
	return snapshotOf(record, keep)?.value;
}

/** The snapshot, and whether it is a fresh parse no one else holds (the caller may change it). */
function snapshotOf(
	record: StoredRecord,
	keep: boolean
): { value: Record<string, unknown>; fresh: boolean } | undefined {
	const raw = record instanceof Y.Map ? record.get(SNAPSHOT_KEY) : record;
	if (isPlainObject(raw)) return { value: raw, fresh: false }; // the document's own object
	if (typeof raw !== 'string')
		return raw === undefined ? undefined : { value: { [UNREADABLE_KEY]: raw }, fresh: true };
	const cached = parsedSnapshots.get(record);
	if (cached?.source === raw) return { value: cached.value, fresh: false };
	let value: Record<string, unknown>;
	try {
		const parsed: unknown = JSON.parse(raw);
		value = isPlainObject(parsed) ? parsed : { [UNREADABLE_KEY]: parsed };
		// A settled record's fold is not a field (settled-records.ts foldedOf reads it).
		if (SETTLED_KEY in value) delete value[SETTLED_KEY];
	} catch {
		value = { [UNREADABLE_KEY]: raw };
	}
	if (keep) parsedSnapshots.set(record, { source: raw, value });
	return { value, fresh: !keep };
}

/**
 * A record's plain value: the snapshot with every later edit key laid over it (a settled text
 * is its snapshot alone).
 */
export function readRecord(record: StoredRecord, keep = true): Record<string, unknown> {
	const snapshot = snapshotOf(record, keep);
	// A parse kept for no one is laid over in place, not copied (a row built per record).
	const out: Record<string, unknown> = !snapshot
		? {}
		: snapshot.fresh
			? snapshot.value
			: { ...snapshot.value };
	if (!(record instanceof Y.Map)) return out;
	let custom: Record<string, unknown> | null = null;
	record.forEach((value, key) => {
		if (key === SNAPSHOT_KEY || key === NOTES_KEY || isSideKey(key)) return;
		if (value instanceof Y.Text) return; // a type's other text fields (a campaign's body)
		if (key.startsWith(CUSTOM_PREFIX)) {
			custom ??= isPlainObject(out.custom) ? { ...out.custom } : {};
			custom[key.slice(CUSTOM_PREFIX.length)] = value;
		} else out[key] = value;
	});
	if (custom) out.custom = custom;
	return out;
}

/** Keys beside the fields: a value derived from other records, and attached files. */
export function isSideKey(key: string): boolean {
	return (
		key === CONTACT_KEY ||
		key === SETTLED_KEY ||
		key.startsWith(FILE_PREFIX) ||
		key.startsWith(STAGE_TRAIL_PREFIX)
	);
}

/** The current value of one field, as readRecord would give it. */
export function readField(record: StoredRecord, field: string): unknown {
	if (record instanceof Y.Map && record.has(field)) return record.get(field);
	const snapshot = readSnapshot(record);
	if (field.startsWith(CUSTOM_PREFIX)) {
		const custom = snapshot?.custom as Record<string, unknown> | undefined;
		return custom?.[field.slice(CUSTOM_PREFIX.length)];
	}
	return snapshot?.[field];
}

/**
 * readField for one field of records read again and again (an organization's name, shown by
 * its 100k people): what a record's snapshot holds of the field is kept per record, until the
 * snapshot changes; a later edit of the field is read from the record as it is. A settled text
 * is its own key (a string cannot key a WeakMap); those kept are let go of past a bound.
 */
export function keptFieldReader(field: string): (record: StoredRecord) => unknown {
	const kept = new WeakMap<RecordMap, { source: unknown; value: unknown }>();
	let keptTexts = new Map<SettledText, unknown>();
	return (record) => {
		if (!(record instanceof Y.Map)) {
			if (keptTexts.has(record)) return keptTexts.get(record);
			const value = readField(record, field);
			if (keptTexts.size >= KEPT_TEXTS) keptTexts = new Map();
			keptTexts.set(record, value);
			return value;
		}
		if (record.has(field)) return record.get(field);
		const source = record.get(SNAPSHOT_KEY);
		const known = kept.get(record);
		if (known && known.source === source) return known.value;
		const value = readField(record, field);
		kept.set(record, { source, value });
		return value;
	};
}
const KEPT_TEXTS = 50_000;

export function isDeleted(record: StoredRecord): boolean {
	return record instanceof Y.Map && typeof record.get(DELETED_AT) === 'number';
}

/**
 * When and by whom a record was deleted, or null if it is not (a settled record never is). A
 * record deleted by an older client has no 'deletedBy': the delete also wrote 'updatedBy', so
 * that names who did it.
 */
export function deletionOf(record: StoredRecord): { at: number; by: string } | null {
	if (!(record instanceof Y.Map)) return null;
	const at = record.get(DELETED_AT);
	if (typeof at !== 'number') return null;
	const by = record.get(DELETED_BY) ?? record.get('updatedBy');
	return { at, by: typeof by === 'string' ? by : '' };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}
