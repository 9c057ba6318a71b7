import { describe, expect, it } from 'vitest';
import { customerEvents, type WonDeal } from './customer-events';
import { order, utc, ZONE } from './report-fixtures';
import { retention } from './retention';

/** February and March 2026 in Berlin; the month before is January. */
const FEB_MAR = { from: utc('2026-01-31T23:00:00Z'), to: utc('2026-03-31T22:00:00Z') };

const orders = [
	order('x', '2025-12-31T22:30:00Z', { personId: 'x' }, [['', 1]]), // 31 Dec in Berlin
	order('a1', '2025-12-31T23:30:00Z', { personId: 'a' }, [['', 1]]), // 1 Jan
	order('b1', '2026-01-15T12:00:00Z', { personId: 'b' }, [['', 1]]),
	order('b2', '2026-01-31T22:30:00Z', { personId: 'b' }, [['', 1]]), // 23:30 on 31 Jan: still Jan
	order('a2', '2026-02-01T00:30:00Z', { personId: 'a' }, [['', 1]]),
	order('c2', '2026-02-10T12:00:00Z', { personId: 'c' }, [['', 1]]),
	order('d2', '2026-02-20T12:00:00Z', { personId: 'd' }, [['', 1]]),
	order('d3', '2026-03-31T21:30:00Z', { personId: 'd' }, [['', 1]]), // 23:30 on 31 March (CEST)
	order('a4', '2026-03-31T22:30:00Z', { personId: 'a' }, [['', 1]]) // 1 April
];
// c's deal won at 23:30 on 31 January in Berlin.
const deals: WonDeal[] = [
	{ id: 'w', personId: 'c', organizationId: null, wonAt: utc('2026-01-31T22:30:00Z') }
];

describe('retention, hand-computed', () => {
	const [feb, mar] = retention(customerEvents(orders, deals), FEB_MAR, ZONE);

	it('keeps January’s customers who came back in February, loses the others', () => {
		expect(feb.bucket.key).toBe('2026-02');
		expect(feb).toMatchObject({ active: 3, kept: ['a', 'c'], lost: ['b'] });
		expect(feb.churnRate).toBeCloseTo(1 / 3);
	});

	it('cuts March at Berlin’s midnight in summer time', () => {
		expect(mar).toMatchObject({ active: 1, kept: ['d'], lost: ['a', 'c'] });
		expect(mar.churnRate).toBeCloseTo(2 / 3);
	});

	it('has no churn rate where nobody was active before', () => {
		const empty = retention(customerEvents([], []), FEB_MAR, ZONE);
		expect(empty.map((p) => [p.active, p.kept.length, p.lost.length, p.churnRate])).toEqual([
			[0, 0, 0, null],
			[0, 0, 0, null]
		]);
	});
});
