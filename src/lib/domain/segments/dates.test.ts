import { describe, expect, it } from 'vitest';
import { addDays, dayOf, dayStart, isIsoDay } from './dates';

describe('segment dates', () => {
	it('knows a real day from anything else', () => {
		expect(isIsoDay('2024-02-29')).toBe(true);
		expect(isIsoDay('2023-02-29')).toBe(false);
		expect(isIsoDay('2024-2-9')).toBe(false); // stored days are always padded
		expect(isIsoDay('2024-13-01')).toBe(false);
		expect(isIsoDay(20240101)).toBe(false);
		expect(isIsoDay(null)).toBe(false);
	});

	it('converts between days and moments in UTC', () => {
		expect(dayStart('2024-03-10', 'utc')).toBe(Date.UTC(2024, 2, 10));
		expect(dayStart('2024-12-31', 'utc', 1)).toBe(Date.UTC(2025, 0, 1));
		expect(dayOf(Date.UTC(2024, 2, 10, 23, 59, 59, 999), 'utc')).toBe('2024-03-10');
		expect(dayOf(Date.UTC(2024, 2, 11), 'utc')).toBe('2024-03-11');
	});

	it('keeps years below 100 as written', () => {
		expect(dayOf(dayStart('0099-12-31', 'utc'), 'utc')).toBe('0099-12-31');
		expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
	});

	it('counts calendar days across months, leap days and years', () => {
		expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
		expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
		expect(addDays('2024-01-01', -1)).toBe('2023-12-31');
		expect(addDays('2024-03-01', -365)).toBe('2023-03-02');
		expect(addDays('2024-03-01', 0)).toBe('2024-03-01');
	});

	it('a local day runs from its first moment to the next day’s, whatever the clock change', () => {
		// DST changes in Europe (2024-03-31, 2024-10-27) and in Chile, at midnight (2024-09-08).
		for (const day of ['2024-03-31', '2024-10-27', '2024-09-08', '2024-07-01', '1999-12-31']) {
			const start = dayStart(day, 'local');
			const next = dayStart(day, 'local', 1);
			expect(dayOf(start - 1, 'local')).toBe(addDays(day, -1));
			expect(dayOf(start, 'local')).toBe(day);
			expect(dayOf(next - 1, 'local')).toBe(day);
			expect(dayOf(next, 'local')).toBe(addDays(day, 1));
		}
	});
});
