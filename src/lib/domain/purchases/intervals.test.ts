import { describe, expect, it } from 'vitest';
import { churnRisk, DAY_MS, rhythmOf, usualIntervalDays, wholeDays } from './intervals';

const day = (d: string) => Date.parse(`${d}T10:00:00Z`);

describe('usualIntervalDays', () => {
	it('is the median gap, not the mean: one long pause does not move it', () => {
		// Gaps 10, 12, 90 days: median 12 (mean would be 37).
		const times = [day('2026-01-01'), day('2026-01-11'), day('2026-01-23'), day('2026-04-23')];
		expect(usualIntervalDays(times)).toBe(12);
	});

	it('averages the two middle gaps of an even count, in any input order', () => {
		// Gaps 10 and 20 → 15.
		expect(usualIntervalDays([day('2026-01-31'), day('2026-01-01'), day('2026-01-11')])).toBe(15);
	});

	it('is unknown with one order, or orders placed together', () => {
		expect(usualIntervalDays([day('2026-01-01')])).toBeNull();
		expect(usualIntervalDays([day('2026-01-01'), day('2026-01-01') + 3_600_000])).toBeNull();
	});
});

describe('rhythmOf and churnRisk', () => {
	const times = [day('2026-01-01'), day('2026-01-31'), day('2026-03-02')];

	it('is due one usual interval after the last order', () => {
		const r = rhythmOf(times, day('2026-03-02'), day('2026-03-20'));
		expect(r).toEqual({ usualIntervalDays: 30, nextOrderDueAt: day('2026-04-01'), daysOverdue: 0 });
		expect(churnRisk(r, 1)).toBe('low');
	});

	it('counts whole days overdue: medium within one interval, high beyond', () => {
		const r10 = rhythmOf(times, day('2026-03-02'), day('2026-04-11') + 1);
		expect(r10.daysOverdue).toBe(10);
		expect(churnRisk(r10, 5)).toBe('medium');
		const r30 = rhythmOf(times, day('2026-03-02'), day('2026-05-01'));
		expect(r30.daysOverdue).toBe(30);
		expect(churnRisk(r30, 5)).toBe('high');
	});

	it('falls back to the recency score without a rhythm', () => {
		const none = rhythmOf([day('2026-01-01')], day('2026-01-01'), day('2026-06-01'));
		expect(none).toEqual({ usualIntervalDays: null, nextOrderDueAt: null, daysOverdue: null });
		expect([5, 4, 3, 2, 1].map((r) => churnRisk(none, r))).toEqual([
			'low',
			'low',
			'medium',
			'high',
			'high'
		]);
	});

	it('wholeDays rounds down and never goes below 0', () => {
		expect(wholeDays(0, DAY_MS * 2 - 1)).toBe(1);
		expect(wholeDays(DAY_MS, 0)).toBe(0);
	});
});
