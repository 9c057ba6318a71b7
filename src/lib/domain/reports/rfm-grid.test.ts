import { describe, expect, it } from 'vitest';
import { buildProfiles } from '../purchases/build';
import { order, RATES, utc } from './report-fixtures';
import { rfmGrid, rfmGridKey } from './rfm-grid';

describe('rfmGrid, hand-computed', () => {
	// Three customers scored by domain/purchases: recency days 0 / 10 / 100 → R 5 / 3 / 1;
	// frequency 3 / 1 / 1 → p = 2.5/3 → F 5, and 1 + ⌊5 × 1/3⌋ = 2 for the two with one order.
	const now = utc('2026-06-30T00:00:00Z');
	const orders = [
		order('a1', '2026-06-01T00:00:00Z', { personId: 'ada' }, [['x', 10]]),
		order('a2', '2026-06-15T00:00:00Z', { personId: 'ada' }, [['x', 10]]),
		order('a3', '2026-06-30T00:00:00Z', { personId: 'ada' }, [['x', 10]]),
		order('b1', '2026-06-20T00:00:00Z', { personId: 'ben', currency: 'USD' }, [['x', 100]]),
		order('c1', '2026-03-22T00:00:00Z', { organizationId: 'acme' }, [['x', 5]])
	];
	const grid = rfmGrid(buildProfiles(orders, RATES, now).values());
	const cell = (r: number, f: number) => grid.find((c) => c.key === rfmGridKey(r, f))!;

	it('places each customer by R and F, with lifetime revenue converted', () => {
		expect(cell(5, 5)).toMatchObject({ count: 1, revenue: 30, customerIds: ['ada'] });
		expect(cell(3, 2)).toMatchObject({ count: 1, revenue: 80, customerIds: ['ben'] });
		expect(cell(1, 2)).toMatchObject({ count: 1, revenue: 5, customerIds: ['acme'] });
	});

	it('has all 25 cells, recency 5 first, the empty ones at 0', () => {
		expect(grid).toHaveLength(25);
		expect(grid.slice(0, 5).map((c) => c.key)).toEqual([
			'r5-f1',
			'r5-f2',
			'r5-f3',
			'r5-f4',
			'r5-f5'
		]);
		expect(grid.filter((c) => c.count === 0)).toHaveLength(22);
		expect(rfmGrid([]).every((c) => c.count === 0 && c.revenue === 0)).toBe(true);
	});
});
