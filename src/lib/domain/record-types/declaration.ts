/**
 * What a record type is, declared once. A type's module (person.ts, organization.ts, …) is
 * the one place that knows its fields, labels, defaults, validation, row, search, merge,
 * duplicates and relations; the data layer derives the collection, repository, live rows,
 * history, undo, backup and relation indexes from it, with no branch on the type's name.
 */
import type { DuplicatePair } from '../duplicates';
import type { ImportedFields } from '../import/rows';
import type { Parsed } from '../import/values';
import type { Validated } from '../issues';
import type { MergeResult } from '../merge';
import type { CustomFieldDef } from '../records';
import type { SegmentFields } from '../segments/definition';
import type { TrailMove } from '../pipelines/trail';

/**
 * "This type's `field` holds the id of a `to` record." The data layer keeps the reverse index
 * (ids of this type per `to` record, named `reverse` on the target) for every relation the
 * same way, and rebuilds rows across the relation when what they show of each other changes.
 * Rows of this type carry `field` under the same name (the index is kept from the rows).
 */
export interface RelationDeclaration {
	/** The field of this type holding the other record's id (or null); with `many`, a list of ids. */
	field: string;
	/** The field holds any number of ids (an interaction's people). */
	many?: boolean;
	/** The name of the type it points at. */
	to: string;
	/** The reverse index's name, as the target sees it (an organization's `people`). */
	reverse: string;
	/** The target's field this type's rows show (a person row shows its organization's name);
	 * the target's rows carry it under the same name. Null: the rows show nothing of it (a
	 * deal's contact person, whose name is no one stored field). */
	shows: string | null;
	/** The key of this type's row holding that value ('organizationName'), or null with `shows`. */
	shownAs: string | null;
	/** The key of the target's row counting the records pointing at it ('peopleCount'), if any. */
	countedAs: string | null;
	/** The targets show the newest of these records as their last contact (lookup.lastContact):
	 * an interaction's people and organization. The source rows carry occurredAt and nextStep. */
	lastContact?: boolean;
}

/**
 * One place an imported column can go: a field of the type, or a part of one (a person's
 * middle name, added to the first name). Header words are compared after normalizeHeader
 * (lower case, letters and digits only, no accents).
 */
export interface ImportField {
	/** The target's key: the mapping's <select> value and the key of the collected value. */
	readonly key: string;
	/** What the mapping screen calls it. */
	readonly label: string;
	/** Headers that map a column here. */
	readonly words: readonly string[];
	/** Headers that map here only when no column does by `words` (Outlook's "Title" is Mr./Dr.
	 * when a "Job Title" column exists); otherwise the column is not imported. */
	readonly fallbackWords?: readonly string[];
	/** Headers that map here, before `words` anywhere, when the file also has one of `besides`
	 * (German "Name" next to "Vorname" is the surname). */
	readonly wordsBeside?: { readonly words: readonly string[]; readonly besides: readonly string[] };
	/** How several columns mapped here combine: the first non-empty one wins (default), joined
	 * with spaces, or split into one list without repeats. */
	readonly combine?: 'first' | 'words' | 'list';
}

/** A mapped row's values by field key: text, or (combine 'list') a list. */
export type ImportValues = Readonly<Record<string, string | string[] | undefined>>;

/** Keeps a parsed value, or notes why it was left out; true when the value is kept. */
export type TakeParsed = <T>(r: Parsed<T> | null) => r is { value: T; warning?: string };

/**
 * How files become records of a type: the columns it offers and their header words, how a
 * mapped row becomes fields, how an imported record finds the existing one it repeats, and
 * what the preview shows. A type with this section is offered by the import; one without is
 * not.
 */
export interface ImportDeclaration {
	/** Place in the "Import as" choice; the first is chosen when a file is opened. */
	readonly order: number;
	/** The fields a column can go to, in the order the mapping screen offers them. Columns
	 * mapped to `notes` are joined line by line with the "Header: value" lines. */
	readonly fields: readonly ImportField[];
	/** Headers another type imports that this one keeps as a line in the notes. */
	readonly noteWords?: readonly string[];
	/** The records carry e-mails, phones and addresses: the mapping offers their slots, and an
	 * imported record repeats an existing one with the same e-mail (or else phone). */
	readonly contacts: boolean;
	/** vCard files (cards of contacts) import as records of this type. */
	readonly vcard?: boolean;
	/** A mapped row's values → the record's fields (e-mails, phones, addresses, custom fields
	 * and notes are added by the import). `take` records why a value was left out. */
	build(values: ImportValues, take: TakeParsed): ImportedFields;
	/** Whether the fields say which record this is; a row that does not is not imported. */
	identifies(fields: ImportedFields): boolean;
	/** Why such a row is not imported. */
	readonly unidentified: string;
	/** An imported record also repeats an existing one whose `field` has the same key. */
	readonly sameName?: { readonly field: string; key(value: string): string };
	/** Imported fields naming a record of another type: the record of `relation`'s type with
	 * that name (its `sameName`) is linked, or created once per name when there is none. */
	readonly links?: readonly { readonly from: string; readonly relation: string }[];
	/** The preview's columns: the name, one more column, and "Label: value" details. */
	readonly preview: {
		name(fields: ImportedFields): string;
		column: { readonly label: string; value(fields: ImportedFields): string };
		details(fields: ImportedFields): readonly (readonly [label: string, value: unknown])[];
	};
}

/**
 * One filter a type's list offers above its rows: values of one of its segment fields to pick
 * from. Picked values run as a segment condition on that field (filters.ts): a choice or text
 * field matches any value picked, a multi-choice field (tags) must hold every one.
 */
export interface ListFilterDeclaration {
	/** The segment field it tests: a key of `segmentFields`, of type choice, multi-choice or text. */
	readonly field: string;
	/** What the toolbar calls it ('Kind'). */
	readonly label: string;
	/** The values offered: these, the workspace's members (ids, shown by name), or the values
	 * the rows hold, sorted (every tag in use). */
	readonly values: readonly string[] | 'members' | 'in-rows';
	/** One value at a time, with this wording for "no constraint" ('Anyone'). Left out: a
	 * multi-select, where picking none is no constraint. */
	readonly any?: string;
	/** With `any`: also offer "the field is empty", with this wording ('Nobody'). */
	readonly none?: string;
}

/** What a type's list screen offers beyond search, sort and its columns. */
export interface ListDeclaration {
	/** The filters above the list, in this order. */
	readonly filters: readonly ListFilterDeclaration[];
	/** The order before the user picks one (a timeline: newest first); left out, as stored. */
	readonly sort?: { readonly field: string; readonly dir: 'asc' | 'desc' };
}

/** What a row builder may ask the data layer; one object for every row, never made per row. */
export interface RowLookup {
	/** The `shows` value of the record `id` that this type's relation `field` points at. */
	related(field: string, id: string | null): string;
	/** How many records point at `id` through the relation named `reverse` on its type. */
	count(reverse: string, id: string): number;
	/** The newest interaction with the record `id` (its time and next step), or null. */
	lastContact(id: string): { at: number; nextStep: string } | null;
	/** One shared copy of a value many rows repeat (kind, owner, city, tags). */
	intern<T extends string | null>(value: T): T;
	internAll(values: readonly string[]): string[];
}

/** What a row builder reads of a record beyond its fields: when it was created, and the
 * trail of its `trailed` field (empty for types without one). */
export interface RowSide {
	createdAt: number;
	trail: readonly TrailMove[];
}

/** Every row carries these: the list, the row cache, selection and search rely on them. */
export interface BaseRow {
	id: string;
	name: string;
	updatedAt: number;
	hasIssues: boolean;
	search: string;
}

export interface RecordTypeDeclaration<
	TFields extends object,
	TRow extends BaseRow,
	TName extends string = string,
	TCollection extends string = string
> {
	/** The type's name: custom fields' `entity`, import batches' `entity`. Never renamed. */
	readonly name: TName;
	/** The document's top-level map holding these records, also their key in a backup. */
	readonly collection: TCollection;
	/**
	 * For types that grow without bound (interactions): the time field whose month places each
	 * record in a monthly partition (its id names the month), so only recent months open with
	 * the workspace and older ones open on demand. Left out: 256 shards by a hash of the id.
	 */
	readonly placedByMonth?: keyof TFields & string;
	/** Wording: ['person', 'people']. */
	readonly nouns: readonly [one: string, many: string];
	/** A field whose every change also leaves its own side key on the record (a deal's stage:
	 * data/stage-trail.ts), so its history outlives the open months of the history log. */
	readonly trailed?: keyof TFields & string;
	/** Human labels of the fields, for messages, history and column headers. */
	readonly labels: Readonly<Record<keyof TFields & string, string>>;
	/** A new record's fields. */
	empty(): TFields;
	/** Validation on read: a complete, displayable value and every problem found. */
	validate(raw: unknown, customDefs?: readonly CustomFieldDef[]): Validated<TFields>;
	/** Fields stored as Y.Texts, merging character by character (data/record-texts.ts: made
	 * with the record when given, else when first typed). */
	readonly textFields: readonly string[];
	/** The record's name, as lists, history, "Recently deleted" and messages show it. */
	displayName(fields: TFields): string;
	/**
	 * The list row: what the list shows, sorts, searches and filters (and the row cache keeps).
	 * Called for every record of a 100k list: allocate nothing beyond the row itself.
	 */
	row(
		id: string,
		fields: TFields,
		updatedAt: number,
		hasIssues: boolean,
		customDefs: readonly CustomFieldDef[],
		lookup: RowLookup,
		side?: RowSide
	): TRow;
	/**
	 * The row fields a segment (or a list filter) of these records can test, with their types:
	 * each key is also the row's key holding the value. Every row has `name` and `updatedAt`
	 * (BUILTIN_FIELDS); a type lists the ones it lets segments test.
	 */
	readonly segmentFields: SegmentFields;
	/**
	 * Saved segments are lists of these records (people: the people list, campaigns and
	 * dashboards read them), so any list of them (a report's drill) can be kept as one.
	 */
	readonly savedSegments?: boolean;
	/** The list screen's filters; without it, the list offers search alone. */
	readonly list?: ListDeclaration;
	/** Links to other types; reverse indexes and cross-type row rebuilds derive from these. */
	readonly relations: readonly RelationDeclaration[];
	/** Merges `other` into `keep`: every value kept, conflicts listed for the notes. */
	merge(keep: TFields, other: TFields): MergeResult<TFields>;
	/**
	 * Likely duplicates, best first. `from` says what they are found among: the list rows (fast)
	 * or the full records (every email and phone).
	 */
	readonly duplicates: {
		from: 'rows' | 'records';
		find(candidates: readonly (TRow | (TFields & { id: string }))[]): DuplicatePair[];
		/** What the duplicates screen shows of each record of a pair, below its name. */
		details?(fields: TFields): readonly { label: string; values: string[] }[];
	};
	/** How files become these records; without it, the import does not offer the type. */
	readonly import?: ImportDeclaration;
}

/** A declaration whose field and row types are not known where it is used (the data layer). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRecordType = RecordTypeDeclaration<any, any>;

/**
 * Checks a declaration's shape at compile time and returns it unchanged; a declaration with an
 * `import` section keeps it in its type, so the import takes it where it needs one.
 */
export function declareRecordType<
	TFields extends object,
	TRow extends BaseRow,
	const TName extends string = string,
	const TCollection extends string = string
>(
	declaration: RecordTypeDeclaration<TFields, TRow, TName, TCollection> & {
		readonly import: ImportDeclaration;
	}
): RecordTypeDeclaration<TFields, TRow, TName, TCollection> & {
	readonly import: ImportDeclaration;
};
export function declareRecordType<
	TFields extends object,
	TRow extends BaseRow,
	const TName extends string = string,
	const TCollection extends string = string
>(
	declaration: RecordTypeDeclaration<TFields, TRow, TName, TCollection>
): RecordTypeDeclaration<TFields, TRow, TName, TCollection>;
export function declareRecordType(declaration: AnyRecordType): AnyRecordType {
	return declaration;
}
