/**
 * The months of one family (orders, interactions) as the purchases engine reads them from the
 * device's copy of the workspace (data/device-docs-db.ts): each month's facts, with the month's
 * fingerprint — how many stored rows and the newest row id, which change with every write and
 * compaction — so only a month whose rows changed is read again.
 *
 * The months read last keep their decoded document (a few, as each holds ~20 MB at 14k orders):
 * for them only the rows stored since are read and applied, and only the records those rows
 * touched are read again — an edit in this month costs its own rows, not the month's 14k
 * orders. A compaction's merged row applies as nothing new. Any other month is decoded whole.
 * Either way the sink hears only the facts that differ, so an edit of one order is one remove
 * and one add.
 */
import * as Y from 'yjs';
import type { DeviceDocsDb } from '$lib/data/device-docs-db';
import { isDeleted, isStoredRecord, readRecord, type ShardMap } from '$lib/data/layout';

/** Where a family's facts go as they come and go (the engine's ledgers). */
export interface Sink<T> {
	add(id: string, fact: T): void;
	remove(id: string, fact: T): void;
	same(a: T, b: T): boolean;
}

/** What is stored of a month now: its row ids, oldest first. */
export type StoredRows = Map<string, number[]>;

interface Month<T> {
	print: string;
	/** The newest row applied to the kept document. */
	newest: number;
	facts: Map<string, T>;
}

export class StoredMonths<T> {
	private readonly months = new Map<string, Month<T>>();
	/** Decoded documents of the months read last, least recently read first. */
	private readonly kept = new Map<string, Y.Doc>();

	constructor(
		/** The family's collection ('orders'): documents `orders.2026-12`. */
		readonly family: string,
		private readonly factOf: (fields: Record<string, unknown>, id: string) => T | null,
		private readonly sink: Sink<T>,
		private readonly keep = 3
	) {}

	/** Row ids per document of the family, from one scan of the index's keys. */
	async rows(db: DeviceDocsDb, ws: string): Promise<StoredRows> {
		const out: StoredRows = new Map();
		await db.updates
			.where('[ws+doc]')
			.between([ws, `${this.family}.`], [ws, `${this.family}.\uffff`], true, true)
			.eachPrimaryKey((id, cursor) => {
				const doc = (cursor.key as [string, string])[1];
				const list = out.get(doc);
				if (list) list.push(id as number);
				else out.set(doc, [id as number]);
			});
		return out;
	}

	/**
	 * The row ids to read for `stored` to be up to date: a kept month's new rows, every row of
	 * a month changed and not kept, none of a month unchanged.
	 */
	toRead(stored: StoredRows): number[] {
		const out: number[] = [];
		for (const [doc, ids] of stored) {
			const month = this.months.get(doc);
			if (month?.print === printOf(ids)) continue;
			const newest = this.kept.has(doc) && month ? month.newest : -Infinity;
			for (const id of ids) if (id > newest) out.push(id);
		}
		return out;
	}

	/**
	 * Brings the months up to date with the rows read (`updates`: row id → update) and tells the
	 * sink what changed; a month no longer stored takes its facts with it. Returns how many
	 * months were read.
	 */
	apply(stored: StoredRows, updates: ReadonlyMap<number, Uint8Array>): number {
		for (const [doc, month] of this.months)
			if (!stored.has(doc)) {
				for (const [id, fact] of month.facts) this.sink.remove(id, fact);
				this.months.delete(doc);
				this.kept.get(doc)?.destroy();
				this.kept.delete(doc);
			}
		let read = 0;
		for (const [doc, ids] of stored) {
			const print = printOf(ids);
			const month = this.months.get(doc);
			if (month?.print === print) continue;
			read++;
			const rows = ids.flatMap((id) => updates.get(id) ?? []);
			const kept = month ? this.kept.get(doc) : undefined;
			// Least recently read first: a month read now moves to the end.
			this.kept.delete(doc);
			const facts =
				month && kept ? this.patch(month.facts, kept, rows) : this.whole(doc, rows, month?.facts);
			if (kept) this.kept.set(doc, kept);
			this.months.set(doc, { print, newest: newestOf(ids), facts });
		}
		// Only now, so that every month toRead counted as kept was patched as kept.
		for (const [name, doc] of this.kept) {
			if (this.kept.size <= this.keep) break;
			doc.destroy();
			this.kept.delete(name);
		}
		return read;
	}

	/** Every fact held, of every month. */
	facts(): T[] {
		return [...this.months.values()].flatMap((m) => [...m.facts.values()]);
	}

	/** A month decoded from all its rows; its facts compared with those held before. */
	private whole(doc: string, rows: Uint8Array[], old = new Map<string, T>()): Map<string, T> {
		const ydoc = new Y.Doc();
		applyAll(ydoc, rows);
		const facts = new Map<string, T>();
		this.records(ydoc).forEach((record, id) => {
			const fact = this.read(record, id);
			if (fact) facts.set(id, fact);
		});
		for (const [id, fact] of old) {
			const next = facts.get(id);
			if (next && this.sink.same(fact, next)) facts.set(id, fact);
			else this.sink.remove(id, fact);
		}
		for (const [id, fact] of facts) if (old.get(id) !== fact) this.sink.add(id, fact);
		this.kept.set(doc, ydoc);
		return facts;
	}

	/** New rows applied to a kept month: only the records they touched are read again. */
	private patch(facts: Map<string, T>, ydoc: Y.Doc, rows: Uint8Array[]): Map<string, T> {
		const records = this.records(ydoc);
		const touched = new Set<string>();
		const observe = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
			for (const e of events)
				if (e.target === records)
					for (const key of (e as Y.YMapEvent<unknown>).keysChanged) touched.add(key);
				else if (typeof e.path[0] === 'string') touched.add(e.path[0]);
		};
		records.observeDeep(observe);
		applyAll(ydoc, rows);
		records.unobserveDeep(observe);
		for (const id of touched) {
			const old = facts.get(id);
			const record = records.get(id);
			const next = record ? this.read(record, id) : null;
			if (old && next && this.sink.same(old, next)) continue;
			if (old) this.sink.remove(id, old);
			if (next) {
				facts.set(id, next);
				this.sink.add(id, next);
			} else facts.delete(id);
		}
		return facts;
	}

	private records(ydoc: Y.Doc): ShardMap {
		return ydoc.getMap(this.family) as ShardMap;
	}

	private read(record: unknown, id: string): T | null {
		if (!isStoredRecord(record) || isDeleted(record)) return null;
		return this.factOf(readRecord(record), id);
	}
}

function newestOf(ids: readonly number[]): number {
	let newest = -Infinity;
	for (const id of ids) if (id > newest) newest = id;
	return newest;
}

function printOf(ids: readonly number[]): string {
	return `${ids.length}:${newestOf(ids)}`;
}

/** Stored rows applied in one transaction; a row that is not a valid update is left out. */
function applyAll(doc: Y.Doc, updates: Uint8Array[]): void {
	doc.transact(() => {
		for (const update of updates)
			try {
				Y.applyUpdate(doc, update);
			} catch {
				// Reported by the page's own load (DeviceDocs.onSkippedRow); nothing to add here.
			}
	});
}
