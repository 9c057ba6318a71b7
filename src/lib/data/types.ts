/**
 * The data layer's public face. Pages and components use these plain types and
 * never see Yjs: only src/lib/data knows the document layout.
 */
import type {
	CustomValue,
	FieldChange,
	Organization,
	OrganizationFields,
	Person,
	PersonFields
} from '$lib/domain/records';
import type { RecordIssue } from '$lib/domain/issues';
import type { OrganizationRow, PersonRow, RecordTypeName } from '$lib/domain/record-types';
import type { AttachedFile } from './attached-files';

export type { AttachedFile };

/** A record type's name ('person', 'organization', …). */
export type EntityKind = RecordTypeName;

/** List rows: each record type's declaration ($lib/domain/record-types) says what they hold. */
export type { OrganizationRow, PersonRow };

/** A soft-deleted record, as "Recently deleted" lists it. */
export interface DeletedRecord {
	id: string;
	name: string;
	deletedAt: number; // ms since epoch
	deletedBy: string; // member id ('' if unknown)
}

export interface RecordView<T> {
	record: T;
	issues: RecordIssue[];
	deleted: boolean;
}

/** A text that merges character by character (notes). */
export interface SharedText {
	readonly current: string; // reactive in Svelte (read inside an effect/template)
	/** Replace the whole value; only the changed span is written, so merges stay fine-grained. */
	set(next: string): void;
}

export interface Repository<TRecord, TFields, TRow> {
	/** Rows of records that are not deleted; reactive. */
	readonly rows: TRow[];
	/** A record, validated, or null if it never existed; reactive. */
	get(id: string): RecordView<TRecord> | null;
	create(fields: Partial<TFields>): string;
	/** Writes only the fields that differ; each is its own merge unit. */
	update(id: string, patch: Partial<TFields>): void;
	setCustom(id: string, fieldId: string, value: CustomValue): void;
	bulkUpdate(ids: string[], patch: Partial<TFields>): void;
	/** Adds/removes tags on many records without touching their other tags. */
	bulkTag(ids: string[], add: string[], remove: string[]): void;
	remove(id: string): void; // soft delete: undoable, and a peer's concurrent edit is kept
	restore(id: string): void;
	/** Soft-deletes many records as one undo step. */
	bulkRemove(ids: Iterable<string>): void;
	/** Restores many records as one undo step. */
	bulkRestore(ids: Iterable<string>): void;
	/** The soft-deleted records, newest first; reactive. */
	readonly deleted: DeletedRecord[];
	notes(id: string): SharedText;
	/** Another of the type's text fields (a campaign's subject or body); reactive like notes. */
	text(id: string, field: string): SharedText;
	/** The files attached to a record, oldest first; reactive. */
	files(id: string): AttachedFile[];
	/** Attaches a file stored by its hash (the bytes go to the file store separately). */
	attachFile(id: string, file: { hash: string; name: string; type: string; size: number }): void;
	detachFile(id: string, hash: string): void;
	history(id: string): FieldChange[]; // newest first, of the months open; reactive
	/** Months of history kept (on the device or the relay) but not open yet, and how to open them. */
	readonly olderHistory: { readonly months: number; open(): void };
}

export type PeopleRepository = Repository<Person, PersonFields, PersonRow>;
export type OrganizationRepository = Repository<Organization, OrganizationFields, OrganizationRow>;
