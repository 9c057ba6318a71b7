/**
 * Settled records: a record whose last edit is a month old is written again as one snapshot,
 * its later edit keys folded in, held as that snapshot's text alone under the record's id (a
 * SettledText, not a map: a map holding it cost ~340 bytes of heap a record more — Node, 20k
 * tasks: 2,199 → 1,859 bytes a record loaded). Each edit key is a Yjs item that stays in
 * memory for as long as the document does (~440 bytes of heap in Node, with its content, ID and
 * map entry); a done task carries five (status, completedAt, completedBy, updatedAt, updatedBy).
 * Replaced, the old map's items become garbage-collected structs, and a completion's five, made
 * in one transaction, merge into one: in Node 100k tasks, 96 % of them done, held 3,620 bytes a
 * record loaded, and 1,789 once settled (bench/RESULTS.md).
 *
 * Nothing may be lost to it, so:
 * - The snapshot records what it was folded from (settled-fold.ts), inside itself under
 *   `$settled` (last, and taken out when the snapshot is read): the settling device's state of
 *   every client that wrote into the old map, and which item each folded key came from. Inside
 *   the snapshot it costs its ~70 characters; as a key of its own it cost an item, its content
 *   and a map entry besides (Node, 20k settled tasks: 2,402 → 2,049 bytes a record loaded).
 *   Records settled before (a map holding the snapshot, the fold inside it or a key of its own)
 *   are read as well. A device that sees a record replaced by a peer's settled one writes onto
 *   it what it had written into the old map that the settler had not seen (an edit made offline
 *   meanwhile, which reaching the settler's copy would vanish with the old map), making the
 *   text a map again for it.
 * - The first edit of a settled record makes its text a map again holding the text as its
 *   snapshot (unsettle), the same map on every device (unsettledIn), so two devices editing it
 *   at once write into one map.
 * - Devices settle only while synced with the relay (settling.ts): what a settle has not seen
 *   is then an edit still on its author's device, which writes it again.
 * - Two devices settling the same record from the same state write the same structs (the client
 *   id is a hash of what is written), which Yjs takes for one; from different states, one map
 *   wins, and the devices that wrote what the losing one folded and the winner had not seen
 *   write it again.
 * - Only records of plain values are settled: none with notes or other texts inside, attached
 *   files, a deal's stage trail, a last contact, or soft-deleted (their keys are their own merge
 *   units and stay so).
 */
import * as Y from 'yjs';
import { sameValue } from '$lib/domain/history';
import { deterministicClient } from './legacy-migration';
import {
	CUSTOM_PREFIX,
	DELETED_AT,
	SETTLED_KEY,
	SNAPSHOT_KEY,
	UNREADABLE_KEY,
	encodeSnapshot,
	isPlainObject,
	isSideKey,
	isStoredRecord,
	readField,
	readRecord,
	type Collection,
	type RecordMap,
	type SettledText,
	type ShardMap,
	type StoredRecord
} from './layout';
import { MIGRATION } from './origins';
import { decodeFold, foldSaw, writtenFold, type Fold } from './settled-fold';

export { SETTLED_KEY };
/** A record last edited this long ago is settled. */
export const SETTLE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Whether the record can be settled now: plain values, last edited (or made) long ago. A record
 * never edited settles too (a person imported once and only read since), and so does a map
 * settled by the builds before: the map, its handlers, its `Map` and its snapshot item go, though
 * the replaced map stays as a deleted item (~90 bytes a record in the page, bench/RESULTS.md).
 */
export function isSettleable(map: RecordMap, now: number, after = SETTLE_AFTER_MS): boolean {
	if (map._map.size === 0) return false;
	let last = -Infinity;
	for (const [key, item] of map._map) {
		if (item.deleted) continue;
		if (!(item.content instanceof Y.ContentAny)) return false; // a text or a map inside
		if (key === SNAPSHOT_KEY || key === SETTLED_KEY) continue;
		if (key === DELETED_AT || isSideKey(key)) return false;
		if (key === 'updatedAt') last = Math.max(last, numberOr(item.content.arr[0], Infinity));
	}
	const record = readRecord(map, false);
	if (UNREADABLE_KEY in record) return false;
	if (last === -Infinity) last = numberOr(record.updatedAt ?? record.createdAt, Infinity);
	return last < now - after;
}

function numberOr(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * Settles the records `ids` of a shard's collection map (those still settleable), in one
 * transaction under one client id named by all it writes; returns how many it wrote. One id per
 * batch, not per record: Yjs keeps an entry per client in every document (in Node ~450 bytes
 * more a record with an id each).
 */
export function settleRecords(
	collection: string,
	shard: ShardMap,
	ids: Iterable<string>,
	now: number,
	after = SETTLE_AFTER_MS
): number {
	const doc = shard.doc!;
	const writes: { id: string; snapshot: string }[] = [];
	const named: string[] = ['settled', collection];
	// In id order: two devices settling the same records from the same state write the same.
	for (const id of [...new Set(ids)].sort()) {
		const old = shard.get(id);
		if (!(old instanceof Y.Map) || !isSettleable(old, now, after)) continue;
		const fields = withoutNulls(canonical(readRecord(old, false)) as Record<string, unknown>);
		// The fold goes last: a property added last is taken out of a parse cheaply (V8 keeps
		// the object's fast layout), as readSnapshot does with every read.
		fields[SETTLED_KEY] = writtenFold(foldOf(old, doc.store));
		const snapshot = encodeSnapshot(fields);
		const replaced = old._item!.id;
		writes.push({ id, snapshot });
		named.push(id, `${replaced.client}:${replaced.clock}`, snapshot);
	}
	const client = deterministicClient(...named);
	// None to write, or written already: by this device, or by a peer from the same state.
	if (writes.length === 0 || Y.getState(doc.store, client) > 0) return 0;
	doc.transact(() => {
		// The id is switched back before the transaction ends: observers, and what they write,
		// run as this page's client.
		const own = doc.clientID;
		doc.clientID = client;
		try {
			for (const { id, snapshot } of writes) shard.set(id, snapshot);
		} finally {
			doc.clientID = own;
		}
	}, MIGRATION);
	return writes.length;
}

/**
 * The map of record `id` to write into: a settled record's text is made a map again, holding
 * the text as its snapshot (fold and all), in the caller's transaction of its shard; a peer doing
 * the same at once makes the same map (unsettledIn). Undefined when there is no record (or a
 * buggy peer's value).
 */
export function unsettledMap(collection: Collection, id: string): RecordMap | undefined {
	const shard = collection.shardOf(id);
	return shard && unsettledIn(shard, id);
}

/** unsettledMap for a shard's collection map (the relay's copy of a shard, say). */
export function unsettledIn(shard: ShardMap, id: string): RecordMap | undefined {
	unsettleIn(shard, [id]);
	const record = shard.get(id);
	return record instanceof Y.Map ? record : undefined;
}

/**
 * Makes the settled ones of records `ids` maps again before a person's edit of them, in a
 * MIGRATION transaction per shard of its own: the edit is then seen as an edit of a map that was
 * there (by the history log, undo and the lists), not as a record written anew.
 */
export function unsettle(collection: Collection, ids: Iterable<string>): void {
	const byShard = new Map<ShardMap, string[]>();
	for (const id of ids) {
		const shard = collection.shardOf(id);
		if (!shard || typeof shard.get(id) !== 'string') continue;
		const list = byShard.get(shard);
		if (list) list.push(id);
		else byShard.set(shard, [id]);
	}
	for (const [shard, list] of byShard)
		shard.doc?.transact(() => unsettleIn(shard, list), MIGRATION);
}

/**
 * Makes the settled texts among `ids` of one shard maps again, the same maps on every device:
 * written under one client id named by the texts' items, so two devices editing a settled
 * record at once write into one map (Yjs takes the same structs for one) and their edits merge
 * key by key, rather than two maps racing, where the edits in the map that lost would hang on
 * their device writing them again. One id per batch, not per record: Yjs keeps an entry per
 * client in the document (~450 bytes of heap in Node), and a bulk edit of 100k settled people
 * would have made 100k. Two devices making different batches of one record at once still race;
 * the one whose map lost writes its edits onto the winner (keepEditsAcrossSettles).
 */
function unsettleIn(shard: ShardMap, ids: readonly string[]): void {
	const doc = shard.doc;
	if (!doc) return;
	const texts: [id: string, text: string][] = [];
	const named: string[] = ['unsettled'];
	for (const id of [...new Set(ids)].sort()) {
		const text = shard.get(id);
		const item = shard._map.get(id);
		if (typeof text !== 'string' || !item) continue;
		texts.push([id, text]);
		named.push(id, `${item.id.client}:${item.id.clock}`);
	}
	if (texts.length === 0) return;
	const client = deterministicClient(...named);
	doc.transact(() => {
		// Written by this client already (cannot be, short of a hash collision): the page's own.
		const own = doc.clientID;
		if (Y.getState(doc.store, client) === 0) doc.clientID = client;
		try {
			for (const [id, text] of texts) {
				const map: RecordMap = new Y.Map();
				map.set(SNAPSHOT_KEY, text);
				shard.set(id, map);
			}
		} finally {
			doc.clientID = own;
		}
	});
}

/** What the old map's settle folds: its clients' states and each live key's item. */
function foldOf(old: RecordMap, store: Y.Doc['store']): Fold {
	const clients = new Set<number>();
	const items: Fold['items'] = new Map();
	for (const [key, item] of old._map) {
		for (let i: Y.Item | null = item; i; i = i.left as Y.Item | null) clients.add(i.id.client);
		if (!item.deleted && key !== SNAPSHOT_KEY && key !== SETTLED_KEY) items.set(key, item.id);
	}
	const v: number[] = [];
	for (const client of [...clients].sort((a, b) => a - b))
		v.push(client, Y.getState(store, client));
	// Keys an earlier settle folded into the old map's snapshot keep their items, and what that
	// settle saw of clients with nothing in the old map stays as it saw it.
	const before = foldedOf(old);
	if (before) {
		for (const [key, at] of before.items) if (!items.has(key)) items.set(key, at);
		for (let i = 0; i < before.v.length; i += 2)
			if (!clients.has(before.v[i])) v.push(before.v[i], before.v[i + 1]);
	}
	return { v, items };
}

/**
 * The fold a settled record records (its text, or a map holding it), or null (not settled, or
 * unreadable: a buggy peer's). A map's is read from its keys' items, not `map.get`: a map just
 * replaced is deleted, and so are its values.
 */
export function foldedOf(record: StoredRecord): Fold | null {
	let raw: unknown = record;
	if (record instanceof Y.Map) {
		const key = record._map.get(SETTLED_KEY); // settled before the fold moved into the snapshot
		if (key) return key.content instanceof Y.ContentAny ? decodeFold(key.content.arr[0]) : null;
		const snapshot = record._map.get(SNAPSHOT_KEY);
		raw = snapshot?.content instanceof Y.ContentAny ? snapshot.content.arr[0] : undefined;
	}
	if (typeof raw !== 'string' || !raw.includes(SETTLED_MARK)) return null;
	try {
		const parsed: unknown = JSON.parse(raw);
		return isPlainObject(parsed) ? decodeFold(parsed[SETTLED_KEY]) : null;
	} catch {
		return null;
	}
}
const SETTLED_MARK = `"${SETTLED_KEY}"`;

/** Whether the record is settled (its snapshot says what it was folded from). */
export function isSettled(record: StoredRecord): boolean {
	return foldedOf(record) !== null;
}

/**
 * The fields that hold a value: a field left out reads as null (every type's validation says
 * so: record-types/index.test.ts). A done task's ten empty fields were ~100 of its snapshot's
 * ~560 characters, kept for as long as the record lives.
 */
function withoutNulls(fields: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key in fields) if (fields[key] !== null) out[key] = fields[key];
	return out;
}

/** Objects with their keys sorted, all the way down: the same record folds to the same text. */
function canonical(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(canonical);
	if (value === null || typeof value !== 'object') return value;
	const out: Record<string, unknown> = {};
	for (const key of Object.keys(value).sort())
		out[key] = canonical((value as Record<string, unknown>)[key]);
	return out;
}

type Replay = [key: string, value: unknown];

/**
 * What to write onto `settled` (which has just replaced `old` in transaction `tr`) so that no
 * edit `old` held is lost: its live keys the settle had not seen, and, if `old` was itself
 * settled (a settle that lost to this one), the keys it had folded that this one had not —
 * those `mine`: written by this device (device-clients.ts) and not written over by it since. A
 * device that only received an edit may not have its author's newer one, and writing the older
 * back would undo it; nor may a device's own older value come back over its newer.
 */
export function replaysFor(
	old: StoredRecord,
	settled: StoredRecord,
	tr: Y.Transaction,
	mine: (id: Y.ID) => boolean
): Replay[] {
	const folded = foldedOf(settled);
	if (!folded) return [];
	const out: Replay[] = [];
	// Live until this transaction: deleted now (with the map), not before.
	const live = (item: Y.Item) => !item.deleted || Y.isDeleted(tr.deleteSet, item.id);
	if (old instanceof Y.Map)
		for (const [key, item] of old._map) {
			if (key === SNAPSHOT_KEY || key === SETTLED_KEY || !mine(item.id)) continue;
			if (!live(item) || foldSaw(folded, item.id)) continue;
			if (item.content instanceof Y.ContentAny) out.push([key, item.content.arr[0]]);
		}
	// Folded by a settle this one had not seen all of (two devices settled one record at once;
	// one built on `old` saw what it folded: `v` keeps its states).
	const before = foldedOf(old);
	const text = old instanceof Y.Map ? old._map.get(SNAPSHOT_KEY)?.content : old;
	if (before && text !== undefined) {
		let values: Record<string, unknown> = {};
		try {
			const raw = text instanceof Y.ContentAny ? text.arr[0] : text;
			values = JSON.parse(String(raw)) as Record<string, unknown>;
		} catch {
			// an unreadable snapshot folds nothing to replay
		}
		for (const [key, at] of before.items) {
			if (!mine(Y.createID(at.client, at.clock)) || foldSaw(folded, at)) continue;
			if (out.some(([k]) => k === key)) continue;
			out.push([key, valueOf(values, key)]);
		}
	}
	return out;
}

/** A folded key's value in the snapshot it was folded into: left out there, it was null. */
function valueOf(values: Record<string, unknown>, key: string): unknown {
	if (!key.startsWith(CUSTOM_PREFIX)) return Object.hasOwn(values, key) ? values[key] : null;
	const custom = values.custom as Record<string, unknown> | undefined;
	return custom?.[key.slice(CUSTOM_PREFIX.length)];
}

/**
 * The record (map or settled text) that `tr` replaced under `id` with another, or null. Read
 * from the key's items rather than the event's `changes` (which Yjs works out for every key of
 * every transaction: ~0.5–2 µs a record as a workspace's documents load, where every key is new).
 */
function replacedIn(shard: ShardMap, id: string, tr: Y.Transaction): StoredRecord | null {
	const added = (item: Y.Item) => item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0);
	const current = shard._map.get(id);
	if (!current || current.deleted || !added(current)) return null;
	for (let i = current.left as Y.Item | null; i; i = i.left as Y.Item | null) {
		if (added(i)) continue; // came in this transaction too (a load, a concurrent write)
		// The value before: replaced now, unless it was gone before (a key deleted earlier).
		if (i.deleted && !Y.isDeleted(tr.deleteSet, i.id)) return null;
		const content = i.content;
		if (content instanceof Y.ContentType && content.type instanceof Y.Map)
			return content.type as RecordMap;
		return content instanceof Y.ContentAny && typeof content.arr[0] === 'string'
			? (content.arr[0] as SettledText)
			: null;
	}
	return null;
}

/**
 * Watches a shard's collection map: when a peer's settled record replaces a record, writes onto
 * it what the replaced one held that the settle had not seen (making a settled text a map again
 * for it). Returns how to stop.
 */
export function keepEditsAcrossSettles(
	shard: ShardMap,
	ours: (client: number) => boolean
): () => void {
	// This device's values it wrote over itself, seen in a replaced map while it was whole (its
	// items go with it): a settle that folded one of them must not bring it back.
	const overwritten = new Set<string>();
	const idKey = (id: Y.ID) => `${id.client}:${id.clock}`;
	const mine = (id: Y.ID) => ours(id.client) && !overwritten.has(idKey(id));
	const observer = (event: Y.YMapEvent<StoredRecord>, tr: Y.Transaction) => {
		const replaced: [string, StoredRecord][] = [];
		for (const id of event.keysChanged) {
			const old = replacedIn(shard, id, tr);
			if (old) replaced.push([id, old]);
		}
		for (const [, old] of replaced) {
			if (!(old instanceof Y.Map)) continue; // a settled text holds no items of its own
			for (const item of old._map.values()) {
				// A key's earlier values are to the left of its last; a last deleted before this
				// transaction (a restore clears `deletedAt`) was removed.
				const removed = item.deleted && !Y.isDeleted(tr.deleteSet, item.id);
				const start = removed ? item : (item.left as Y.Item | null);
				for (let i = start; i; i = i.left as Y.Item | null)
					if (ours(i.id.client)) overwritten.add(idKey(i.id));
			}
		}
		if (tr.local) return; // this device's settle folded all it held
		const pending: [string, Replay[]][] = [];
		for (const [id, old] of replaced) {
			const current = shard.get(id);
			if (!isStoredRecord(current)) continue;
			// Only values the record does not hold already (a text is made a map for no other).
			const replays = replaysFor(old, current, tr, mine).filter(
				([key, value]) => value !== undefined && !sameValue(readField(current, key), value)
			);
			if (replays.length > 0) pending.push([id, replays]);
		}
		if (pending.length === 0) return;
		queueMicrotask(() => {
			const doc = shard.doc;
			if (!doc || doc.isDestroyed) return;
			doc.transact(() => {
				for (const [id, replays] of pending) {
					const current = shard.get(id);
					if (!isStoredRecord(current)) continue;
					const differ = replays.filter(
						([key, value]) => !sameValue(readField(current, key), value)
					);
					const map = differ.length > 0 ? unsettledIn(shard, id) : undefined;
					for (const [key, value] of map ? differ : []) map!.set(key, structuredClone(value));
				}
			}, MIGRATION);
		});
	};
	shard.observe(observer);
	return () => shard.unobserve(observer);
}
