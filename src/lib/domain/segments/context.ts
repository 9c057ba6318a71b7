/** What a segment is evaluated on, and with what. */
import type { CustomFieldDef, CustomValue } from '../records';
import type { TimeZone } from './dates';
import type { SegmentFields } from './definition';

/**
 * The row fields a segment can test. PersonRow fits; so does OrganizationRow (and the list
 * filter's rows), whose missing fields read as empty.
 */
export interface SegmentRow {
	name?: string;
	firstName?: string;
	lastName?: string;
	title?: string;
	organizationName?: string;
	email?: string;
	phone?: string;
	city?: string;
	kind?: string;
	ownerId?: string | null;
	tags?: readonly string[];
	custom?: Readonly<Record<string, CustomValue>>;
	updatedAt?: number;
}

export interface SegmentContext {
	/**
	 * The row fields conditions may name: the record type's declaration (record-types/);
	 * BUILTIN_FIELDS, the fields people's and organizations' rows share, when left out.
	 */
	fields?: SegmentFields;
	/** The workspace's custom field definitions: they give each `custom:<id>` its type. */
	customFields: readonly CustomFieldDef[];
	/** The moment "within the last N days" counts back from (ms since the epoch). */
	now: number;
	/** Which calendar a day condition on a moment (updatedAt) uses; 'local' by default. */
	timeZone?: TimeZone;
}

export type SegmentPredicate = (row: SegmentRow) => boolean;
