/**
 * Which records of a collection changed after a snapshot (state vector and delete set): lets the list keep its cached rows
 * and rebuild only those (at 100k people, building every row again takes seconds; this check
 * reads no values). Uses Yjs internals (a map's `_map` holds the newest item of every key), so
 * it sits in data/, next to the layout it relies on.
 */
import * as Y from 'yjs';
import type { RecordMap, ShardMap } from './layout';
import { TEXT_SEARCH_CAP } from '$lib/domain/search';
import { rootTextsOf } from './record-texts';

/** A map's newest item per key (deleted ones included). */
function itemsOf<T>(type: Y.Map<T>): Map<string, Y.Item> {
	return type._map;
}

/** Written after the snapshot, or deleted after it (a deletion writes no item of its own). */
function isNewer(item: Y.Item, since: Y.Snapshot): boolean {
	if (item.id.clock >= (since.sv.get(item.id.client) ?? 0)) return true;
	return item.deleted && !Y.isDeleted(since.ds, item.id);
}

/**
 * Ids of the records of one shard's collection map created, edited, deleted or removed after
 * `since` (Y.snapshot of that document then). Edits inside a record's notes count only within
 * the start a row searches (nested in the record, or the shard's root texts).
 */
export function changedRecords(collection: ShardMap, since: Y.Snapshot): Set<string> {
	const changed = new Set<string>();
	for (const [id, item] of itemsOf(collection)) {
		if (isNewer(item, since)) {
			changed.add(id);
			continue;
		}
		// A settled record's text changes only by being replaced (a new item).
		if (!(item.content instanceof Y.ContentType)) continue;
		const record = item.content.type as RecordMap;
		for (const keyItem of itemsOf(record).values()) {
			if (isNewer(keyItem, since) || nestedTextStartChanged(keyItem, since)) {
				changed.add(id);
				break;
			}
		}
	}
	// Texts are root types of the shard (record-texts.ts), beside the collection map.
	if (collection.doc)
		for (const { id, text } of rootTextsOf(collection.doc))
			if (!changed.has(id) && collection.has(id) && textStartChanged(text, since)) changed.add(id);
	return changed;
}

/**
 * Whether the part of a text field (notes) a row searches changed after `since`: an item
 * among its first TEXT_SEARCH_CAP characters written or deleted since. Items further on
 * cannot change that part, so the walk stops there.
 */
function textStartChanged(text: { _start: Y.Item | null }, since: Y.Snapshot): boolean {
	let seen = 0;
	for (let item = text._start; item !== null && seen < TEXT_SEARCH_CAP; item = item.right) {
		if (isNewer(item, since)) return true;
		if (!item.deleted && item.countable) seen += item.length;
	}
	return false;
}

/** A record written before keeps its text nested under its key (record-texts.ts). */
function nestedTextStartChanged(keyItem: Y.Item, since: Y.Snapshot): boolean {
	const content = keyItem.content;
	if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.Text)) return false;
	return textStartChanged(content.type, since);
}

/** Whether anything in `type` (e.g. the custom field definitions) changed after `since`. */
export function changedSince<T>(type: Y.Map<T>, since: Y.Snapshot): boolean {
	for (const item of itemsOf(type).values()) {
		if (isNewer(item, since)) return true;
		const content = item.content;
		if (content instanceof Y.ContentType && content.type instanceof Y.Map)
			if (changedSince(content.type as Y.Map<unknown>, since)) return true;
	}
	return false;
}
