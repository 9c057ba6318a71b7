/** What a segment is evaluated on, and with what. */
import type { CustomFieldDef } from '../records';
import type { TimeZone } from './dates';
import type { SegmentFields } from './definition';

/**
 * A row of any record type (a PersonRow, an OrganizationRow, a deal's row): a condition reads
 * the field it names under the same key, and a custom field from the row's `custom` record. A
 * field the row lacks, or holds with the wrong type, reads as empty.
 */
export type SegmentRow = object;

export interface SegmentContext {
	/**
	 * The row fields conditions may name: the record type's declaration (`segmentFields` in
	 * record-types/); BUILTIN_FIELDS, the fields every row has (name, updatedAt), when left out.
	 */
	fields?: SegmentFields;
	/** The workspace's custom field definitions: they give each `custom:<id>` its type. */
	customFields: readonly CustomFieldDef[];
	/** The moment "within the last N days" counts back from (ms since the epoch). */
	now: number;
	/** Which calendar a day condition on a moment (updatedAt) uses; 'local' by default. */
	timeZone?: TimeZone;
	/**
	 * Values a row does not hold, looked up by the row's id when tested (a person's purchases,
	 * open tasks, deals: derived.ts): the field's key → its reader. A field without one is read
	 * from the row.
	 */
	lookups?: Readonly<Record<string, (id: string) => unknown>>;
	/**
	 * The ids of everyone who bought the product and/or category in [from, to] (the category
	 * folded), when the caller can find them faster than a test of each row's purchases
	 * (buyers.ts). Must agree with the 'purchases.lines' lookup. `find` false: only an answer
	 * already at hand, else undefined.
	 */
	buyers?: (q: BuyersQuery, find?: boolean) => ReadonlySet<string> | undefined;
}

export interface BuyersQuery {
	productId: string | undefined;
	/** Folded. */
	category: string | undefined;
	from: number;
	to: number;
}

export type SegmentPredicate = (row: SegmentRow) => boolean;
