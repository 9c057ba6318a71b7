import { describe, expect, it } from 'vitest';
import { customerEvents, type WonDeal } from './customer-events';
import { newCustomersBySource } from './new-customers';
import { order, Q1, utc, ZONE } from './report-fixtures';

const sources: Record<string, string> = {
	p1: 'Referral',
	p2: 'referral ',
	p3: '',
	o1: 'Fair',
	p4: 'Fair'
};
const orders = [
	order('a', '2025-12-31T23:30:00Z', { personId: 'p1' }, [['x', 1]]), // 1 Jan in Berlin
	order('b', '2025-12-31T22:30:00Z', { personId: 'p0' }, [['x', 1]]), // 31 Dec: p0 is not new
	order('c', '2026-02-10T12:00:00Z', { personId: 'p0' }, [['x', 1]]),
	order('d', '2026-03-15T12:00:00Z', { personId: 'p2' }, [['x', 1]]),
	order('e', '2026-03-31T22:30:00Z', { personId: 'p4' }, [['x', 1]]) // 1 April in Berlin
];
const deals: WonDeal[] = [
	// 00:30 on 1 March in Berlin: p2's first, before the order of the 15th.
	{ id: 'd1', personId: 'p2', organizationId: null, wonAt: utc('2026-02-28T23:30:00Z') },
	// 23:30 on 31 March (summer time): the person becomes a customer, not the organization.
	{ id: 'd2', personId: 'p3', organizationId: 'o1', wonAt: utc('2026-03-31T21:30:00Z') }
];

describe('newCustomersBySource, hand-computed', () => {
	const r = newCustomersBySource(customerEvents(orders, deals), (id) => sources[id], Q1, ZONE);

	it('counts each customer in the Berlin month of their first order or won deal ever', () => {
		expect(r.buckets.map((b) => b.key)).toEqual(['2026-01', '2026-02', '2026-03']);
		expect(r.sources).toEqual([
			{ key: 'referral', label: 'Referral', perBucket: [['p1'], [], ['p2']], total: 2 },
			{ key: '', label: 'No source', perBucket: [[], [], ['p3']], total: 1 }
		]);
		expect(r.totals).toEqual([1, 0, 2]);
	});

	it('names what made each one a customer', () => {
		expect(r.firstEvents.get('p2')).toMatchObject({ type: 'deal', id: 'd1' });
		expect(r.firstEvents.get('p1')).toMatchObject({ type: 'order', id: 'a' });
		expect(r.firstEvents.has('p0')).toBe(false);
	});

	it('has empty months and no sources when nobody is new', () => {
		const none = newCustomersBySource(customerEvents([], []), () => undefined, Q1, ZONE);
		expect(none.sources).toEqual([]);
		expect(none.totals).toEqual([0, 0, 0]);
	});
});
