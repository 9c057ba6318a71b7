/**
 * What makes someone a customer in a period, for the acquisition and retention reports: an
 * order placed (cancelled and refunded ones are no order: domain/purchases/facts) or a deal won.
 * An event counts for its person and its organization alike, as the purchases engine counts an
 * order for both (customersOf): each is a customer record with its own source.
 */
import { customersOf, type OrderFact } from '../purchases/facts';

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

/** Every (customer, event) pair of the orders and won deals. */
export function* customerEvents(
	orders: Iterable<Pick<OrderFact, 'id' | 'at' | 'personId' | 'organizationId'>>,
	deals: Iterable<WonDeal>
): Generator<CustomerEvent> {
	for (const o of orders)
		for (const customerId of customersOf(o))
			yield { customerId, at: o.at, type: 'order', id: o.id };
	for (const d of deals)
		for (const customerId of customersOf(d))
			yield { customerId, at: d.wonAt, type: 'deal', id: d.id };
}
