import { formatInTimeZone } from 'date-fns-tz';
import { describe, expect, it } from 'vitest';
import {
	dayInZone,
	fromZonedInput,
	timeInZone,
	zoneAbbreviation,
	zonedInputValue
} from './zoned-time';

describe('zoned time', () => {
	it('reads a wall time in the zone it happened in', () => {
		expect(fromZonedInput('2026-12-01T09:00', 'Asia/Tokyo')).toBe(Date.UTC(2026, 11, 1, 0));
		expect(fromZonedInput('2026-12-01T09:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 11, 1, 8));
		expect(fromZonedInput('2026-07-01T09:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 6, 1, 7));
		expect(fromZonedInput('2026-12-01T09:00', 'America/New_York')).toBe(Date.UTC(2026, 11, 1, 14));
	});

	it('round-trips through the input value', () => {
		const ms = Date.UTC(2026, 2, 29, 0, 45);
		for (const zone of ['Europe/Berlin', 'Asia/Kolkata', 'America/Los_Angeles', 'UTC'])
			expect(fromZonedInput(zonedInputValue(ms, zone), zone)).toBe(ms);
	});

	it('writes clock times as date-fns-tz does, midnight as 00 and half-hour zones too', () => {
		const start = Date.UTC(2026, 2, 28, 20, 15);
		for (const zone of [
			'Europe/Berlin',
			'Asia/Kolkata',
			'Australia/Adelaide',
			'America/St_Johns',
			'UTC'
		])
			for (let h = 0; h < 36; h++) {
				const ms = start + h * 3_600_000 + h * 60_000;
				expect(timeInZone(ms, zone)).toBe(formatInTimeZone(ms, zone, 'HH:mm'));
			}
		expect(timeInZone(Date.UTC(2026, 11, 1, 0, 5), 'UTC')).toBe('00:05');
		expect(timeInZone(Date.UTC(2026, 11, 1, 0, 5), 'Not/AZone')).toMatch(/^\d\d:\d\d$/);
	});

	it('handles the daylight-saving edges', () => {
		// Berlin, 29 March 2026: 02:00 jumps to 03:00. 01:59 CET and 03:00 CEST are a minute apart.
		const before = fromZonedInput('2026-03-29T01:59', 'Europe/Berlin')!;
		const after = fromZonedInput('2026-03-29T03:00', 'Europe/Berlin')!;
		expect(after - before).toBe(60_000);
		// 02:30 does not exist that night: it is read with the offset before the jump (01:30 CET).
		const gap = fromZonedInput('2026-03-29T02:30', 'Europe/Berlin')!;
		expect(gap).toBe(Date.UTC(2026, 2, 29, 0, 30));
		expect(timeInZone(gap, 'Europe/Berlin')).toBe('01:30');
		// 25 October 2026: 02:30 happens twice; the times either side are 2 h apart.
		const early = fromZonedInput('2026-10-25T01:30', 'Europe/Berlin')!;
		const late = fromZonedInput('2026-10-25T03:30', 'Europe/Berlin')!;
		expect(late - early).toBe(3 * 3_600_000);
		expect(fromZonedInput('2026-10-25T02:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 1, 30));
	});

	it('groups by the day in the zone given', () => {
		const ms = Date.UTC(2026, 11, 1, 23, 30); // late evening in London, next morning in Tokyo
		expect(dayInZone(ms, 'Europe/London')).toBe('2026-12-01');
		expect(dayInZone(ms, 'Asia/Tokyo')).toBe('2026-12-02');
		expect(timeInZone(ms, 'Asia/Tokyo')).toBe('08:30');
	});

	it('refuses what is not a date and time', () => {
		expect(fromZonedInput('', 'UTC')).toBeNull();
		expect(fromZonedInput('yesterday', 'UTC')).toBeNull();
	});

	it('names the zone as date-fns-tz does, across clock changes and in offset-only zones', () => {
		const start = Date.UTC(2026, 2, 28, 20);
		for (const zone of [
			'Europe/Berlin',
			'America/New_York',
			'Asia/Tokyo',
			'Asia/Kolkata',
			'Australia/Lord_Howe',
			'UTC'
		])
			for (let h = 0; h < 30; h++) {
				const ms = start + h * 3_600_000;
				expect(zoneAbbreviation(ms, zone)).toBe(formatInTimeZone(ms, zone, 'zzz'));
			}
		expect(zoneAbbreviation(Date.UTC(2026, 0, 1), 'Europe/Berlin')).not.toBe('');
	});
});
