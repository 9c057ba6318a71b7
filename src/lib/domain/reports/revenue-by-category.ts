/**
 * Revenue by product category over a period: each counted order line's total, converted to the
 * workspace currency at its order's day (domain/forecast's dated rates), added up per category
 * (categories compared folded, shown as first written), with the orders behind each bar. An
 * order with no rate on its day is left out of the amounts and counted, never guessed.
 */
import { roundMoney } from '../orders/lines';
import type { RateIndex } from '../forecast/rates';
import type { OrderFact } from '../purchases/facts';

export interface CategoryRevenue {
	/** The folded category, '' for lines without one. */
	key: string;
	/** As first written on a line; 'No category' for ''. */
	label: string;
	revenue: number;
	lines: number;
	/** The orders with a line of this category in the period, in the order met. */
	orderIds: string[];
}

export interface RevenueByCategory {
	/** Largest revenue first (ties by label), the lines without a category last. */
	categories: CategoryRevenue[];
	total: number;
	/** Every order with a line counted, in the order met. */
	orderIds: string[];
	/** Orders in the period left out of the amounts for want of a rate on their day. */
	unconvertedOrderIds: string[];
}

export const NO_CATEGORY = 'No category';

/**
 * Revenue per category of the orders placed in [from, to). One pass, no set or sort of ids: an
 * order's lines come together, so an order is listed once per category by remembering the last
 * one added (a million lines: sets and sorts of ids cost 30 times the pass itself).
 */
export function revenueByCategory(
	orders: Iterable<OrderFact>,
	rates: RateIndex,
	from: number,
	to: number
): RevenueByCategory {
	const byKey = new Map<
		string,
		{ label: string; revenue: number; lines: number; ids: string[]; last: string }
	>();
	const unconverted: string[] = [];
	const counted: string[] = [];
	for (const order of orders) {
		if (order.at < from || order.at >= to) continue;
		const rate = rates.rateAt(order.currency, order.at);
		if (rate === null) {
			unconverted.push(order.id);
			continue;
		}
		if (order.lines.length) counted.push(order.id);
		for (const line of order.lines) {
			let c = byKey.get(line.folded);
			if (!c)
				byKey.set(
					line.folded,
					(c = {
						label: line.folded ? line.category : NO_CATEGORY,
						revenue: 0,
						lines: 0,
						ids: [],
						last: ''
					})
				);
			c.revenue += line.amount * rate;
			c.lines++;
			if (c.last !== order.id) c.ids.push((c.last = order.id));
		}
	}
	const categories = [...byKey].map(([key, c]) => ({
		key,
		label: c.label,
		revenue: roundMoney(c.revenue),
		lines: c.lines,
		orderIds: c.ids
	}));
	categories.sort(
		(a, b) =>
			Number(a.key === '') - Number(b.key === '') ||
			b.revenue - a.revenue ||
			a.label.localeCompare(b.label)
	);
	return {
		categories,
		total: roundMoney(categories.reduce((s, c) => s + c.revenue, 0)),
		orderIds: counted,
		unconvertedOrderIds: unconverted
	};
}
