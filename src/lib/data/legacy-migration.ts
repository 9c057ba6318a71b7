/**
 * Moves the records and history of a workspace of one document (every version before many
 * documents kept them in the core document, which the relay still serves as the core) out of
 * the core into their shards and monthly partitions, on open, offline. Two devices may do it
 * at once, both offline: each copy is written under a client id derived from what it writes
 * (deterministicClient), so the two copies of the same record are the same Yjs structs and
 * merge into one — nothing doubled — and edits made after the move build on them, so they win
 * as any later edit does. The core then drops what was moved (both devices dropping it merges).
 *
 * A record whose two copies differ (one device edited it offline before moving it) is written
 * under two client ids: on every key both copies hold, one copy's value wins on both devices;
 * an edit made after the move on top of the other copy is written again by the device that
 * made it (later-edits.ts: a value again, typed notes inserted again at their place), so it wins
 * as a later edit should. Deletions typed into the losing copy's notes are not carried over.
 * History entries are keyed by their content (a Y.Map per month), so both copies of an entry
 * are one entry. A record an older version adds to the core later is moved when it arrives.
 */
import * as Y from 'yjs';
import { RECORD_TYPES } from '$lib/domain/record-types';
import type { StoredChange } from './layout';
import { keepLaterEdits, MOVED_CLIENT_FLOOR } from './later-edits';
import { MIGRATION } from './origins';
import { partitionDocName, shardDocName } from './shards';
import { HISTORY, MIGRATED_HISTORY } from './history-partitions';
import type { WorkspaceDocs } from './workspace-docs';

/** Whether the core still holds records or history of the one-document layout. */
export function hasLegacyContent(core: Y.Doc): boolean {
	for (const type of RECORD_TYPES)
		if (core.share.has(type.collection) && core.getMap(type.collection).size > 0) return true;
	return core.share.has(HISTORY) && core.getArray(HISTORY).length > 0;
}

/** Moves what the core holds of the one-document layout; returns how many records. */
export function migrateLegacy(docs: WorkspaceDocs): number {
	const core = docs.core;
	if (!hasLegacyContent(core)) return 0;
	let moved = 0;
	for (const type of RECORD_TYPES) {
		if (!core.share.has(type.collection)) continue;
		const records = core.getMap(type.collection) as Y.Map<unknown>;
		records.forEach((record, id) => {
			if (record instanceof Y.Map && copyRecord(docs, type.collection, id, record)) moved++;
		});
	}
	if (core.share.has(HISTORY))
		migrateHistory(core.getArray(HISTORY) as Y.Array<StoredChange>, docs);
	core.transact(() => {
		for (const type of RECORD_TYPES) {
			if (!core.share.has(type.collection)) continue;
			const records = core.getMap(type.collection);
			for (const id of [...records.keys()]) records.delete(id);
		}
		if (core.share.has(HISTORY)) {
			const history = core.getArray(HISTORY);
			if (history.length > 0) history.delete(0, history.length);
		}
	}, MIGRATION);
	return moved;
}

/**
 * After the move: moves records a peer of an older version adds to the core later (its edits to
 * records already moved cannot be followed: an older version must be updated), and keeps the
 * edits made after the move when a differing copy of a record arrives (later-edits.ts).
 * Returns how to stop.
 */
export function keepMigrating(docs: WorkspaceDocs): () => void {
	let scheduled = false;
	const onUpdate = () => {
		if (scheduled || !hasLegacyContent(docs.core)) return;
		scheduled = true;
		queueMicrotask(() => {
			scheduled = false;
			migrateLegacy(docs);
		});
	};
	docs.core.on('afterTransaction', onUpdate);
	const stopKeeping = keepLaterEdits(docs);
	return () => {
		docs.core.off('afterTransaction', onUpdate);
		stopKeeping();
	};
}

/** Copies one record into its shard under deterministic ids; false if it was there already. */
function copyRecord(
	docs: WorkspaceDocs,
	collection: string,
	id: string,
	record: Y.Map<unknown>
): boolean {
	const doc = docs.ensure(shardDocName(collection, id));
	const shard = doc.getMap(collection) as Y.Map<Y.Map<unknown>>;
	if (shard.has(id)) return false; // moved already (an earlier run, or a peer's, synced)
	asClient(doc, deterministicClient('record', collection, id), () => shard.set(id, new Y.Map()));
	const target = shard.get(id)!;
	// An empty text is not copied: every record of the one-document layout was made with one
	// (~650 bytes of heap each), and notes typed later go to a root text (record-texts.ts).
	const keys = [...record.keys()].filter((key) => !isEmptyText(record.get(key))).sort();
	asClient(doc, fieldsClient(collection, id, record), () => {
		for (const key of keys) target.set(key, copy(record.get(key)));
	});
	return true;
}

/**
 * The client id a record's fields are copied under. Versions that copied empty texts wrote
 * other structs for the same record, so this version's copy takes other ids ('fields without
 * empty texts'): two devices on different versions make two copies, converging as any two
 * differing copies do, instead of different structs under one id (which Yjs would take for one).
 */
function fieldsClient(collection: string, id: string, record: Y.Map<unknown>): number {
	return deterministicClient('fields without empty texts', collection, id, contentOf(record));
}

function isEmptyText(value: unknown): boolean {
	return value instanceof Y.Text && value.length === 0;
}

/** History entries by month, then record: one client per record's entries of a month. */
function migrateHistory(history: Y.Array<StoredChange>, docs: WorkspaceDocs): void {
	const groups = new Map<string, Map<string, StoredChange[]>>();
	for (const entry of history.toArray()) {
		if (!entry || typeof entry.r !== 'string' || typeof entry.t !== 'number') continue;
		const month = partitionDocName(HISTORY, entry.t);
		let byRecord = groups.get(month);
		if (!byRecord) groups.set(month, (byRecord = new Map()));
		const list = byRecord.get(entry.r) ?? [];
		list.push(entry);
		byRecord.set(entry.r, list);
	}
	for (const [month, byRecord] of groups) {
		const doc = docs.ensure(month);
		const migrated = doc.getMap(MIGRATED_HISTORY) as Y.Map<StoredChange>;
		for (const [recordId, entries] of byRecord) {
			const keyed = entries
				.map((e) => [contentKey(e), e] as const)
				.filter(([k]) => !migrated.has(k));
			if (keyed.length === 0) continue;
			keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
			const client = deterministicClient('history', month, recordId, keyed.map(([k]) => k).join());
			asClient(doc, client, () => {
				for (const [key, entry] of keyed) migrated.set(key, entry);
			});
		}
	}
}

/** Runs `fn` in one MIGRATION transaction of `doc` written as `client`, then restores the id. */
function asClient(doc: Y.Doc, client: number, fn: () => void): void {
	const own = doc.clientID;
	doc.clientID = client;
	try {
		doc.transact(fn, MIGRATION);
	} finally {
		doc.clientID = own;
	}
}

/**
 * A client id from what is written, in [2^51, 2^52): far above the random 32-bit ids real
 * clients take, and 51 bits of hash make two different writes sharing one a ~1e-10 chance
 * even at a million records. Yjs encodes client ids as varUints, which carry 53 bits.
 */
export function deterministicClient(...parts: string[]): number {
	const text = parts.join('\u0000');
	const high = fnv1a(text, 0x811c9dc5) & 0x7ffff; // 19 bits
	const low = fnv1a(text, 0x050c5d1f); // 32 bits
	return MOVED_CLIENT_FLOOR + high * 2 ** 32 + low;
}

function fnv1a(text: string, seed: number): number {
	let hash = seed;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

function contentKey(entry: StoredChange): string {
	const text = JSON.stringify([entry.r, entry.f, entry.o, entry.n, entry.b, entry.t]);
	return `${fnv1a(text, 0x811c9dc5).toString(36)}${fnv1a(text, 0x050c5d1f).toString(36)}`;
}

/** A stable text of a value, Yjs types included (keys sorted): what names a record's copy. */
export function contentOf(value: unknown): string {
	if (value instanceof Y.Text) return `t:${value.toString()}`;
	if (value instanceof Y.Map) {
		const keys = [...value.keys()].sort();
		return `m:{${keys.map((k) => `${JSON.stringify(k)}:${contentOf(value.get(k))}`).join(',')}}`;
	}
	if (value instanceof Y.Array) return `a:[${value.toArray().map(contentOf).join(',')}]`;
	return JSON.stringify(value) ?? 'undefined';
}

/** A fresh copy of a value for another document (a Yjs type cannot be in two). */
function copy(value: unknown): unknown {
	if (value instanceof Y.Text) return new Y.Text(value.toString());
	if (value instanceof Y.Map) {
		const map = new Y.Map<unknown>();
		for (const key of [...value.keys()].sort()) map.set(key, copy(value.get(key)));
		return map;
	}
	if (value instanceof Y.Array) {
		const array = new Y.Array<unknown>();
		array.push(value.toArray().map(copy));
		return array;
	}
	return value;
}
