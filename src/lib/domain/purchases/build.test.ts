import { describe, expect, it } from 'vitest';
import { RateIndex } from '../forecast/rates';
import { buildEffort } from './effort';
import { interactionFact, orderFact, type OrderFact } from './facts';
import { buildProfiles } from './build';
import { emptyOrder, type OrderFields } from '../record-types/order';
import { emptyLine } from '../orders/lines';

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
const NOW = day('2026-06-30');
const rates = new RateIndex('EUR', [
	{ id: 'a', from: 'USD', to: 'EUR', rate: 0.5, validFrom: '2026-01-01' }
]);

function order(
	id: string,
	at: string,
	fields: Partial<OrderFields>,
	lines: [category: string, price: number][]
): OrderFact {
	const o = { ...emptyOrder(), status: 'paid' as const, orderedAt: day(at), ...fields };
	o.lines = lines.map(([category, price]) => ({ ...emptyLine(), category, price }));
	o.total = lines.reduce((s, [, p]) => s + p, 0);
	return orderFact(id, o)!;
}

const orders = [
	order('1', '2026-01-01', { personId: 'p1' }, [
		['Veg', 60],
		['Bakery', 40]
	]),
	order('2', '2026-01-31', { personId: 'p1', currency: 'USD' }, [['veg', 200]]),
	order('3', '2026-03-02', { personId: 'p1' }, [['Bakery', 50]]),
	order('4', '2026-06-20', { personId: 'p2' }, [['', 20]]),
	// Before the first USD rate: counted, left out of amounts, for the person and the organization.
	order('5', '2025-12-01', { personId: 'p3', organizationId: 'o1', currency: 'USD' }, [['x', 10]])
];

describe('buildProfiles, hand-computed', () => {
	const profiles = buildProfiles(orders, rates, NOW);

	it('converts at the order day, and works out value, recency and rhythm', () => {
		const p1 = profiles.get('p1')!;
		expect(p1.orderCount).toBe(3);
		expect(p1.lifetimeValue).toBe(250); // 100 + 200 USD × 0.5 + 50
		expect(p1.averageOrderValue).toBe(83.33);
		expect(p1.recencyDays).toBe(120); // 2 March → 30 June
		expect(p1.usualIntervalDays).toBe(30);
		expect(p1.nextOrderDueAt).toBe(day('2026-04-01'));
		expect(p1.daysOverdue).toBe(90);
		expect(p1.churnRisk).toBe('high');
		expect(p1.categoryShares).toEqual([
			['Veg', 160 / 250],
			['Bakery', 90 / 250]
		]);
		expect(p1.purchases.map((p) => [p.category, p.amount])).toEqual([
			['veg', 60],
			['bakery', 40],
			['veg', 100],
			['bakery', 50]
		]);
	});

	it('keeps the latest orders, newest first, with the amount converted', () => {
		expect(profiles.get('p1')!.lastOrders!.map((o) => [o.id, o.amount, o.total])).toEqual([
			['3', 50, 50],
			['2', 100, 200],
			['1', 100, 100]
		]);
		expect(profiles.get('p3')!.lastOrders![0].amount).toBeNull();
		const many = Array.from({ length: 8 }, (_, i) =>
			order(`m${i}`, `2026-02-0${i + 1}`, { personId: 'm' }, [['x', i]])
		);
		const kept = buildProfiles(many.reverse(), rates, NOW).get('m')!.lastOrders!;
		expect(kept.map((o) => o.id)).toEqual(['m7', 'm6', 'm5', 'm4', 'm3']);
	});

	it('scores by quintiles of the four customers and names the cells', () => {
		// Recency 120 / 10 / 211 / 211 days; orders 3 / 1 / 1 / 1; value 250 / 20 / 0 / 0.
		// p1: R p = 2.5/4 → 4; F and M p = 3.5/4 → 5; FM 5 → champions.
		expect(profiles.get('p1')!.rfm).toEqual({ r: 4, f: 5, m: 5 });
		expect(profiles.get('p1')!.rfmCell).toBe('champions');
		// p2: R p = 3.5/4 → 5; F p = 1.5/4 → 2; M p = 2.5/4 → 4; FM 3 → potential loyalist.
		expect(profiles.get('p2')!.rfm).toEqual({ r: 5, f: 2, m: 4 });
		expect(profiles.get('p2')!.rfmCell).toBe('potential-loyalists');
		expect(profiles.get('p2')!.churnRisk).toBe('low');
		// p3 (tied with o1): R p = 1/4 → 2; F 2; M p = 1/4 → 2 → hibernating.
		expect(profiles.get('p3')!.rfm).toEqual({ r: 2, f: 2, m: 2 });
		expect(profiles.get('p3')!.rfmCell).toBe('hibernating');
		expect(profiles.get('p3')!.churnRisk).toBe('high');
	});

	it('counts an order with no rate but leaves it out of amounts, for person and organization', () => {
		for (const id of ['p3', 'o1']) {
			const p = profiles.get(id)!;
			expect([p.orderCount, p.unconvertedOrders, p.lifetimeValue, p.purchases.length]).toEqual([
				1, 1, 0, 0
			]);
		}
	});

	it('leaves cancelled and refunded orders and orders of nobody out', () => {
		const o = { ...emptyOrder(), orderedAt: day('2026-01-01'), personId: 'p1' };
		expect(orderFact('x', { ...o, status: 'cancelled' })).toBeNull();
		expect(orderFact('x', { ...o, status: 'refunded' })).toBeNull();
		expect(orderFact('x', { ...o, personId: null })).toBeNull();
	});
});

describe('buildEffort', () => {
	it('adds interactions and minutes per person and organization, past ones only', () => {
		const base = {
			kind: 'call',
			durationMinutes: 30,
			organizationId: null
		} as unknown as Parameters<typeof interactionFact>[0];
		const facts = [
			interactionFact({ ...base, occurredAt: day('2026-02-01'), personIds: ['p1', 'p2'] }),
			interactionFact({
				...base,
				occurredAt: day('2026-01-01'),
				personIds: ['p1'],
				organizationId: 'o1',
				durationMinutes: null
			}),
			interactionFact({ ...base, occurredAt: day('2026-08-01'), personIds: ['p1'] }),
			interactionFact({ ...base, occurredAt: day('2026-01-01'), personIds: [] })
		].filter((f) => f !== null);
		expect(facts).toHaveLength(3);
		const effort = buildEffort(facts, NOW);
		expect(effort.get('p1')).toEqual({
			interactions: 2,
			minutes: 30,
			interactionTimes: [day('2026-01-01'), day('2026-02-01')]
		});
		expect(effort.get('p2')?.minutes).toBe(30);
		expect(effort.get('o1')?.interactions).toBe(1);
	});
});
