import { fromZonedTime } from 'date-fns-tz';
import { describe, expect, it } from 'vitest';
import { dayInZone } from '../zoned-time';
import { utc } from './report-fixtures';
import { ZoneCalendar } from './zone-calendar';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The answers the calendar stands in for, one date-fns-tz or Intl call each. */
const midnightByDateFns = (day: number, zone: string) =>
	fromZonedTime(`${new Date(day).toISOString().slice(0, 10)}T00:00:00`, zone).getTime();
const dayByIntl = (ms: number, zone: string) => Date.parse(`${dayInZone(ms, zone)}T00:00:00Z`);

// Clock changes at 02:00 and 03:00, at midnight (Santiago, Havana: the day starts at 01:00),
// by half an hour (Lord Howe), Casablanca's Ramadan shifts, quarter-hour offsets, the date line.
const ZONES = [
	'UTC',
	'Europe/Berlin',
	'America/New_York',
	'America/Santiago',
	'America/Havana',
	'Australia/Lord_Howe',
	'Africa/Casablanca',
	'Asia/Kathmandu',
	'Pacific/Chatham',
	'Pacific/Apia',
	'Asia/Tokyo'
];

describe('ZoneCalendar', () => {
	it('gives the zone’s midnight of every day 2020–2027 as date-fns-tz does', () => {
		for (const zone of ZONES) {
			const c = new ZoneCalendar(zone);
			for (let day = utc('2020-01-01T00:00:00Z'); day < utc('2028-01-01T00:00:00Z'); day += DAY)
				if (c.midnight(day) !== midnightByDateFns(day, zone))
					expect([zone, new Date(day).toISOString(), c.midnight(day)]).toEqual([
						zone,
						new Date(day).toISOString(),
						midnightByDateFns(day, zone)
					]);
		}
	});

	it('places every third hour and the minutes around each midnight on the zone’s day as Intl does', () => {
		for (const zone of ZONES) {
			const c = new ZoneCalendar(zone);
			const check = (ms: number) => {
				if (c.dayOf(ms) !== dayByIntl(ms, zone))
					expect([zone, new Date(ms).toISOString(), c.dayOf(ms)]).toEqual([
						zone,
						new Date(ms).toISOString(),
						dayByIntl(ms, zone)
					]);
			};
			for (let ms = utc('2023-01-01T00:00:00Z'); ms < utc('2027-01-01T00:00:00Z'); ms += 3 * HOUR)
				check(ms + 1_234);
			for (let day = utc('2024-01-01T00:00:00Z'); day < utc('2027-01-01T00:00:00Z'); day += DAY) {
				const m = midnightByDateFns(day, zone);
				for (const at of [m - 60_000, m - 1, m, m + 1, m + 60_000]) check(at);
			}
		}
	});

	it('knows the days a clock change moves', () => {
		const berlin = new ZoneCalendar('Europe/Berlin');
		// 29 March 2026 starts at 00:00 CET, the day after at 00:00 CEST.
		expect(berlin.midnight(utc('2026-03-29T00:00:00Z'))).toBe(utc('2026-03-28T23:00:00Z'));
		expect(berlin.midnight(utc('2026-03-30T00:00:00Z'))).toBe(utc('2026-03-29T22:00:00Z'));
		expect(berlin.dayOf(utc('2026-03-29T22:30:00Z'))).toBe(utc('2026-03-30T00:00:00Z'));
		expect(berlin.dayOf(utc('2026-03-29T21:30:00Z'))).toBe(utc('2026-03-29T00:00:00Z'));
		// Santiago springs forward at midnight: 7 September 2025 begins at 01:00 (-03).
		const santiago = new ZoneCalendar('America/Santiago');
		expect(santiago.midnight(utc('2025-09-07T00:00:00Z'))).toBe(
			midnightByDateFns(utc('2025-09-07T00:00:00Z'), 'America/Santiago')
		);
		expect(santiago.dayOf(utc('2025-09-07T04:00:00Z'))).toBe(utc('2025-09-07T00:00:00Z'));
		// date-fns-tz puts that skipped midnight an hour early (03:00Z, still 6 September there).
		expect(santiago.dayOf(utc('2025-09-07T03:30:00Z'))).toBe(utc('2025-09-06T00:00:00Z'));
		// New York, the month of the November change.
		const ny = new ZoneCalendar('America/New_York');
		expect(ny.midnight(utc('2026-11-30T00:00:00Z'))).toBe(utc('2026-11-30T05:00:00Z'));
		expect(ny.midnight(utc('2026-11-01T00:00:00Z'))).toBe(utc('2026-11-01T04:00:00Z'));
	});

	it('answers as Intl and date-fns-tz for a zone they do not know', () => {
		for (const zone of ['Not/A_Zone', '']) {
			const c = new ZoneCalendar(zone);
			for (const ms of [utc('2026-06-15T12:00:00Z'), utc('2026-06-15T23:30:00Z')])
				expect(c.dayOf(ms)).toBe(dayByIntl(ms, zone));
			expect(c.midnight(utc('2026-06-15T00:00:00Z'))).toEqual(
				midnightByDateFns(utc('2026-06-15T00:00:00Z'), zone)
			);
		}
	});
});
