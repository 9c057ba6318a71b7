/**
 * How the builder offers a segment's fields and values: fields grouped as a person reads them,
 * and the value a condition starts with when its field or operator is picked (a value the
 * builder then asks for: an empty text or place is reported by validation, not guessed).
 */
import type { CustomFieldDef } from '$lib/domain/records';
import { dayOf, addDays } from '$lib/domain/segments/dates';
import {
	OPERATORS_BY_TYPE,
	customFieldRef,
	type FieldType,
	type Operator,
	type SegmentCondition,
	type SegmentFields
} from '$lib/domain/segments/definition';

export const GROUPS = [
	'Contact',
	'Location',
	'Relationship',
	'Purchases',
	'Activity',
	'Deals',
	'Custom fields'
] as const;
export type FieldGroup = (typeof GROUPS)[number];

const LOCATION = new Set(['city', 'region', 'country', 'postcode', 'geo']);
const RELATIONSHIP = new Set([
	'kind',
	'ownerId',
	'organizationName',
	'tags',
	'interests',
	'preferences',
	'focusGroups',
	'consent'
]);
const ACTIVITY = new Set(['lastContactedAt', 'nextStep', 'updatedAt']);

function groupOf(key: string): FieldGroup {
	if (key.startsWith('purchases.')) return 'Purchases';
	if (key.startsWith('activity.') || ACTIVITY.has(key)) return 'Activity';
	if (key.startsWith('deals.')) return 'Deals';
	if (LOCATION.has(key)) return 'Location';
	if (RELATIONSHIP.has(key)) return 'Relationship';
	return 'Contact';
}

export interface FieldOption {
	key: string;
	label: string;
	type: FieldType;
}

/** Every field a condition may name, by group, in the groups' order. */
export function fieldGroups(
	fields: SegmentFields,
	customFields: readonly CustomFieldDef[]
): [FieldGroup, FieldOption[]][] {
	const by = new Map<FieldGroup, FieldOption[]>(GROUPS.map((g) => [g, []]));
	for (const [key, f] of Object.entries(fields))
		by.get(groupOf(key))!.push({ key, label: f.label, type: f.type });
	for (const d of customFields)
		by.get('Custom fields')!.push({
			key: customFieldRef(d.id),
			label: d.label || d.id,
			type: d.type
		});
	return [...by].filter(([, list]) => list.length > 0);
}

export function fieldOption(
	key: string,
	fields: SegmentFields,
	customFields: readonly CustomFieldDef[]
): FieldOption | undefined {
	for (const [, list] of fieldGroups(fields, customFields)) {
		const f = list.find((o) => o.key === key);
		if (f) return f;
	}
	return undefined;
}

export function operatorsOf(type: FieldType): readonly Operator[] {
	return OPERATORS_BY_TYPE[type];
}

/** A new condition on a field: its type's first operator with that operator's starting value. */
export function newCondition(
	field: FieldOption,
	op?: Operator,
	now = Date.now()
): SegmentCondition {
	const o = op ?? operatorsOf(field.type)[0];
	const value = startingValue(o, field.type, now);
	return (
		value === undefined ? { field: field.key, op: o } : { field: field.key, op: o, value }
	) as SegmentCondition;
}

function startingValue(op: Operator, type: FieldType, now: number): unknown {
	const today = dayOf(now, 'local');
	switch (op) {
		case 'contains':
		case 'not_contains':
		case 'is':
		case 'is_not':
		case 'starts_with':
			return '';
		case 'is_any_of':
		case 'is_none_of':
		case 'has_any_of':
		case 'has_all_of':
		case 'has_none_of':
			return [];
		case 'eq':
		case 'neq':
		case 'lt':
		case 'lte':
		case 'gt':
		case 'gte':
			return type === 'date' ? today : 0;
		case 'between':
			return type === 'date' ? [addDays(today, -30), today] : [0, 100];
		case 'within_last_days':
		case 'more_than_days_ago':
			return 30;
		case 'within_km':
			return { lat: NaN, lon: NaN, km: 10 };
		case 'bought':
		case 'not_bought':
			return { days: 90 };
		case 'spent':
			return { min: 0, days: 365 };
		case 'count_in_period':
			return { min: 1, days: 30 };
		default:
			return undefined;
	}
}

/** "a, b ,c" as a list of values; empty parts dropped. */
export function splitList(text: string): string[] {
	return text
		.split(',')
		.map((s) => s.trim())
		.filter((s) => s !== '');
}

/** The products a purchase condition picks from by typing, and a picked one's name. */
export interface ProductChoices {
	rows: { id: string; name: string; search: string; sku: string }[];
	nameOf: (id: string) => string;
}
