/**
 * A segment as it is stored and shared: plain JSON, so it can live in the CRDT and travel to
 * peers. A tree of groups (`all` = AND, `any` = OR, nestable) whose leaves are conditions
 * `{ field, op, value }`. What each operator means is written once, in reference.ts.
 */
import type { CustomFieldType } from '../records';

/**
 * The value types a condition can test; custom fields bring their own type. Three more are the
 * person's derived values (derived.ts): a place ([lat, lon]), a list of purchases, and a list of
 * moments (interactions).
 */
export type FieldType = CustomFieldType | 'place' | 'purchases' | 'times';

/**
 * The row fields a segment can test, with their type and label: each record type declares its
 * own (`segmentFields`, record-types/), and a condition names one by its key, which is also the
 * key of the row holding the value. A declared `date` field holds a moment (ms since the epoch,
 * like updatedAt); custom dates hold days ('YYYY-MM-DD').
 */
export type SegmentFields = Readonly<
	Record<string, { readonly type: FieldType; readonly label: string }>
>;

/**
 * The fields every record type's row has (BaseRow): what a segment tests when its context names
 * no record type's fields. A type's declaration adds its own.
 */
export const BUILTIN_FIELDS = {
	name: { type: 'text', label: 'Name' },
	/** Milliseconds since the epoch, unlike custom dates ('YYYY-MM-DD'). */
	updatedAt: { type: 'date', label: 'Last updated' }
} as const satisfies SegmentFields;

export const CUSTOM_FIELD_PREFIX = 'custom:';

/** A field the record type declares (`kind`, `amount`), or `custom:<id>` for a custom field. */
export type FieldRef = string;

/** Text tests: the value is folded (case and accents ignored) like the search box does. */
export type TextOp = 'contains' | 'not_contains' | 'is' | 'is_not' | 'starts_with';
/** Membership in a list of values; `null` in the list stands for "empty". */
export type ListOp = 'is_any_of' | 'is_none_of';
/** Numbers compare as numbers, dates as days ('YYYY-MM-DD'). */
export type CompareOp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte';
/** Dates relative to the `now` given when the segment is compiled. */
export type RelativeDateOp = 'within_last_days' | 'more_than_days_ago';
/** Lists of values (tags, multi-choice). */
export type SetOp = 'has_any_of' | 'has_all_of' | 'has_none_of';
/** A place within a distance; what was bought, spent or done in a period (derived.ts). */
export type DerivedOp = 'within_km' | 'bought' | 'not_bought' | 'spent' | 'count_in_period';
/** Tests that take no value. */
export type UnaryOp = 'is_empty' | 'is_not_empty' | 'is_true' | 'is_false';
/**
 * One of a fixed list of people (by id), e.g. the records behind a report's figure saved as a
 * segment: a frozen list, whoever changes later. Its field is always PICKED_FIELD, which no
 * field type offers, so a builder cannot make one, only keep or remove it.
 */
export type PickedOp = 'picked';
export const PICKED_FIELD = 'id';

export type Operator =
	TextOp | ListOp | CompareOp | 'between' | RelativeDateOp | SetOp | UnaryOp | DerivedOp | PickedOp;

/** Which operators each field type offers, in the order a builder would list them. */
export const OPERATORS_BY_TYPE = {
	text: [
		'contains',
		'not_contains',
		'is',
		'is_not',
		'starts_with',
		'is_any_of',
		'is_none_of',
		'is_empty',
		'is_not_empty'
	],
	number: ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'between', 'is_empty', 'is_not_empty'],
	date: [
		'eq',
		'neq',
		'lt',
		'lte',
		'gt',
		'gte',
		'between',
		'within_last_days',
		'more_than_days_ago',
		'is_empty',
		'is_not_empty'
	],
	choice: ['is_any_of', 'is_none_of', 'is_empty', 'is_not_empty'],
	'multi-choice': ['has_any_of', 'has_all_of', 'has_none_of', 'is_empty', 'is_not_empty'],
	boolean: ['is_true', 'is_false', 'is_empty', 'is_not_empty'],
	place: ['within_km', 'is_empty', 'is_not_empty'],
	purchases: ['bought', 'not_bought', 'spent'],
	times: ['count_in_period']
} as const satisfies Record<FieldType, readonly Operator[]>;

/** How an operator reads in a sentence ("City contains …"). */
export const OPERATOR_LABELS: Record<Operator, string> = {
	contains: 'contains',
	not_contains: 'does not contain',
	is: 'is',
	is_not: 'is not',
	starts_with: 'starts with',
	is_any_of: 'is any of',
	is_none_of: 'is none of',
	eq: '=',
	neq: '≠',
	lt: '<',
	lte: '≤',
	gt: '>',
	gte: '≥',
	between: 'is between',
	within_last_days: 'is within the last … days',
	more_than_days_ago: 'is more than … days ago',
	has_any_of: 'has any of',
	has_all_of: 'has all of',
	has_none_of: 'has none of',
	is_empty: 'is empty',
	is_not_empty: 'is not empty',
	is_true: 'is yes',
	is_false: 'is no',
	within_km: 'is within',
	bought: 'bought',
	not_bought: 'did not buy',
	spent: 'spent',
	count_in_period: 'count',
	picked: 'is one of the picked people'
};

/**
 * A period counted back from now (`days`), between two days (both included), or all time
 * (neither). Days are 'YYYY-MM-DD' in the segment's time zone.
 */
export interface Period {
	days?: number;
	from?: string;
	to?: string;
}

/** A product (by id) or a category (folded like search text), bought in a period. */
export interface BoughtValue extends Period {
	productId?: string;
	category?: string;
}

/** A sum (spent) or a count (interactions) in a period, from min to max (both included). */
export interface AmountValue extends Period {
	min: number;
	max?: number;
}

/** Within km of a place (degrees). */
export interface NearValue {
	lat: number;
	lon: number;
	km: number;
}

export type SegmentCondition =
	| { field: FieldRef; op: TextOp; value: string }
	| { field: FieldRef; op: ListOp; value: (string | null)[] }
	/** A number for number fields, a 'YYYY-MM-DD' day for date fields. */
	| { field: FieldRef; op: CompareOp; value: number | string }
	/** Both ends included; the first is not after the second. */
	| { field: FieldRef; op: 'between'; value: [number, number] | [string, string] }
	/** A whole number of days, ≥ 0. */
	| { field: FieldRef; op: RelativeDateOp; value: number }
	| { field: FieldRef; op: SetOp; value: string[] }
	| { field: FieldRef; op: UnaryOp }
	| { field: FieldRef; op: 'within_km'; value: NearValue }
	| { field: FieldRef; op: 'bought' | 'not_bought'; value: BoughtValue }
	| { field: FieldRef; op: 'spent' | 'count_in_period'; value: AmountValue }
	/** Person ids, distinct. */
	| { field: typeof PICKED_FIELD; op: PickedOp; value: string[] };

export interface SegmentGroup {
	/** all: every child must match (AND); any: at least one (OR). */
	match: 'all' | 'any';
	children: SegmentNode[];
}

export type SegmentNode = SegmentGroup | SegmentCondition;

/** A segment definition is its root group. */
export type SegmentDef = SegmentGroup;

export function isGroup(node: SegmentNode): node is SegmentGroup {
	return 'match' in node;
}

export function customFieldRef(id: string): FieldRef {
	return `${CUSTOM_FIELD_PREFIX}${id}`;
}

/** The custom field id of a `custom:<id>` reference, or null for a built-in field. */
export function customFieldId(field: string): string | null {
	return field.startsWith(CUSTOM_FIELD_PREFIX) ? field.slice(CUSTOM_FIELD_PREFIX.length) : null;
}
