/**
 * The revenue reports: by product category and by customer value tier, each bar opening the
 * orders behind it. Computed in the reports worker from every month's orders (customer-input.ts);
 * the segment filter keeps the orders of the segment's people, the owner and team filters those
 * of the customers they own (customer-scope.ts).
 */
import { roundMoney } from '../orders/lines';
import { customersOf, type OrderFact } from '../purchases/facts';
import { DEFAULT_TIER_FLOORS, tierOf, VALUE_TIER_LABELS, VALUE_TIERS } from '../purchases/tiers';
import type { RateIndex } from '../forecast/rates';
import { notYet, overOrders, type CustomerReportInput } from './customer-input';
import { customerScope, keeps, OWNERS_NOT_KNOWN } from './customer-scope';
import type { Report, ReportFilters, ReportResult, ReportUnit } from './report';
import { revenueByCategory } from './revenue-by-category';
import { revenueByCluster } from './revenue-by-cluster';

const COUNT: ReportUnit = { kind: 'count' };

/**
 * The orders the filters keep (all without any): the segment's people's, and those whose
 * customer — the order's person, else its organization — the owner or team owns
 * (customer-scope.ts); null when the owners are not known here.
 */
function scoped(
	x: CustomerReportInput & { orders: readonly OrderFact[] },
	f: ReportFilters
): readonly OrderFact[] | null {
	const owned = customerScope(x, f);
	if (owned === undefined) return null;
	const seg = f.segmentPeople;
	if (seg === null && owned === null) return x.orders;
	return x.orders.filter(
		(o) =>
			(seg === null || (o.personId !== null && seg.has(o.personId))) &&
			keeps(null, owned, o.personId ?? o.organizationId)
	);
}

export function unconvertedNotes(n: number): string[] {
	return n === 0
		? []
		: [`${n} order${n === 1 ? '' : 's'} in a currency with no rate on the day: left out.`];
}

function byCategory(
	input: CustomerReportInput & { orders: readonly OrderFact[] },
	filters: ReportFilters
): ReportResult {
	const orders = scoped(input, filters);
	if (!orders) return notYet('bar', OWNERS_NOT_KNOWN, input);
	const { period, previous } = filters;
	const now = revenueByCategory(orders, input.rates, period.from, period.to);
	const before = previous
		? revenueByCategory(orders, input.rates, previous.from, previous.to)
		: null;
	const prevOf = new Map(before?.categories.map((c) => [c.key, c.revenue]));
	const money: ReportUnit = { kind: 'currency', currency: input.currency };
	const keyOf = (k: string) => k || 'none';
	return {
		kind: 'bar',
		unit: money,
		series: [
			{
				key: 'revenue',
				label: 'Revenue',
				points: now.categories.map((c) => ({
					key: keyOf(c.key),
					label: c.label,
					value: c.revenue,
					...(before ? { previous: prevOf.get(c.key) ?? 0 } : {}),
					drill: { type: 'order', ids: c.orderIds }
				}))
			}
		],
		table: {
			columns: [
				{ key: 'category', label: 'Category' },
				{ key: 'revenue', label: 'Revenue', unit: money },
				{ key: 'orders', label: 'Orders', unit: COUNT },
				{ key: 'lines', label: 'Lines', unit: COUNT }
			],
			rows: now.categories.map((c) => ({
				key: keyOf(c.key),
				cells: [c.label, c.revenue, c.orderIds.length, c.lines],
				drill: { type: 'order', ids: c.orderIds }
			}))
		},
		total: {
			key: 'revenue',
			label: 'Revenue',
			value: now.total,
			...(before ? { previous: before.total } : {}),
			drill: { type: 'order', ids: now.orderIds },
			unit: money
		},
		notes: unconvertedNotes(now.unconvertedOrderIds.length)
	};
}

export const revenueByCategoryReport: Report = {
	id: 'revenue-by-category',
	title: 'Revenue by category',
	description:
		'Order lines of the period by product category, in the workspace currency at each order’s day; cancelled and refunded orders left out; owner and team: the customer’s owner.',
	reads: ['order'],
	honours: ['period', 'compare', 'owner', 'segment'],
	kind: 'bar',
	compute: overOrders('revenue-by-category', 'bar', byCategory)
};

/** Every customer's lifetime value (all their orders, converted at each order's day). */
export function lifetimeValues(
	orders: readonly OrderFact[],
	rates: RateIndex
): Map<string, number> {
	const out = new Map<string, number>();
	for (const o of orders) {
		const rate = rates.rateAt(o.currency, o.at);
		if (rate === null) continue;
		for (const c of customersOf(o)) out.set(c, (out.get(c) ?? 0) + o.total * rate);
	}
	for (const [c, v] of out) out.set(c, roundMoney(v));
	return out;
}

function byTier(
	x: CustomerReportInput & { orders: readonly OrderFact[] },
	filters: ReportFilters
): ReportResult {
	const input = x;
	const floors = x.tierFloors ?? DEFAULT_TIER_FLOORS;
	const orders = scoped(x, filters);
	if (!orders) return notYet('bar', OWNERS_NOT_KNOWN, x);
	// A customer's tier is of all their orders, whoever the filters keep.
	const values = lifetimeValues(x.orders, input.rates);
	const clusterOf = (id: string) => tierOf(values.get(id) ?? 0, floors);
	const run = (span: { from: number; to: number }) =>
		revenueByCluster(orders, input.rates, span.from, span.to, clusterOf, VALUE_TIERS, 'low');
	const now = run(filters.period);
	const before = filters.previous ? run(filters.previous) : null;
	const money: ReportUnit = { kind: 'currency', currency: input.currency };
	const label = (k: string) => VALUE_TIER_LABELS[k as keyof typeof VALUE_TIER_LABELS] ?? k;
	return {
		kind: 'bar',
		unit: money,
		series: [
			{
				key: 'revenue',
				label: 'Revenue',
				points: now.clusters.map((c, i) => ({
					key: c.key,
					label: `${label(c.key)} value`,
					value: c.revenue,
					...(before ? { previous: before.clusters[i].revenue } : {}),
					drill: { type: 'order', ids: c.orderIds }
				}))
			}
		],
		table: {
			columns: [
				{ key: 'tier', label: 'Customer value' },
				{ key: 'revenue', label: 'Revenue', unit: money },
				{ key: 'orders', label: 'Orders', unit: COUNT },
				{ key: 'customers', label: 'Customers', unit: COUNT }
			],
			rows: now.clusters.map((c) => ({
				key: c.key,
				cells: [label(c.key), c.revenue, c.orderIds.length, c.customerIds.length],
				drill: { type: 'order', ids: c.orderIds }
			}))
		},
		total: {
			key: 'revenue',
			label: 'Revenue',
			value: now.total,
			...(before ? { previous: before.total } : {}),
			drill: { type: 'order', ids: now.clusters.flatMap((c) => c.orderIds) },
			unit: money
		},
		notes: unconvertedNotes(now.unconvertedOrderIds.length)
	};
}

export const revenueByTierReport: Report = {
	id: 'revenue-by-value-tier',
	title: 'Revenue by customer value',
	description:
		'Revenue of the period by the value tier its customer is in now (lifetime value against the workspace’s tiers), each order counted once, for its person, else its organization; owner and team: that customer’s owner.',
	reads: ['order'],
	honours: ['period', 'compare', 'owner', 'segment'],
	kind: 'bar',
	compute: overOrders('revenue-by-value-tier', 'bar', byTier)
};
