import { describe, expect, it } from 'vitest';
import { formatOffset, parseEmailDate } from './email-date';

describe('parseEmailDate', () => {
	it('reads RFC 5322 dates with their offset', () => {
		expect(parseEmailDate('Tue, 1 Dec 2026 10:15:42 +0100')).toEqual({
			ms: Date.UTC(2026, 11, 1, 9, 15, 42),
			timeZone: '+01:00'
		});
		expect(parseEmailDate('Fri, 04 Dec 2026 17:30:00 -0330')).toEqual({
			ms: Date.UTC(2026, 11, 4, 21, 0, 0),
			timeZone: '-03:30'
		});
		expect(parseEmailDate('Mon, 1 Jun 2026 00:30:00 +0545')).toEqual({
			ms: Date.UTC(2026, 4, 31, 18, 45, 0),
			timeZone: '+05:45'
		});
	});

	it('ignores comments, a missing weekday, missing seconds and extra spaces', () => {
		const expected = { ms: Date.UTC(2026, 11, 1, 8, 5, 0), timeZone: '+02:00' };
		expect(parseEmailDate('Tue, 1 Dec 2026 10:05:00 +0200 (CEST)')).toEqual(expected);
		expect(parseEmailDate('1 Dec 2026 10:05 +0200')).toEqual(expected);
		expect(parseEmailDate('  Tue,  01   Dec 2026   10:05:00   +0200  ')).toEqual(expected);
		expect(parseEmailDate('Tue,1 December 2026 10:05:00 +0200')).toEqual(expected);
	});

	it('reads the obsolete zone names, and a few non-standard ones mailers write', () => {
		expect(parseEmailDate('Mon, 07 Dec 2026 09:00:00 EST')?.timeZone).toBe('-05:00');
		expect(parseEmailDate('Mon, 07 Jun 2026 09:00:00 PDT')).toEqual({
			ms: Date.UTC(2026, 5, 7, 16, 0, 0),
			timeZone: '-07:00'
		});
		expect(parseEmailDate('Mon, 07 Dec 2026 09:00:00 GMT')?.timeZone).toBe('+00:00');
		expect(parseEmailDate('Mon, 07 Dec 2026 09:00:00 UT')?.timeZone).toBe('+00:00');
		expect(parseEmailDate('Mon, 07 Dec 2026 09:00:00 CET')?.timeZone).toBe('+01:00');
		expect(parseEmailDate('Mon, 07 Jun 2026 09:00:00 CEST')?.timeZone).toBe('+02:00');
	});

	it('reads offsets written with a colon or after GMT, as some mailers do', () => {
		const expected = { ms: Date.UTC(2026, 11, 1, 9, 15, 42), timeZone: '+01:00' };
		expect(parseEmailDate('Tue, 1 Dec 2026 10:15:42 +01:00')).toEqual(expected);
		expect(parseEmailDate('Tue, 1 Dec 2026 10:15:42 GMT+0100')).toEqual(expected);
		expect(parseEmailDate('Tue, 1 Dec 2026 10:15:42 UTC +01:00')).toEqual(expected);
	});

	it('keeps the instant but claims no zone for -0000 and military letters', () => {
		const utc = Date.UTC(2026, 11, 8, 11, 20, 0);
		expect(parseEmailDate('Tue, 8 Dec 2026 11:20:00 -0000')).toEqual({ ms: utc, timeZone: null });
		expect(parseEmailDate('Tue, 8 Dec 2026 11:20:00 Q')).toEqual({ ms: utc, timeZone: null });
	});

	it('reads two- and three-digit years as RFC 5322 section 4.3 says', () => {
		expect(parseEmailDate('Thu, 3 Dec 26 08:00:00 +0000')?.ms).toBe(Date.UTC(2026, 11, 3, 8));
		expect(parseEmailDate('Fri, 3 Dec 99 08:00:00 +0000')?.ms).toBe(Date.UTC(1999, 11, 3, 8));
		expect(parseEmailDate('Fri, 3 Dec 103 08:00:00 +0000')?.ms).toBe(Date.UTC(2003, 11, 3, 8));
	});

	it('reads an ISO 8601 date with an offset', () => {
		expect(parseEmailDate('2026-12-01T10:15:42+01:00')).toEqual({
			ms: Date.UTC(2026, 11, 1, 9, 15, 42),
			timeZone: '+01:00'
		});
		expect(parseEmailDate('2026-12-01 09:15:42Z')?.timeZone).toBe('+00:00');
	});

	it('reads a leap second as the second before it', () => {
		expect(parseEmailDate('Sat, 31 Dec 2016 23:59:60 +0000')?.ms).toBe(
			Date.UTC(2016, 11, 31, 23, 59, 59)
		);
	});

	it('gives no date rather than a guessed one', () => {
		for (const header of [
			'',
			'yesterday',
			'Tue, 1 Dec 2026 10:15:42', // no zone: the instant would depend on the reader's device
			'Tue, 1 Dec 2026 10:15:42 XYZ',
			'Tue, 1 Dec 2026 10:15:42 +2500',
			'Tue, 31 Nov 2026 10:15:42 +0000',
			'Tue, 1 Foo 2026 10:15:42 +0000',
			'Tue, 1 Dec 2026 24:00:00 +0000',
			'2026-12-01T10:15:42' // ISO without an offset is local time: which one?
		]) {
			expect(parseEmailDate(header), header).toBeNull();
		}
		expect(parseEmailDate(null)).toBeNull();
		expect(parseEmailDate(undefined)).toBeNull();
	});
});

describe('formatOffset', () => {
	it('writes minutes east of UTC as ±HH:MM', () => {
		expect(formatOffset(0)).toBe('+00:00');
		expect(formatOffset(120)).toBe('+02:00');
		expect(formatOffset(-210)).toBe('-03:30');
		expect(formatOffset(345)).toBe('+05:45');
	});
});
