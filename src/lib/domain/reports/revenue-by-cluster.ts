/**
 * Revenue by customer cluster over a period: each counted order's total, converted at its day,
 * added to the cluster its customer is in now (a value tier, an RFM cell: the caller says which),
 * with the orders and customers behind each bar. An order counts once, for its person, else its
 * organization, so the clusters add up to the period's revenue (a customer's lifetime value in
 * the value grids counts an order for both: that is a different question).
 */
import { roundMoney } from '../orders/lines';
import type { RateIndex } from '../forecast/rates';
import type { OrderFact } from '../purchases/facts';

export interface ClusterRevenue {
	key: string;
	revenue: number;
	/** In the order met. */
	orderIds: string[];
	customerIds: string[];
}

export interface RevenueByCluster {
	/** In the order of `keys`, then any other cluster met, each present even when empty. */
	clusters: ClusterRevenue[];
	total: number;
	unconvertedOrderIds: string[];
}

/** The customer an order's revenue is counted for. */
export const revenueCustomer = (o: Pick<OrderFact, 'personId' | 'organizationId'>) =>
	o.personId ?? o.organizationId;

/**
 * Revenue per cluster of the orders placed in [from, to); `clusterOf` names a customer's
 * cluster (a customer it cannot place goes to `fallback`), `keys` the clusters always shown.
 */
export function revenueByCluster(
	orders: Iterable<OrderFact>,
	rates: RateIndex,
	from: number,
	to: number,
	clusterOf: (customerId: string) => string | null,
	keys: readonly string[],
	fallback: string
): RevenueByCluster {
	const byKey = new Map<string, { revenue: number; orders: string[]; customers: Set<string> }>();
	for (const k of keys) byKey.set(k, { revenue: 0, orders: [], customers: new Set() });
	const unconverted: string[] = [];
	for (const order of orders) {
		if (order.at < from || order.at >= to) continue;
		const customer = revenueCustomer(order);
		if (!customer) continue;
		const rate = rates.rateAt(order.currency, order.at);
		if (rate === null) {
			unconverted.push(order.id);
			continue;
		}
		const key = clusterOf(customer) ?? fallback;
		let c = byKey.get(key);
		if (!c) byKey.set(key, (c = { revenue: 0, orders: [], customers: new Set() }));
		c.revenue += order.total * rate;
		c.orders.push(order.id);
		c.customers.add(customer);
	}
	const clusters = [...byKey].map(([key, c]) => ({
		key,
		revenue: roundMoney(c.revenue),
		orderIds: c.orders,
		customerIds: [...c.customers]
	}));
	return {
		clusters,
		total: roundMoney(clusters.reduce((s, c) => s + c.revenue, 0)),
		unconvertedOrderIds: unconverted
	};
}
