import { describe, expect, it } from 'vitest';
import { order, Q1, RATES } from './report-fixtures';
import { revenueByCategory } from './revenue-by-category';

const orders = [
	// 00:30 on 1 January in Berlin: in the period (23:30 UTC the day before).
	order('o1', '2025-12-31T23:30:00Z', { personId: 'p1' }, [
		['Veg', 60],
		['Bakery', 40]
	]),
	// 23:30 on 31 December in Berlin: before it.
	order('o2', '2025-12-31T22:30:00Z', { personId: 'p1' }, [['Veg', 1000]]),
	// USD at February's rate (0.8): 200 → 160; the category written otherwise, same folded.
	order('o3', '2026-02-10T12:00:00Z', { personId: 'p2', currency: 'USD' }, [['veg ', 200]]),
	// No GBP rate: left out of the amounts, named.
	order('o4', '2026-02-11T12:00:00Z', { personId: 'p2', currency: 'GBP' }, [['Veg', 99]]),
	// 23:30 on 31 March (summer time) in Berlin: in; no category.
	order('o5', '2026-03-31T21:30:00Z', { personId: 'p3' }, [['', 20]]),
	// 00:30 on 1 April in Berlin: after it.
	order('o6', '2026-03-31T22:30:00Z', { personId: 'p3' }, [['Bakery', 1000]])
];

describe('revenueByCategory, hand-computed', () => {
	it('adds each line at its day’s rate, by folded category, cut at Berlin’s midnights', () => {
		const r = revenueByCategory(orders, RATES, Q1.from, Q1.to);
		expect(r.categories).toEqual([
			{ key: 'veg', label: 'Veg', revenue: 220, lines: 2, orderIds: ['o1', 'o3'] },
			{ key: 'bakery', label: 'Bakery', revenue: 40, lines: 1, orderIds: ['o1'] },
			{ key: '', label: 'No category', revenue: 20, lines: 1, orderIds: ['o5'] }
		]);
		expect(r.total).toBe(280);
		expect(r.unconvertedOrderIds).toEqual(['o4']);
	});

	it('uses January’s rate for a USD order in January', () => {
		const jan = [order('u', '2026-01-15T12:00:00Z', { personId: 'p' }, [['Veg', 0]])];
		jan.push(order('v', '2026-01-20T12:00:00Z', { personId: 'p', currency: 'USD' }, [['Veg', 10]]));
		expect(revenueByCategory(jan, RATES, Q1.from, Q1.to).categories[0].revenue).toBe(5);
	});

	it('is empty for a period without orders', () => {
		const r = revenueByCategory(orders, RATES, Q1.to + 86_400_000, Q1.to + 2 * 86_400_000);
		expect(r).toEqual({ categories: [], total: 0, orderIds: [], unconvertedOrderIds: [] });
	});
});
