/**
 * One customer's figures from their own orders alone — everything of a buying pattern but the
 * RFM scores, which need every customer (build.ts scores a whole workspace at once, ledger.ts
 * keeps tallies between computations and redoes only the customers whose orders changed).
 * Orders are tallied oldest first, ties by id, so the same orders give the same figures to the
 * last bit whatever order they arrived in (sums, the category's first spelling, the purchases).
 */
import { roundMoney } from '../orders/lines';
import type { RateIndex } from '../forecast/rates';
import type { OrderFact } from './facts';
import { churnRisk, rhythmAt, usualIntervalDays, wholeDays } from './intervals';
import { RECENT_ORDERS, type Purchase, type PurchaseProfile, type RecentOrder } from './profile';
import { rfmCell } from './rfm';

export interface Tally {
	orderCount: number;
	first: number;
	last: number;
	/** Sum of the converted orders' totals, unrounded (what the M score ranks). */
	value: number;
	converted: number;
	unconverted: number;
	usualIntervalDays: number | null;
	purchases: Purchase[];
	/** Newest first. */
	recent: RecentOrder[];
	shares: [string, number][];
}

/** Oldest first, ties by id: the one order every device and every computation tallies in. */
export function byTime(a: OrderFact, b: OrderFact): number {
	return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The tally of one customer's orders, which must be sorted `byTime` and not empty. */
export function tallyOf(orders: readonly OrderFact[], rates: RateIndex): Tally {
	let value = 0;
	let converted = 0;
	const purchases: Purchase[] = [];
	/** Folded category → [as first written, spend]. */
	const spend = new Map<string, [string, number]>();
	const recent: RecentOrder[] = [];
	for (let i = 0; i < orders.length; i++) {
		const order = orders[i];
		const rate = rates.rateAt(order.currency, order.at);
		if (i >= orders.length - RECENT_ORDERS) recent.unshift(recentOrder(order, rate));
		if (rate === null) continue;
		converted++;
		value += order.total * rate;
		for (const line of order.lines) {
			const amount = line.amount * rate;
			const folded = line.folded;
			purchases.push({ at: order.at, productId: line.productId, category: folded, amount });
			if (!folded) continue;
			const entry = spend.get(folded);
			if (entry) entry[1] += amount;
			else spend.set(folded, [line.category, amount]);
		}
	}
	const spent = purchases.reduce((sum, p) => sum + p.amount, 0);
	const shares: [string, number][] =
		spent > 0 ? [...spend.values()].map(([name, amount]) => [name, amount / spent]) : [];
	shares.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
	return {
		orderCount: orders.length,
		first: orders[0].at,
		last: orders[orders.length - 1].at,
		value,
		converted,
		unconverted: orders.length - converted,
		usualIntervalDays: usualIntervalDays(orders.map((o) => o.at)),
		purchases,
		recent,
		shares
	};
}

function recentOrder(order: OrderFact, rate: number | null): RecentOrder {
	return {
		id: order.id,
		at: order.at,
		amount: rate === null ? null : roundMoney(order.total * rate),
		total: order.total,
		currency: order.currency,
		lineCount: order.lines.length
	};
}

export interface Scores {
	r: number;
	f: number;
	m: number;
}

/** The profile of a tally with its scores at `now` (the tally's arrays are shared, not copied). */
export function profileOf(
	customerId: string,
	t: Tally,
	scores: Scores,
	now: number
): PurchaseProfile {
	const rhythm = rhythmAt(t.usualIntervalDays, t.last, now);
	const { r, f, m } = scores;
	return {
		customerId,
		orderCount: t.orderCount,
		lifetimeValue: roundMoney(t.value),
		averageOrderValue: t.converted ? roundMoney(t.value / t.converted) : 0,
		firstOrderAt: t.first,
		lastOrderAt: t.last,
		recencyDays: wholeDays(t.last, now),
		rfm: { r, f, m },
		rfmCell: rfmCell(r, f, m),
		categoryShares: t.shares,
		...rhythm,
		churnRisk: churnRisk(rhythm, r),
		unconvertedOrders: t.unconverted,
		purchases: t.purchases,
		lastOrders: t.recent
	};
}
