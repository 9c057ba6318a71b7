import { describe, expect, it } from 'vitest';
import { order, Q1, RATES } from './report-fixtures';
import { revenueByCluster } from './revenue-by-cluster';

const tiers: Record<string, string> = { p1: 'high', p2: 'low', o1: 'medium' };
const clusterOf = (id: string) => tiers[id] ?? null;

const orders = [
	order('a', '2025-12-31T23:30:00Z', { personId: 'p1', organizationId: 'o1' }, [['x', 100]]),
	order('b', '2025-12-31T22:30:00Z', { personId: 'p1' }, [['x', 1000]]), // 31 Dec in Berlin
	order('c', '2026-02-10T12:00:00Z', { organizationId: 'o1', currency: 'USD' }, [['x', 50]]),
	order('d', '2026-03-01T12:00:00Z', { personId: 'p2' }, [['x', 30]]),
	order('e', '2026-03-02T12:00:00Z', { personId: 'p9' }, [['x', 7]]), // not placed: fallback
	order('f', '2026-03-03T12:00:00Z', { personId: 'p2', currency: 'GBP' }, [['x', 9]])
];

describe('revenueByCluster, hand-computed', () => {
	it('counts an order once, for its person before its organization, at its day’s rate', () => {
		const r = revenueByCluster(
			orders,
			RATES,
			Q1.from,
			Q1.to,
			clusterOf,
			['low', 'medium', 'high'],
			'none'
		);
		expect(r.clusters).toEqual([
			{ key: 'low', revenue: 30, orderIds: ['d'], customerIds: ['p2'] },
			{ key: 'medium', revenue: 40, orderIds: ['c'], customerIds: ['o1'] },
			{ key: 'high', revenue: 100, orderIds: ['a'], customerIds: ['p1'] },
			{ key: 'none', revenue: 7, orderIds: ['e'], customerIds: ['p9'] }
		]);
		expect(r.total).toBe(177);
		expect(r.unconvertedOrderIds).toEqual(['f']);
	});

	it('keeps every named cluster in an empty period, at 0', () => {
		const r = revenueByCluster(orders, RATES, 0, 1, clusterOf, ['low', 'high'], 'none');
		expect(r.clusters.map((c) => [c.key, c.revenue, c.orderIds.length])).toEqual([
			['low', 0, 0],
			['high', 0, 0]
		]);
		expect(r.total).toBe(0);
	});
});
