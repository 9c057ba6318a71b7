/**
 * A collection's rows, kept current as the document changes, and readable reactively.
 *
 * Rows are rebuilt only for the records a transaction touched (a 100k-row list must not be
 * rebuilt on every keystroke of a peer), and the rows array is re-made lazily, once per
 * change, when somebody reads it. Until the document has loaded from the device, rows can
 * come from a cache (row-cache.ts), so the first screen does not wait for the whole workspace.
 */
import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import type { Collection, StoredRecord } from './layout';
import { ReaderPacing } from './reader-pacing';
import { Slices } from './slices';
import { DEVICE_LOAD, isLocalOrigin } from './origins';
import type { SlicedRebuilds } from './sliced-rebuilds';
import { TEXT_SEARCH_CAP } from '$lib/domain/search';
import { firstPageOf, pendingRows } from '$lib/domain/first-page';
import { noteRowsDelta } from '$lib/domain/shared-order';
import { textOwner } from './record-texts';

/** Notes typed: their record's row (its search) is rebuilt after this long without typing. */
export const TEXT_QUIET_MS = 400;

/** Whether a text edit touches the part of the text a row searches (TEXT_SEARCH_CAP). */
function editsTextStart(event: Y.YTextEvent): boolean {
	const first = event.delta[0];
	return !(first && typeof first.retain === 'number' && first.retain >= TEXT_SEARCH_CAP);
}

/**
 * A record's row, or null (deleted). `doc`: the record's shard document, where a settled
 * record's root texts are (record-texts.ts TextPlace).
 */
export type RowBuilder<TRow> = (
	id: string,
	record: StoredRecord,
	doc: Y.Doc | null | undefined
) => TRow | null;

export class LiveCollection<TRow extends { id: string }> {
	private byId = new Map<string, TRow>();
	/** While the rows are being arranged: the records changed meanwhile (arrange). */
	private touched: Set<string> | null = null;
	private array: TRow[] | null = null;
	/** The last array made of the rows, and what changed since (null: unknown, e.g. all rebuilt). */
	private lastArray: TRow[] | null = null;
	private delta: { removed: TRow[]; added: TRow[] } | null = null;
	private cached: TRow[] | null = null;
	private readonly listeners = new Set<(changed: Set<string>) => void>();
	private readonly notify = new Set<() => void>();
	private readonly pacing = new ReaderPacing();
	private readersTold: ReturnType<typeof setTimeout> | null = null;
	private readersQueued = false;
	readonly subscribe = createSubscriber((update) => {
		this.notify.add(update);
		return () => this.notify.delete(update);
	});
	private readonly isShardMap = (type: unknown) => this.collection.isShardMap(type);
	private readonly observer = (
		events: Y.YEvent<Y.AbstractType<unknown>>[],
		transaction: Y.Transaction
	) => {
		const changed = new Set<string>();
		for (const event of events) {
			if (this.collection.isShardMap(event.target)) {
				for (const key of event.changes.keys.keys()) changed.add(key);
			} else if (event.target instanceof Y.Text) {
				// A row searches only the start of the notes: an edit there rebuilds the row once
				// typing pauses, not per keystroke (each rebuild re-sorts a 100k list).
				const id = textOwner(event.target, this.isShardMap)?.id;
				if (id && editsTextStart(event as Y.YTextEvent)) this.textLater(id);
			} else {
				// Any other edit: the record is the path's first step.
				const id = event.path[0] ?? (event.target as Y.Map<unknown>)._item?.parentSub;
				if (typeof id === 'string') changed.add(id);
			}
		}
		// Many records changed by others (the relay, another tab: a relay's shard holds ~800) may be
		// built over the next tasks. A few are built at once, even while many wait (a teammate's
		// edit does not queue behind a shard); so are this device's own edits (a form reads its row
		// back) and its loads (what the app's open and its reports were tuned to).
		const later = this.othersLater;
		const origin = transaction.origin;
		if (later && changed.size > later.atOnce && !isLocalOrigin(origin) && origin !== DEVICE_LOAD)
			later.rebuild(this, changed);
		else this.rebuild(changed);
	};
	/** Where rows changed by others' updates are rebuilt (many in slices); null: at once. */
	private othersLater: SlicedRebuilds | null = null;
	private readonly textEdited = new Set<string>();
	private textTimer: ReturnType<typeof setTimeout> | null = null;

	private textLater(id: string): void {
		this.textEdited.add(id);
		if (this.textTimer !== null) clearTimeout(this.textTimer);
		this.textTimer = setTimeout(() => this.flushText(), TEXT_QUIET_MS);
	}

	/** Whether rows wait to be rebuilt: notes typed in, or others' changes queued. */
	get settled(): boolean {
		return this.textEdited.size === 0 && !this.othersLater?.waits(this);
	}

	/** Rebuilds now the rows whose notes were typed in and wait for typing to pause. */
	flushText(): void {
		if (this.textTimer !== null) clearTimeout(this.textTimer);
		this.textTimer = null;
		const ids = [...this.textEdited];
		this.textEdited.clear();
		this.rebuild(ids);
	}

	constructor(
		private readonly collection: Collection,
		private buildRow: RowBuilder<TRow>
	) {
		// A monthly partition let go of: its records' rows go with it.
		collection.onRemoved((ids) => this.rebuild(ids));
	}

	/** Reads every record once; from then on only changed records are rebuilt. */
	start(): void {
		this.byId.clear();
		this.delta = null;
		this.collection.forEach((record, id, doc) => {
			const row = this.buildRow(id, record, doc);
			if (row) this.byId.set(id, row);
		});
		this.cached = null;
		this.collection.observeDeep(this.observer);
		this.changed(new Set(this.byId.keys()));
	}

	/**
	 * Like start(), but builds the rows a few milliseconds at a time, yielding to the browser in
	 * between, so a large workspace keeps scrolling and typing while its rows are built (the
	 * cached rows stay on screen until then). Changes arriving meanwhile are applied as they come.
	 * `arrange` puts the rows in the order their list shows (in slices too) before readers get
	 * them: the list on screen would otherwise sort 100k rows in one task (~300 ms).
	 */
	async startInSlices(
		yieldToBrowser: () => Promise<void>,
		sliceMs = 12,
		arrange?: (rows: TRow[]) => Promise<TRow[]>
	): Promise<void> {
		this.byId.clear();
		this.delta = null;
		this.collection.observeDeep(this.observer);
		// Records as they are when reached: one deleted meanwhile is not met, one added is met
		// (and built by the observer too: the same row twice, no harm).
		const records = this.collection.records();
		for (let next = records.next(); !next.done;) {
			const until = performance.now() + sliceMs;
			do {
				const [id, record, doc] = next.value;
				const row = this.buildRow(id, record, doc);
				if (row) this.byId.set(id, row);
				next = records.next();
			} while (!next.done && performance.now() < until);
			// An array a reader made during the last pause is not what byId holds now.
			this.delta = null;
			if (!next.done) await yieldToBrowser();
		}
		const arranged = arrange ? await this.arrange(arrange, yieldToBrowser, sliceMs) : null;
		// The readers' work (a list's order and counts over every row) in a task of its own.
		await yieldToBrowser();
		this.cached = null;
		this.delta = null;
		this.changed(new Set(this.byId.keys()));
		if (arranged) this.madeArray(arranged);
	}

	/**
	 * Puts `byId` in the order `arrange` gives, so the arrays made from it later keep it (a
	 * list merges an edit into it linearly). Returns the arranged array if it is still the rows
	 * (no row changed meanwhile), else null: the reader orders them itself. The ordered map is
	 * built beside `byId` a slice at a time (at 100k rows, copying and refilling it in one task
	 * held the page ~50 ms); records changed meanwhile are noted and settled at the end.
	 */
	private async arrange(
		arrange: (rows: TRow[]) => Promise<TRow[]>,
		yieldToBrowser: () => Promise<void>,
		sliceMs: number
	): Promise<TRow[] | null> {
		const touched = new Set<string>();
		this.touched = touched;
		const ordered = new Map<string, TRow>();
		let arranged: TRow[];
		try {
			arranged = await arrange([...this.byId.values()]);
			const slices = new Slices(yieldToBrowser, sliceMs);
			for (const row of arranged) {
				ordered.set(row.id, row);
				if (slices.due()) await slices.pause();
			}
		} finally {
			this.touched = null;
		}
		for (const id of touched) {
			const now = this.byId.get(id);
			if (now) ordered.set(id, now);
			else ordered.delete(id);
		}
		const same = touched.size === 0 && ordered.size === this.byId.size;
		this.byId = ordered;
		this.delta = null;
		return same ? arranged : null;
	}

	/**
	 * Like start(), but keeps the cached rows on screen as the live ones and builds only the
	 * records in `changed` (changed-records.ts: edited after the cache was written), and any
	 * whose record is gone. Without cached rows, it builds every row.
	 */
	async startFromCache(changed: Set<string>, slices = new Slices()): Promise<void> {
		if (!this.cached || firstPageOf(this.cached)) return this.start();
		const shown = this.cached;
		this.byId.clear();
		// What changes from the rows on screen is noted for the list (readers get `shown` until
		// the end, so no array is made meanwhile): at 100k, comparing the two arrays whole held
		// the page ~30 ms right after a warm open.
		this.lastArray = shown;
		this.delta = { removed: [], added: [] };
		// Observed from the start: a row an edit rebuilds meanwhile is not replaced by its cached one.
		this.collection.observeDeep(this.observer);
		for (const row of shown) {
			// A cached row's id is a copy of its own (JSON.parse): it takes the document's, which
			// the document keeps anyway (~48 bytes a row; 4 MB of the warm 100k people and tasks).
			const held = this.collection.heldId(row.id);
			if (held === null) changed.add(row.id);
			else (row as { id: string }).id = held;
			const kept = this.byId.get(row.id);
			if (kept === undefined) this.byId.set(row.id, row);
			else if (kept !== row) this.delta?.removed.push(row); // the same record twice: one stays
			if (slices.due()) await slices.pause();
		}
		for (const id of changed) {
			this.put(id);
			if (slices.due()) await slices.pause();
		}
		this.forgetLargeDelta();
		this.cached = null;
		this.changed(new Set(this.byId.keys()));
	}

	stop(): void {
		this.collection.unobserveDeep(this.observer);
		if (this.textTimer !== null) clearTimeout(this.textTimer);
		this.textTimer = null;
		this.textEdited.clear();
		if (this.readersTold !== null) clearTimeout(this.readersTold);
		this.readersTold = null;
	}

	/** Shows rows from the device's cache until start() is called. */
	showCached(rows: TRow[]): void {
		if (this.byId.size > 0) return;
		this.cached = rows;
		this.changed(new Set());
	}

	/**
	 * Shows the first page of the cached rows until the rest is decoded (showCached): `rows` is
	 * empty meanwhile, as with no cache, and stands for `total` rows (domain/first-page.ts).
	 */
	showFirstPage(rows: TRow[], total: number): void {
		if (this.byId.size > 0 || this.cached) return;
		this.cached = pendingRows(rows, total);
		this.changed(new Set());
	}

	get showingCache(): boolean {
		this.subscribe();
		return this.cached !== null;
	}

	get rows(): TRow[] {
		this.subscribe();
		if (this.cached) return this.cached;
		if (this.array === null) {
			const array = [...this.byId.values()];
			if (this.delta && this.lastArray) {
				noteRowsDelta(array, this.lastArray, this.delta.removed, this.delta.added);
			}
			this.madeArray(array);
		}
		return this.array!;
	}

	/** `array` is the rows now: what changes from here is noted for the next one (reorder). */
	private madeArray(array: TRow[]): void {
		this.array = array;
		this.lastArray = array;
		this.delta = { removed: [], added: [] };
	}

	/** From now on, rows that others' updates changed are rebuilt through `rebuilds`. */
	rebuildOthersWith(rebuilds: SlicedRebuilds): void {
		this.othersLater = rebuilds;
	}

	row(id: string): TRow | undefined {
		return this.byId.get(id);
	}

	get size(): number {
		return this.byId.size;
	}

	/** Rebuild some rows, e.g. people whose organization was renamed. */
	rebuild(ids: Iterable<string>): void {
		const changed = new Set<string>();
		const size = this.byId.size;
		for (const id of ids) {
			this.put(id);
			changed.add(id);
		}
		this.forgetLargeDelta();
		if (changed.size > 0) this.changed(changed, this.byId.size !== size);
	}

	/** Builds the row of record `id` again (none if it is gone), noting the change (delta). */
	private put(id: string): void {
		const record = this.collection.get(id);
		const row = record ? this.buildRow(id, record, this.collection.shardOf(id)?.doc) : null;
		const old = this.byId.get(id);
		this.touched?.add(id);
		if (row) this.byId.set(id, row);
		else this.byId.delete(id);
		if (this.delta && old !== row) {
			if (old) this.delta.removed.push(old);
			if (row) this.delta.added.push(row);
		}
	}

	/**
	 * More rows new than held: nobody made an array for long (a collection no list shows), and
	 * the delta would keep every old row alive. Hold none; the next reader compares afresh.
	 */
	private forgetLargeDelta(): void {
		if (this.delta && this.delta.added.length > Math.max(256, this.byId.size)) {
			this.delta = null;
		}
	}

	/** Rebuild everything, e.g. after custom field definitions changed. */
	rebuildAll(builder: RowBuilder<TRow> = this.buildRow): void {
		this.buildRow = builder;
		this.rebuild([...this.collection.keys(), ...this.byId.keys()]);
	}

	onChange(listener: (changed: Set<string>) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Tell readers of `rows` to read again, without a change of ours (e.g. counts changed). */
	invalidate(): void {
		this.changed(new Set(), false);
	}

	/** `resized`: rows came or went (ReaderPacing tells readers of that sooner). */
	private changed(ids: Set<string>, resized = true): void {
		this.array = null;
		for (const listener of this.listeners) listener(ids);
		this.tellReaders(resized);
	}

	/**
	 * Tells reactive readers of a change, paced (ReaderPacing): at once after a quiet moment,
	 * less often while changes keep coming, and once they stop.
	 */
	private tellReaders(resized: boolean): void {
		const now = performance.now();
		if (this.readersTold !== null) {
			this.pacing.changed(now, resized); // already scheduled
			return;
		}
		const wait = this.pacing.delay(now, resized);
		if (wait > 0) {
			this.tellAfter(wait);
			return;
		}
		this.pacing.told(now);
		// After this task's other microtasks: the edit's updates go to the relay before the
		// page re-renders (bench: a logged call left 40 ms later, behind the render).
		if (!this.readersQueued) {
			this.readersQueued = true;
			queueMicrotask(() => {
				this.readersQueued = false;
				for (const update of this.notify) update();
			});
		}
	}

	private tellAfter(wait: number): void {
		this.readersTold = setTimeout(() => {
			const more = this.pacing.due(performance.now());
			if (more > 0) {
				this.tellAfter(more);
				return;
			}
			this.readersTold = null;
			this.pacing.told(performance.now());
			for (const update of this.notify) update();
		}, wait);
	}
}
