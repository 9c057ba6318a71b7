import { describe, expect, it } from 'vitest';
import { compileSegment, countRows } from './compile';
import type { SegmentContext } from './context';
import type { SegmentDef } from './definition';
import { orderParts, sampleOf, SAMPLE_SIZE } from './selectivity';

const rows = Array.from({ length: 10_000 }, (_, i) => ({
	id: `p${i}`,
	name: `Person ${i}`,
	updatedAt: i,
	kind: i % 7 === 0 ? 'lead' : 'client', // 86 % clients
	city: i % 50 === 0 ? 'Berlin' : 'Paris', // 2 % in Berlin
	tags: [] as string[]
}));

describe('selectivity', () => {
	it('samples rows spread over the whole list', () => {
		const s = sampleOf(rows);
		expect(s).toHaveLength(SAMPLE_SIZE);
		expect(s[0]).toBe(rows[0]);
		expect(s.at(-1)!.updatedAt).toBeGreaterThan(9_900);
		expect(sampleOf(rows.slice(0, 5))).toHaveLength(5);
	});

	it('runs the test that rejects most rows first in an AND group, the likeliest first in OR', () => {
		let kindCalls = 0;
		let cityCalls = 0;
		const kind = {
			test: (r: object) => (kindCalls++, (r as { kind: string }).kind === 'client'),
			cost: 2
		};
		const city = {
			test: (r: object) => (cityCalls++, (r as { city: string }).city === 'Berlin'),
			cost: 5
		};
		const sample = sampleOf(rows);
		expect(orderParts([kind, city], 'all', sample)).toEqual([city, kind]);
		expect(orderParts([city, kind], 'any', sample)).toEqual([kind, city]);
		// Without a sample, by cost alone.
		expect(orderParts([city, kind], 'all', undefined)).toEqual([kind, city]);
		expect(kindCalls + cityCalls).toBe(4 * SAMPLE_SIZE);
	});

	it('tests a costly lookup only for the rows a rarer condition lets through', () => {
		let looked = 0;
		const ctx: SegmentContext = {
			fields: {
				kind: { type: 'choice', label: 'Kind' },
				city: { type: 'text', label: 'City' },
				orders: { type: 'number', label: 'Orders' }
			},
			customFields: [],
			now: 0,
			lookups: { orders: () => (looked++, 1) }
		};
		const def: SegmentDef = {
			match: 'all',
			children: [
				{ field: 'kind', op: 'is_any_of', value: ['client'] },
				{ field: 'orders', op: 'gte', value: 1 },
				{ field: 'city', op: 'is_any_of', value: ['berlin', 'munchen', 'koln'] }
			]
		};
		const test = compileSegment(def, ctx, rows);
		looked = 0;
		const n = countRows(rows, test);
		expect(n).toBe(rows.filter((r) => r.kind === 'client' && r.city === 'Berlin').length);
		// Berlin (2 %) first, then kind: the lookup only for Berlin's clients, not 90 % of rows.
		expect(n).toBeGreaterThan(100);
		expect(looked).toBe(n);
		// The same answer without rows to sample, in the cost order.
		expect(countRows(rows, compileSegment(def, ctx))).toBe(n);
	});
});
