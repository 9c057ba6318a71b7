import { describe, expect, it } from 'vitest';
import {
	bestCustomers,
	buildClusters,
	effortBand,
	isCellKey,
	type ClusterCustomer
} from './clusters';
import { readTierFloors, tierFloorsProblem, tierOf, DEFAULT_TIER_FLOORS } from './tiers';

const floors = { medium: 1_000, high: 10_000 };
const c = (id: string, ltv: number, rest: Partial<ClusterCustomer> = {}): ClusterCustomer => ({
	id,
	lifetimeValue: ltv,
	potential: null,
	rfmCell: null,
	interactions: 0,
	minutes: 0,
	...rest
});

describe('value tiers', () => {
	it('puts a value in the tier whose floor it reaches', () => {
		expect([0, 999.99, 1_000, 9_999, 10_000].map((v) => tierOf(v, floors))).toEqual([
			'low',
			'low',
			'medium',
			'medium',
			'high'
		]);
	});

	it('reads stored floors, falling back to the defaults for anything unusable or out of order', () => {
		const stored = (m: unknown, h: unknown) => (k: string) =>
			k === 'valueTier:medium' ? m : k === 'valueTier:high' ? h : undefined;
		expect(readTierFloors(stored(500, 5_000))).toEqual({ medium: 500, high: 5_000 });
		expect(readTierFloors(stored('x', 5_000))).toEqual({ medium: 1_000, high: 5_000 });
		expect(readTierFloors(stored(20_000, 5_000))).toEqual(DEFAULT_TIER_FLOORS);
		expect(tierFloorsProblem(5_000, 5_000)).toBe('High must start above Medium.');
		expect(tierFloorsProblem(null, 5_000)).toMatch(/Medium/);
		expect(tierFloorsProblem(1, 2)).toBeNull();
	});
});

describe('buildClusters', () => {
	const customers = [
		c('a', 12_000, { potential: 50_000, rfmCell: 'champions', interactions: 3, minutes: 90 }),
		c('b', 2_000, { potential: 50_000, rfmCell: 'at-risk', interactions: 1, minutes: 15 }),
		c('c', 500, { rfmCell: 'lost' }),
		c('d', 0, { potential: 20_000 })
	];
	const grids = buildClusters(customers, floors);

	it('counts and totals current against potential value', () => {
		expect(grids.value.get('high/high')).toMatchObject({ count: 1, revenue: 12_000, ids: ['a'] });
		expect(grids.value.get('medium/high')).toMatchObject({ count: 1, ids: ['b'] });
		expect(grids.value.get('low/unset')).toMatchObject({ count: 1, ids: ['c'] });
		expect(grids.value.get('low/high')).toMatchObject({ count: 1, revenue: 0, ids: ['d'] });
		expect(grids.totalRevenue).toBe(14_500);
		expect(grids.customers).toBe(4);
	});

	it('groups RFM cells (customers without orders have none) and effort against revenue', () => {
		expect([...grids.rfm.keys()].sort()).toEqual(['at-risk', 'champions', 'lost']);
		expect(grids.effort.get('moderate/high')).toMatchObject({ ids: ['a'], minutes: 90 });
		expect(grids.effort.get('light/medium')).toMatchObject({ ids: ['b'] });
		expect(grids.effort.get('none/low')).toMatchObject({ count: 2, ids: ['c', 'd'] });
	});

	it('bands effort by hours spent', () => {
		expect([effortBand(0, 0), effortBand(2, 59), effortBand(1, 60), effortBand(9, 601)]).toEqual([
			'none',
			'light',
			'moderate',
			'heavy'
		]);
	});

	it('knows which keys name a cell', () => {
		expect(isCellKey('value', 'high/unset')).toBe(true);
		expect(isCellKey('value', 'unset/high')).toBe(false);
		expect(isCellKey('rfm', 'cannot-lose')).toBe(true);
		expect(isCellKey('rfm', 'champions/x')).toBe(false);
		expect(isCellKey('effort', 'heavy/low')).toBe(true);
		expect(isCellKey('effort', 'heavy')).toBe(false);
	});
});

describe('bestCustomers', () => {
	it('lists the top by lifetime value with their share of all revenue', () => {
		const best = bestCustomers([c('x', 100), c('y', 300), c('z', 600), c('w', 0)], 2);
		expect(best).toEqual([
			{ id: 'z', lifetimeValue: 600, share: 0.6 },
			{ id: 'y', lifetimeValue: 300, share: 0.3 }
		]);
	});
});
