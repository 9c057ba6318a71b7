import { describe, expect, it } from 'vitest';
import type { WonDeal } from './customer-events';
import { packWonDeals, unpackWonDeals } from './won-deals-pack';

describe('won deals packed as columns', () => {
	it('come back as they went, through a structured copy as a message makes', () => {
		const list: WonDeal[] = [
			{ id: 'd1', personId: 'p1', organizationId: null, wonAt: Date.UTC(2026, 0, 31, 23) },
			{ id: 'd2', personId: null, organizationId: 'o1', wonAt: -86_400_000 },
			{ id: 'd3', personId: 'p2', organizationId: 'o2', wonAt: 1.5 }
		];
		expect(unpackWonDeals(structuredClone(packWonDeals(list)))).toEqual(list);
		expect(unpackWonDeals(packWonDeals([]))).toEqual([]);
	});
});
