/**
 * What the purchases engine keeps of an order or an interaction: only what buying patterns and
 * effort need, so a month's summary stays small in the worker's cache and a month read again
 * replaces just its own facts.
 */
import { fold } from '../fold';
import { lineTotal } from '../orders/lines';
import { VOID_STATUSES, type OrderFields } from '../record-types/order';
import type { InteractionFields } from '../record-types/interaction';

export interface LineFact {
	productId: string | null;
	/** As written on the line (what a list of categories shows). */
	category: string;
	/** Folded once here, not per computation: a month's facts are kept between them. */
	folded: string;
	/** The line's total in the order's currency. */
	amount: number;
}

export interface OrderFact {
	id: string;
	personId: string | null;
	organizationId: string | null;
	at: number;
	currency: string;
	/** In the order's currency. */
	total: number;
	lines: LineFact[];
}

export interface InteractionFact {
	personIds: readonly string[];
	organizationId: string | null;
	at: number;
	minutes: number;
}

/** The order as a fact, or null: a cancelled or refunded order, or one with no customer. */
export function orderFact(id: string, o: OrderFields): OrderFact | null {
	if (VOID_STATUSES.includes(o.status) || (!o.personId && !o.organizationId) || !o.orderedAt)
		return null;
	return {
		id,
		personId: o.personId,
		organizationId: o.organizationId,
		at: o.orderedAt,
		currency: o.currency,
		total: o.total,
		lines: o.lines.map((l) => ({
			productId: l.productId,
			category: l.category.trim(),
			folded: foldCategory(l.category),
			amount: lineTotal(l)
		}))
	};
}

/** The interaction as effort, or null when it links no customer. */
export function interactionFact(i: InteractionFields): InteractionFact | null {
	if (i.personIds.length === 0 && !i.organizationId) return null;
	return {
		personIds: i.personIds,
		organizationId: i.organizationId,
		at: i.occurredAt,
		minutes: i.durationMinutes ?? 0
	};
}

/** The customers an order or interaction counts for: its person and its organization. */
export function customersOf(f: {
	personId?: string | null;
	personIds?: readonly string[];
	organizationId: string | null;
}): string[] {
	const out = f.personIds ? [...f.personIds] : f.personId ? [f.personId] : [];
	if (f.organizationId && !out.includes(f.organizationId)) out.push(f.organizationId);
	return out;
}

/** Whether two reads of an order count the same (a month read again keeps what did not move). */
export function sameOrderFact(a: OrderFact, b: OrderFact): boolean {
	return (
		a.id === b.id &&
		a.personId === b.personId &&
		a.organizationId === b.organizationId &&
		a.at === b.at &&
		a.currency === b.currency &&
		a.total === b.total &&
		a.lines.length === b.lines.length &&
		a.lines.every((l, i) => {
			const m = b.lines[i];
			return (
				l.productId === m.productId &&
				l.category === m.category &&
				l.folded === m.folded &&
				l.amount === m.amount
			);
		})
	);
}

export function sameInteractionFact(a: InteractionFact, b: InteractionFact): boolean {
	return (
		a.organizationId === b.organizationId &&
		a.at === b.at &&
		a.minutes === b.minutes &&
		a.personIds.length === b.personIds.length &&
		a.personIds.every((id, i) => id === b.personIds[i])
	);
}

/** A category folded for comparison (segments test it folded too). */
export const foldCategory = (category: string): string => fold(category.trim());
