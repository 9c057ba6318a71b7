/**
 * The product: what the company sells, with a SKU, a category, a price and, for goods that need
 * looking after, a service interval (an order of it plans the customer's next service). Declared
 * once here; the data layer, the list, history, undo, backup and duplicates derive from it.
 * Hash-sharded: a catalogue is small and every order line may look a product up.
 */
import { pairsBySameKey, type DuplicatePair } from '../duplicates';
import type { RecordIssue, Validated } from '../issues';
import type { MergeConflict, MergeResult } from '../merge';
import { describeRaw } from '../describe-raw';
import { isEmpty } from '../history';
import { nonNegative, text } from '../coerce';
import { currencyCode, DEFAULT_CURRENCY, intervalMonths, yesNo } from '../orders/values';
import { searchText } from '../search';
import { BUILTIN_FIELDS } from '../segments/definition';
import { WHOLE_RECORD } from '../validate';
import { declareRecordType } from './declaration';

export interface ProductFields {
	name: string;
	/** The stock keeping unit: the shop's own code for it. */
	sku: string;
	category: string;
	/** In `currency`, ≥ 0; null when not set. */
	price: number | null;
	/** An ISO 4217 code: three capital letters. */
	currency: string;
	/** Still sold: inactive products stay on old orders but are not offered for new lines. */
	active: boolean;
	/** How often it is serviced, in months (1 to 600), or null: no service. */
	serviceIntervalMonths: number | null;
}

export const PRODUCT_AVAILABILITY = ['active', 'inactive'] as const;
export type ProductAvailability = (typeof PRODUCT_AVAILABILITY)[number];

/** One row of the products list: what it shows, sorts, searches and filters. */
export interface ProductRow {
	id: string;
	name: string;
	sku: string;
	category: string;
	price: number | null;
	currency: string;
	active: boolean;
	/** `active` as a choice, for the list's filter. */
	availability: ProductAvailability;
	serviceIntervalMonths: number | null;
	updatedAt: number;
	hasIssues: boolean;
	search: string;
}

export const PRODUCT_FIELD_LABELS: Record<keyof ProductFields, string> = {
	name: 'Name',
	sku: 'SKU',
	category: 'Category',
	price: 'Price',
	currency: 'Currency',
	active: 'Active',
	serviceIntervalMonths: 'Service interval (months)'
};

export function emptyProduct(): ProductFields {
	return {
		name: '',
		sku: '',
		category: '',
		price: null,
		currency: DEFAULT_CURRENCY,
		active: true,
		serviceIntervalMonths: null
	};
}

/** Validation on read: whatever a peer stored, a complete product and every problem found. */
export function validateProduct(raw: unknown): Validated<ProductFields> {
	const issues: RecordIssue[] = [];
	let r: Record<string, unknown> = {};
	if (typeof raw === 'object' && raw !== null && !Array.isArray(raw))
		r = raw as Record<string, unknown>;
	else
		issues.push({
			field: WHOLE_RECORD,
			message: `The product is unreadable: expected a set of fields, found ${describeRaw(raw)}; showing an empty product.`,
			raw
		});
	const L = PRODUCT_FIELD_LABELS;
	const value: ProductFields = {
		name: text(r.name, 'name', L.name, issues),
		sku: text(r.sku, 'sku', L.sku, issues),
		category: text(r.category, 'category', L.category, issues),
		price: nonNegative(r.price, 'price', L.price, issues),
		currency: currencyCode(r.currency, L.currency, issues),
		active: yesNo(r.active, true, 'active', L.active, issues),
		serviceIntervalMonths: intervalMonths(
			r.serviceIntervalMonths,
			'serviceIntervalMonths',
			L.serviceIntervalMonths,
			issues
		)
	};
	return { value, issues };
}

/** Keeps every value: an empty field takes the other's; either one still sold keeps it sold. */
export function mergeProducts(
	keep: ProductFields,
	other: ProductFields
): MergeResult<ProductFields> {
	const conflicts: MergeConflict[] = [];
	const pick = <K extends keyof ProductFields>(field: K): ProductFields[K] => {
		const kept = keep[field];
		const theirs = other[field];
		if (isEmpty(kept)) return theirs;
		if (!isEmpty(theirs) && theirs !== kept) conflicts.push({ field, kept, other: theirs });
		return kept;
	};
	const merged: ProductFields = {
		name: pick('name'),
		sku: pick('sku'),
		category: pick('category'),
		price: pick('price'),
		currency: keep.price === null && other.price !== null ? other.currency : keep.currency,
		active: keep.active || other.active,
		serviceIntervalMonths: pick('serviceIntervalMonths')
	};
	return { merged, conflicts };
}

/** The same SKU is the same product (case and spacing aside); products without one are not compared. */
export function findDuplicateProducts(
	rows: readonly Pick<ProductRow, 'id' | 'sku'>[]
): DuplicatePair[] {
	return pairsBySameKey(rows, (r) => r.sku.replace(/\s+/g, '').toUpperCase() || null, 'same SKU', {
		score: 0.95
	});
}

/** '12 months', '1 month', or '' for none. */
export function intervalText(months: number | null): string {
	return months === null ? '' : `${months} ${months === 1 ? 'month' : 'months'}`;
}

export const product = declareRecordType<ProductFields, ProductRow, 'product', 'products'>({
	name: 'product',
	collection: 'products',
	nouns: ['product', 'products'],
	labels: PRODUCT_FIELD_LABELS,
	empty: emptyProduct,
	validate: validateProduct,
	textFields: ['notes'],
	displayName: (p) => p.name || p.sku,
	row(id, p, updatedAt, hasIssues, _defs, lookup) {
		return {
			id,
			name: p.name || p.sku,
			sku: p.sku,
			category: lookup.intern(p.category),
			price: p.price,
			currency: lookup.intern(p.currency),
			active: p.active,
			availability: p.active ? 'active' : 'inactive',
			serviceIntervalMonths: p.serviceIntervalMonths,
			updatedAt,
			hasIssues,
			search: searchText([p.name, p.sku, p.category, p.price, p.currency])
		};
	},
	segmentFields: {
		name: BUILTIN_FIELDS.name,
		sku: { type: 'text', label: 'SKU' },
		category: { type: 'text', label: 'Category' },
		price: { type: 'number', label: 'Price' },
		availability: { type: 'choice', label: 'Availability' },
		serviceIntervalMonths: { type: 'number', label: 'Service interval (months)' },
		updatedAt: BUILTIN_FIELDS.updatedAt
	},
	list: {
		filters: [
			{ field: 'category', label: 'Category', values: 'in-rows', any: 'Any category' },
			{ field: 'availability', label: 'Availability', values: PRODUCT_AVAILABILITY, any: 'All' }
		]
	},
	relations: [],
	merge: mergeProducts,
	duplicates: {
		from: 'rows',
		find: (rows) => findDuplicateProducts(rows as readonly ProductRow[]),
		details: (p) => [
			{ label: 'SKU', values: p.sku ? [p.sku] : [] },
			{ label: 'Price', values: p.price === null ? [] : [`${p.price} ${p.currency}`] }
		]
	}
});
