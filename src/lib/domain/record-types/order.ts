/**
 * The order: what a customer bought, when, line by line, entered by hand (shop imports come
 * later, issue #15). Placed by month (placedByMonth): a busy shop's year is 200k orders, and only
 * the recent months open with the workspace. Its total is derived from its lines; a service
 * interval (its own, or its products') plans the customer's next service (session/
 * service-reminders.ts) when it is saved.
 */
import { pairsBySameKey, type DuplicatePair } from '../duplicates';
import type { RecordIssue, Validated } from '../issues';
import type { MergeConflict, MergeResult } from '../merge';
import { describeRaw } from '../describe-raw';
import { isEmpty } from '../history';
import { moment, oneOf, optionalId, text } from '../coerce';
import { orderTotal, validateLines, type OrderLine } from '../orders/lines';
import { currencyCode, DEFAULT_CURRENCY, intervalMonths } from '../orders/values';
import { searchText } from '../search';
import { BUILTIN_FIELDS } from '../segments/definition';
import { WHOLE_RECORD } from '../validate';
import { declareRecordType } from './declaration';

export type { OrderLine } from '../orders/lines';

export const ORDER_STATUSES = [
	'pending',
	'paid',
	'shipped',
	'completed',
	'cancelled',
	'refunded'
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
	pending: 'Pending',
	paid: 'Paid',
	shipped: 'Shipped',
	completed: 'Completed',
	cancelled: 'Cancelled',
	refunded: 'Refunded'
};

/** Orders that did not happen in the end: they plan no service. */
export const VOID_STATUSES: readonly OrderStatus[] = ['cancelled', 'refunded'];

export interface OrderFields {
	/** When it was ordered: ms since the epoch (also names its month's partition). */
	orderedAt: number;
	/** The shop's order number ('2026-0042'), as text. */
	number: string;
	status: OrderStatus;
	/** The customer: a person, an organization, or both. */
	personId: string | null;
	organizationId: string | null;
	/** An ISO 4217 code for every amount of the order. */
	currency: string;
	lines: OrderLine[];
	/** The lines' quantity × price − discount, added up: stored so rows and exports need not
	 * add, and recomputed on read (a stored total that disagrees is noted). */
	total: number;
	/** The service interval in months for every line, or null: each product's own. */
	serviceIntervalMonths: number | null;
}

/** One row of the orders list: what it shows, sorts, searches and filters. */
export interface OrderRow {
	id: string;
	name: string;
	orderedAt: number;
	number: string;
	status: OrderStatus;
	personId: string | null;
	organizationId: string | null;
	organizationName: string;
	currency: string;
	total: number;
	lineCount: number;
	updatedAt: number;
	hasIssues: boolean;
	search: string;
}

export const ORDER_FIELD_LABELS: Record<keyof OrderFields, string> = {
	orderedAt: 'Date',
	number: 'Number',
	status: 'Status',
	personId: 'Customer',
	organizationId: 'Organization',
	currency: 'Currency',
	lines: 'Lines',
	total: 'Total',
	serviceIntervalMonths: 'Service interval (months)'
};

export function emptyOrder(): OrderFields {
	return {
		orderedAt: 0,
		number: '',
		status: 'pending',
		personId: null,
		organizationId: null,
		currency: DEFAULT_CURRENCY,
		lines: [],
		total: 0,
		serviceIntervalMonths: null
	};
}

/** "Order 2026-0042", or "Order of 2026-03-31" without a number. */
export function orderTitle(o: Pick<OrderFields, 'number' | 'orderedAt'>): string {
	if (o.number.trim()) return `Order ${o.number.trim()}`;
	return o.orderedAt ? `Order of ${new Date(o.orderedAt).toISOString().slice(0, 10)}` : 'Order';
}

const STATUS_ALIASES: Record<string, OrderStatus> = {
	open: 'pending',
	new: 'pending',
	processing: 'paid',
	sent: 'shipped',
	delivered: 'completed',
	done: 'completed',
	canceled: 'cancelled'
};

/** The stored total when it agrees with the lines; otherwise the lines' sum, with an issue. */
function total(raw: unknown, lines: readonly OrderLine[], issues: RecordIssue[]): number {
	const sum = orderTotal(lines);
	if (raw === undefined || raw === null) return sum;
	if (typeof raw === 'number' && Math.abs(raw - sum) < 0.005) return sum;
	issues.push({
		field: 'total',
		message: `${ORDER_FIELD_LABELS.total}: the lines add up to ${sum}, found ${describeRaw(raw)}; showing ${sum}.`,
		raw
	});
	return sum;
}

/** Validation on read: whatever a peer stored, a complete order and every problem found. */
export function validateOrder(raw: unknown): Validated<OrderFields> {
	const issues: RecordIssue[] = [];
	let r: Record<string, unknown> = {};
	if (typeof raw === 'object' && raw !== null && !Array.isArray(raw))
		r = raw as Record<string, unknown>;
	else
		issues.push({
			field: WHOLE_RECORD,
			message: `The order is unreadable: expected a set of fields, found ${describeRaw(raw)}; showing an empty order.`,
			raw
		});
	const L = ORDER_FIELD_LABELS;
	const lines = validateLines(r.lines, L.lines, issues);
	const value: OrderFields = {
		orderedAt:
			moment(r.orderedAt, 'orderedAt', L.orderedAt, issues) ??
			(typeof r.createdAt === 'number' ? r.createdAt : 0),
		number: text(r.number, 'number', L.number, issues),
		status: oneOf(
			r.status,
			ORDER_STATUSES,
			'pending',
			'pending',
			'status',
			L.status,
			issues,
			STATUS_ALIASES
		),
		personId: optionalId(r.personId, 'personId', L.personId, issues),
		organizationId: optionalId(r.organizationId, 'organizationId', L.organizationId, issues),
		currency: currencyCode(r.currency, L.currency, issues),
		lines,
		total: total(r.total, lines, issues),
		serviceIntervalMonths: intervalMonths(
			r.serviceIntervalMonths,
			'serviceIntervalMonths',
			L.serviceIntervalMonths,
			issues
		)
	};
	return { value, issues };
}

/** Keeps every value: an empty field takes the other's; differing lines stay the kept ones. */
export function mergeOrders(keep: OrderFields, other: OrderFields): MergeResult<OrderFields> {
	const conflicts: MergeConflict[] = [];
	const merged = { ...keep };
	for (const field of Object.keys(keep) as (keyof OrderFields)[]) {
		if (field === 'total' || field === 'orderedAt') continue;
		const kept = keep[field];
		const theirs = other[field];
		if (isEmpty(kept) && !isEmpty(theirs)) (merged as Record<string, unknown>)[field] = theirs;
		else if (!isEmpty(theirs) && JSON.stringify(theirs) !== JSON.stringify(kept))
			conflicts.push({ field, kept, other: theirs });
	}
	if (!keep.orderedAt) merged.orderedAt = other.orderedAt;
	merged.total = orderTotal(merged.lines);
	return { merged, conflicts };
}

/** The same order number entered twice (case and spacing aside); orders without one are not compared. */
export function findDuplicateOrders(
	rows: readonly Pick<OrderRow, 'id' | 'number'>[]
): DuplicatePair[] {
	return pairsBySameKey(
		rows,
		(r) => r.number.replace(/\s+/g, '').toLowerCase() || null,
		'same order number',
		{ score: 0.95 }
	);
}

export const order = declareRecordType<OrderFields, OrderRow, 'order', 'orders'>({
	name: 'order',
	collection: 'orders',
	nouns: ['order', 'orders'],
	placedByMonth: 'orderedAt',
	labels: ORDER_FIELD_LABELS,
	empty: emptyOrder,
	validate: validateOrder,
	textFields: ['notes'],
	displayName: orderTitle,
	row(id, o, updatedAt, hasIssues, _defs, lookup) {
		const organizationName = lookup.related('organizationId', o.organizationId);
		return {
			id,
			name: orderTitle(o),
			orderedAt: o.orderedAt,
			number: o.number,
			status: lookup.intern(o.status),
			personId: o.personId,
			organizationId: lookup.intern(o.organizationId),
			organizationName: lookup.intern(organizationName),
			currency: lookup.intern(o.currency),
			total: o.total,
			lineCount: o.lines.length,
			updatedAt,
			hasIssues,
			search: searchText([
				o.number,
				ORDER_STATUS_LABELS[o.status],
				organizationName,
				o.total,
				o.currency,
				o.lines.map((l) => `${l.name} ${l.sku}`)
			])
		};
	},
	segmentFields: {
		name: BUILTIN_FIELDS.name,
		number: { type: 'text', label: 'Number' },
		status: { type: 'choice', label: 'Status' },
		orderedAt: { type: 'date', label: 'Date' },
		total: { type: 'number', label: 'Total' },
		organizationName: { type: 'text', label: 'Organization' },
		updatedAt: BUILTIN_FIELDS.updatedAt
	},
	list: {
		sort: { field: 'orderedAt', dir: 'desc' },
		filters: [{ field: 'status', label: 'Status', values: ORDER_STATUSES }]
	},
	relations: [
		{
			field: 'personId',
			to: 'person',
			reverse: 'orders',
			shows: null,
			shownAs: null,
			countedAs: null
		},
		{
			field: 'organizationId',
			to: 'organization',
			reverse: 'orders',
			shows: 'name',
			shownAs: 'organizationName',
			countedAs: null
		}
	],
	merge: mergeOrders,
	duplicates: {
		from: 'rows',
		find: (rows) => findDuplicateOrders(rows as readonly OrderRow[]),
		details: (o) => [
			{ label: 'Status', values: [ORDER_STATUS_LABELS[o.status]] },
			{ label: 'Total', values: [`${o.total} ${o.currency}`] },
			{ label: 'Lines', values: o.lines.map((l) => `${l.quantity} × ${l.name || l.sku}`) }
		]
	}
});
