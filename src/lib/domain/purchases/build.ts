/**
 * Every customer's buying pattern from every counted order of the workspace, in one pass over
 * the orders and one per customer: amounts converted to the workspace currency at each order's
 * day (an order with no rate is counted, but left out of amounts), then the RFM scores by
 * quintiles of all customers, the rhythm and the churn risk.
 */
import { roundMoney } from '../orders/lines';
import type { RateIndex } from '../forecast/rates';
import { customersOf, type OrderFact } from './facts';
import { churnRisk, rhythmOf, wholeDays } from './intervals';
import { RECENT_ORDERS, type Purchase, type PurchaseProfile, type RecentOrder } from './profile';
import { quintileScores, rfmCell } from './rfm';

interface Tally {
	times: number[];
	first: number;
	last: number;
	converted: number;
	value: number;
	unconverted: number;
	purchases: Purchase[];
	/** The latest orders so far, newest first. */
	recent: RecentOrder[];
	/** Folded category → [as first written, spend]. */
	spend: Map<string, [string, number]>;
}

export function buildProfiles(
	orders: Iterable<OrderFact>,
	rates: RateIndex,
	now: number
): Map<string, PurchaseProfile> {
	const tallies = new Map<string, Tally>();
	for (const order of orders) {
		const rate = rates.rateAt(order.currency, order.at);
		for (const customer of customersOf(order)) {
			let t = tallies.get(customer);
			if (!t)
				tallies.set(
					customer,
					(t = {
						times: [],
						first: order.at,
						last: order.at,
						converted: 0,
						value: 0,
						unconverted: 0,
						purchases: [],
						recent: [],
						spend: new Map()
					})
				);
			t.times.push(order.at);
			if (order.at < t.first) t.first = order.at;
			if (order.at > t.last) t.last = order.at;
			keepRecent(t.recent, order, rate);
			if (rate === null) {
				t.unconverted++;
				continue;
			}
			t.converted++;
			t.value += order.total * rate;
			for (const line of order.lines) {
				const amount = line.amount * rate;
				const folded = line.folded;
				t.purchases.push({ at: order.at, productId: line.productId, category: folded, amount });
				if (!folded) continue;
				const entry = t.spend.get(folded);
				if (entry) entry[1] += amount;
				else t.spend.set(folded, [line.category, amount]);
			}
		}
	}

	const ids = [...tallies.keys()];
	const list = [...tallies.values()];
	const lastAt = list.map((t) => t.last);
	const recency = lastAt.map((at) => wholeDays(at, now));
	const r = quintileScores(recency, true);
	const f = quintileScores(list.map((t) => t.times.length));
	const m = quintileScores(list.map((t) => t.value));

	const out = new Map<string, PurchaseProfile>();
	list.forEach((t, i) => {
		const rhythm = rhythmOf(t.times, lastAt[i], now);
		t.purchases.sort((a, b) => a.at - b.at);
		const spent = t.purchases.reduce((sum, p) => sum + p.amount, 0);
		const shares: [string, number][] =
			spent > 0 ? [...t.spend.values()].map(([name, amount]) => [name, amount / spent]) : [];
		shares.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
		const value = roundMoney(t.value);
		out.set(ids[i], {
			customerId: ids[i],
			orderCount: t.times.length,
			lifetimeValue: value,
			averageOrderValue: t.converted ? roundMoney(t.value / t.converted) : 0,
			firstOrderAt: t.first,
			lastOrderAt: lastAt[i],
			recencyDays: recency[i],
			rfm: { r: r[i], f: f[i], m: m[i] },
			rfmCell: rfmCell(r[i], f[i], m[i]),
			categoryShares: shares,
			...rhythm,
			churnRisk: churnRisk(rhythm, r[i]),
			unconvertedOrders: t.unconverted,
			purchases: t.purchases,
			lastOrders: t.recent
		});
	});
	return out;
}

/** Inserts the order among the newest RECENT_ORDERS (ties by id, so every device agrees). */
function keepRecent(recent: RecentOrder[], order: OrderFact, rate: number | null): void {
	const newer = (a: { at: number; id: string }, b: { at: number; id: string }) =>
		a.at > b.at || (a.at === b.at && a.id > b.id);
	if (recent.length === RECENT_ORDERS && !newer(order, recent[RECENT_ORDERS - 1])) return;
	let i = recent.findIndex((r) => newer(order, r));
	if (i < 0) i = recent.length;
	recent.splice(i, 0, {
		id: order.id,
		at: order.at,
		amount: rate === null ? null : roundMoney(order.total * rate),
		total: order.total,
		currency: order.currency,
		lineCount: order.lines.length
	});
	if (recent.length > RECENT_ORDERS) recent.pop();
}
