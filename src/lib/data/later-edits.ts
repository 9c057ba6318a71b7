/**
 * Keeps an edit made after a record moved from a one-document workspace when another device's
 * differing copy of that record arrives (legacy-migration.ts): the two copies are written under
 * different client ids, so on each key both hold one copy wins — on some devices over the
 * edit made on top of the other copy. Every item in a shard written by a real client (client ids
 * below MOVED_CLIENT_FLOOR) is an edit made after the move, so when a moved copy's item takes a
 * key over from one, a device that sees it writes that value again (two devices writing the same
 * value converge on it), and the device that typed into the losing copy's notes inserts what it
 * typed into the text that won; those writes, later than both copies, win everywhere.
 */
import * as Y from 'yjs';
import { RECORD_TYPES } from '$lib/domain/record-types';
import { MIGRATION } from './origins';
import { familyOf } from './shards';
import type { WorkspaceDocs } from './workspace-docs';

/** Moved copies are written under client ids from here up (deterministicClient). */
export const MOVED_CLIENT_FLOOR = 2 ** 51;

type Restore = () => void;

/** Watches every record shard, now and as they open; returns how to stop. */
export function keepLaterEdits(docs: WorkspaceDocs): () => void {
	const collections = new Set<string>(RECORD_TYPES.map((type) => type.collection));
	const stops: (() => void)[] = [];
	const stopOpening = docs.onDoc((name, doc) => {
		const family = familyOf(name);
		if (!collections.has(family) || family === name) return;
		const shard = doc.getMap(family);
		const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
			if (tr.local) return; // only what arrives from elsewhere takes keys over
			const restores: Restore[] = [];
			for (const event of events) {
				if (event.target instanceof Y.Map && event.target.parent === shard)
					collect(event.target as Y.Map<unknown>, event as Y.YMapEvent<unknown>, tr, restores);
			}
			if (restores.length > 0)
				queueMicrotask(() => {
					if (!doc.isDestroyed) doc.transact(() => restores.forEach((r) => r()), MIGRATION);
				});
		};
		shard.observeDeep(observer);
		stops.push(() => shard.unobserveDeep(observer));
	});
	return () => {
		stopOpening();
		for (const stop of stops) stop();
	};
}

/** For each key a moved copy took over from an edit made here, how to write that edit again. */
function collect(
	record: Y.Map<unknown>,
	event: Y.YMapEvent<unknown>,
	tr: Y.Transaction,
	restores: Restore[]
): void {
	for (const [key, change] of event.changes.keys) {
		if (change.action !== 'update') continue;
		const winner = record._map.get(key);
		if (!winner || winner.id.client < MOVED_CLIENT_FLOOR) continue;
		const overridden = previousValue(winner, tr);
		if (!overridden) continue;
		const content = overridden.content;
		if (content instanceof Y.ContentAny && overridden.id.client < MOVED_CLIENT_FLOOR) {
			const value = content.getContent()[0];
			restores.push(() => record.set(key, value));
		} else if (content instanceof Y.ContentType && content.type instanceof Y.Text) {
			// The text came with a moved copy; what this device typed into it after the move is
			// replayed into the copy that won (only by the device that typed it: replayed by two,
			// it would be there twice).
			const edits = editsOf(content.type, tr, record.doc!.clientID);
			const current = record.get(key);
			if (edits && current instanceof Y.Text) restores.push(() => replay(edits, current));
		}
	}
}

/** The item that was the key's value until this transaction, if any. */
function previousValue(winner: Y.Item, tr: Y.Transaction): Y.Item | null {
	for (let item = winner.left; item; item = item.left) {
		if (Y.isDeleted(tr.deleteSet, item.id)) return item; // else deleted before: not the value then
	}
	return null;
}

/** What was typed into a moved text, at offsets of the text as it was moved. */
interface TextEdits {
	/** The moved text (what both copies started from, when they agree). */
	base: string;
	/** In the order they stand in the text. */
	inserts: [offset: number, text: string][];
}

/**
 * What `client` typed into a moved copy's text before this transaction replaced it, at offsets
 * of the moved text; null when it typed nothing. (Yjs does not record who deleted, so what was
 * deleted from it is not carried over.)
 */
function editsOf(text: Y.Text, tr: Y.Transaction, client: number): TextEdits | null {
	const edits: TextEdits = { base: '', inserts: [] };
	for (let item = text._start; item; item = item.right) {
		if (!(item.content instanceof Y.ContentString)) continue;
		const aliveBefore = !item.deleted || Y.isDeleted(tr.deleteSet, item.id);
		if (item.id.client >= MOVED_CLIENT_FLOOR) edits.base += item.content.str;
		else if (aliveBefore && item.id.client === client)
			edits.inserts.push([edits.base.length, item.content.str]);
	}
	return edits.inserts.length > 0 ? edits : null;
}

/**
 * Inserts what was typed into the text that won, at the same places of the moved text (when
 * the two copies' moved texts differ — notes edited offline before the move — places in the
 * part they share stay, places in the part that differs go to its end).
 */
function replay(edits: TextEdits, into: Y.Text): void {
	// Where each offset of the moved text is in `into` now (after what was typed into it).
	const at: number[] = [];
	let base = '';
	let index = 0;
	for (let item = into._start; item; item = item.right) {
		if (!(item.content instanceof Y.ContentString)) continue;
		const str = item.content.str;
		const moved = item.id.client >= MOVED_CLIENT_FLOOR;
		for (let i = 0; i < str.length; i++) {
			if (moved) {
				at.push(index);
				base += str[i];
			}
			if (!item.deleted) index++;
		}
	}
	at.push(index);
	const place = offsetMap(edits.base, base);
	// From the last to the first, so the places of those before do not move.
	for (const [offset, text] of [...edits.inserts].reverse()) into.insert(at[place(offset)], text);
}

/** Maps offsets of `from` to offsets of `to` through their common start and end. */
function offsetMap(from: string, to: string): (offset: number) => number {
	let start = 0;
	while (start < from.length && start < to.length && from[start] === to[start]) start++;
	let end = 0;
	while (
		end < from.length - start &&
		end < to.length - start &&
		from[from.length - 1 - end] === to[to.length - 1 - end]
	)
		end++;
	return (offset) => {
		if (offset <= start) return offset;
		if (offset >= from.length - end) return to.length - (from.length - offset);
		return to.length - end; // inside what differs: at its end
	};
}
