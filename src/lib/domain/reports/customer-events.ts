/**
 * What makes someone a customer in a period, for the acquisition and retention reports: an
 * order placed (cancelled and refunded ones are no order: domain/purchases/facts) or a deal won.
 * Customers here are people — an order's person, a deal's main contact — so every figure opens
 * as a list of people (one drill type, and what segments and campaigns work with); an order of
 * an organization with no person named is no one's here.
 */
import type { OrderFact } from '../purchases/facts';

/** A won deal as these reports need it; `wonAt` is when it was won (the caller's rule). */
export interface WonDeal {
	id: string;
	personId: string | null;
	organizationId: string | null;
	wonAt: number;
}

export interface CustomerEvent {
	customerId: string;
	at: number;
	type: 'order' | 'deal';
	/** The order's or deal's id. */
	id: string;
}

/** The event of each order and won deal that names a person. */
export function* customerEvents(
	orders: Iterable<Pick<OrderFact, 'id' | 'at' | 'personId'>>,
	deals: Iterable<WonDeal>
): Generator<CustomerEvent> {
	for (const o of orders)
		if (o.personId) yield { customerId: o.personId, at: o.at, type: 'order', id: o.id };
	for (const d of deals)
		if (d.personId) yield { customerId: d.personId, at: d.wonAt, type: 'deal', id: d.id };
}
