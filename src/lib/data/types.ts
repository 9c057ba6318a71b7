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
	PersonFields,
	RelationshipKind
} from '$lib/domain/records';
import type { RecordIssue } from '$lib/domain/issues';

export type EntityKind = 'person' | 'organization';

/** One row of the people list: what the list shows, sorts, searches and filters. */
export interface PersonRow {
	id: string;
	name: string; // "First Last"
	firstName: string;
	lastName: string;
	title: string;
	organizationId: string | null;
	organizationName: string;
	kind: RelationshipKind;
	ownerId: string | null;
	email: string; // the first email
	phone: string; // the first phone
	city: string; // the first address's city
	tags: string[];
	custom: Record<string, CustomValue>;
	updatedAt: number;
	hasIssues: boolean; // validation found something: the list shows a warning mark
	search: string; // lower-cased haystack of every searchable value
}

export interface OrganizationRow {
	id: string;
	name: string;
	kind: RelationshipKind;
	ownerId: string | null;
	website: string;
	industry: string;
	city: string;
	tags: string[];
	custom: Record<string, CustomValue>;
	peopleCount: number;
	updatedAt: number;
	hasIssues: boolean;
	search: string;
}

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
	history(id: string): FieldChange[]; // newest first; reactive
}

export type PeopleRepository = Repository<Person, PersonFields, PersonRow>;
export type OrganizationRepository = Repository<Organization, OrganizationFields, OrganizationRow> & {
	peopleOf(organizationId: string): PersonRow[];
};
