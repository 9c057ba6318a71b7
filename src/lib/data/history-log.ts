/**
 * Who changed which field of a record, when, from what to what.
 *
 * Each device logs its own edits (local edits, undo and redo, imports and their reverts) into
 * the shared, append-only history array; a peer's entries arrive with its updates, so peers'
 * edits are attributed by the peer itself. Edits are observed rather than logged by every
 * write method, so nothing that changes a record can forget to log.
 *
 * - Notes (and a type's other text fields, a campaign's subject and body): one entry per burst
 *   of typing on a record's text (the text before and after, capped), written once the typing
 *   has paused — not one per keystroke.
 * - Imports: what an import changes on existing records and what its revert undoes are logged
 *   (marked `v: 'import'`); the records an import creates are not (a 100k-row import would
 *   write 100k entries): their creation is read from the record itself (Repository.history).
 */
import * as Y from 'yjs';
import type { FieldChange } from '$lib/domain/records';
import {
	BOOKKEEPING_KEYS,
	CUSTOM_PREFIX,
	DELETED_AT,
	NOTES_KEY,
	SNAPSHOT_KEY,
	STAGE_TRAIL_PREFIX,
	readSnapshot,
	type Collection,
	type Layout,
	type StoredChange
} from './layout';
import { HISTORY_LOG, IMPORT, LOCAL_EDIT } from './origins';
import { textOwner } from './record-texts';

function isOwnEdit(origin: unknown, undo: UndoOrigins): boolean {
	return origin === LOCAL_EDIT || undo.isUndoOrigin(origin);
}

/** Notes are logged once typing has paused this long. */
export const NOTES_QUIET_MS = 2_000;
/** Longest notes text kept in an entry (each of before and after). */
export const NOTES_ENTRY_CHARS = 2_000;

const capped = (text: string) =>
	text.length > NOTES_ENTRY_CHARS ? `${text.slice(0, NOTES_ENTRY_CHARS)}…` : text;

/** The text as it was before the event's transaction (its deleted items still hold content). */
function textBefore(event: Y.YEvent<Y.Text>): string {
	let before = '';
	for (let item = event.target._start; item; item = item.right) {
		if (!(item.content instanceof Y.ContentString) || event.adds(item)) continue;
		if (!item.deleted || event.deletes(item)) before += item.content.str;
	}
	return before;
}

interface NotesBurst {
	id: string;
	/** The text field typed in: notes, or a type's other text (a campaign's body). */
	field: string;
	text: Y.Text;
	before: string;
	at: number;
	via: 'import' | undefined;
}

/**
 * Whether a record key's write is logged as a change: not the snapshot, its notes or a text
 * field made late (no value), the edit's bookkeeping or a deal's stage trail (stage-trail.ts).
 */
function isFieldChange(key: string, value: unknown): boolean {
	if (key === SNAPSHOT_KEY || key === NOTES_KEY || key === 'updatedBy' || key === 'updatedAt')
		return false;
	return !(value instanceof Y.Text) && !key.startsWith(STAGE_TRAIL_PREFIX);
}

/** What the log asks of undo: whether a transaction is one of its undos or redos. */
export interface UndoOrigins {
	isUndoOrigin(origin: unknown): boolean;
}

export class HistoryLog {
	private byRecord: Map<string, FieldChange[]> | null = null;
	private pending: StoredChange[] = [];
	private readonly notes = new Map<string, NotesBurst>();
	private notesTimer: ReturnType<typeof setTimeout> | null = null;
	private readonly detach: (() => void)[] = [];

	constructor(
		private readonly layout: Layout,
		private readonly memberId: string,
		private readonly now: () => number,
		private readonly undo: UndoOrigins
	) {}

	/**
	 * Starts logging. Called once the document has loaded: a deep observer makes Yjs sort every
	 * event of a transaction, and the load from the device is one transaction of 100k records.
	 */
	attach(): void {
		if (this.detach.length > 0) return;
		for (const collection of Object.values<Collection>(this.layout.collections)) {
			const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
				if (isOwnEdit(tr.origin, this.undo)) this.collect(collection, events, undefined);
				else if (tr.origin === IMPORT) this.collect(collection, events, 'import');
			};
			collection.observeDeep(observer);
			this.detach.push(() => collection.unobserveDeep(observer));
		}
		const onHistory = (event: Y.YArrayEvent<StoredChange>) => {
			if (!this.byRecord) return;
			for (const delta of event.changes.delta) {
				for (const entry of (delta.insert as StoredChange[] | undefined) ?? []) this.index(entry);
			}
		};
		// Entries moved from a one-document workspace, keyed by content: a key already here is
		// the same entry, moved by this device too.
		const onMigrated = (event: Y.YMapEvent<StoredChange>) => {
			if (!this.byRecord) return;
			for (const [key, change] of event.changes.keys)
				if (change.action === 'add') this.index((event.target as Y.Map<StoredChange>).get(key)!);
		};
		// A partition let go of: its entries are no longer read; the index is made again when asked.
		this.detach.push(this.layout.history.onClose(() => (this.byRecord = null)));
		const observed: [Y.Array<StoredChange>, Y.Map<StoredChange>][] = [];
		const stop = this.layout.history.onPartition((array, migrated) => {
			array.observe(onHistory);
			migrated.observe(onMigrated);
			observed.push([array, migrated]);
		});
		this.detach.push(() => {
			stop();
			for (const [array, migrated] of observed) {
				array.unobserve(onHistory);
				migrated.unobserve(onMigrated);
			}
		});
	}

	/** How many older months of history are on the device or the relay but not open (reactive). */
	get olderMonths(): number {
		return this.layout.history.unopened;
	}

	/** Opens the next older months of history: the records' history grows with them. */
	openOlder(): void {
		this.layout.history.openOlder();
	}

	/** Changes to one record, newest first (of the months open). */
	of(recordId: string): FieldChange[] {
		if (!this.byRecord) {
			this.byRecord = new Map();
			for (const entry of this.layout.history.toArray()) this.index(entry);
		}
		return [...(this.byRecord.get(recordId) ?? [])].sort((a, b) => b.at - a.at);
	}

	/**
	 * Logs what an edit's keys do not say: a duplicate merged into `recordId` (`field`
	 * 'merged', from the other record's id to its name).
	 */
	note(recordId: string, field: string, from: unknown, to: unknown): void {
		this.push(recordId, field, from, to, this.now(), undefined);
		this.flushSoon();
	}

	/** Writes the notes typed so far (also done once typing pauses, and on destroy). */
	flushNotes(): void {
		if (this.notesTimer) clearTimeout(this.notesTimer);
		this.notesTimer = null;
		for (const burst of this.notes.values()) {
			const after = burst.text.toString();
			if (after !== burst.before)
				this.push(burst.id, burst.field, capped(burst.before), capped(after), burst.at, burst.via);
		}
		this.notes.clear();
		this.flushSoon();
	}

	destroy(): void {
		this.flushNotes();
		this.writePending(); // now: the documents are about to go
		for (const off of this.detach) off();
		this.detach.length = 0;
	}

	private index(entry: StoredChange): void {
		if (!entry || typeof entry.r !== 'string') return; // a malformed entry from a buggy peer
		const list = this.byRecord!.get(entry.r) ?? [];
		list.push({
			recordId: entry.r,
			field: entry.f,
			from: entry.o,
			to: entry.n,
			by: entry.b,
			at: entry.t,
			...(entry.v === 'import' ? { via: 'import' as const } : {})
		});
		this.byRecord!.set(entry.r, list);
	}

	private collect(
		collection: Collection,
		events: Y.YEvent<Y.AbstractType<unknown>>[],
		via: 'import' | undefined
	): void {
		const at = this.now();
		for (const event of events) {
			if (collection.isShardMap(event.target)) {
				for (const [id, change] of event.changes.keys) {
					// An import's new records: read from the record itself (see the header).
					if (change.action === 'add' && via !== 'import')
						this.push(id, 'created', null, null, at, via);
					// A settled record's text made a map in the edit's own transaction (an
					// import's update): what the new map holds over the text is the edit.
					else if (change.action === 'update' && typeof change.oldValue === 'string')
						this.collectUnsettled(collection, id, change.oldValue, at, via);
				}
				continue;
			}
			if (event.target instanceof Y.Text) {
				this.collectNotes(collection, event as Y.YEvent<Y.Text>, at, via);
				continue;
			}
			if (!(event.target instanceof Y.Map) || !collection.isShardMap(event.target.parent)) continue;
			const record = event.target as Y.Map<unknown>;
			const id = record._item?.parentSub;
			if (!id) continue;
			const snapshot = readSnapshot(record);
			for (const [key, change] of event.changes.keys) {
				if (!isFieldChange(key, record.get(key))) continue;
				const from = change.action === 'add' ? snapshotValue(snapshot, key) : change.oldValue;
				const to =
					record.get(key) ??
					(change.action === 'delete' ? snapshotValue(snapshot, key) : undefined);
				this.pushKey(id, key, from, to, at, via);
			}
		}
		this.flushSoon();
	}

	/** The keys a settled record's text gained as it was made a map in one transaction. */
	private collectUnsettled(
		collection: Collection,
		id: string,
		text: string,
		at: number,
		via: 'import' | undefined
	): void {
		const record = collection.map(id);
		if (!record) return;
		const snapshot = readSnapshot(text, false);
		record.forEach((to, key) => {
			if (isFieldChange(key, to)) this.pushKey(id, key, snapshotValue(snapshot, key), to, at, via);
		});
	}

	/** One key's change: a delete or restore, or a field's (bookkeeping is no change of its own). */
	private pushKey(
		id: string,
		key: string,
		from: unknown,
		to: unknown,
		at: number,
		via: 'import' | undefined
	): void {
		if (key === DELETED_AT) this.push(id, 'deleted', from !== undefined, to !== undefined, at, via);
		else if (!BOOKKEEPING_KEYS.has(key)) this.push(id, key, from ?? null, to ?? null, at, via);
	}

	/** Typing in a record's notes: remembered per record until it pauses (flushNotes). */
	private collectNotes(
		collection: Collection,
		event: Y.YEvent<Y.Text>,
		at: number,
		via: 'import' | undefined
	): void {
		const text = event.target;
		// Any text field of a record: its notes, or a type's other texts (textFields).
		const owner = textOwner(text, (type) => collection.isShardMap(type));
		if (!owner) return;
		const { id, field } = owner;
		const key = field === NOTES_KEY ? id : `${id}\u0000${field}`;
		const burst = this.notes.get(key);
		if (!burst || burst.text !== text || burst.via !== via) {
			if (burst) this.flushNotes(); // another text (a copy that won) or another kind of edit
			this.notes.set(key, { id, field, text, before: textBefore(event), at, via });
		}
		if (this.notesTimer) clearTimeout(this.notesTimer);
		this.notesTimer = setTimeout(() => this.flushNotes(), NOTES_QUIET_MS);
	}

	private push(
		r: string,
		f: string,
		o: unknown,
		n: unknown,
		t: number,
		via: 'import' | undefined
	): void {
		this.pending.push({ r, f, o, n, b: this.memberId, t, ...(via ? { v: via } : {}) });
	}

	/** Written in its own transaction, after the edit's observers have run. */
	private flushSoon(): void {
		if (this.pending.length === 0) return;
		queueMicrotask(() => this.writePending());
	}

	private writePending(): void {
		const entries = this.pending;
		this.pending = [];
		if (entries.length > 0) this.layout.history.push(entries, entries[0].t, HISTORY_LOG);
	}
}

function snapshotValue(snapshot: Record<string, unknown> | undefined, key: string): unknown {
	if (key.startsWith(CUSTOM_PREFIX)) {
		const custom = snapshot?.custom as Record<string, unknown> | undefined;
		return custom?.[key.slice(CUSTOM_PREFIX.length)];
	}
	return snapshot?.[key];
}
