/**
 * A typed repository over one collection: reads are validated, writes go through the
 * RecordWriter, rows come from the LiveCollection. Pages see only plain values.
 */
import type { CustomFieldDef, CustomValue, FieldChange } from '$lib/domain/records';
import type { Validated } from '$lib/domain/issues';
import { attachedFiles, type AttachedFile } from './attached-files';
import { isDeleted, NOTES_KEY, readRecord, type Collection } from './layout';
import type { DeletedRecords } from './deleted-records.svelte';
import type { LiveCollection } from './live-collection.svelte';
import type { RecordWriter } from './record-writer';
import type { HistoryLog } from './history-log';
import { JoinedSharedText, NO_TEXT, YSharedText } from './shared-text.svelte';
import type { DeletedRecord, RecordView, Repository, SharedText } from './types';
import { validateStored } from './validated-read';

export interface RepositoryParts<TFields, TRow extends { id: string }> {
	collection: Collection;
	live: LiveCollection<TRow>;
	writer: RecordWriter<TFields & object>;
	history: HistoryLog;
	historySubscribe: () => void;
	validate(raw: unknown, defs: CustomFieldDef[]): Validated<TFields>;
	customDefs(): CustomFieldDef[];
	deleted: DeletedRecords;
	/** Starts a new undo step, so a delete or restore is never merged with the edit before. */
	newUndoStep(): void;
}

export class RecordRepository<
	TRecord,
	TFields extends object,
	TRow extends { id: string }
> implements Repository<TRecord, TFields, TRow> {
	private readonly texts = new Map<string, YSharedText | JoinedSharedText>();

	constructor(protected readonly parts: RepositoryParts<TFields, TRow>) {}

	get rows(): TRow[] {
		return this.parts.live.rows;
	}

	get(id: string): RecordView<TRecord> | null {
		this.parts.live.subscribe();
		const map = this.parts.collection.get(id);
		if (!map) return null;
		const raw = readRecord(map);
		const defs = this.parts.customDefs();
		const { value, issues } = validateStored(raw, (r) => this.parts.validate(r, defs));
		const record = {
			...value,
			id,
			createdAt: num(raw.createdAt),
			createdBy: str(raw.createdBy),
			updatedAt: num(raw.updatedAt ?? raw.createdAt),
			updatedBy: str(raw.updatedBy ?? raw.createdBy)
		} as TRecord;
		return { record, issues, deleted: isDeleted(map) };
	}

	create(fields: Partial<TFields> & { notes?: string }): string {
		return this.parts.writer.create(fields);
	}

	/** Creates a record whose id is known ahead (an e-mail's, from its Message-ID). */
	createWithId(id: string, fields: Partial<TFields> & { notes?: string }): string {
		return this.parts.writer.create(fields, undefined, id);
	}

	/** The files attached to a record, oldest first (reactive). */
	files(id: string): AttachedFile[] {
		this.parts.live.subscribe();
		return attachedFiles(this.parts.collection.get(id));
	}

	attachFile(id: string, file: { hash: string; name: string; type: string; size: number }): void {
		this.parts.writer.attachFile(id, file);
	}

	detachFile(id: string, hash: string): void {
		this.parts.writer.detachFile(id, hash);
	}

	update(id: string, patch: Partial<TFields>): void {
		this.parts.writer.update(id, patch);
	}

	/** Bookkeeping fields (a reminder shown): not undoable, not in the history. */
	setBookkeeping(id: string, patch: Partial<TFields>): void {
		this.parts.writer.setBookkeeping(id, patch);
	}

	setCustom(id: string, fieldId: string, value: CustomValue): void {
		this.parts.writer.setCustom(id, fieldId, value);
	}

	bulkUpdate(ids: string[], patch: Partial<TFields>): void {
		this.parts.writer.bulkUpdate(ids, patch);
	}

	bulkTag(ids: string[], add: string[], remove: string[]): void {
		this.parts.writer.bulkTag(ids, add, remove);
	}

	remove(id: string): void {
		this.bulkRemove([id]);
	}

	restore(id: string): void {
		this.bulkRestore([id]);
	}

	bulkRemove(ids: Iterable<string>): void {
		this.parts.newUndoStep();
		this.parts.writer.bulkRemove(ids);
		this.parts.newUndoStep();
	}

	bulkRestore(ids: Iterable<string>): void {
		this.parts.newUndoStep();
		this.parts.writer.bulkRestore(ids);
		this.parts.newUndoStep();
	}

	get deleted(): DeletedRecord[] {
		return this.parts.deleted.list;
	}

	/**
	 * Reactive too: a record that loads or arrives later gets its real text, and so does one
	 * whose text a peer's concurrent copy replaced (typing into the replaced one would be lost).
	 */
	notes(id: string): SharedText {
		return this.text(id, NOTES_KEY);
	}

	/** One of the type's text fields (textFields: a campaign's subject and body), like notes. */
	text(id: string, field: string): SharedText {
		this.parts.live.subscribe();
		const texts = this.parts.writer.texts(id, field);
		if (texts.length === 0)
			return this.parts.collection.get(id) ? this.textToCreate(id, field) : NO_TEXT;
		const key = field === NOTES_KEY ? id : `${field}\u0000${id}`;
		let text = this.texts.get(key);
		if (!text || !text.wraps(texts)) {
			text =
				texts.length === 1 ? new YSharedText(texts[0]) : new JoinedSharedText([texts[0], texts[1]]);
			this.texts.set(key, text);
		}
		return text;
	}

	/**
	 * Notes of a record that has none yet (it arrived in pieces, or a buggy peer wrote text as a
	 * plain string, shown as it is): the first write creates them.
	 */
	private textToCreate(id: string, field: string): SharedText {
		const writer = this.parts.writer;
		const found = this.parts.collection.map(id)?.get(field);
		return {
			current: typeof found === 'string' ? found : '',
			set(next: string) {
				const y = next === '' ? null : writer.ensureText(id, field);
				if (y) new YSharedText(y).set(next);
			}
		};
	}

	/**
	 * Changes to one record, newest first (of the months open). Its creation is read from the
	 * record when the log has no entry of it: an import does not log the records it creates, and
	 * the entry may be in a month not open.
	 */
	history(id: string): FieldChange[] {
		this.parts.historySubscribe();
		const changes = this.parts.history.of(id);
		if (changes.some((c) => c.field === 'created')) return changes;
		const map = this.parts.collection.get(id);
		const raw = map ? readRecord(map) : null;
		if (!raw || !num(raw.createdAt)) return changes;
		const created: FieldChange = {
			recordId: id,
			field: 'created',
			from: null,
			to: null,
			by: str(raw.createdBy),
			at: num(raw.createdAt),
			...(typeof raw.importId === 'string' ? { via: 'import' as const } : {})
		};
		return [...changes, created].sort((a, b) => b.at - a.at);
	}

	get olderHistory(): { months: number; open(): void } {
		const history = this.parts.history;
		return { months: history.olderMonths, open: () => history.openOlder() };
	}
}

function num(v: unknown): number {
	return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
function str(v: unknown): string {
	return typeof v === 'string' ? v : '';
}
